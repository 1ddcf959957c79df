/**
 * Automatic cell size, as ArcGIS Optimized Hot Spot Analysis chooses it: twice the larger of the
 * mean and the median nearest-neighbour distance between distinct incident locations, after
 * dropping locational outliers (NN distance z ≥ 3), rounded up to a whole metre and kept
 * between a minimum and 10 % of the largest extent of the incidents.
 *
 * Our additions, so an interactive map stays legible and fast: the minimum is 50 m (about the
 * accuracy of a reported incident location), and the cell is enlarged, if needed, so that the
 * grid over the incidents' extent has at most `maxCells` cells.
 *
 * With many incidents that cap decides: n distinct locations spread over a box leave a
 * nearest-neighbour distance of the order of √(area/n), far below the capped size once n passes
 * a few ten thousand. When a bound from packing alone (nearest-neighbour-bound.ts) proves it,
 * the nearest-neighbour pass is skipped: the size and rule are exactly those the pass would give,
 * and the locational outliers are not counted (null). A month of the city (1,000,000 incidents):
 * ~0.5 s of CPU saved.
 */
import { extentOf, uniqueLocationInfoWithin, type Extent } from './location-info.ts';
import { distinctLowerBound, meanBound, medianBelow } from './nearest-neighbour-bound.ts';
import type { GridKind } from './tessellation.ts';

export const MIN_CELL_M = 50;
export const DEFAULT_MAX_CELLS = 10_000;

export type CellSizeRule = 'nearest-neighbour' | 'max-extent' | 'minimum' | 'max-cells';

export interface CellSizeChoice {
  size: number;
  rule: CellSizeRule;
  /** 2·max(mean, median) NN distance before clamping (NaN with fewer than two locations, or when not needed) */
  nearestNeighbourSize: number;
  /** null when the nearest-neighbour distances were not needed */
  locationalOutliers: number | null;
}

/** The incidents' box, and the smallest size keeping the grid over it within maxCells. */
function boxAndCap(xs: Float64Array, ys: Float64Array, grid: GridKind, maxCells: number): BoxAndCap {
  const extent = extentOf(xs, ys);
  const { minX, minY, maxX, maxY } = extent;
  const w = Math.max(0, maxX - minX), h = Math.max(0, maxY - minY);
  // A hexagon of height s covers (√3/2)·s², a square s².
  const cellAreaFactor = grid === 'hexagon' ? Math.sqrt(3) / 2 : 1;
  return { extent, minX, minY, w, h, capped: xs.length ? Math.ceil(Math.sqrt((w * h) / (maxCells * cellAreaFactor))) : 0 };
}

type BoxAndCap = { extent: Extent; minX: number; minY: number; w: number; h: number; capped: number };

export function chooseCellSize(xs: Float64Array, ys: Float64Array, grid: GridKind, maxCells = DEFAULT_MAX_CELLS): CellSizeChoice {
  const box = boxAndCap(xs, ys, grid, maxCells);
  const { minX, minY, w, h, capped } = box;
  // The rules below give `capped` by the 'max-cells' rule whenever MIN_CELL_M < capped and
  // ceil(nnSize) < capped, i.e. nnSize = 2·max(mean, median) ≤ capped − 1.
  if (MIN_CELL_M < capped) {
    const m = distinctLowerBound(xs, ys, minX, minY, w, h);
    const limit = (capped - 1) / 2;
    if (meanBound(w, h, m) <= limit && medianBelow(w, h, m, limit)) return { size: capped, rule: 'max-cells', nearestNeighbourSize: NaN, locationalOutliers: null };
  }
  return fromNearestNeighbours(xs, ys, box);
}

/** The rules with every nearest-neighbour distance measured (what chooseCellSize gives when it cannot skip them). */
export function cellSizeFromNearestNeighbours(xs: Float64Array, ys: Float64Array, grid: GridKind, maxCells = DEFAULT_MAX_CELLS): CellSizeChoice {
  return fromNearestNeighbours(xs, ys, boxAndCap(xs, ys, grid, maxCells));
}

/** The rules from the box already measured: the distances are the one pass left over the points (a million in a month of the city). */
function fromNearestNeighbours(xs: Float64Array, ys: Float64Array, { extent, w, h, capped }: BoxAndCap): CellSizeChoice {
  const info = uniqueLocationInfoWithin(xs, ys, extent);
  const nnSize = 2 * Math.max(info.mean, info.median);
  let size = Number.isFinite(nnSize) ? Math.ceil(nnSize) : MIN_CELL_M;
  let rule: CellSizeRule = 'nearest-neighbour';
  const extentCap = Math.ceil(0.1 * Math.max(w, h));
  if (size > extentCap) { size = extentCap; rule = 'max-extent'; }
  if (size < MIN_CELL_M) { size = MIN_CELL_M; rule = 'minimum'; }
  if (size < capped) { size = capped; rule = 'max-cells'; }
  return { size, rule, nearestNeighbourSize: nnSize, locationalOutliers: info.outliers };
}
