/**
 * Automatic cell size, as ArcGIS Optimized Hot Spot Analysis chooses it: twice the larger of the
 * mean and the median nearest-neighbour distance between distinct incident locations, after
 * dropping locational outliers (NN distance z ≥ 3), rounded up to a whole metre and kept
 * between a minimum and 10 % of the largest extent of the incidents.
 *
 * Our additions, so an interactive map stays legible and fast: the minimum is 50 m (about the
 * accuracy of a reported incident location), and the cell is enlarged, if needed, so that the
 * grid over the incidents' extent has at most `maxCells` cells.
 */
import { uniqueLocationInfo } from './location-info.ts';
import type { GridKind } from './tessellation.ts';

export const MIN_CELL_M = 50;
export const DEFAULT_MAX_CELLS = 10_000;

export type CellSizeRule = 'nearest-neighbour' | 'max-extent' | 'minimum' | 'max-cells';

export interface CellSizeChoice {
  size: number;
  rule: CellSizeRule;
  /** 2·max(mean, median) NN distance before clamping (NaN with fewer than two locations) */
  nearestNeighbourSize: number;
  locationalOutliers: number;
}

export function chooseCellSize(xs: Float64Array, ys: Float64Array, grid: GridKind, maxCells = DEFAULT_MAX_CELLS): CellSizeChoice {
  const info = uniqueLocationInfo(xs, ys);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    minX = Math.min(minX, xs[i]); maxX = Math.max(maxX, xs[i]);
    minY = Math.min(minY, ys[i]); maxY = Math.max(maxY, ys[i]);
  }
  const w = Math.max(0, maxX - minX), h = Math.max(0, maxY - minY);
  const nnSize = 2 * Math.max(info.mean, info.median);
  let size = Number.isFinite(nnSize) ? Math.ceil(nnSize) : MIN_CELL_M;
  let rule: CellSizeRule = 'nearest-neighbour';
  const extentCap = Math.ceil(0.1 * Math.max(w, h));
  if (size > extentCap) { size = extentCap; rule = 'max-extent'; }
  if (size < MIN_CELL_M) { size = MIN_CELL_M; rule = 'minimum'; }
  // A hexagon of height s covers (√3/2)·s², a square s².
  const cellAreaFactor = grid === 'hexagon' ? Math.sqrt(3) / 2 : 1;
  const capped = Math.ceil(Math.sqrt((w * h) / (maxCells * cellAreaFactor)));
  if (size < capped) { size = capped; rule = 'max-cells'; }
  return { size, rule, nearestNeighbourSize: nnSize, locationalOutliers: info.outliers };
}
