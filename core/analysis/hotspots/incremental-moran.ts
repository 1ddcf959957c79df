/**
 * Global Moran's I at a series of distance bands (ArcGIS "Incremental Spatial Autocorrelation"):
 * row-standardised binary weights within each band, features without a neighbour left out of
 * that band's statistic, z-score under the randomisation hypothesis (Cliff & Ord), the same
 * formulas as spdep `moran.test(randomisation = TRUE)` and ArcGIS `MoransI_Increment.py`.
 *
 * All bands come from one pass over the pairs within the largest band: each pair is filed under
 * the first band that contains it.
 */
import { BAND_TOLERANCE } from './gi-star.ts';
import { GridIndex } from './spatial-index.ts';

export interface MoranBand {
  distance: number;
  /** features with at least one neighbour in this band */
  n: number;
  I: number;
  expected: number;
  variance: number;
  z: number;
}

/** Unordered pairs {i, j} within the largest band, each once, in CSR rows by one of its cells, with the first band containing it. */
export interface BandPairs {
  rowStart: Int32Array;
  pj: Int32Array;
  pb: Uint8Array;
}

/** Squared band limits with the inclusive tolerance, and the first band holding a squared distance. */
export function bandLimits(cutoffs: readonly number[]): { lim: number[]; bandOf: (d2: number) => number } {
  const lim = cutoffs.map((c) => (c * (1 + BAND_TOLERANCE)) ** 2);
  return {
    lim,
    bandOf: (d2: number) => {
      let b = 0;
      while (d2 > lim[b]) b++;
      return b;
    },
  };
}

/** Growable CSR of pairs. */
export class PairBuilder {
  readonly rowStart: Int32Array;
  pj: Int32Array;
  pb: Uint8Array;
  m = 0;
  constructor(n: number) {
    this.rowStart = new Int32Array(n + 1);
    this.pj = new Int32Array(Math.max(16, n * 8));
    this.pb = new Uint8Array(this.pj.length);
  }
  push(j: number, band: number) {
    if (this.m === this.pj.length) {
      const pj = new Int32Array(this.pj.length * 2);
      pj.set(this.pj);
      const pb = new Uint8Array(pj.length);
      pb.set(this.pb);
      this.pj = pj;
      this.pb = pb;
    }
    this.pj[this.m] = j;
    this.pb[this.m++] = band;
  }
  endRow(i: number) {
    this.rowStart[i + 1] = this.m;
  }
  done(): BandPairs {
    return { rowStart: this.rowStart, pj: this.pj, pb: this.pb };
  }
}

/** Pairs of arbitrary points, found through a bucket grid. */
export function pairsByDistance(xs: Float64Array, ys: Float64Array, cutoffs: readonly number[]): BandPairs {
  const n = xs.length;
  const { lim, bandOf } = bandLimits(cutoffs);
  const maxR2 = lim[lim.length - 1];
  const r = Math.sqrt(maxR2);
  const grid = new GridIndex(xs, ys, r);
  const { starts, order, cols } = grid;
  const out = new PairBuilder(n);
  for (let i = 0; i < n; i++) {
    const x = xs[i], yy = ys[i];
    const c0 = grid.col(x - r), c1 = grid.col(x + r), row0 = grid.row(yy - r), row1 = grid.row(yy + r);
    for (let row = row0; row <= row1; row++) {
      for (let b = row * cols + c0, bEnd = row * cols + c1; b <= bEnd; b++) {
        for (let q = starts[b], end = starts[b + 1]; q < end; q++) {
          const j = order[q];
          if (j <= i) continue;
          const dx = xs[j] - x, dy = ys[j] - yy;
          const d2 = dx * dx + dy * dy;
          if (d2 <= maxR2) out.push(j, bandOf(d2));
        }
      }
    }
    out.endRow(i);
  }
  return out.done();
}

export function incrementalMoran(xs: Float64Array, ys: Float64Array, y: ArrayLike<number>, cutoffs: readonly number[]): MoranBand[] {
  return moranFromPairs(y, cutoffs, pairsByDistance(xs, ys, cutoffs));
}

export function moranFromPairs(y: ArrayLike<number>, cutoffs: readonly number[], pairs: BandPairs): MoranBand[] {
  const n = y.length;
  const nc = cutoffs.length;
  const { rowStart, pj, pb } = pairs;
  // Pass 1: neighbour counts k and neighbour sums L of each feature, per band (prefix sums over
  // the bands a pair first enters).
  const k = new Int32Array(n * nc);
  const L = new Float64Array(n * nc);
  for (let i = 0; i < n; i++) {
    const ri = i * nc, yi = y[i];
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const rj = pj[e] * nc, band = pb[e];
      k[ri + band]++;
      k[rj + band]++;
      L[ri + band] += y[pj[e]];
      L[rj + band] += yi;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let c = 1; c < nc; c++) {
      k[i * nc + c] += k[i * nc + c - 1];
      L[i * nc + c] += L[i * nc + c - 1];
    }
  }
  const inv = new Float64Array(n * nc);
  for (let q = 0; q < n * nc; q++) inv[q] = k[q] > 0 ? 1 / k[q] : 0;

  // Deviations from the mean of the features that take part in each band.
  const nF = new Float64Array(nc);
  const mean = new Float64Array(nc);
  for (let i = 0; i < n; i++) for (let c = 0; c < nc; c++) if (k[i * nc + c] > 0) { nF[c]++; mean[c] += y[i]; }
  for (let c = 0; c < nc; c++) mean[c] /= nF[c];
  const m2 = new Float64Array(nc);
  const m4 = new Float64Array(nc);
  // Σi Σj∈N(i) (yi − m)(yj − m)/ki = Σi (yi − m)/ki · (Li − ki·m)
  const numer = new Float64Array(nc);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nc; c++) {
      const q = i * nc + c;
      if (k[q] === 0) continue;
      const d = y[i] - mean[c];
      m2[c] += d * d;
      m4[c] += d * d * d * d;
      numer[c] += d * inv[q] * (L[q] - k[q] * mean[c]);
    }
  }

  // Pass 2: column sums of the row-standardised weights, Σj∈N(i) 1/kj, which S1 and S2 need.
  // S1 = ½ ΣΣ (wij + wji)² = Σi 1/ki · (1 + colSumi);  S2 = Σi (1 + colSumi)².
  const colSum = new Float64Array(n * nc);
  for (let i = 0; i < n; i++) {
    const ri = i * nc;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const rj = pj[e] * nc;
      for (let c = pb[e]; c < nc; c++) {
        colSum[ri + c] += inv[rj + c];
        colSum[rj + c] += inv[ri + c];
      }
    }
  }
  const s1 = new Float64Array(nc);
  const s2all = new Float64Array(nc);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nc; c++) {
      const q = i * nc + c;
      if (k[q] === 0) continue;
      s1[c] += inv[q] * (1 + colSum[q]);
      s2all[c] += (1 + colSum[q]) ** 2;
    }
  }

  return cutoffs.map((distance, c) => {
    const nn = nF[c];
    const s2 = s2all[c];
    const s0 = nn; // row-standardised: every row sums to 1
    const I = numer[c] / m2[c];
    const expected = -1 / (nn - 1);
    const b2 = m4[c] / nn / (m2[c] / nn) ** 2;
    const left = nn * ((nn * nn - 3 * nn + 3) * s1[c] - nn * s2 + 3 * s0 * s0);
    const right = b2 * ((nn * nn - nn) * s1[c] - 2 * nn * s2 + 6 * s0 * s0);
    const variance = (left - right) / ((nn - 1) * (nn - 2) * (nn - 3) * s0 * s0) - expected * expected;
    const z = nn >= 4 && variance > 0 ? (I - expected) / Math.sqrt(variance) : NaN;
    return { distance, n: nn, I, expected, variance, z };
  });
}

/**
 * First and highest peak of the z-scores (ArcGIS `returnPeakIndices`): a peak is a band whose
 * z exceeds `level` and is followed by a lower one, after the curve has risen at least once.
 */
export function peaks(z: readonly number[], level = 1.65): { first: number | null; max: number | null } {
  let goneUp = false;
  let first: number | null = null;
  let max: number | null = null;
  for (let c = 0; c + 1 < z.length; c++) {
    const d = z[c + 1] - z[c];
    if (d > 0) goneUp = true;
    if (d < 0 && goneUp && z[c] > level) {
      if (first === null) first = c;
      if (max === null || z[c] > z[max]) max = c;
    }
  }
  return { first, max };
}
