/**
 * Confidence bins for Gi* z-scores, with optional False Discovery Rate correction.
 *
 * Bins: +3/+2/+1 = hot spot at 99/95/90 % confidence, −3/−2/−1 = cold spot, 0 = not significant.
 * Without FDR a feature is significant at level α when its two-sided p ≤ α.
 * With FDR (Benjamini & Hochberg 1995, as ArcGIS applies it): run the step-up procedure
 * separately for α = 0.10, 0.05 and 0.01 — sort the m finite p-values ascending, find the
 * largest rank k with p(k) ≤ (k/m)·α, and call the k smallest significant at α. The bin is the
 * highest level passed. z and p themselves are never adjusted.
 */

/** Confidence levels of bins 1, 2, 3 as significance levels α. */
export const ALPHA_LEVELS = [0.1, 0.05, 0.01] as const;

/** For each α, the largest p-value that the BH step-up procedure still calls significant (−1: none). */
export function fdrCutoffs(p: ArrayLike<number>, alphas: readonly number[] = ALPHA_LEVELS): number[] {
  const finite: number[] = [];
  for (let i = 0; i < p.length; i++) if (Number.isFinite(p[i])) finite.push(p[i]);
  const sorted = Float64Array.from(finite).sort();
  const m = sorted.length;
  return alphas.map((alpha) => {
    for (let k = m; k >= 1; k--) if (sorted[k - 1] <= (k / m) * alpha) return sorted[k - 1];
    return -1;
  });
}

/** Bins −3…3 for each feature. */
export function confidenceBins(z: ArrayLike<number>, p: ArrayLike<number>, fdr: boolean): Int8Array {
  const cut = fdr ? fdrCutoffs(p) : [...ALPHA_LEVELS];
  const bins = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const pi = p[i];
    if (!Number.isFinite(pi)) continue;
    let level = 0;
    for (let l = 0; l < cut.length; l++) if (pi <= cut[l]) level = l + 1;
    bins[i] = z[i] > 0 ? level : -level;
  }
  return bins;
}
