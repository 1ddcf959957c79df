import { describe, expect, it } from 'vitest';
import { confidenceBins, fdrCutoffs } from './significance.ts';

describe('Benjamini–Hochberg FDR', () => {
  // m = 10. Critical values (k/m)·α:
  //   α = 0.10: 0.01, 0.02, 0.03, 0.04, 0.05 …  → p(1..4) = .001 .012 .02 .04 all pass, p(5) = .3 fails: k = 4
  //   α = 0.05: 0.005, 0.010, 0.015 …            → only p(1) = .001 ≤ .005: k = 1
  //   α = 0.01: 0.001 …                          → p(1) = .001 ≤ .001 (equality passes): k = 1
  const p = [0.001, 0.012, 0.02, 0.04, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99];

  it('finds the largest p-value passing the step-up rule at each level', () => {
    expect(fdrCutoffs(p)).toEqual([0.04, 0.001, 0.001]);
  });

  it('bins by the highest level passed, signed by z', () => {
    const z = [3.3, 2.5, -2.3, 2.05, 1, 0.5, 0.3, 0.1, 0.06, 0.01];
    expect(Array.from(confidenceBins(z, p, true))).toEqual([3, 1, -1, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(confidenceBins(z, p, false))).toEqual([3, 2, -2, 2, 0, 0, 0, 0, 0, 0]);
  });

  it('is step-up: a rank that fails its own critical value is rescued by a larger passing rank', () => {
    // m = 4, α = 0.05: p(1) = .02 > .0125 fails, p(2) = .021 ≤ .025 passes, so both are significant.
    const q = [0.5, 0.021, 0.9, 0.02];
    expect(fdrCutoffs(q, [0.05])).toEqual([0.021]);
    expect(Array.from(confidenceBins([1, 2.3, 0, 2.33], q, true))).toEqual([0, 2, 0, 2]);
  });

  it('gives nothing when no rank passes', () => {
    expect(fdrCutoffs([0.2, 0.3, 0.4], [0.1])).toEqual([-1]);
  });

  it('ignores undefined p-values (NaN) in m and in the bins', () => {
    expect(fdrCutoffs([0.004, NaN], [0.01])).toEqual([0.004]);
    expect(Array.from(confidenceBins([NaN, 3], [NaN, 0.004], true))).toEqual([0, 3]);
  });
});
