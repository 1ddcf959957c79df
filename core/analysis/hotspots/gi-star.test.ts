import { describe, expect, it } from 'vitest';
import { giStar } from './gi-star.ts';
import { twoSidedP } from './normal.ts';
import { confidenceBins } from './significance.ts';

// PySAL esda G_Local doctest data: DistanceBand(threshold=15), y below.
const xs = Float64Array.from([10, 20, 40, 15, 30, 30]);
const ys = Float64Array.from([10, 10, 10, 20, 20, 30]);
const y = [2, 3, 3.2, 5, 8, 7];

describe('Gi* (binary weights, self included)', () => {
  it('matches PySAL G_Local(transform="B", star=True) z-scores within 1e-6', () => {
    const expected = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331];
    const { z } = giStar(xs, ys, y, 15);
    expected.forEach((e, i) => expect(Math.abs(z[i] - e)).toBeLessThan(1e-6));
  });

  it('counts neighbours within the band including the feature itself', () => {
    // Pairs within 15: (10,10)–(20,10) 10, (10,10)–(15,20) 11.2, (20,10)–(15,20) 11.2, (20,10)–(30,20) 14.1,
    // (40,10)–(30,20) 14.1, (15,20)–(30,20) exactly 15, (30,20)–(30,30) 10.
    expect(Array.from(giStar(xs, ys, y, 15).neighbours)).toEqual([3, 4, 2, 4, 5, 2]);
  });

  it('gives two-sided p-values and bins as ArcGIS: only the last is significant (95 %), none after FDR', () => {
    const { z } = giStar(xs, ys, y, 15);
    const p = z.map(twoSidedP);
    [0.1623, 0.7724, 0.5153, 0.7724, 0.217, 0.0429].forEach((e, i) => expect(p[i]).toBeCloseTo(e, 4));
    expect(Array.from(confidenceBins(z, p, false))).toEqual([0, 0, 0, 0, 0, 2]);
    expect(Array.from(confidenceBins(z, p, true))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('includes a neighbour exactly at the band distance', () => {
    expect(giStar(xs, ys, y, 10).neighbours[0]).toBe(2);
  });

  it('is undefined (NaN) where the neighbourhood is the whole set', () => {
    const { z } = giStar(xs, ys, y, 1000);
    expect(Array.from(z).every(Number.isNaN)).toBe(true);
  });
});
