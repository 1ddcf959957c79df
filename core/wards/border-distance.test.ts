import { describe, expect, it } from 'vitest';
import pointToLineDistance from '@turf/point-to-line-distance';
import { lineString } from '@turf/helpers';
import type { Polygon, Position } from 'geojson';
import { borderDistanceM, nearBorder, pointSegmentM } from './border-distance.ts';

const ring: Position[] = [[105.78, 21.05], [105.79, 21.05], [105.79, 21.06], [105.78, 21.06], [105.78, 21.05]];
const ward = { geometry: { type: 'Polygon', coordinates: [ring] } as Polygon };

describe('pointSegmentM', () => {
  it('measures across a meridian segment in the local frame', () => {
    // 0.0001° of longitude at 21.05° N on Turf's sphere: 111,195.08 · cos 21.05° · 1e-4 = 10.3775 m
    expect(pointSegmentM([105.7901, 21.055], [105.79, 21.05], [105.79, 21.06])).toBeCloseTo(10.3775, 3);
  });

  it('measures to the nearer end beyond the segment', () => {
    // 0.0001° of latitude: 11.1195 m
    expect(pointSegmentM([105.79, 21.0601], [105.79, 21.05], [105.79, 21.06])).toBeCloseTo(11.1195, 3);
  });
});

describe('borderDistanceM', () => {
  it('is the distance to the nearest ring, inside or outside', () => {
    expect(borderDistanceM([105.7899, 21.055], [ward])).toBeCloseTo(10.3775, 3); // inside, 0.0001° west of the east edge
    expect(borderDistanceM([105.785, 21.0499], [ward])).toBeCloseTo(11.1195, 3); // outside, 0.0001° south
    expect(borderDistanceM([0, 0], [])).toBe(Infinity);
  });

  it('agrees with Turf’s geodesic distance to 0.1 % at ward scale', () => {
    for (const p of [[105.7899, 21.055], [105.7812, 21.0577], [105.7995, 21.0661]] as Position[]) {
      const turf = pointToLineDistance(p, lineString(ring), { units: 'meters' });
      expect(Math.abs(borderDistanceM(p, [ward]) - turf) / turf).toBeLessThan(0.001);
    }
  });

  it('decides on_border with the same number', () => {
    expect(nearBorder([105.7899, 21.055], [ward], 10.3)).toBe(false);
    expect(nearBorder([105.7899, 21.055], [ward], 10.4)).toBe(true);
  });
});
