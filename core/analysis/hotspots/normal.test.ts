import { describe, expect, it } from 'vitest';
import { normalCdf, twoSidedP } from './normal.ts';

// Reference values: R 4.2 `pnorm` printed with 17 significant digits.
describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [-1, 0.15865525393145705],
    [-0.5, 0.30853753872598694],
    [-1.96, 0.024997895148220428],
    [-3, 0.0013498980316300946],
    [-5, 2.8665157187919391e-7],
    [-7, 1.2798125438858352e-12],
    [-10, 7.6198530241605269e-24],
    [1.959963984540054, 0.975],
  ])('Φ(%d) = %d to 1e-15 relative', (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(1e-15);
  });

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    for (const x of [0.1, 0.67, 0.7, 1.5, 2.5, 4, 5.6, 6]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });
});

describe('twoSidedP', () => {
  it('is 2·Φ(−|z|)', () => {
    expect(twoSidedP(1.96)).toBeCloseTo(0.049995790296440856, 16);
    expect(twoSidedP(-1.96)).toBeCloseTo(0.049995790296440856, 16);
    expect(twoSidedP(0)).toBe(1);
  });
  it('keeps tiny p-values of large z (no 1 − Φ cancellation)', () => {
    expect(twoSidedP(10) / (2 * 7.6198530241605269e-24)).toBeCloseTo(1, 14);
  });
  it('is NaN for an undefined z', () => {
    expect(twoSidedP(NaN)).toBeNaN();
  });
});
