import { describe, expect, it } from 'vitest';
import { chooseCellSize, MIN_CELL_M } from './cell-size.ts';
import { locationInfo, median, uniqueLocationInfo, uniqueLocations } from './location-info.ts';

function lattice(nx: number, ny: number, step: number) {
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) { xs.push(i * step); ys.push(j * step); }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys) };
}

describe('nearest-neighbour description of locations', () => {
  it('counts coincident incidents once', () => {
    const u = uniqueLocations(Float64Array.from([0, 0, 5, 0]), Float64Array.from([1, 1, 1, 2]));
    expect(u.xs.length).toBe(3);
  });
  it('finds the lattice spacing, no outliers, and recognises a regular lattice', () => {
    const { xs, ys } = lattice(10, 10, 100);
    expect(locationInfo(xs, ys)).toMatchObject({ uniqueCount: 100, outliers: 0, mean: 100, median: 100, threshold: 100, regular: true });
  });
  it('drops a far point as a locational outlier (NN z ≥ 3)', () => {
    const { xs, ys } = lattice(10, 10, 100);
    const info = locationInfo(Float64Array.from([...xs, 20000]), Float64Array.from([...ys, 0]));
    expect(info.outliers).toBe(1);
    expect(info.mean).toBe(100);
    expect(info.threshold).toBe(100);
  });
});

describe('unique locations and their nearest neighbours in one pass', () => {
  it('gives exactly what the two steps give, coincident incidents and outliers included', () => {
    let seed = 3;
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (const n of [0, 1, 2, 7, 500, 20_000]) {
      const xs = new Float64Array(n), ys = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const j = i > 3 && r() < 0.2 ? Math.floor(r() * i) : -1; // every fifth a copy of an earlier location
        xs[i] = j >= 0 ? xs[j] : (r() < 0.01 ? 50_000 : 0) + r() * 3000;
        ys[i] = j >= 0 ? ys[j] : r() * 2000;
      }
      const u = uniqueLocations(xs, ys);
      expect(uniqueLocationInfo(xs, ys)).toEqual(locationInfo(u.xs, u.ys));
    }
  });
});

/** The description by definition: every pair of distinct locations compared (O(n²)). */
function bruteForceInfo(xs: Float64Array, ys: Float64Array) {
  const ux: number[] = [], uy: number[] = [];
  for (let i = 0; i < xs.length; i++) if (!ux.some((x, u) => x === xs[i] && uy[u] === ys[i])) { ux.push(xs[i]); uy.push(ys[i]); }
  const nn = ux.map((x, i) => {
    let best = Infinity;
    for (let j = 0; j < ux.length; j++) if (j !== i) best = Math.min(best, Math.sqrt((ux[j] - x) ** 2 + (uy[j] - uy[i]) ** 2));
    return best;
  });
  const mean0 = nn.reduce((s, d) => s + d, 0) / nn.length;
  const sd = Math.sqrt(nn.reduce((s, d) => s + (d - mean0) ** 2, 0) / nn.length);
  const kept = Float64Array.from(nn.filter((d) => !(sd > 0 && (d - mean0) / sd >= 3))).sort();
  return { uniqueCount: ux.length, outliers: nn.length - kept.length, mean: kept.reduce((s, d) => s + d, 0) / kept.length, median: median(kept), threshold: kept[kept.length - 1] };
}

describe('nearest neighbours found through the bucket grid', () => {
  // Clusters of very different spread (so buckets hold from none to dozens of points), copies of
  // earlier locations, points on bucket edges (whole metres on a whole-metre grid) and far outliers.
  function pattern(n: number, seed: number) {
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const xs = new Float64Array(n), ys = new Float64Array(n);
    const centres = [[500, 500, 5], [2500, 1500, 60], [1200, 1800, 400]];
    for (let i = 0; i < n; i++) {
      const kind = r();
      if (i > 3 && kind < 0.15) {
        const j = Math.floor(r() * i);
        xs[i] = xs[j]; ys[i] = ys[j];
      } else if (kind < 0.2) {
        xs[i] = Math.round(r() * 3000); ys[i] = Math.round(r() * 2000);
      } else if (kind < 0.21) {
        xs[i] = 40_000 + r() * 1000; ys[i] = r() * 30_000;
      } else {
        const [cx, cy, s] = centres[Math.floor(r() * 3)];
        xs[i] = cx + (r() - 0.5) * s; ys[i] = cy + (r() - 0.5) * s;
      }
    }
    return { xs, ys };
  }
  it('give the same distances, outliers, mean and median as comparing every pair', () => {
    for (const [n, seed] of [[2, 1], [3, 2], [60, 3], [700, 4], [2500, 5]]) {
      const { xs, ys } = pattern(n, seed);
      const info = uniqueLocationInfo(xs, ys);
      const brute = bruteForceInfo(xs, ys);
      // Each distance is the same number; the sums may differ in the last bit with their order.
      expect(info.uniqueCount).toBe(brute.uniqueCount);
      expect(info.outliers).toBe(brute.outliers);
      expect(info.median).toBe(brute.median);
      expect(info.threshold).toBe(brute.threshold);
      expect(info.mean).toBeCloseTo(brute.mean, 9);
    }
  });
  it('give the same automatic cell size as comparing every pair', () => {
    for (const seed of [11, 12, 13]) {
      const { xs, ys } = pattern(1500, seed);
      // 30 times larger, so that twice the mean distance exceeds the 50 m minimum
      for (let i = 0; i < xs.length; i++) { xs[i] *= 30; ys[i] *= 30; }
      const brute = bruteForceInfo(xs, ys);
      const choice = chooseCellSize(xs, ys, 'hexagon', 1e12);
      expect(choice.rule).toBe('nearest-neighbour');
      expect(choice.size).toBe(Math.ceil(2 * Math.max(brute.mean, brute.median)));
    }
  });
});

describe('automatic cell size', () => {
  it('is twice the nearest-neighbour distance', () => {
    const { xs, ys } = lattice(30, 30, 100);
    expect(chooseCellSize(xs, ys, 'hexagon')).toMatchObject({ size: 200, rule: 'nearest-neighbour' });
  });
  it('is at most 10 % of the largest extent', () => {
    const { xs, ys } = lattice(5, 5, 100); // extent 400 m → cap 40 m, then the 50 m minimum
    expect(chooseCellSize(xs, ys, 'hexagon')).toMatchObject({ size: MIN_CELL_M, rule: 'minimum' });
    const wide = lattice(6, 2, 1000); // NN 1000 → 2000, extent 5000 → cap 500
    expect(chooseCellSize(wide.xs, wide.ys, 'hexagon')).toMatchObject({ size: 500, rule: 'max-extent' });
  });
  it('grows so the grid over the extent stays within maxCells', () => {
    const { xs, ys } = lattice(30, 30, 100); // 2900 m square: 100 hexagons need s ≥ √(2900²/(100·√3/2)) = 311.6
    expect(chooseCellSize(xs, ys, 'hexagon', 100)).toMatchObject({ size: 312, rule: 'max-cells' });
    expect(chooseCellSize(xs, ys, 'fishnet', 100)).toMatchObject({ size: 290, rule: 'max-cells' });
  });
});
