/**
 * A point's tile key: the Morton (Z-order) number of the Web Mercator cell at zoom KEY_ZOOM that
 * holds it. Every tile of zoom ≤ KEY_ZOOM is then one contiguous range of keys, and any box a few
 * ranges, so an index on (layer, key, …) answers a street-zoom tile by reading one stretch of
 * itself (server/db/sqlite/feature-queries.ts), where an R*Tree proposes ids whose rows lie all
 * over the file. The key is a compact column every write path computes (../db/compact-columns.ts).
 */
import type { Bbox } from '../db/store.ts';

/** Zoom of the keyed cells: 2^20 per side, ~38 m at the equator; a z14 tile is 64 × 64 of them and its buffer one. */
export const KEY_ZOOM = 20;
const SIDE = 2 ** KEY_ZOOM;

const clampCell = (v: number, side: number) => Math.min(side - 1, Math.max(0, Math.floor(v)));

/** Column of the cell holding longitude `lon` on a grid of `side` cells a side (the tiles' x at KEY_ZOOM by default). */
export function cellX(lon: number, side = SIDE): number {
  return clampCell(((lon + 180) / 360) * side, side);
}

/** Row of the cell holding latitude `lat` on a grid of `side` cells a side (north first), as tileBounds inverts it. */
export function cellY(lat: number, side = SIDE): number {
  const s = Math.sin((lat * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * side;
  return Number.isNaN(y) ? 0 : clampCell(y, side); // ±90°: ±Infinity, clamped to the edge row
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

/**
 * Z-order number of column x and row y (each < 2^26): x in the even bits, y in the odd ones, exact
 * in a double. The cells of one tile are one run of it at every finer zoom; this is also how the
 * kept counts number their cells (./incident-cells.ts).
 */
export function morton(x: number, y: number): number {
  const sx = part1by1(x) + part1by1(x >>> 16) * P32;
  const sy = part1by1(y) + part1by1(y >>> 16) * P32;
  return sx + 2 * sy;
}

/** Column and row of a Z-order number. */
export function unmorton(m: number): [number, number] {
  const lo = m % P32 >>> 0;
  const hi = Math.floor(m / P32);
  return [compact1by1(lo) | (compact1by1(hi) << 16), compact1by1(lo >>> 1) | (compact1by1(hi >>> 1) << 16)];
}

/** Lower bound in sorted keys: the first index below `end` whose value is ≥ k. */
export function lowerBound(keys: Float64Array, k: number, end = keys.length): number {
  let lo = 0, hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The key of the point lon/lat. */
export const tileKey = (lon: number, lat: number): number => morton(cellX(lon), cellY(lat));

/** The default edge zoom of keyRanges for a box: a sixteenth of its width. */
export const edgeLevel = ([w, , e]: Bbox): number => Math.min(KEY_ZOOM, Math.round(Math.log2(360 / Math.max(e - w, 1e-9))) + 4);

/**
 * Sorted, disjoint, inclusive ranges of keys whose cells cover the box: cells wholly inside come
 * as the range of their largest enclosing quadrant inside, and the edge is covered by cells of
 * zoom `level` (coarser: fewer ranges, more keys outside the box; by default a sixteenth of the
 * box's width, so a tile and its buffer are a few dozen ranges overreaching by a few percent). A
 * superset: callers filter the points on their coordinates. The box is widened by one cell so that
 * a point exactly on its edge is covered whatever the rounding of its own key.
 */
export function keyRanges([w, s, e, n]: Bbox, level = edgeLevel([w, s, e, n])): [number, number][] {
  return cellRanges(cellX(w) - 1, cellY(n) - 1, cellX(e) + 1, cellY(s) + 1, KEY_ZOOM, level);
}

/**
 * Sorted, disjoint, inclusive ranges of the Morton numbers of the cells of zoom `zoom` that cover
 * columns x0…x1 and rows y0…y1 (clamped to the world): keyRanges on a grid of any zoom, the edge
 * covered by cells of zoom `level` (≤ zoom).
 */
export function cellRanges(x0: number, y0: number, x1: number, y1: number, zoom: number, level: number): [number, number][] {
  const side = 2 ** zoom;
  x0 = Math.max(0, x0);
  y0 = Math.max(0, y0);
  x1 = Math.min(side - 1, x1);
  y1 = Math.min(side - 1, y1);
  const out: [number, number][] = [];
  const visit = (l: number, cx: number, cy: number) => {
    const size = 2 ** (zoom - l);
    const ax = cx * size, ay = cy * size, bx = ax + size - 1, by = ay + size - 1;
    if (bx < x0 || ax > x1 || by < y0 || ay > y1) return;
    if (l >= level || (ax >= x0 && bx <= x1 && ay >= y0 && by <= y1)) {
      const k0 = morton(ax, ay), k1 = k0 + size * size - 1;
      const last = out.at(-1);
      if (last && last[1] + 1 === k0) last[1] = k1;
      else out.push([k0, k1]);
      return;
    }
    // children in key order: x is the lower bit
    visit(l + 1, 2 * cx, 2 * cy);
    visit(l + 1, 2 * cx + 1, 2 * cy);
    visit(l + 1, 2 * cx, 2 * cy + 1);
    visit(l + 1, 2 * cx + 1, 2 * cy + 1);
  };
  visit(0, 0, 0);
  return out;
}
