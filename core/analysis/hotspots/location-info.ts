/**
 * Nearest-neighbour description of a point pattern, as ArcGIS's `LocationInfo` computes it for
 * Optimized Hot Spot Analysis: nearest-neighbour distance of every unique location, locational
 * outliers (NN distance z-score ≥ 3), and mean, median and maximum NN distance of the rest.
 */
import { GridIndex } from './spatial-index.ts';

export interface LocationInfo {
  /** number of distinct locations */
  uniqueCount: number;
  /** indices (into the unique locations) of locational outliers */
  outliers: number;
  /** mean NN distance without outliers */
  mean: number;
  median: number;
  /** largest NN distance without outliers: every non-outlier has a neighbour within it */
  threshold: number;
  /** whether every NN distance is equal (a regular lattice such as grid cell centres) */
  regular: boolean;
}

/** Distinct (x, y) pairs; coincident incidents count once, as ArcGIS does. */
export function uniqueLocations(xs: Float64Array, ys: Float64Array): { xs: Float64Array; ys: Float64Array } {
  const grid = locationGrid(xs, ys);
  const at = firstAtEachLocation(grid);
  const s = grid.sorted();
  return { xs: Float64Array.from(at, (k) => s.xs[k]), ys: Float64Array.from(at, (k) => s.ys[k]) };
}

/** Coincident points share a bucket; buckets of about one point each keep the comparisons few. */
function locationGrid(xs: Float64Array, ys: Float64Array): GridIndex {
  return locationGridWithin(xs, ys, extentOf(xs, ys));
}

function locationGridWithin(xs: Float64Array, ys: Float64Array, extent: Extent): GridIndex {
  return new GridIndex(xs, ys, Math.sqrt(areaOf(extent) / Math.max(xs.length, 1)));
}

/**
 * The position (in the grid's bucket order) of the first point at each distinct location, bucket
 * by bucket: the one order both callers share.
 */
function firstAtEachLocation(grid: GridIndex): Int32Array {
  const { starts } = grid;
  const { xs, ys } = grid.sorted();
  const reps = new Int32Array(xs.length);
  let m = 0;
  for (let b = 0; b + 1 < starts.length; b++) {
    const first = m;
    for (let k = starts[b]; k < starts[b + 1]; k++) {
      let seen = false;
      for (let u = first; u < m && !seen; u++) seen = xs[reps[u]] === xs[k] && ys[reps[u]] === ys[k];
      if (!seen) reps[m++] = k;
    }
  }
  return reps.subarray(0, m);
}

export function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** `xs`, `ys` must already be unique locations. */
export function locationInfo(xs: Float64Array, ys: Float64Array, outlierSd = 3): LocationInfo {
  const n = xs.length;
  if (n < 2) return { uniqueCount: n, outliers: 0, mean: NaN, median: NaN, threshold: NaN, regular: false };
  // Buckets about the mean spacing of the points keep each nearest-neighbour search to a few buckets.
  const fine = new GridIndex(xs, ys, Math.sqrt(extentArea(xs, ys) / n));
  const nn = new Float64Array(n);
  for (let k = 0; k < n; k++) nn[fine.order[k]] = fine.nearestDistanceAt(k);
  return describe(nn, outlierSd);
}

/**
 * The same as locationInfo(uniqueLocations(xs, ys)), in one pass over one bucket grid: each
 * distinct location's nearest neighbour at a non-zero distance is searched among all the points
 * (coincident ones lie at the locations themselves, so the distance is the same), in the order
 * uniqueLocations lists them, so every sum is taken in the same order and the result is
 * identical. A million incidents: one grid instead of two, and no copy of the locations.
 */
export function uniqueLocationInfo(xs: Float64Array, ys: Float64Array, outlierSd = 3): LocationInfo {
  return uniqueLocationInfoWithin(xs, ys, extentOf(xs, ys), outlierSd);
}

/** uniqueLocationInfo when the caller has already measured the points' extent (one pass fewer over them). */
export function uniqueLocationInfoWithin(xs: Float64Array, ys: Float64Array, extent: Extent, outlierSd = 3): LocationInfo {
  const grid = locationGridWithin(xs, ys, extent);
  const reps = firstAtEachLocation(grid);
  const m = reps.length;
  if (m < 2) return { uniqueCount: m, outliers: 0, mean: NaN, median: NaN, threshold: NaN, regular: false };
  const nn = new Float64Array(m);
  for (let u = 0; u < m; u++) nn[u] = grid.nearestDistanceAt(reps[u]);
  return describe(nn, outlierSd);
}

/** Outliers, mean, median and largest of the nearest-neighbour distances of the unique locations. */
function describe(nn: Float64Array, outlierSd: number): LocationInfo {
  const n = nn.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += nn[i];
  const mean0 = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (nn[i] - mean0) ** 2;
  const sd = Math.sqrt(ss / n);
  const kept = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (!(sd > 0 && (nn[i] - mean0) / sd >= outlierSd)) kept[k++] = nn[i];
  const keptArr = kept.subarray(0, k).sort();
  let keptSum = 0;
  for (const d of keptArr) keptSum += d;
  return {
    uniqueCount: n,
    outliers: n - keptArr.length,
    mean: keptSum / keptArr.length,
    median: median(keptArr),
    threshold: keptArr[keptArr.length - 1],
    regular: sd === 0 || sd < 1e-9 * mean0,
  };
}

export type Extent = { minX: number; minY: number; maxX: number; maxY: number };

/** Bounding box of projected points. */
export function extentOf(xs: Float64Array, ys: Float64Array): Extent {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] < minX) minX = xs[i];
    if (xs[i] > maxX) maxX = xs[i];
    if (ys[i] < minY) minY = ys[i];
    if (ys[i] > maxY) maxY = ys[i];
  }
  return { minX, minY, maxX, maxY };
}

export function extentArea(xs: Float64Array, ys: Float64Array): number {
  return areaOf(extentOf(xs, ys));
}

/** The area bucket sizes are taken from, never zero (points on a line, or all at one place). */
function areaOf({ minX, minY, maxX, maxY }: Extent): number {
  const w = maxX - minX, h = maxY - minY;
  return Math.max(w * h, w * w * 1e-6, h * h * 1e-6, 1);
}
