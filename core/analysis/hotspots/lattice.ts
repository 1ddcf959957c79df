/**
 * Neighbour search for cells of a regular grid. On a lattice the distance between two cells
 * depends only on their offset in grid coordinates, so the offsets within a band are listed
 * once and each cell finds its neighbours by lookups in a dense table: no distances and no
 * candidates outside the band. Same neighbours as the distance search (same d ≤ band rule,
 * same tolerance), several times faster on large grids.
 */
import { BAND_TOLERANCE } from './gi-star.ts';
import { bandLimits, PairBuilder, type BandPairs } from './incremental-moran.ts';
import type { Tessellation } from './tessellation.ts';

export interface Lattice {
  n: number;
  /** cell index at grid coordinates, −1 where no analysis cell */
  at(a: number, b: number): number;
  a: Int32Array;
  b: Int32Array;
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
  };
}

/** Grid offsets (da, db) whose centres lie within `radius` of the origin cell's, with squared distances. */
export function offsetsWithin(tess: Tessellation, radius: number): { da: Int32Array; db: Int32Array; d2: Float64Array } {
  const origin = tess.key(0, 0);
  const [x0, y0] = tess.centre(origin);
  const r2 = (radius * (1 + BAND_TOLERANCE)) ** 2;
  // Offsets of one step move a centre at least 0.75·size (hexagon columns) away, so this bound is safe.
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

/** Gi* sums over a lattice: Σ values and number of neighbours within the band (self included). */
export function latticeNeighbourSums(tess: Tessellation, lat: Lattice, values: ArrayLike<number>, band: number): { sums: Float64Array; counts: Int32Array } {
  const { da, db } = offsetsWithin(tess, band);
  const sums = new Float64Array(lat.n);
  const counts = new Int32Array(lat.n);
  for (let i = 0; i < lat.n; i++) {
    const a = lat.a[i], b = lat.b[i];
    let s = 0, w = 0;
    for (let o = 0; o < da.length; o++) {
      const j = lat.at(a + da[o], b + db[o]);
      if (j >= 0) { s += values[j]; w++; }
    }
    sums[i] = s;
    counts[i] = w;
  }
  return { sums, counts };
}

/** Pairs for incremental Moran's I over a lattice: each unordered pair once (j > i). */
export function latticePairs(tess: Tessellation, lat: Lattice, cutoffs: readonly number[]): BandPairs {
  const { bandOf } = bandLimits(cutoffs);
  const { da, db, d2 } = offsetsWithin(tess, cutoffs[cutoffs.length - 1]);
  const band = Uint8Array.from(d2, bandOf);
  const out = new PairBuilder(lat.n);
  for (let i = 0; i < lat.n; i++) {
    const a = lat.a[i], b = lat.b[i];
    for (let o = 0; o < da.length; o++) {
      if (d2[o] === 0) continue;
      const j = lat.at(a + da[o], b + db[o]);
      if (j > i) out.push(j, band[o]);
    }
    out.endRow(i);
  }
  return out.done();
}
