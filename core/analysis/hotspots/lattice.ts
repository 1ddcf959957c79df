/**
 * Neighbour search for cells of a regular grid. On a lattice the distance between two cells
 * depends only on their offset in grid coordinates, so the offsets within a band are listed
 * once and each cell finds its neighbours by lookups in a dense table: no distances and no
 * candidates outside the band. Same neighbours as the distance search (same d ≤ band rule,
 * same tolerance), several times faster on large grids.
 */
import { BAND_TOLERANCE } from './gi-star.ts';
import { bandLimits, type BandPairs } from './incremental-moran.ts';
import type { Tessellation } from './tessellation.ts';

export interface Lattice {
  n: number;
  /** grid coordinates of each cell */
  a: Int32Array;
  b: Int32Array;
  /** cell index at grid coordinates, −1 where no analysis cell */
  at(a: number, b: number): number;
  /**
   * The table padded by `pad` empty rows and columns on every side, with each cell's position in
   * it, so that position + offset needs no bounds check for offsets up to `pad`.
   */
  padded(pad: number): { table: Int32Array; pos: Int32Array; stride: number };
}

/** Dense lookup table over the cells' coordinate range; null when that range is too sparse to tabulate. */
export function lattice(tess: Tessellation, keys: ArrayLike<number>): Lattice | null {
  const n = keys.length;
  const a = new Int32Array(n), b = new Int32Array(n);
  let a0 = Infinity, a1 = -Infinity, b0 = Infinity, b1 = -Infinity;
  for (let i = 0; i < n; i++) {
    [a[i], b[i]] = tess.coords(keys[i]);
    a0 = Math.min(a0, a[i]); a1 = Math.max(a1, a[i]);
    b0 = Math.min(b0, b[i]); b1 = Math.max(b1, b[i]);
  }
  const wa = a1 - a0 + 1, wb = b1 - b0 + 1;
  if (n === 0 || wa * wb > 16 * n + 1_000_000) return null;
  const table = new Int32Array(wa * wb).fill(-1);
  for (let i = 0; i < n; i++) table[(a[i] - a0) * wb + (b[i] - b0)] = i;
  return {
    n,
    a,
    b,
    at: (x, y) => (x < a0 || x > a1 || y < b0 || y > b1 ? -1 : table[(x - a0) * wb + (y - b0)]),
    padded(pad) {
      const stride = wb + 2 * pad;
      const t = new Int32Array((wa + 2 * pad) * stride).fill(-1);
      const pos = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        pos[i] = (a[i] - a0 + pad) * stride + (b[i] - b0 + pad);
        t[pos[i]] = i;
      }
      return { table: t, pos, stride };
    },
  };
}

/** Grid offsets (da, db) whose centres lie within `radius` of the origin cell's, with squared distances. */
export function offsetsWithin(tess: Tessellation, radius: number): { da: Int32Array; db: Int32Array; d2: Float64Array } {
  const [x0, y0] = tess.centre(tess.key(0, 0));
  const r2 = (radius * (1 + BAND_TOLERANCE)) ** 2;
  // One step in either coordinate moves a centre at least 0.75·size sideways (hexagon columns)
  // and a row offset costs at most half a row per column, so these ranges hold every offset.
  const reach = Math.ceil(radius / (0.75 * tess.size)) + 2;
  const da: number[] = [], db: number[] = [], d2: number[] = [];
  for (let i = -reach; i <= reach; i++) {
    for (let j = -2 * reach; j <= 2 * reach; j++) {
      const [x, y] = tess.centre(tess.key(i, j));
      const d = (x - x0) ** 2 + (y - y0) ** 2;
      if (d <= r2) { da.push(i); db.push(j); d2.push(d); }
    }
  }
  return { da: Int32Array.from(da), db: Int32Array.from(db), d2: Float64Array.from(d2) };
}

function flatOffsets(da: Int32Array, db: Int32Array, stride: number, pick: (o: number) => boolean = () => true) {
  const out: number[] = [];
  const idx: number[] = [];
  for (let o = 0; o < da.length; o++) if (pick(o)) { out.push(da[o] * stride + db[o]); idx.push(o); }
  return { flat: Int32Array.from(out), idx };
}

const maxAbs = (xs: Int32Array) => xs.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Gi* sums over a lattice: Σ values and number of neighbours within the band (self included). */
export function latticeNeighbourSums(tess: Tessellation, lat: Lattice, values: ArrayLike<number>, band: number): { sums: Float64Array; counts: Int32Array } {
  const { da, db } = offsetsWithin(tess, band);
  const { table, pos, stride } = lat.padded(Math.max(maxAbs(da), maxAbs(db)));
  const { flat } = flatOffsets(da, db, stride);
  const sums = new Float64Array(lat.n);
  const counts = new Int32Array(lat.n);
  for (let i = 0; i < lat.n; i++) {
    const p = pos[i];
    let s = 0, w = 0;
    for (let o = 0; o < flat.length; o++) {
      const j = table[p + flat[o]];
      if (j >= 0) { s += values[j]; w++; }
    }
    sums[i] = s;
    counts[i] = w;
  }
  return { sums, counts };
}

/** Pairs for incremental Moran's I over a lattice: each unordered pair once, in the row of one of its two cells. */
export function latticePairs(tess: Tessellation, lat: Lattice, cutoffs: readonly number[]): BandPairs {
  const { bandOf } = bandLimits(cutoffs);
  const { da, db, d2 } = offsetsWithin(tess, cutoffs[cutoffs.length - 1]);
  const { table, pos, stride } = lat.padded(Math.max(maxAbs(da), maxAbs(db)));
  // Each pair once: the offsets of one half plane only.
  const { flat, idx } = flatOffsets(da, db, stride, (o) => da[o] > 0 || (da[o] === 0 && db[o] > 0));
  const band = Uint8Array.from(idx, (o) => bandOf(d2[o]));
  const rowStart = new Int32Array(lat.n + 1);
  const pj = new Int32Array(Math.max(1, lat.n * flat.length));
  const pb = new Uint8Array(pj.length);
  let m = 0;
  for (let i = 0; i < lat.n; i++) {
    const p = pos[i];
    for (let o = 0; o < flat.length; o++) {
      const j = table[p + flat[o]];
      if (j < 0) continue;
      pj[m] = j;
      pb[m++] = band[o];
    }
    rowStart[i + 1] = m;
  }
  return { rowStart, pj, pb };
}
