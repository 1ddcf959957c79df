import { describe, expect, it } from 'vitest';
import { chooseCellSize, MIN_CELL_M } from './cell-size.ts';
import { locationInfo, uniqueLocationInfo, uniqueLocations } from './location-info.ts';

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
