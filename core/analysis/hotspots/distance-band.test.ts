import { describe, expect, it } from 'vitest';
import { bandCutoffs, chooseDistanceBand, FIRST_BANDS } from './distance-band.ts';
import { incrementalMoran, moranFromPairs, peaks } from './incremental-moran.ts';
import { countByCell, tessellation } from './tessellation.ts';
import { lattice, latticePairs } from './lattice.ts';

/** Grid-cell counts of clustered points: clusters of different spread over a noisy background. */
function cellCounts(seed: number, spreads: number[], background: number, perCluster: number) {
  const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < background; i++) { xs.push(r() * 20_000); ys.push(r() * 15_000); }
  for (const s of spreads) {
    const cx = r() * 20_000, cy = r() * 15_000;
    for (let i = 0; i < perCluster; i++) { xs.push(cx + (r() + r() + r() - 1.5) * s); ys.push(cy + (r() + r() + r() - 1.5) * s); }
  }
  const tess = tessellation('hexagon', 400);
  const counts = countByCell(tess, Float64Array.from(xs), Float64Array.from(ys));
  const keys = [...counts.keys()];
  return {
    tess,
    keys,
    values: Float64Array.from(counts.values()),
    cx: Float64Array.from(keys, (k) => tess.centre(k)[0]),
    cy: Float64Array.from(keys, (k) => tess.centre(k)[1]),
  };
}

describe('automatic distance band from the first bands alone', () => {
  // Clusters about two cells across peak at the second band; wider ones at the fourth; two very
  // different ones over little background give no peak (the k-nearest fallback).
  it.each([
    ['early peak', 1, Array(8).fill(800), 20_000, 500],
    ['late peak', 1, [1500, 1500, 1500], 20_000, 2000],
    ['no peak', 2, [3000, 300], 10_000, 2000],
  ])('chooses what the full ten-band series chooses (%s)', (_, seed, spreads, background, perCluster) => {
    const { tess, keys, values, cx, cy } = cellCounts(seed, spreads, background, perCluster);
    const cutoffs = bandCutoffs(cx, cy);
    const lat = lattice(tess, keys)!;
    const viaLattice = (cuts: number[]) => latticePairs(tess, lat, cuts);
    for (const pairs of [undefined, viaLattice]) {
      const full = pairs ? moranFromPairs(values, cutoffs, pairs(cutoffs)) : incrementalMoran(cx, cy, values, cutoffs);
      const { first, max } = peaks(full.map((b) => b.z));
      const choice = chooseDistanceBand(cx, cy, values, pairs);
      // Each band computed is the full series' band, number for number.
      expect(choice.series).toEqual(full.slice(0, choice.series.length));
      expect(choice.series.length).toBe(first !== null && first < FIRST_BANDS - 1 ? FIRST_BANDS : cutoffs.length);
      if (first !== null) expect(choice).toMatchObject({ source: 'first-peak', distance: Math.ceil(full[first].distance * 100 - 1e-9) / 100 });
      else if (max !== null) expect(choice.source).toBe('max-peak');
      else expect(choice.source).toBe('k-nearest');
    }
  });
});
