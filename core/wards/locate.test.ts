import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { polygonContains, wardAt, wardLocator } from './locate.ts';

const box = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const ward = (code: string, ...rings: number[][][]) => ({ code, geometry: { type: 'Polygon', coordinates: rings } as Polygon });
const A = ward('A', box(0, 0, 1, 1));
const B = ward('B', box(1, 0, 2, 1));
const ringed = ward('R', box(0, 2, 3, 5), box(1, 3, 2, 4)); // a hole in the middle

describe('wardLocator', () => {
  const locate = wardLocator([A, B, ringed]);
  it('finds the ward holding a point', () => {
    expect(locate(0.5, 0.5)).toBe(0);
    expect(locate(1.5, 0.5)).toBe(1);
    expect(locate(0.5, 3.5)).toBe(2);
  });

  it('gives a point on a shared border to the lower-indexed ward', () => {
    expect(locate(1, 0.5)).toBe(0);
  });

  it('counts the outer border as in, a hole as out', () => {
    expect(locate(2, 0.5)).toBe(1);
    expect(locate(1.5, 3.5)).toBe(-1);
    expect(locate(1, 3.5)).toBe(2); // on the hole's ring
    expect(locate(9, 9)).toBe(-1);
  });
});

describe('wardAt and polygonContains', () => {
  it('returns the first ward in the list that holds the point', () => {
    expect(wardAt([1, 0.5], [B, A])?.code).toBe('B');
    expect(wardAt([5, 5], [A, B])).toBeNull();
  });

  it('agrees with the locator', () => {
    expect(polygonContains(ringed.geometry.coordinates, 1.5, 3.5)).toBe(false);
    expect(polygonContains(ringed.geometry.coordinates, 0.5, 2.5)).toBe(true);
  });
});
