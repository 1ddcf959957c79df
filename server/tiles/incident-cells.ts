/**
 * Counts of a point layer per tile cell, category and Hanoi day at every zoom where the map shows
 * counts instead of points, built in one pass over the layer's compact columns (store.features.
 * points: coordinates, category, day — no GeoJSON) and kept for a layer version. A city-wide tile
 * of a million incidents is then a binary search and a walk over the entries of its cells instead
 * of a query over every incident in it (issue 12: cold tiles took seconds).
 *
 * Layout: cells are numbered along a Morton (Z-order) curve of their Web Mercator column and row,
 * so the cells of one tile are one contiguous run at every level. Each entry is one number,
 *   key = morton(cell) · 2^15 + day index · 8 + category index
 * (index 0: none), sorted; `counts` holds each key's count. The deepest level is built at once;
 * a coarser one from the next finer the first time a tile needs it. A point belongs to the cell
 * (and tile) whose half-open box holds it, west and north edges included, as in the other tiles.
 * No SQL and no I/O: pure arithmetic over columns.
 */
import type { PointColumns } from '../db/store.ts';

/**
 * Day (12 bits) and category (3 bits) below the cell: with cells of zoom 14 + 5 (38 bits of
 * Morton number) a key takes 53 bits, all a double holds exactly.
 */
const LOW = 2 ** 15;
const MAX_CATEGORIES = 7;
const MAX_DAYS = 2 ** 12 - 1;
/** Column and row bits a key can hold: cells of zoom 19. */
const MAX_CELL_ZOOM = 19;

/** A tile feature as geojson-vt hands them to vt-pbf. */
export interface CellFeature {
  id: number;
  type: 1;
  geometry: [number, number][];
  tags: Record<string, string | number>;
}

/** Bits of a 16-bit integer spread to the even positions of a 32-bit one. */
function part1by1(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v >>> 0;
}

/** The even bits of a 32-bit integer gathered into a 16-bit one. */
function compact1by1(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  v = (v | (v >>> 8)) & 0x0000ffff;
  return v;
}

const P32 = 2 ** 32;

/** Z-order number of column x and row y (each < 2^19): up to 38 bits, exact in a double. */
export function morton(x: number, y: number): number {
  const sx = part1by1(x) + part1by1(x >>> 16) * P32;
  const sy = part1by1(y) + part1by1(y >>> 16) * P32;
  return sx + 2 * sy;
}

export function unmorton(m: number): [number, number] {
  const lo = m % P32 >>> 0;
  const hi = Math.floor(m / P32);
  return [compact1by1(lo) | (compact1by1(hi) << 16), compact1by1(lo >>> 1) | (compact1by1(hi >>> 1) << 16)];
}

/** Lower bound: the first index whose value is ≥ k. */
function lowerBound(keys: Float64Array, k: number): number {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One zoom's entries, sorted by cell then by day and category: the key split in its two parts. */
interface Level {
  cells: Float64Array;
  /** day index · 8 + category index */
  lows: Uint16Array;
  counts: Float64Array;
}

export class CellCounts {
  private levels = new Map<number, Level>();

  private constructor(
    /** Tile zoom of the deepest level. */
    private readonly maxZoom: number,
    /** log2 of the cells per tile side. */
    private readonly cellBits: number,
    private readonly categories: string[],
    private readonly days: string[],
    deepest: Level,
  ) {
    this.levels.set(maxZoom, deepest);
  }

  /**
   * Counts for tiles of zoom 0..maxZoom with 2^cellBits cells a side, from the points' lon, lat and
   * the `category` and `day` columns (either may be absent); null when the categories or days
   * exceed what a key can hold (more than 7 categories, or 4,095 days), so the caller counts some
   * other way.
   */
  static build(cols: PointColumns, maxZoom: number, cellBits: number): CellCounts | null {
    if (maxZoom + cellBits > MAX_CELL_ZOOM) throw new RangeError(`cells of zoom ${maxZoom + cellBits} do not fit a key (at most ${MAX_CELL_ZOOM})`);
    const n = cols.lon.length;
    const category = cols.values.category ?? [];
    const day = cols.values.day ?? [];
    const categories = [...new Set(category.filter((c): c is string => typeof c === 'string' && c !== ''))].sort();
    const days = [...new Set(day.filter((d): d is string => typeof d === 'string' && d !== ''))].sort();
    if (categories.length > MAX_CATEGORIES || days.length > MAX_DAYS) return null;
    const catIndex = new Map(categories.map((c, i) => [c, i + 1]));
    const dayIndex = new Map(days.map((d, i) => [d, i + 1]));
    const bits = maxZoom + cellBits;
    const side = 2 ** bits;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const px = (cols.lon[i] + 180) / 360;
      const s = Math.sin((cols.lat[i] * Math.PI) / 180);
      const py = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
      const cx = Math.min(side - 1, Math.max(0, Math.floor(px * side)));
      const cy = Math.min(side - 1, Math.max(0, Math.floor(py * side)));
      keys[i] = morton(cx, cy) * LOW + (dayIndex.get(day[i] as string) ?? 0) * 8 + (catIndex.get(category[i] as string) ?? 0);
    }
    keys.sort();
    // Run-length: one entry per distinct key.
    let m = 0;
    const counts = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (m > 0 && keys[m - 1] === keys[i]) counts[m - 1]++;
      else {
        keys[m] = keys[i];
        counts[m++] = 1;
      }
    }
    const cells = new Float64Array(m);
    const lows = new Uint16Array(m);
    for (let i = 0; i < m; i++) {
      cells[i] = Math.floor(keys[i] / LOW);
      lows[i] = keys[i] % LOW;
    }
    return new CellCounts(maxZoom, cellBits, categories, days, { cells, lows, counts: counts.slice(0, m) });
  }

  /** The level of tile zoom z, made from the next finer one (four cells into one) the first time it is asked for. */
  private level(z: number): Level {
    let l = this.levels.get(z);
    if (!l) this.levels.set(z, (l = coarsen(this.level(z + 1))));
    return l;
  }

  /** The features of tile z/x/y (z ≤ maxZoom): one per cell, category and day, at the cell's centre, `count` and the two as tags. */
  tile(z: number, x: number, y: number, extent: number): CellFeature[] {
    if (z > this.maxZoom) throw new RangeError(`cell counts go to zoom ${this.maxZoom}, not ${z}`);
    const { cells, lows, counts } = this.level(z);
    const first = morton(x, y) * 4 ** this.cellBits;
    const from = lowerBound(cells, first);
    const to = lowerBound(cells, first + 4 ** this.cellBits);
    const per = 2 ** this.cellBits;
    const size = extent / per;
    const out: CellFeature[] = new Array(to - from);
    for (let i = from; i < to; i++) {
      const [cx, cy] = unmorton(cells[i]);
      const tags: Record<string, string | number> = { count: counts[i] };
      const c = lows[i] % 8, d = lows[i] >> 3;
      if (c) tags.category = this.categories[c - 1];
      if (d) tags.day = this.days[d - 1];
      out[i - from] = { id: i - from + 1, type: 1, geometry: [[Math.round((cx - x * per + 0.5) * size), Math.round((cy - y * per + 0.5) * size)]], tags };
    }
    return out;
  }
}

/**
 * The next coarser level: each cell's four children are consecutive on the Z-order curve, and
 * each child's entries are sorted by day and category, so merging the (at most four) runs of a
 * parent keeps the order — one linear pass, no sort.
 */
function coarsen(finer: Level): Level {
  const { cells, lows, counts } = finer;
  const n = cells.length;
  const outCells = new Float64Array(n);
  const outLows = new Uint16Array(n);
  const outCounts = new Float64Array(n);
  const pos = new Int32Array(4), end = new Int32Array(4);
  let m = 0;
  for (let i = 0; i < n; ) {
    const parent = Math.floor(cells[i] / 4);
    let runs = 0;
    while (i < n && Math.floor(cells[i] / 4) === parent) {
      const cell = cells[i];
      pos[runs] = i;
      while (i < n && cells[i] === cell) i++;
      end[runs++] = i;
    }
    const start = m;
    for (;;) {
      let best = -1, bestLow = 0x10000;
      for (let r = 0; r < runs; r++) if (pos[r] < end[r] && lows[pos[r]] < bestLow) (bestLow = lows[pos[r]]), (best = r);
      if (best < 0) break;
      const c = counts[pos[best]++];
      if (m > start && outLows[m - 1] === bestLow) outCounts[m - 1] += c;
      else (outCells[m] = parent), (outLows[m] = bestLow), (outCounts[m++] = c);
    }
  }
  return { cells: outCells.slice(0, m), lows: outLows.slice(0, m), counts: outCounts.slice(0, m) };
}
