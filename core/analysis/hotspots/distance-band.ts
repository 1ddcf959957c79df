/**
 * Automatic distance band for Gi*, as ArcGIS Optimized Hot Spot Analysis chooses it:
 *
 * 1. Incremental spatial autocorrelation over the analysis cells: ten bands starting at the
 *    distance that gives every non-outlier cell a neighbour, stepping by the mean nearest-
 *    neighbour distance (outliers: NN z ≥ 3); if a band would pass 75 % of the largest extent,
 *    the ten bands are spread evenly up to that instead. Cells on a regular lattice get 0.001 m
 *    added to every band so lattice distances fall inside.
 * 2. The band of the first peak of Moran's I z-score (above 1.65), else of the highest peak.
 * 3. No peak: the mean distance to the k-th nearest neighbour, k = clamp(⌊0.05·n⌋, 3, 30).
 * 4. Never less than 0.1 % of the largest extent.
 * The chosen band is rounded up to the centimetre.
 */
import { moranFromPairs, pairsByDistance, peaks, type BandPairs, type MoranBand } from './incremental-moran.ts';
import { extentOf, locationInfo } from './location-info.ts';
import { GridIndex } from './spatial-index.ts';

export type BandSource = 'first-peak' | 'max-peak' | 'k-nearest';

export interface BandChoice {
  distance: number;
  source: BandSource;
  /**
   * the Moran's I series the choice was made from: the first FIRST_BANDS bands when the first
   * peak lies among them, else all ten
   */
  series: MoranBand[];
  /** k when the k-nearest fallback was used */
  k?: number;
}

export function maxExtent(xs: Float64Array, ys: Float64Array): number {
  const { minX, minY, maxX, maxY } = extentOf(xs, ys);
  return Math.max(maxX - minX, maxY - minY);
}

export function bandCutoffs(xs: Float64Array, ys: Float64Array, increments = 10): number[] {
  const info = locationInfo(xs, ys);
  const maxDistance = 0.75 * maxExtent(xs, ys);
  let begin = info.threshold;
  const step = info.mean;
  let cuts = Array.from({ length: increments }, (_, k) => begin + k * step);
  if (cuts.some((c) => c > maxDistance)) {
    if (begin > maxDistance) begin = 0.2 * maxDistance;
    const inc = (maxDistance - begin) / increments;
    cuts = Array.from({ length: increments }, (_, k) => begin + k * inc);
  }
  return info.regular ? cuts.map((c) => c + 0.001) : cuts;
}

const roundUpToCm = (d: number) => Math.ceil(d * 100 - 1e-9) / 100;

/**
 * Bands computed first. Moran's I at a band depends only on the pairs within it (each band's sums
 * are taken in the same order whatever bands follow), so these come out the same as in the full
 * series; a first peak among them (a peak needs the band after it) is the full series' first peak
 * too. The pairs within the third band are about a tenth of those within the tenth, and grid
 * cells of a city peak early: a month of 1,000,000 incidents peaks at the second band.
 */
export const FIRST_BANDS = 3;

/** `pairs` finds the neighbour pairs for the bands; a lattice search is faster for grid cells. */
export function chooseDistanceBand(xs: Float64Array, ys: Float64Array, values: ArrayLike<number>, pairs?: (cutoffs: number[]) => BandPairs): BandChoice {
  const cutoffs = bandCutoffs(xs, ys);
  const seriesOf = (cuts: number[]) => moranFromPairs(values, cuts, pairs ? pairs(cuts) : pairsByDistance(xs, ys, cuts));
  let series = seriesOf(cutoffs.slice(0, FIRST_BANDS));
  let { first, max } = peaks(series.map((b) => b.z));
  if (first === null && cutoffs.length > FIRST_BANDS) {
    series = seriesOf(cutoffs);
    ({ first, max } = peaks(series.map((b) => b.z)));
  }
  const floor = 0.001 * maxExtent(xs, ys);
  const finish = (d: number) => roundUpToCm(Math.max(d, floor));
  if (first !== null) return { distance: finish(series[first].distance), source: 'first-peak', series };
  if (max !== null) return { distance: finish(series[max].distance), source: 'max-peak', series };
  const n = xs.length;
  const k = Math.min(30, Math.max(3, Math.floor(0.05 * n)));
  const grid = new GridIndex(xs, ys, Math.sqrt(maxExtent(xs, ys) ** 2 / Math.max(n, 1)) * 2);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = grid.nearest(i, k);
    sum += d[d.length - 1];
  }
  return { distance: finish(sum / n), source: 'k-nearest', series, k };
}
