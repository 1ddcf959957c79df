/**
 * A Mapbox Vector Tile of one layer of points, written directly: what vt-pbf writes for the same
 * features (geojson-vt's tile features of type 1), in a fraction of its time. A low-zoom incident
 * tile is tens of thousands of counts per cell, category and day, and vt-pbf's generic path
 * (a wrapper, Point objects and a nested message per feature, a string key per property value)
 * was most of a cold tile's time (issue 12). Areas still go through vt-pbf.
 *
 * Encoding (MVT 2.1): Tile.layers (3) → Layer { version 15, name 1, features 2, keys 3,
 * values 4, extent 5 }; Feature { id 1, tags 2 (packed key/value indexes), type 3 = POINT,
 * geometry 4 = MoveTo(count) then zigzag deltas }. Values as vt-pbf writes them: strings as
 * string_value, booleans as bool_value, whole numbers ≥ 0 as uint, < 0 as sint, others double.
 */
import { PbfWriter } from 'pbf';

/** A point feature as geojson-vt hands them to vt-pbf: type 1, geometry a list of [x, y]. */
export interface PointFeature {
  id?: number;
  type: 1;
  geometry: [number, number][];
  tags: Record<string, unknown>;
}

type Value = string | number | boolean;

const zigzag = (n: number) => ((n << 1) ^ (n >> 31)) >>> 0;
const varintLength = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : Math.ceil(Math.log2(n + 1) / 7));

/**
 * Writes one layer feature by feature into a growing byte buffer: keys and values are indexed
 * once (`key`, `value`), and a feature is its id, its (key, value) index pairs and its points.
 */
export class PointLayerWriter {
  private buf: Uint8Array;
  private pos = 0;
  private readonly keys = new Map<string, number>();
  private readonly values: Value[] = [];
  private readonly strings = new Map<string, number>();
  private readonly numbers = new Map<number, number>();
  private readonly booleans = new Map<boolean, number>();
  /** Value indexes of whole numbers 0…1023 (a cell's count, a severity): an array lookup instead of a Map's. */
  private readonly smallInts: number[] = [];

  constructor(
    private readonly name: string,
    private readonly extent: number,
    /** Bytes of features expected (a count tile of 75,000 features: ~1.5 MB), so the buffer is not grown and copied on the way. */
    expected = 1 << 16,
  ) {
    this.buf = new Uint8Array(Math.max(1 << 10, expected));
  }

  /** The index of a property name. */
  key(k: string): number {
    let i = this.keys.get(k);
    if (i === undefined) this.keys.set(k, (i = this.keys.size));
    return i;
  }

  /** The index of a property value. */
  value(v: Value): number {
    if (typeof v === 'number' && v >= 0 && v < 1024 && v % 1 === 0) {
      let i = this.smallInts[v];
      if (i === undefined) {
        i = this.smallInts[v] = this.values.length;
        this.values.push(v);
      }
      return i;
    }
    const map = (typeof v === 'string' ? this.strings : typeof v === 'number' ? this.numbers : this.booleans) as Map<Value, number>;
    let i = map.get(v);
    if (i === undefined) {
      map.set(v, (i = this.values.length));
      this.values.push(v);
    }
    return i;
  }

  /**
   * One feature: `tags` holds `tagCount` (key, value) index pairs; `points` x, y pairs in tile units.
   * Written in one pass with local variables (a low-zoom tile is 80,000 of these): each length
   * gets one byte ahead of what it measures, and the rare length of 128 or more moves its bytes on.
   */
  feature(id: number | undefined, tags: ArrayLike<number>, tagCount: number, points: ArrayLike<number>, pointCount: number): void {
    // the most a feature can take: 10 bytes a varint, 10 bytes of heads and lengths
    this.room(10 * (2 + 2 * tagCount + 1 + 2 * pointCount) + 10);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 0x12; // layer.features (2, bytes)
    const featureAt = pos++;
    if (id !== undefined) {
      buf[pos++] = 0x08; // feature.id (1, varint)
      pos = writeVarint(buf, pos, id);
    }
    buf[pos++] = 0x12; // feature.tags (2, packed)
    const tagsAt = pos++;
    for (let i = 0; i < 2 * tagCount; i++) pos = writeVarint(buf, pos, tags[i]);
    pos = endLength(buf, tagsAt, pos);
    buf[pos++] = 0x18; // feature.type (3): POINT
    buf[pos++] = 0x01;
    buf[pos++] = 0x22; // feature.geometry (4, packed)
    const geometryAt = pos++;
    pos = writeVarint(buf, pos, ((pointCount << 3) | 1) >>> 0); // MoveTo × pointCount
    for (let i = 0, px = 0, py = 0; i < pointCount; i++) {
      const x = points[2 * i], y = points[2 * i + 1];
      pos = writeVarint(buf, pos, zigzag(x - px));
      pos = writeVarint(buf, pos, zigzag(y - py));
      px = x;
      py = y;
    }
    pos = endLength(buf, geometryAt, pos);
    this.pos = endLength(buf, featureAt, pos);
  }

  /** The whole tile: this one layer. */
  finish(): Uint8Array {
    const layer = new PbfWriter();
    layer.writeVarintField(15, 2);
    layer.writeStringField(1, this.name);
    layer.writeVarintField(5, this.extent);
    const head = layer.finish();
    const tail = new PbfWriter();
    for (const k of this.keys.keys()) tail.writeStringField(3, k);
    for (const v of this.values) tail.writeMessage(4, writeValue, v);
    const rest = tail.finish();
    const layerLength = head.length + this.pos + rest.length;
    const out = new Uint8Array(1 + varintLength(layerLength) + layerLength);
    let o = 0;
    out[o++] = 0x1a; // tile.layers (3, bytes)
    for (let n = layerLength; ; ) {
      if (n < 0x80) {
        out[o++] = n;
        break;
      }
      out[o++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    out.set(head, o);
    out.set(this.buf.subarray(0, this.pos), o + head.length);
    out.set(rest, o + head.length + this.pos);
    return out;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }
}

/** Writes a varint of a whole number ≥ 0 (up to 2^53) at `pos`; the position after it. */
function writeVarint(buf: Uint8Array, pos: number, n: number): number {
  if (n < 0x80) {
    buf[pos] = n;
    return pos + 1;
  }
  if (n < 0x80000000) {
    // below 2^31 (nearly every number written): 32-bit shifts instead of division
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
  } else {
    while (n >= 0x80) {
      buf[pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
  }
  buf[pos] = n;
  return pos + 1;
}

/**
 * Writes the length of the bytes from `at` + 1 to `end` into the byte kept for it at `at`; a
 * length of 128 or more takes more bytes, so what it measures moves on (room allows it). The end.
 */
function endLength(buf: Uint8Array, at: number, end: number): number {
  const length = end - at - 1;
  if (length < 0x80) {
    buf[at] = length;
    return end;
  }
  const extra = varintLength(length) - 1;
  buf.copyWithin(at + 1 + extra, at + 1, end);
  writeVarint(buf, at, length);
  return end + extra;
}

/** Features in geojson-vt's shape (points), written as one layer. */
export function encodePoints(name: string, features: PointFeature[], extent: number): Uint8Array {
  const w = new PointLayerWriter(name, extent);
  const tags: number[] = [];
  const points: number[] = [];
  for (const f of features) {
    tags.length = 0;
    for (const k in f.tags) {
      let v = f.tags[k];
      if (v === null || v === undefined) continue;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') v = JSON.stringify(v);
      tags.push(w.key(k), w.value(v as Value));
    }
    points.length = 0;
    for (const [x, y] of f.geometry) points.push(x, y);
    w.feature(typeof f.id === 'number' ? f.id : undefined, tags, tags.length / 2, points, f.geometry.length);
  }
  return w.finish();
}

function writeValue(v: Value, pbf: PbfWriter): void {
  if (typeof v === 'string') pbf.writeStringField(1, v);
  else if (typeof v === 'boolean') pbf.writeBooleanField(7, v);
  else if (v % 1 !== 0) pbf.writeDoubleField(3, v);
  else if (v < 0) pbf.writeSVarintField(6, v);
  else pbf.writeVarintField(5, v);
}
