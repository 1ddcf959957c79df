import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon, centerOfMass, pointToLineDistance, polygonToLine } from '@turf/turf';
import type { Feature, LineString, MultiLineString, Polygon, Position } from 'geojson';
import { labelPoint } from './label-point.ts';

const poly = (rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
/** Distance in metres from `p` to the polygon's outline (every ring). */
function toOutline(p: Position, g: Polygon): number {
  const lines = polygonToLine(g) as Feature<LineString | MultiLineString>;
  const parts = lines.geometry.type === 'LineString' ? [lines.geometry.coordinates] : lines.geometry.coordinates;
  return Math.min(...parts.map((c) => pointToLineDistance(p, { type: 'LineString', coordinates: c }, { units: 'meters' })));
}

// An L-shaped ward in Hanoi, arms 0.01° long and 0.004° wide: its centre of mass lies inside,
// about 13 m from the inner corner, so a name written there sat on the border.
const L = poly([[[105.8, 21.0], [105.81, 21.0], [105.81, 21.004], [105.804, 21.004], [105.804, 21.01], [105.8, 21.01], [105.8, 21.0]]]);

describe('labelPoint', () => {
  it('puts the label well inside an L-shaped ward, not at its inner corner as the centre of mass did', () => {
    const com = centerOfMass(L).geometry.coordinates;
    expect(booleanPointInPolygon(com, L)).toBe(true);
    expect(toOutline(com, L)).toBeLessThan(20);
    const at = labelPoint(L)!;
    expect(booleanPointInPolygon(at, L)).toBe(true);
    // the widest circle inside fits in the corner, ~245 m from the outline; an arm's middle is ~210 m
    expect(toOutline(at, L)).toBeGreaterThan(200);
  });

  it('keeps out of a hole: a ring around a quarantined block is labelled on the ring', () => {
    const ring = poly([
      [[105.8, 21.0], [105.81, 21.0], [105.81, 21.01], [105.8, 21.01], [105.8, 21.0]],
      [[105.802, 21.002], [105.808, 21.002], [105.808, 21.008], [105.802, 21.008], [105.802, 21.002]],
    ]);
    const at = labelPoint(ring)!;
    expect(booleanPointInPolygon(at, ring)).toBe(true);
    expect(toOutline(at, ring)).toBeGreaterThan(90);
  });

  it('labels a multipolygon on its largest part', () => {
    const small: Position[][] = [[[106.0, 21.0], [106.001, 21.0], [106.001, 21.001], [106.0, 21.001], [106.0, 21.0]]];
    const big: Position[][] = [[[105.8, 21.0], [105.82, 21.0], [105.82, 21.02], [105.8, 21.02], [105.8, 21.0]]];
    const at = labelPoint({ type: 'MultiPolygon', coordinates: [small, big] })!;
    expect(at[0]).toBeCloseTo(105.81, 3);
    expect(at[1]).toBeCloseTo(21.01, 3);
  });

  it('measures on the ground: a square in degrees is labelled at its middle, a long rectangle along its axis', () => {
    const at = labelPoint(poly([[[105.8, 21.0], [105.84, 21.0], [105.84, 21.01], [105.8, 21.01], [105.8, 21.0]]]))!;
    expect(at[1]).toBeCloseTo(21.005, 4);
    expect(at[0]).toBeGreaterThan(105.805);
    expect(at[0]).toBeLessThan(105.835);
    // A right triangle three times wider than tall: measured in degrees (no scaling) its pole lies
    // ~435 m from the outline on the ground; measured on the ground, ~459 m.
    const tri = poly([[[105.8, 21], [105.83, 21], [105.8, 21.01], [105.8, 21]]]);
    expect(toOutline(labelPoint(tri)!, tri)).toBeGreaterThan(450);
  });

  it('has nothing to label on points, lines, empty or degenerate areas', () => {
    expect(labelPoint(null)).toBeNull();
    expect(labelPoint({ type: 'Point', coordinates: [105.8, 21] })).toBeNull();
    expect(labelPoint({ type: 'LineString', coordinates: [[105.8, 21], [105.9, 21]] })).toBeNull();
    expect(labelPoint({ type: 'Polygon', coordinates: [] })).toBeNull();
    expect(labelPoint({ type: 'MultiPolygon', coordinates: [] })).toBeNull();
  });
});
