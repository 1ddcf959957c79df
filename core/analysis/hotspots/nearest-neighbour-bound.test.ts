import { describe, expect, it } from 'vitest';
import { cellSizeFromNearestNeighbours, chooseCellSize } from './cell-size.ts';
import { extentOf, median, uniqueLocationInfo } from './location-info.ts';
import { distinctLowerBound, meanBound, medianBelow } from './nearest-neighbour-bound.ts';

function lcg(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Points of several kinds: uniform, clusters of different spread with copies, and a hexagonal lattice (densest packing: the bounds' worst case). */
function pattern(kind: 'uniform' | 'clustered' | 'lattice', n: number, seed: number) {
  const r = lcg(seed);
  const xs = new Float64Array(n), ys = new Float64Array(n);
  const side = Math.ceil(Math.sqrt(n));
  for (let i = 0; i < n; i++) {
    if (kind === 'uniform') { xs[i] = r() * 20_000; ys[i] = r() * 12_000; }
    else if (kind === 'lattice') { xs[i] = (i % side) * 100 + (Math.floor(i / side) % 2) * 50; ys[i] = Math.floor(i / side) * 50 * Math.sqrt(3); }
    else if (i > 0 && r() < 0.1) { const j = Math.floor(r() * i); xs[i] = xs[j]; ys[i] = ys[j]; }
    else {
      const c = Math.floor(r() * 4), s = [30, 300, 3000, 20_000][c];
      xs[i] = 5000 + c * 1000 + (r() - 0.5) * s; ys[i] = 4000 + (r() - 0.5) * s;
    }
  }
  return { xs, ys };
}

/** Every distinct location's nearest-neighbour distance, measured. */
function nearestDistances(xs: Float64Array, ys: Float64Array): Float64Array {
  const seen = new Set<string>();
  const ux: number[] = [], uy: number[] = [];
  xs.forEach((x, i) => { const k = `${x},${ys[i]}`; if (!seen.has(k)) { seen.add(k); ux.push(x); uy.push(ys[i]); } });
  return Float64Array.from(ux, (x, i) => {
    let best = Infinity;
    for (let j = 0; j < ux.length; j++) if (j !== i) best = Math.min(best, Math.hypot(ux[j] - x, uy[j] - uy[i]));
    return best;
  });
}

describe('packing bounds of nearest-neighbour distances', () => {
  it.each([
    ['uniform', 2000, 1], ['uniform', 50, 2], ['clustered', 3000, 3], ['clustered', 400, 4], ['lattice', 2500, 5], ['lattice', 30, 6],
  ] as const)('hold for %s points (n = %i)', (kind, n, seed) => {
    const { xs, ys } = pattern(kind, n, seed);
    const nn = nearestDistances(xs, ys);
    const { minX, minY, maxX, maxY } = extentOf(xs, ys);
    const w = maxX - minX, h = maxY - minY;
    const m = distinctLowerBound(xs, ys, minX, minY, w, h);
    expect(m).toBeLessThanOrEqual(nn.length);
    expect(m).toBeGreaterThan(0);
    const mean = nn.reduce((s, d) => s + d, 0) / nn.length;
    expect(meanBound(w, h, m)).toBeGreaterThanOrEqual(mean);
    expect(meanBound(w, h, nn.length)).toBeGreaterThanOrEqual(mean);
    const med = median(Float64Array.from(nn).sort());
    // The smallest t the bound certifies, found by bisection, is above the true median.
    let lo = 0, hi = Math.hypot(w, h) * 4;
    for (let k = 0; k < 60; k++) { const t = (lo + hi) / 2; if (medianBelow(w, h, nn.length, t)) hi = t; else lo = t; }
    expect(hi).toBeGreaterThan(med);
    // On a lattice the mean bound is within a small factor of the truth (it is tight up to constants).
    if (kind === 'lattice' && n > 1000) expect(meanBound(w, h, nn.length) / mean).toBeLessThan(3);
  });
});

describe('automatic cell size without the nearest-neighbour pass', () => {
  it('gives the size and rule of the full method whenever it skips the pass, and skips it on large sets', () => {
    let skipped = 0;
    for (const [kind, n, maxCells] of [['uniform', 40_000, 1000], ['uniform', 40_000, 2000], ['uniform', 40_000, 200_000], ['clustered', 30_000, 300], ['clustered', 30_000, 50_000], ['lattice', 20_000, 500], ['lattice', 20_000, 20_000], ['uniform', 3000, 10_000]] as const) {
      for (const grid of ['hexagon', 'fishnet'] as const) {
        const { xs, ys } = pattern(kind, n, n + maxCells);
        const quick = chooseCellSize(xs, ys, grid, maxCells);
        const full = cellSizeFromNearestNeighbours(xs, ys, grid, maxCells);
        expect([quick.size, quick.rule]).toEqual([full.size, full.rule]);
        if (quick.locationalOutliers === null) skipped++;
        else expect(quick).toEqual(full);
      }
    }
    expect(skipped).toBeGreaterThanOrEqual(6);
  });
  it('measures the distances when they may decide (few incidents)', () => {
    const { xs, ys } = pattern('uniform', 3000, 9);
    const choice = chooseCellSize(xs, ys, 'hexagon');
    expect(choice.rule).toBe('nearest-neighbour');
    expect(choice.locationalOutliers).toBe(uniqueLocationInfo(xs, ys).outliers);
  });
});
