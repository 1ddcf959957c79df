import { describe, expect, it } from 'vitest';
import { destination, point, polygon } from '@turf/turf';
import type { Position } from 'geojson';
import { borderGaps } from './gaps.ts';

const O: Position = [105.78, 21.05];
const at = (from: Position, km: number, bearing: number) => destination(from, km, bearing).geometry.coordinates;
// Ward A: 1 km square with its south-west corner at O; ward B: the square east of it, sharing A's east edge vertex for vertex.
const SE = at(O, 1, 90), NW = at(O, 1, 0), NE: Position = [SE[0], NW[1]];
const SE2 = at(SE, 1, 90), NE2: Position = [SE2[0], NE[1]];
const wardA = polygon([[O, SE, NE, NW, O]], { code: 'A', name: 'Phường A', district: 'Q1' });
const wardB = polygon([[SE, SE2, NE2, NE, SE]], { code: 'B', name: 'Phường B', district: 'Q1' });
const cp = (p: Position, status = 'active') => point(p, { name: 'Chốt', status });
const lengths = (fc: ReturnType<typeof borderGaps>) => fc.features.map((f) => Math.round(f.properties.length_m));

describe('borderGaps on one 1 km square ward', () => {
  it('reports the whole 4 km border as one district-border gap when there is no checkpoint', () => {
    const out = borderGaps([wardA], [], { distanceM: 300 });
    expect(lengths(out)).toEqual([4000]);
    expect(out.features[0].properties).toMatchObject({ ward_codes: ['A'], border: 'district' });
  });

  it('leaves 4000 − 2·300 = 3400 m uncovered with a 300 m checkpoint on the first vertex', () => {
    const out = borderGaps([wardA], [cp(O)], { distanceM: 300 });
    expect(out.features).toHaveLength(1);
    expect(Math.abs(out.features[0].properties.length_m - 3400)).toBeLessThan(1);
    // The gap starts and ends 300 m from the corner, on the two edges that meet there.
    const coords = out.features[0].geometry.coordinates;
    expect(destinationError(coords[0], at(O, 0.3, 90))).toBeLessThan(0.5);
    expect(destinationError(coords[coords.length - 1], at(O, 0.3, 0))).toBeLessThan(0.5);
  });

  it('joins the stretch that runs through the ring’s first vertex (checkpoint on the opposite corner)', () => {
    const out = borderGaps([wardA], [cp(NE)], { distanceM: 300 });
    expect(out.features).toHaveLength(1);
    expect(Math.abs(out.features[0].properties.length_m - 3400)).toBeLessThan(1);
  });

  it('splits the border around a checkpoint on the middle of an edge: 4000 − 2·200 = 3600 m', () => {
    const mid = at(O, 0.5, 90);
    const out = borderGaps([wardA], [cp(mid)], { distanceM: 200 });
    expect(out.features).toHaveLength(1);
    expect(Math.abs(out.features[0].properties.length_m - 3600)).toBeLessThan(1);
  });

  it('ignores checkpoints that are not active, unless told otherwise', () => {
    expect(lengths(borderGaps([wardA], [cp(O, 'planned')], { distanceM: 300 }))).toEqual([4000]);
    expect(lengths(borderGaps([wardA], [cp(O, 'planned')], { distanceM: 300, checkpointStatuses: null }))).toEqual([3400]);
  });

  it('drops stretches shorter than minLengthM', () => {
    expect(borderGaps([wardA], [cp(O)], { distanceM: 300, minLengthM: 3500 }).features).toEqual([]);
  });
});

describe('borderGaps on two wards that share an edge', () => {
  it('reports the shared edge once, with both ward codes, as a ward border', () => {
    const out = borderGaps([wardA, wardB], [], { distanceM: 300 });
    const props = out.features.map((f) => ({ ...f.properties, length_m: Math.round(f.properties.length_m) }));
    const byCodes = [...props].sort((a, b) => a.ward_codes.join().localeCompare(b.ward_codes.join()));
    expect(byCodes).toEqual([
      { length_m: 3000, ward_codes: ['A'], border: 'district' },
      { length_m: 1000, ward_codes: ['A', 'B'], border: 'ward' },
      { length_m: 3000, ward_codes: ['B'], border: 'district' },
    ]);
    expect(props.map((p) => p.length_m)).toEqual([3000, 3000, 1000]);
  });

  it('calls the shared edge a district border when the wards are in different districts', () => {
    const other = { ...wardB, properties: { ...wardB.properties, district: 'Q2' } };
    const shared = borderGaps([wardA, other], [], { distanceM: 300 }).features.find((f) => f.properties.ward_codes.length === 2);
    expect(shared?.properties.border).toBe('district');
  });

  it('cuts the shared edge around a checkpoint at its middle into two 300 m stretches', () => {
    const mid = at(SE, 0.5, 0);
    const out = borderGaps([wardA, wardB], [cp(mid)], { distanceM: 200 });
    expect(lengths(out)).toEqual([3000, 3000, 300, 300]);
    expect(out.features[2].properties.ward_codes).toEqual(['A', 'B']);
  });
});

function destinationError(a: Position, b: Position): number {
  const dy = (a[1] - b[1]) * 111195;
  const dx = (a[0] - b[0]) * 111195 * Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot(dx, dy);
}
