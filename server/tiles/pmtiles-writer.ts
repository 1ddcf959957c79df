/**
 * Writes a PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md):
 * a 127-byte header, a root directory, JSON metadata, leaf directories when the root would not fit
 * in the first 16 KiB, then the tile data. Tiles are gzip-compressed MVT, directories gzip too;
 * identical tiles (empty sea, say) are stored once. The `pmtiles` package reads what this writes.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

export interface PmtilesInput {
  /** Encoded (uncompressed) MVT tiles. */
  tiles: { z: number; x: number; y: number; data: Uint8Array }[];
  metadata: Record<string, unknown>;
  bounds: [number, number, number, number];
  center?: [number, number, number];
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

function varint(out: number[], n: number) {
  // PMTiles ids exceed 2^32: no bit operations
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

function serializeDirectory(entries: Entry[]): Uint8Array {
  const out: number[] = [];
  varint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    varint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) varint(out, e.runLength);
  for (const e of entries) varint(out, e.length);
  entries.forEach((e, i) => {
    if (i > 0 && e.offset === entries[i - 1].offset + entries[i - 1].length) varint(out, 0);
    else varint(out, e.offset + 1);
  });
  return gzipSync(Uint8Array.from(out));
}

const ROOT_MAX = 16384 - 127;

/** Root directory (and leaves, when needed) for the tile entries. */
function directories(entries: Entry[]): { root: Uint8Array; leaves: Uint8Array } {
  const root = serializeDirectory(entries);
  if (root.length <= ROOT_MAX) return { root, leaves: new Uint8Array(0) };
  for (let size = 4096; ; size *= 2) {
    const leafParts: Uint8Array[] = [];
    const rootEntries: Entry[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += size) {
      const leaf = serializeDirectory(entries.slice(i, i + size));
      rootEntries.push({ tileId: entries[i].tileId, offset, length: leaf.length, runLength: 0 });
      leafParts.push(leaf);
      offset += leaf.length;
    }
    const r = serializeDirectory(rootEntries);
    if (r.length <= ROOT_MAX) return { root: r, leaves: concat(leafParts) };
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function writePmtiles(input: PmtilesInput): Uint8Array {
  const tiles = input.tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const byContent = new Map<string, { offset: number; length: number }>();
  const data: Uint8Array[] = [];
  const entries: Entry[] = [];
  let offset = 0;
  for (const t of tiles) {
    const key = createHash('sha1').update(t.data).digest('base64');
    let at = byContent.get(key);
    if (!at) {
      const gz = gzipSync(t.data);
      at = { offset, length: gz.length };
      byContent.set(key, at);
      data.push(gz);
      offset += gz.length;
    }
    const prev = entries[entries.length - 1];
    // a run: the next tile id with the very same content
    if (prev && prev.tileId + prev.runLength === t.id && prev.offset === at.offset) prev.runLength++;
    else entries.push({ tileId: t.id, offset: at.offset, length: at.length, runLength: 1 });
  }
  const { root, leaves } = directories(entries);
  const metadata = gzipSync(Buffer.from(JSON.stringify(input.metadata)));
  const tileData = concat(data);
  const zooms = tiles.map((t) => t.z);
  const [w, s, e, n] = input.bounds;
  const center = input.center ?? [(w + e) / 2, (s + n) / 2, Math.min(...zooms)];

  const header = new DataView(new ArrayBuffer(127));
  new Uint8Array(header.buffer).set(new TextEncoder().encode('PMTiles'), 0);
  header.setUint8(7, 3);
  const u64 = (pos: number, v: number) => header.setBigUint64(pos, BigInt(v), true);
  const rootOffset = 127;
  const metaOffset = rootOffset + root.length;
  const leafOffset = metaOffset + metadata.length;
  const dataOffset = leafOffset + leaves.length;
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metaOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, leaves.length);
  u64(56, dataOffset);
  u64(64, tileData.length);
  u64(72, tiles.length); // addressed tiles
  u64(80, entries.length); // tile entries
  u64(88, data.length); // tile contents
  header.setUint8(96, 1); // clustered: tile data in tile-id order
  header.setUint8(97, 2); // internal compression: gzip
  header.setUint8(98, 2); // tile compression: gzip
  header.setUint8(99, 1); // tile type: MVT
  header.setUint8(100, Math.min(...zooms));
  header.setUint8(101, Math.max(...zooms));
  const e7 = (pos: number, v: number) => header.setInt32(pos, Math.round(v * 1e7), true);
  e7(102, w);
  e7(106, s);
  e7(110, e);
  e7(114, n);
  header.setUint8(118, center[2]);
  e7(119, center[0]);
  e7(123, center[1]);
  return concat([new Uint8Array(header.buffer), root, metadata, leaves, tileData]);
}
