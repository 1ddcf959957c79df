import { describe, expect, it } from 'vitest';
import { kinks, polygon } from '@turf/turf';
import type { Position } from 'geojson';
import { findSelfIntersection } from './self-intersection.ts';
import { validateGeometry } from './validate.ts';
import { circle, comb } from '../../test/fixtures/geometry/hostile-polygons.ts';

describe('self-intersection', () => {
  it('refuses the 24,001-vertex comb polygon (issue 15 #1: it ran the server out of heap)', () => {
    const issues = validateGeometry({ type: 'Polygon', coordinates: [comb(24_001)] }, ['Polygon']);
    expect(issues.map((i) => i.message).join()).toContain('intersects itself');
  });

  it('accepts a simple 100,000-vertex polygon', () => {
    expect(validateGeometry({ type: 'Polygon', coordinates: [circle(100_000)] }, ['Polygon'])).toEqual([]);
  });

  it('finds a bow-tie crossing at its centre', () => {
    const hit = findSelfIntersection([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]);
    expect(hit).toEqual({ kind: 'crossing', at: [1, 1] });
  });

  it('lets neighbouring edges share their vertex, including the closing one', () => {
    expect(findSelfIntersection([[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]])).toBeNull();
  });

  it('finds a hole crossing its outer ring', () => {
    const outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], hole = [[1, 1], [5, 1], [5, 2], [1, 2], [1, 1]];
    expect(findSelfIntersection([outer, hole])?.kind).toBe('crossing');
  });

  it('sweeps a serpentine of long horizontal strokes north–south, within a small budget', () => {
    const ring: Position[] = [];
    for (let j = 0; j < 2000; j++) ring.push(j % 2 === 0 ? [0, j] : [100, j], j % 2 === 0 ? [100, j] : [0, j]);
    ring.push([-1, 1999], [-1, -1], ring[0]);
    expect(findSelfIntersection([ring], 50_000)).toBeNull();
  });

  it('refuses, rather than grinds through, a shape whose edges all overlap along both axes', () => {
    // A square spiral turned 45° (vertices on the axes): out along one arm, back along a parallel one between the
    // turns. Simple, but every edge's box overlaps most others'.
    const at = (i: number, dr: number): Position => {
      const r = 1 + i * 0.01 - dr, t = (i * Math.PI) / 2;
      return [r * Math.cos(t), r * Math.sin(t)];
    };
    const ring: Position[] = [];
    for (let i = 0; i < 1000; i++) ring.push(at(i, 0));
    for (let i = 999; i >= 0; i--) ring.push(at(i, 0.02));
    ring.push(ring[0]);
    expect(findSelfIntersection([ring], 1e9)).toBeNull();
    expect(findSelfIntersection([ring], 100_000)).toEqual({ kind: 'too-intricate', budget: 100_000 });
  });

  it('agrees with Turf kinks() on 300 small random polygons', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let n = 0; n < 300; n++) {
      const ring: Position[] = [];
      const size = 4 + Math.floor(rand() * 8);
      for (let i = 0; i < size; i++) ring.push([Math.round(rand() * 20), Math.round(rand() * 20)]);
      ring.push(ring[0]);
      const expected = kinks(polygon([ring])).features.length > 0;
      expect(findSelfIntersection([ring])?.kind === 'crossing', JSON.stringify(ring)).toBe(expected);
    }
  });
});
