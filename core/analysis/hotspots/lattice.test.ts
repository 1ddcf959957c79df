import { describe, expect, it } from 'vitest';
import { giStar, giStarFromSums } from './gi-star.ts';
import { incrementalMoran, moranFromPairs } from './incremental-moran.ts';
import { lattice, latticeNeighbourSums, latticePairs } from './lattice.ts';
import { tessellation, type GridKind } from './tessellation.ts';

/** A ragged set of cells (some missing) with uneven counts, on either grid. */
function cells(kind: GridKind, size: number) {
  const tess = tessellation(kind, size);
  const keys: number[] = [];
  const values: number[] = [];
  for (let a = -12; a <= 12; a++) {
    for (let b = -12; b <= 12; b++) {
      const v = (a * 7 + b * 13 + 400) % 11;
      if (v === 3) continue; // a hole
      keys.push(tess.key(a, b));
      values.push(v + (Math.abs(a - 3) + Math.abs(b + 2) < 4 ? 20 : 0));
    }
  }
  const xs = Float64Array.from(keys, (k) => tess.centre(k)[0]);
  const ys = Float64Array.from(keys, (k) => tess.centre(k)[1]);
  return { tess, keys, values, xs, ys };
}

describe.each(['hexagon', 'fishnet'] as const)('lattice neighbour search on a %s grid', (kind) => {
  const { tess, keys, values, xs, ys } = cells(kind, 250);
  const lat = lattice(tess, keys)!;

  it.each([250, 433.02, 500, 730, 1000])('gives the same Gi* as the distance search at band %d m (bands on lattice distances included)', (band) => {
    const viaDistance = giStar(xs, ys, values, band);
    const { sums, counts } = latticeNeighbourSums(tess, lat, values, band);
    const viaLattice = giStarFromSums(values, sums, counts);
    expect(Array.from(viaLattice.neighbours)).toEqual(Array.from(viaDistance.neighbours));
    viaLattice.z.forEach((z, i) => expect(Math.abs(z - viaDistance.z[i])).toBeLessThan(1e-12));
  });

  it('gives the same Moran’s I series as the distance search', () => {
    const cutoffs = [250.001, 500.001, 750.001, 1000.001, 1250.001];
    const a = incrementalMoran(xs, ys, values, cutoffs);
    const b = moranFromPairs(values, cutoffs, latticePairs(tess, lat, cutoffs));
    a.forEach((band, i) => {
      expect(b[i].n).toBe(band.n);
      expect(Math.abs(b[i].I - band.I)).toBeLessThan(1e-12);
      expect(Math.abs(b[i].z - band.z)).toBeLessThan(1e-9);
    });
  });
});

describe('lattice table', () => {
  it('declines a range too sparse to tabulate', () => {
    const tess = tessellation('fishnet', 10);
    expect(lattice(tess, [tess.key(0, 0), tess.key(100_000, 100_000)])).toBeNull();
  });
});
