/**
 * Hot spot analysis of incident points: hexagon (or fishnet) grid with counts per cell, and
 * Getis-Ord Gi* z-scores, p-values and confidence bins on it — the procedure of ArcGIS
 * "Find Hot Spots" (Optimized Hot Spot Analysis) for incident points, with every choice it made
 * returned in `parameters` so that a result can be reproduced by passing them back.
 *
 * Cells analysed (as ArcGIS): without a boundary, the cells holding at least one incident; with
 * a boundary (study-area polygons), every cell whose centre lies inside it, zeros included,
 * plus any cell holding an incident inside it. Incidents outside the boundary are left out.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { chooseCellSize, DEFAULT_MAX_CELLS, type CellSizeRule } from './cell-size.ts';
import { chooseDistanceBand, type BandSource } from './distance-band.ts';
import { giStar, giStarFromSums } from './gi-star.ts';
import { lattice, latticeNeighbourSums, latticePairs } from './lattice.ts';
import { localProjection, projectAll } from './local-projection.ts';
import { twoSidedP } from './normal.ts';
import { projectBoundary } from './boundary.ts';
import { ALPHA_LEVELS, confidenceBins } from './significance.ts';
import { countByCell, tessellation, type GridKind } from './tessellation.ts';

/** ArcGIS's minimums: 30 incidents with a boundary, 60 without; 30 analysis cells. */
export const MIN_INCIDENTS_WITH_BOUNDARY = 30;
export const MIN_INCIDENTS_WITHOUT_BOUNDARY = 60;
export const MIN_CELLS = 30;
/** A hard limit on analysed cells, whatever the options say. */
export const HARD_MAX_CELLS = 200_000;
/**
 * Default limit of cell × neighbour steps (see workOf): about a third of a second of one CPU.
 * Cells are capped, but neighbours grow with (distance band / cell size)²: issue 15 #2 ran
 * 94 s at cell_size=100, distance_band=100000 over the demo wards.
 */
export const DEFAULT_WORK_BUDGET = 300_000_000;

/** Thrown before the work starts when it would exceed the budget; says which parameter to change. */
export class HotspotBudgetError extends RangeError {
  constructor(readonly work: number, readonly budget: number, cellSize: number, band: number, cells: number) {
    super(
      `a ${cellSize} m grid of ${cells} cells with a ${band} m distance band needs about ${Math.round(work).toLocaleString('en')} cell-neighbour steps, ` +
        `more than the limit of ${budget.toLocaleString('en')}; use a larger cell_size or a smaller distance_band`,
    );
    this.name = 'RangeError';
  }
}

export interface HotspotOptions {
  grid?: GridKind;
  /** cell size in metres (hexagon height); automatic when absent */
  cellSize?: number;
  /** Gi* distance band in metres; automatic when absent */
  distanceBand?: number;
  /** Benjamini–Hochberg FDR correction of the bins; default true, as ArcGIS Find Hot Spots */
  fdr?: boolean;
  /** [lon, lat] of the projection origin and of one cell centre; default: the incidents' bbox centre rounded to 0.01° */
  origin?: [number, number];
  /** study-area polygons; see the module comment */
  boundary?: readonly (Polygon | MultiPolygon)[];
  /** largest grid (over the incidents' extent) the automatic cell size may produce */
  maxCells?: number;
  /** limit of cell × neighbour steps, checked before the work starts; default DEFAULT_WORK_BUDGET */
  workBudget?: number;
}

export type GiStatus = 'ok' | 'too_few_incidents' | 'too_few_cells' | 'zero_variance';

export interface CellProperties {
  count: number;
  /** Gi* z-score; null when the statistic was not computed or is undefined */
  gi_z: number | null;
  /** two-sided p-value of gi_z */
  gi_p: number | null;
  /** −3…3: cold/hot spot at 99/95/90 % confidence, 0 not significant */
  gi_bin: number;
  /** cells within the distance band, the cell itself included */
  neighbours: number;
}

export interface HotspotParameters {
  grid: GridKind;
  cell_size_m: number;
  cell_size_source: 'auto' | 'user';
  /** which rule fixed the automatic size (null for a user size) */
  cell_size_rule: CellSizeRule | null;
  /** [lon, lat] of the projection origin, a cell centre */
  origin: [number, number];
  projection: string;
  distance_band_m: number | null;
  distance_band_source: 'user' | BandSource | null;
  weights: string;
  cells: 'with-incidents' | 'boundary';
  n_cells: number;
  n_incidents: number;
  n_incidents_outside_boundary: number;
  locational_outliers: number | null;
  fdr: boolean;
  alpha_levels: number[];
  gi_status: GiStatus;
  message: string | null;
  /** number of cells in each bin, keys "-3"…"3" */
  bin_counts: Record<string, number>;
  mean_count: number;
  sd_count: number;
}

export type HotspotResult = FeatureCollection<Polygon, CellProperties> & { parameters: HotspotParameters };

type Points = readonly (readonly [number, number] | readonly number[])[] | Float64Array;

function interleave(points: Points): Float64Array {
  if (points instanceof Float64Array) return points;
  const out = new Float64Array(points.length * 2);
  points.forEach((p, i) => {
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1];
  });
  return out;
}

function defaultOrigin(lonLat: Float64Array): [number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < lonLat.length; i += 2) {
    minX = Math.min(minX, lonLat[i]); maxX = Math.max(maxX, lonLat[i]);
    minY = Math.min(minY, lonLat[i + 1]); maxY = Math.max(maxY, lonLat[i + 1]);
  }
  if (!Number.isFinite(minX)) return [0, 0];
  // Rounded so that small changes of the filtered set do not move the grid.
  return [Math.round(((minX + maxX) / 2) * 100) / 100, Math.round(((minY + maxY) / 2) * 100) / 100];
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Points as [lon, lat] pairs (or interleaved lon, lat in a Float64Array), WGS84. */
export function hotspots(points: Points, options: HotspotOptions = {}): HotspotResult {
  const grid = options.grid ?? 'hexagon';
  const fdr = options.fdr ?? true;
  const all = interleave(points);
  const origin = options.origin ?? defaultOrigin(all);
  const proj = localProjection(origin);
  let { xs, ys } = projectAll(proj, all);
  const nAll = xs.length;

  const boundary = options.boundary && options.boundary.length ? projectBoundary(options.boundary, proj) : null;
  if (boundary) {
    const keep: number[] = [];
    for (let i = 0; i < xs.length; i++) if (boundary.contains(xs[i], ys[i])) keep.push(i);
    xs = Float64Array.from(keep, (i) => xs[i]);
    ys = Float64Array.from(keep, (i) => ys[i]);
  }
  const nInc = xs.length;

  let cellSize: number;
  let rule: CellSizeRule | null = null;
  let outliers: number | null = null;
  if (options.cellSize !== undefined) cellSize = options.cellSize;
  else if (nInc > 0) {
    const c = chooseCellSize(xs, ys, grid, options.maxCells ?? DEFAULT_MAX_CELLS);
    cellSize = c.size;
    rule = c.rule;
    outliers = c.locationalOutliers;
  } else {
    cellSize = 500;
    rule = 'minimum';
  }
  const tess = tessellation(grid, cellSize);

  const counts = countByCell(tess, xs, ys);
  if (boundary) {
    const [x0, y0, x1, y1] = boundary.bbox;
    const span = ((x1 - x0) * (y1 - y0)) / tess.cellArea;
    if (span > HARD_MAX_CELLS * 2) throw new RangeError(`a ${cellSize} m grid over this boundary has about ${Math.round(span)} cells; the limit is ${HARD_MAX_CELLS}`);
    for (const key of tess.cellsInBox(x0, y0, x1, y1)) {
      if (counts.has(key)) continue;
      const [cx, cy] = tess.centre(key);
      if (boundary.contains(cx, cy)) counts.set(key, 0);
    }
  }
  if (counts.size > HARD_MAX_CELLS) throw new RangeError(`${counts.size} cells exceed the limit of ${HARD_MAX_CELLS}; choose a larger cell size`);

  const keys = Float64Array.from(counts.keys()).sort();
  const n = keys.length;
  const cx = new Float64Array(n), cy = new Float64Array(n), values = new Float64Array(n);
  keys.forEach((key, i) => {
    [cx[i], cy[i]] = tess.centre(key);
    values[i] = counts.get(key)!;
  });
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n || 1;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const sdCount = n ? Math.sqrt(ss / n) : 0;

  const minIncidents = boundary ? MIN_INCIDENTS_WITH_BOUNDARY : MIN_INCIDENTS_WITHOUT_BOUNDARY;
  let status: GiStatus = 'ok';
  let message: string | null = null;
  if (nInc < minIncidents) {
    status = 'too_few_incidents';
    message = `Gi* needs at least ${minIncidents} incidents ${boundary ? 'inside the boundary' : 'without a boundary'}; there are ${nInc}`;
  } else if (n < MIN_CELLS) {
    status = 'too_few_cells';
    message = `Gi* needs at least ${MIN_CELLS} cells; the ${cellSize} m grid has ${n}`;
  } else if (!(sdCount > 1e-6)) {
    status = 'zero_variance';
    message = 'every cell has the same count, so there is nothing to test';
  }

  let band: number | null = null;
  let bandSource: HotspotParameters['distance_band_source'] = null;
  let z: Float64Array | null = null;
  let nb: Int32Array | null = null;
  let p: Float64Array | null = null;
  let bins: Int8Array = new Int8Array(n);
  if (status === 'ok') {
    const lat = lattice(tess, keys);
    // Cost known before any of it is spent: on a lattice every cell visits every grid offset
    // within the band; otherwise each cell visits its neighbours, at most every other cell.
    const budget = options.workBudget ?? DEFAULT_WORK_BUDGET;
    const checkBudget = (d: number) => {
      const offsets = (Math.PI * d * d) / tess.cellArea;
      const work = n * (lat ? offsets : Math.min(n, offsets));
      if (work > budget) throw new HotspotBudgetError(work, budget, cellSize, d, n);
    };
    if (options.distanceBand !== undefined) {
      band = options.distanceBand;
      bandSource = 'user';
      checkBudget(band);
    } else {
      const pairs = (cutoffs: number[]) => {
        checkBudget(cutoffs[cutoffs.length - 1]);
        return latticePairs(tess, lat!, cutoffs);
      };
      const choice = chooseDistanceBand(cx, cy, values, lat ? pairs : undefined);
      band = choice.distance;
      bandSource = choice.source;
      checkBudget(band);
    }
    let g;
    if (lat) {
      const { sums, counts } = latticeNeighbourSums(tess, lat, values, band);
      g = giStarFromSums(values, sums, counts);
    } else g = giStar(cx, cy, values, band);
    z = g.z;
    nb = g.neighbours;
    p = z.map(twoSidedP);
    bins = confidenceBins(z, p, fdr);
  }

  const binCounts: Record<string, number> = { '-3': 0, '-2': 0, '-1': 0, '0': 0, '1': 0, '2': 0, '3': 0 };
  const features: Feature<Polygon, CellProperties>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const [q, r] = tess.coords(keys[i]);
    // The outline's own vertex arrays turned into lon/lat in place (proj.inverse, rounded): a
    // city's 7,800 cells were 200,000 short-lived arrays otherwise.
    const ring = tess.outline(keys[i]);
    for (const v of ring) {
      const [lon, lat] = proj.inverse(v[0], v[1]);
      v[0] = round7(lon);
      v[1] = round7(lat);
    }
    const zi = z ? z[i] : NaN;
    binCounts[String(bins[i])]++;
    features[i] = {
      type: 'Feature',
      id: `${q}:${r}`,
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: {
        count: values[i],
        gi_z: Number.isFinite(zi) ? zi : null,
        gi_p: p && Number.isFinite(p[i]) ? p[i] : null,
        gi_bin: bins[i],
        neighbours: nb ? nb[i] : 0,
      },
    };
  }

  return {
    type: 'FeatureCollection',
    features,
    parameters: {
      grid,
      cell_size_m: cellSize,
      cell_size_source: options.cellSize !== undefined ? 'user' : 'auto',
      cell_size_rule: rule,
      origin: [origin[0], origin[1]],
      projection: 'local equirectangular about origin (WGS84 radii of curvature), metres',
      distance_band_m: band,
      distance_band_source: bandSource,
      weights: 'binary, fixed distance band (d ≤ band), cell itself included (Gi*)',
      cells: boundary ? 'boundary' : 'with-incidents',
      n_cells: n,
      n_incidents: nInc,
      n_incidents_outside_boundary: nAll - nInc,
      locational_outliers: outliers,
      fdr,
      alpha_levels: [...ALPHA_LEVELS],
      gi_status: status,
      message,
      bin_counts: binCounts,
      mean_count: mean,
      sd_count: sdCount,
    },
  };
}
