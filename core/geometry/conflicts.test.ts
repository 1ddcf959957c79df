import { describe, expect, it } from 'vitest';
import { destination, point, polygon } from '@turf/turf';
import type { Position } from 'geojson';
import { findConflicts } from './conflicts.ts';

const O: Position = [105.78, 21.05];
const at = (km: number, bearing: number) => destination(O, km, bearing).geometry.coordinates;
// A lockdown zone: a square of 200 m with its south-west corner at O.
const east = at(0.2, 90), north = at(0.2, 0);
const lockdown = { ...polygon([[O, east, [east[0], north[1]], north, O]], { name: 'Khu A', level: 'lockdown', status: 'active' }), id: 7 };
const lifted = { ...polygon([[at(1, 180), at(1.1, 180), at(1.1, 170), at(1, 180)]], { name: 'Khu B', level: 'buffer', status: 'lifted' }), id: 8 };
const centre = destination(destination(O, 0.1, 90), 0.1, 0).geometry.coordinates;

const stations = [
  { ...point(centre, { code: 'KV01', name: 'Trường Tiểu học Cổ Nhuế' }), id: 1 },
  { ...point(at(0.3, 270), { code: 'KV02', name: 'Nhà văn hoá tổ 5' }), id: 2 }, // 300 m west of the zone's west edge
  { ...point(at(2, 0), { code: 'KV03', name: 'UBND phường' }), id: 3 }, // 1.8 km north of the zone
  { ...point(O, { code: 'KV04', name: 'Góc khu A' }), id: 4 }, // exactly on the zone's corner
];

describe('findConflicts', () => {
  it('finds a station inside a zone and one on its edge, at distance 0', () => {
    const out = findConflicts(stations, [lockdown]).features;
    expect(out.map((f) => f.properties.station_code).sort()).toEqual(['KV01', 'KV04']);
    for (const f of out) {
      expect(f.properties.inside).toBe(true);
      expect(f.properties.distance_m).toBe(0);
      expect(f.properties.zones).toEqual([{ zone_id: 7, name: 'Khu A', level: 'lockdown', status: 'active', distance_m: 0 }]);
    }
  });

  it('adds stations within N m with their distance to the zone edge, nearest first', () => {
    const out = findConflicts(stations, [lockdown], { withinM: 500 }).features;
    expect(out.map((f) => f.properties.station_code)).toEqual(['KV04', 'KV01', 'KV02']);
    const kv02 = out[2].properties;
    expect(kv02.inside).toBe(false);
    expect(kv02.distance_m).toBeGreaterThan(299);
    expect(kv02.distance_m).toBeLessThan(301);
    expect(out[2].geometry.coordinates).toEqual(stations[1].geometry.coordinates);
  });

  it('leaves out stations beyond N m', () => {
    const out = findConflicts(stations, [lockdown], { withinM: 299 }).features;
    expect(out.map((f) => f.properties.station_code)).not.toContain('KV02');
  });

  it('filters zones by status and by level', () => {
    const nearB = [{ ...point(at(1.05, 178), { code: 'KV09', name: 'Gần khu B' }), id: 9 }];
    expect(findConflicts(nearB, [lockdown, lifted], { withinM: 100 }).features).toHaveLength(1);
    expect(findConflicts(nearB, [lockdown, lifted], { withinM: 100, zoneStatuses: ['active'] }).features).toHaveLength(0);
    expect(findConflicts(nearB, [lockdown, lifted], { withinM: 100, zoneLevels: ['buffer'] }).features).toHaveLength(1);
    expect(findConflicts(stations, [lockdown, lifted], { zoneLevels: ['buffer'] }).features).toHaveLength(0);
  });

  it('takes a FeatureCollection and refuses a negative reach', () => {
    expect(findConflicts({ type: 'FeatureCollection', features: stations }, { type: 'FeatureCollection', features: [lockdown] }).features).toHaveLength(2);
    expect(() => findConflicts(stations, [lockdown], { withinM: -1 })).toThrow(RangeError);
  });
});
