import { describe, expect, it } from 'vitest';
import { area, booleanClockwise, booleanValid } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { differenceAreas, intersectAreas, unionAreas } from './polygon-ops.ts';
import { dissolveFeatures } from './dissolve.ts';

/** An axis-aligned lon/lat box, counter-clockwise. */
const box = (w: number, s: number, e: number, n: number): Polygon => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const reversed = (p: Polygon): Polygon => ({ type: 'Polygon', coordinates: p.coordinates.map((r) => [...r].reverse()) });
const rel = (a: number, b: number) => Math.abs(a - b) / b;
const A = box(105.78, 21.05, 105.79, 21.06);

describe('unionAreas', () => {
  it('merges two boxes that share an edge into one polygon with the summed area', () => {
    const B = box(105.79, 21.05, 105.8, 21.06);
    const u = unionAreas([A, B])!;
    expect(u.type).toBe('Polygon');
    expect(rel(area(u), area(A) + area(B))).toBeLessThan(1e-4);
  });

  it('reads a clockwise exterior as an exterior, and writes RFC 7946 winding', () => {
    const u = unionAreas([reversed(A)]) as Polygon;
    expect(rel(area(u), area(A))).toBeLessThan(1e-6);
    expect(booleanClockwise(u.coordinates[0])).toBe(false);
  });

  it('keeps an island inside a hole as a separate polygon, not as a hole', () => {
    const ring: Polygon = { type: 'Polygon', coordinates: [box(105.7, 21.0, 105.8, 21.1).coordinates[0], [...box(105.72, 21.02, 105.78, 21.08).coordinates[0]].reverse()] };
    const island = box(105.74, 21.04, 105.76, 21.06);
    const u = unionAreas([ring, island])!;
    expect(u.type).toBe('MultiPolygon');
    expect(u.type === 'MultiPolygon' && u.coordinates.map((p) => p.length).sort()).toEqual([1, 2]);
    expect(rel(area(u), area(ring) + area(island))).toBeLessThan(1e-4);
    expect(booleanValid(u)).toBe(true);
  });

  it('fills a hole that another area covers', () => {
    const withHole: Polygon = { type: 'Polygon', coordinates: [box(105.7, 21.0, 105.8, 21.1).coordinates[0], [...box(105.72, 21.02, 105.78, 21.08).coordinates[0]].reverse()] };
    const u = unionAreas([withHole, box(105.71, 21.01, 105.79, 21.09)]) as Polygon;
    expect(u.coordinates).toHaveLength(1);
  });

  it('keeps 400 separate boxes as 400 polygons', () => {
    const boxes: Polygon[] = [];
    for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) boxes.push(box(105.7 + i * 0.002, 21.0 + j * 0.002, 105.701 + i * 0.002, 21.001 + j * 0.002));
    const u = unionAreas(boxes)!;
    expect(u.type === 'MultiPolygon' && u.coordinates.length).toBe(400);
    expect(rel(area(u), boxes.reduce((s, b) => s + area(b), 0))).toBeLessThan(1e-4);
  });

  it('returns null for nothing', () => {
    expect(unionAreas([])).toBeNull();
  });
});

describe('intersectAreas and differenceAreas', () => {
  const B = box(105.785, 21.055, 105.795, 21.065); // overlaps a quarter of A

  it('intersects to the overlap', () => {
    expect(rel(area(intersectAreas([A], [B])!), area(box(105.785, 21.055, 105.79, 21.06)))).toBeLessThan(1e-4);
    expect(intersectAreas([A], [box(106, 22, 106.1, 22.1)])).toBeNull();
  });

  it('cuts a hole when the subtracted area lies inside, wound clockwise', () => {
    const inner = box(105.782, 21.052, 105.788, 21.058);
    const d = differenceAreas([A], [inner]) as Polygon;
    expect(d.coordinates).toHaveLength(2);
    expect(booleanClockwise(d.coordinates[1] as Position[])).toBe(true);
    expect(rel(area(d), area(A) - area(inner))).toBeLessThan(1e-4);
  });

  it('leaves three quarters of A when B is taken away, and nothing when A is taken from itself', () => {
    expect(rel(area(differenceAreas([A], [B])!), area(A) * 0.75)).toBeLessThan(2e-3);
    expect(differenceAreas([A], [A])).toBeNull();
  });
});

describe('dissolveFeatures', () => {
  const f = (g: Polygon, district: string) => ({ type: 'Feature' as const, properties: { district }, geometry: g });
  it('dissolves wards into one area per district, counting the wards', () => {
    const out = dissolveFeatures([f(A, 'BTL'), f(box(105.79, 21.05, 105.8, 21.06), 'BTL'), f(box(105.7, 21.0, 105.71, 21.01), 'NTL')], 'district');
    expect(out.features.map((x) => [x.properties.group, x.properties.count, x.geometry.type])).toEqual([
      ['BTL', 2, 'Polygon'],
      ['NTL', 1, 'Polygon'],
    ]);
  });

  it('dissolves everything into one area without a property, ignoring points', () => {
    const out = dissolveFeatures([f(A, 'x'), { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [105, 21] } }]);
    expect(out.features.map((x) => x.properties)).toEqual([{ group: null, count: 1 }]);
  });
});
