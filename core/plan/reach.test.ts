import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineM } from '../geometry/measure.ts';
import { EARTH_RADIUS_M, RAD } from '../geometry/units.ts';
import type { AnyFeature } from './derive.ts';
import { PLAN_REACH_M, reachBoxes, withinReach } from './reach.ts';

const point = (c: number[], id: number): AnyFeature => ({ type: 'Feature', id, properties: {}, geometry: { type: 'Point', coordinates: c } });
/** The point `m` metres from `at` on bearing `deg` (great circle). */
function destination(at: number[], m: number, deg: number): number[] {
  const d = m / EARTH_RADIUS_M, b = deg * RAD, la = at[1] * RAD, lo = at[0] * RAD;
  const lat = Math.asin(Math.sin(la) * Math.cos(d) + Math.cos(la) * Math.sin(d) * Math.cos(b));
  const lon = lo + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(la), Math.cos(d) - Math.sin(la) * Math.sin(lat));
  return [lon / RAD, lat / RAD];
}

describe('reach', () => {
  it('reads a box that holds every point within reach (Hanoi to the far north of Vietnam), so a read of that box misses nothing withinReach keeps', () => {
    fc.assert(
      fc.property(fc.double({ min: 105, max: 106, noNaN: true }), fc.double({ min: 8, max: 23.5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 360, noNaN: true }), (lon, lat, f, bearing) => {
        const at = [lon, lat];
        const { near, incidents } = reachBoxes(at);
        const p = destination(at, f * PLAN_REACH_M, bearing);
        const q = destination(at, f * 500, bearing);
        return p[0] >= near[0] && p[0] <= near[2] && p[1] >= near[1] && p[1] <= near[3] && q[0] >= incidents[0] && q[0] <= incidents[2] && q[1] >= incidents[1] && q[1] <= incidents[3];
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps, in layer order, the zones, checkpoints and facilities within 10 km and the incidents within 500 m', () => {
    const at = [105.8, 21.05];
    const station = point(at, 1);
    const ring = (m: number, deg: number, id: number) => point(destination(at, m, deg), id);
    const layers = {
      wards: [],
      zones: [{ type: 'Feature', id: 7, properties: {}, geometry: { type: 'Polygon', coordinates: [[destination(at, 9_900, 90), destination(at, 12_000, 80), destination(at, 12_000, 100), destination(at, 9_900, 90)]] } } as AnyFeature],
      checkpoints: [ring(10_100, 0, 2), ring(9_990, 45, 3), ring(100, 200, 4)],
      facilities: [ring(13_000, 45, 5), ring(9_000, 270, 6)],
      incidents: [ring(499, 10, 8), ring(501, 10, 9), ring(20, 300, 10)],
    };
    const r = withinReach(station, layers);
    expect(r.zones.map((f) => f.id)).toEqual([7]);
    expect(r.checkpoints.map((f) => f.id)).toEqual([3, 4]);
    expect(r.facilities.map((f) => f.id)).toEqual([6]);
    expect(r.incidents.map((f) => f.id)).toEqual([8, 10]);
    expect(haversineM(at, (layers.facilities[0].geometry as { coordinates: number[] }).coordinates)).toBeCloseTo(13_000, 0);
  });
});
