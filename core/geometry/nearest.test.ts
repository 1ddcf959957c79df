import { describe, expect, it } from 'vitest';
import { destination, point } from '@turf/turf';
import type { Position } from 'geojson';
import { nearestCheckpoints } from './nearest.ts';
import { vincentyDistance } from '../../test/fixtures/geometry/vincenty.ts';

const O: Position = [105.78, 21.05];
const at = (km: number, bearing: number) => destination(O, km, bearing).geometry.coordinates;
const checkpoints = [
  { ...point(at(0.4, 90), { name: 'Chốt Đông', status: 'active' }), id: 'c-east' },
  { ...point(at(1.5, 0), { name: 'Chốt Bắc', status: 'active' }), id: 'c-north' },
  { ...point(at(0.1, 180), { name: 'Chốt Nam', status: 'planned' }), id: 'c-south' },
];
const stations = [
  { ...point(O, { code: 'KV01', name: 'Điểm O' }), id: 1 },
  { ...point(at(1.3, 0), { code: 'KV02', name: 'Điểm Bắc' }), id: 2 },
];

describe('nearestCheckpoints', () => {
  it('pairs each station with its nearest checkpoint and the distance in metres', () => {
    const out = nearestCheckpoints(stations, checkpoints).features;
    expect(out.map((f) => [f.properties.station_code, f.properties.checkpoint_id])).toEqual([
      ['KV01', 'c-south'],
      ['KV02', 'c-north'],
    ]);
    expect(out[0].properties.distance_m).toBeCloseTo(100, 1);
    expect(out[1].properties.distance_m).toBeCloseTo(200, 1);
    expect(out[0].geometry?.coordinates).toEqual([O, checkpoints[2].geometry.coordinates]);
  });

  it('agrees with Vincenty on WGS84 within 1 %', () => {
    const [f] = nearestCheckpoints(stations, checkpoints, { checkpointStatuses: ['active'] }).features;
    const truth = vincentyDistance(O, checkpoints[0].geometry.coordinates);
    expect(Math.abs(f.properties.distance_m! - truth) / truth).toBeLessThan(0.01);
  });

  it('uses only checkpoints of the given statuses', () => {
    const out = nearestCheckpoints(stations, checkpoints, { checkpointStatuses: ['active'] }).features;
    expect(out[0].properties).toMatchObject({ checkpoint_id: 'c-east', checkpoint_name: 'Chốt Đông' });
    expect(out[0].properties.distance_m).toBeCloseTo(400, 1);
  });

  it('gives a null match beyond the maximum distance or when there are no checkpoints', () => {
    const out = nearestCheckpoints(stations, checkpoints, { checkpointStatuses: ['active'], maxDistanceM: 300 }).features;
    expect(out[0].properties).toMatchObject({ checkpoint_id: null, distance_m: null });
    expect(out[0].geometry).toBeNull();
    expect(out[1].properties.checkpoint_id).toBe('c-north');
    expect(nearestCheckpoints(stations, []).features.map((f) => f.properties.distance_m)).toEqual([null, null]);
  });

  it('finds the same nearest checkpoint as a brute-force search over 500 random points', () => {
    let s = 3;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const rp = (n: number) => Array.from({ length: n }, (_, i) => ({ ...point([105.7 + rnd() * 0.12, 21.02 + rnd() * 0.09], { name: `p${i}` }), id: i }));
    const cps = rp(500), sts = rp(50);
    const out = nearestCheckpoints(sts, cps).features;
    sts.forEach((st, i) => {
      const brute = Math.min(...cps.map((c) => vincentyDistance(st.geometry.coordinates, c.geometry.coordinates)));
      expect(Math.abs(out[i].properties.distance_m! - brute) / brute).toBeLessThan(0.01);
    });
  });
});
