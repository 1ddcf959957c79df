/**
 * A point layer kept in memory as columns sorted by tile key: each feature's id, its place on a
 * Web Mercator grid of 2^32 cells a side (~9 mm) and a few compact values (an incident's
 * category, day and severity) as indexes into their distinct values — about 20 bytes a point, a
 * city's million incidents in ~20 MB. A street-zoom tile is then a few binary searches and a walk
 * over the points of its cells, with no read from the database (issue 12: reading one street tile
 * of incidents from SQLite's index of tile keys was ~4.7 ms of CPU, most of a cold bundle's).
 *
 * Kept per layer version (./operational-tiles.ts), built from the same read as the counts per cell
 * (./incident-cells.ts, which counts from these places), and the one home of each feature's place
 * by id: a few edits make the next version from this one (`with`), and the counts move each
 * edited feature from its place here to its place there.
 * No SQL and no I/O.
 */
import type { Bbox, PointColumns } from '../db/store.ts';
import { cellRanges, cellX, cellY, edgeLevel, morton } from './tile-key.ts';

/**
 * Zoom of the places' grid: 2^32 cells a side, what a Uint32 holds. A cell of any coarser grid is
 * a shift of a place: cellX(lon, 2^z) = x >>> (32 − z) exactly, as the projection's last step is
 * a product by the side, exact for a power of two.
 */
export const PLACE_ZOOM = 32;
const SIDE = 2 ** PLACE_ZOOM;
/** Zoom of the sort key: 2^16 cells a side, so that a key is a 32-bit Morton number; a z14 tile is 16 × 16 of its cells. */
const SORT_ZOOM = 16;
const SORT_SHIFT = PLACE_ZOOM - SORT_ZOOM;
/** Ids are kept as Uint32. */
const MAX_ID = 2 ** 32 - 1;

/** One column of values: each point's index into `names` (0: none; i: names[i − 1]), as narrow as the names allow. */
export interface ValueColumn {
  readonly names: readonly unknown[];
  readonly index: Uint8Array | Uint16Array | Uint32Array;
}

/** Where one feature is (x, y on the grid of PLACE_ZOOM) and its kept values by column name. */
export interface Place {
  x: number;
  y: number;
  values: Record<string, unknown>;
}

/** A column's names and the index of each (1-based), grown by the points an edit brings. */
class Names {
  constructor(
    readonly names: unknown[] = [],
    private readonly at = new Map<unknown, number>(),
  ) {}

  indexOf(v: unknown): number {
    if (v === null || v === undefined) return 0;
    let i = this.at.get(v);
    if (i === undefined) {
      this.names.push(v);
      this.at.set(v, (i = this.names.length));
    }
    return i;
  }

  copy(): Names {
    return new Names([...this.names], new Map(this.at));
  }

  /** An index array for n points wide enough for every name. */
  array(n: number): Uint8Array | Uint16Array | Uint32Array {
    return this.names.length < 2 ** 8 ? new Uint8Array(n) : this.names.length < 2 ** 16 ? new Uint16Array(n) : new Uint32Array(n);
  }
}

const placeX = (lon: number) => cellX(lon, SIDE);
const placeY = (lat: number) => cellY(lat, SIDE);
const sortKey = (x: number, y: number) => morton(x >>> SORT_SHIFT, y >>> SORT_SHIFT);

function checkedId(id: number): number {
  if (!Number.isInteger(id) || id < 0 || id > MAX_ID) throw new RangeError(`point ids are kept as 32-bit numbers, not ${id}`);
  return id;
}

export class PointPlaces {
  private constructor(
    /** The points' ids, x and y, in the order of their sort key. */
    readonly ids: Uint32Array,
    readonly xs: Uint32Array,
    readonly ys: Uint32Array,
    /** The kept columns of values, in the order given to build. */
    readonly props: readonly string[],
    private readonly names: Names[],
    private readonly indexes: (Uint8Array | Uint16Array | Uint32Array)[],
    /** Each id's position, from the smallest id (−1: none); null when the ids are too sparse to index flat (then edits rebuild). */
    private readonly byId: { first: number; at: Int32Array } | null,
  ) {}

  /** The points of `cols` (ids required) with the columns `props` of `cols.values`. */
  static build(cols: PointColumns, props: readonly string[]): PointPlaces {
    const n = cols.lon.length;
    if (cols.ids.length !== n) throw new RangeError(`${n} points but ${cols.ids.length} ids`);
    const keys = new Uint32Array(n);
    const x0 = new Uint32Array(n), y0 = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      x0[i] = placeX(cols.lon[i]);
      y0[i] = placeY(cols.lat[i]);
      keys[i] = sortKey(x0[i], y0[i]);
    }
    const order = sortByKey(keys);
    const ids = new Uint32Array(n), xs = new Uint32Array(n), ys = new Uint32Array(n);
    for (let j = 0; j < n; j++) {
      const i = order[j];
      ids[j] = checkedId(cols.ids[i]);
      xs[j] = x0[i];
      ys[j] = y0[i];
    }
    const names = props.map(() => new Names());
    const indexes = props.map((p, k) => {
      const values = cols.values[p] ?? [];
      // each value's index in the order read (the same value as the point before: no lookup), then
      // put in key order in an array as narrow as the names allow
      const read = new Uint32Array(n);
      for (let i = 0, last: unknown = undefined, at = 0; i < n; i++) {
        const v = values[i];
        if (v !== last || i === 0) (at = names[k].indexOf(v)), (last = v);
        read[i] = at;
      }
      const index = names[k].array(n);
      for (let j = 0; j < n; j++) index[j] = read[order[j]];
      return index;
    });
    return new PointPlaces(ids, xs, ys, props, names, indexes, positionsById(ids));
  }

  get size(): number {
    return this.ids.length;
  }

  /** The values of column `prop` (undefined: not kept). */
  column(prop: string): ValueColumn | undefined {
    const k = this.props.indexOf(prop);
    return k < 0 ? undefined : { names: this.names[k].names, index: this.indexes[k] };
  }

  /** Where feature `id` is and its values; null when it is not here or ids are not indexed (see `with`). */
  place(id: number): Place | null {
    const i = this.position(id);
    if (i < 0) return null;
    const values: Record<string, unknown> = {};
    this.props.forEach((p, k) => (values[p] = this.indexes[k][i] ? this.names[k].names[this.indexes[k][i] - 1] : null));
    return { x: this.xs[i], y: this.ys[i], values };
  }

  /**
   * Positions (into the columns) of the points in the box, its edges included to within a cell of
   * the grid, in id order; null when there are more than `limit` (a crowded tile, drawn from counts).
   */
  inBox(box: Bbox, limit = Infinity): Uint32Array | null {
    const [w, s, e, n] = box;
    const x0 = placeX(w), x1 = placeX(e), y0 = placeY(n), y1 = placeY(s);
    const { xs, ys } = this;
    const found: number[] = [];
    const ranges = cellRanges(x0 >>> SORT_SHIFT, y0 >>> SORT_SHIFT, x1 >>> SORT_SHIFT, y1 >>> SORT_SHIFT, SORT_ZOOM, Math.min(SORT_ZOOM, edgeLevel(box)));
    for (const [a, b] of ranges) {
      for (let i = this.lowerBound(a), end = this.lowerBound(b + 1); i < end; i++) {
        const x = xs[i], y = ys[i];
        if (x < x0 || x > x1 || y < y0 || y > y1) continue; // the ranges' edge cells overreach the box
        if (found.push(i) > limit) return null;
      }
    }
    return this.inIdOrder(found);
  }

  /**
   * The next version after an edit of the features `changed`: each is where `now` (what the
   * database holds now for them) puts it, or gone when `now` does not hold it. A new PointPlaces
   * (tiles being cut from this one stay whole); null when ids are not indexed (then rebuild).
   */
  with(changed: Iterable<number>, now: PointColumns): PointPlaces | null {
    if (!this.byId) return null;
    const n = this.size;
    const gone = new Uint8Array(n);
    let goneCount = 0;
    for (const id of [...changed, ...now.ids]) {
      const i = this.position(id);
      if (i >= 0 && !gone[i]) (gone[i] = 1), goneCount++;
    }
    const names = this.names.map((n) => n.copy());
    const k = now.ids.length;
    const added = Array.from({ length: k }, (_, i) => {
      const x = placeX(now.lon[i]), y = placeY(now.lat[i]);
      const key = sortKey(x, y);
      return { id: checkedId(now.ids[i]), x, y, key, at: this.lowerBound(key), values: this.props.map((p, c) => names[c].indexOf(now.values[p]?.[i])) };
    }).sort((a, b) => a.at - b.at);
    const m = n - goneCount + k;
    const ids = new Uint32Array(m), xs = new Uint32Array(m), ys = new Uint32Array(m);
    const indexes = names.map((n) => n.array(m));
    // One merge: the kept points less the edited, each edited one put before the first kept point of a larger key.
    let o = 0;
    const keep = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        if (gone[i]) continue;
        (ids[o] = this.ids[i]), (xs[o] = this.xs[i]), (ys[o] = this.ys[i]);
        for (let c = 0; c < indexes.length; c++) indexes[c][o] = this.indexes[c][i];
        o++;
      }
    };
    let i = 0;
    for (const p of added) {
      keep(i, p.at);
      i = p.at;
      (ids[o] = p.id), (xs[o] = p.x), (ys[o] = p.y);
      for (let c = 0; c < indexes.length; c++) indexes[c][o] = p.values[c];
      o++;
    }
    keep(i, n);
    return new PointPlaces(ids, xs, ys, this.props, names, indexes, positionsById(ids));
  }

  private position(id: number): number {
    const by = this.byId;
    if (!by || !Number.isInteger(id)) return -1;
    const slot = id - by.first;
    return slot >= 0 && slot < by.at.length ? by.at[slot] : -1;
  }

  /** The first position whose sort key is ≥ k. */
  private lowerBound(k: number): number {
    const { xs, ys } = this;
    let lo = 0, hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortKey(xs[mid], ys[mid]) < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Positions sorted by the ids there: one native sort of id · 2^21 + rank (exact below 2^53). */
  private inIdOrder(found: number[]): Uint32Array {
    const out = new Uint32Array(found.length);
    if (found.length >= 2 ** 21) return out.map((_, j) => found[j]).sort((a, b) => this.ids[a] - this.ids[b]);
    const packed = new Float64Array(found.length);
    for (let j = 0; j < found.length; j++) packed[j] = this.ids[found[j]] * 2 ** 21 + j;
    packed.sort();
    for (let j = 0; j < found.length; j++) out[j] = found[packed[j] % 2 ** 21];
    return out;
  }
}

/** A permutation sorting `keys` (32-bit), stable: two passes of a 16-bit radix sort, for a million points in a few milliseconds. */
function sortByKey(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  let from = new Uint32Array(n), to = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  const count = new Uint32Array(2 ** 16 + 1);
  for (const shift of [0, 16]) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((keys[i] >>> shift) & 0xffff) + 1]++;
    for (let b = 1; b <= 2 ** 16; b++) count[b] += count[b - 1];
    for (let i = 0; i < n; i++) {
      const p = from[i];
      to[count[(keys[p] >>> shift) & 0xffff]++] = p;
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Each id's position, flat from the smallest id; null when ids are too sparse (more than 4 slots a point). */
function positionsById(ids: Uint32Array): { first: number; at: Int32Array } | null {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < ids.length; i++) (lo = Math.min(lo, ids[i])), (hi = Math.max(hi, ids[i]));
  if (!ids.length) (lo = 1), (hi = 0);
  if (hi - lo + 1 > 4 * ids.length + 65_536) return null;
  const at = new Int32Array(hi - lo + 1).fill(-1);
  for (let i = 0; i < ids.length; i++) at[ids[i] - lo] = i;
  return { first: lo, at };
}
