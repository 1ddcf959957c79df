/**
 * Getis-Ord Gi* (Ord & Getis 1995) with binary fixed-distance weights that include the feature
 * itself — the statistic of ArcGIS Hot Spot Analysis, PySAL `G_Local(star=True, transform='B')`
 * and spdep `localG` with `include.self()`:
 *
 *   Gi* = (Σj wij xj − x̄ Σj wij) / (S · √[(n Σj wij² − (Σj wij)²) / (n − 1)]),
 *   x̄ = Σ xj / n,  S = √(Σ xj² / n − x̄²)
 *
 * Gi* is itself a z-score. A feature whose neighbourhood is the whole set has an undefined
 * z (0/0) and gets NaN, as in spdep.
 */
import { GridIndex } from './spatial-index.ts';

/**
 * Distances equal to the band count as inside (d ≤ band, as spdep `dnearneigh` and ArcGIS).
 * Lattice distances computed from different but equal expressions may differ in the last bit,
 * so "equal" means within this relative tolerance.
 */
export const BAND_TOLERANCE = 1e-9;

export interface GiStarResult {
  z: Float64Array;
  /** number of neighbours of each feature within the band, itself included */
  neighbours: Int32Array;
  mean: number;
  sd: number;
}

export function giStar(xs: Float64Array, ys: Float64Array, values: ArrayLike<number>, band: number, index?: GridIndex): GiStarResult {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i];
  }
  const mean = sum / n;
  // Deviations summed directly: Σx²/n − x̄² loses digits when the mean is large against the spread.
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  const grid = index ?? new GridIndex(xs, ys, band);
  const r2 = (band * (1 + BAND_TOLERANCE)) ** 2;
  const z = new Float64Array(n);
  const neighbours = new Int32Array(n);
  const { starts, order, cols } = grid;
  const r = Math.sqrt(r2);
  for (let i = 0; i < n; i++) {
    const x = xs[i], y = ys[i];
    let local = 0, w = 0;
    // Inlined range query: this loop is the whole cost of Gi* on large grids.
    const c0 = grid.col(x - r), c1 = grid.col(x + r), row0 = grid.row(y - r), row1 = grid.row(y + r);
    for (let row = row0; row <= row1; row++) {
      for (let b = row * cols + c0, bEnd = row * cols + c1; b <= bEnd; b++) {
        for (let k = starts[b], end = starts[b + 1]; k < end; k++) {
          const j = order[k];
          const dx = xs[j] - x, dy = ys[j] - y;
          if (dx * dx + dy * dy <= r2) {
            local += values[j];
            w++;
          }
        }
      }
    }
    neighbours[i] = w;
    const den = sd * Math.sqrt((n * w - w * w) / (n - 1));
    z[i] = den > 0 ? (local - mean * w) / den : NaN;
  }
  return { z, neighbours, mean, sd };
}

/** Gi* from precomputed neighbourhood sums and counts (self included), e.g. from a lattice search. */
export function giStarFromSums(values: ArrayLike<number>, sums: Float64Array, counts: Int32Array): GiStarResult {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = counts[i];
    const den = sd * Math.sqrt((n * w - w * w) / (n - 1));
    z[i] = den > 0 ? (sums[i] - mean * w) / den : NaN;
  }
  return { z, neighbours: counts, mean, sd };
}
