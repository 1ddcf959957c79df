import { describe, expect, it } from 'vitest';
import { chooseCellSize, MIN_CELL_M } from './cell-size.ts';
import { locationInfo, uniqueLocations } from './location-info.ts';

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
