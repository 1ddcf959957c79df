import { describe, expect, it } from 'vitest';
import { area, destination, point, polygon } from '@turf/turf';
import type { Position } from 'geojson';
import { wardCoverage } from './coverage.ts';

const O: Position = [105.78, 21.05];
const at = (from: Position, km: number, bearing: number) => destination(from, km, bearing).geometry.coordinates;
const SE = at(O, 1, 90), NW = at(O, 1, 0), NE: Position = [SE[0], NW[1]];
// A 1 km × 1 km ward with its south-west corner at O.
const ward = { ...polygon([[O, SE, NE, NW, O]], { code: '00001', name: 'Phường Vuông', district: 'Q' }), id: 11 };
const r = 300;
const quarterDisc = (Math.PI * r * r) / 4; // a checkpoint on a corner covers a quarter of its disc
const cp = (p: Position, status = 'active') => point(p, { name: 'Chốt', status });

describe('wardCoverage', () => {
  it('gives (π r²/4) / 1 km² for one active checkpoint at a corner, within 1 %', () => {
    const [f] = wardCoverage([ward], [cp(O)], { distanceM: r }).features;
    expect(f.properties.ward_code).toBe('00001');
    expect(f.properties.ward_name).toBe('Phường Vuông');
    expect(f.properties.ward_id).toBe(11);
    expect(Math.abs(f.properties.share - quarterDisc / 1e6) / (quarterDisc / 1e6)).toBeLessThan(0.01);
    expect(Math.abs(f.properties.area_m2 - 1e6) / 1e6).toBeLessThan(0.01);
    expect(Math.abs(f.properties.covered_m2 - quarterDisc) / quarterDisc).toBeLessThan(0.01);
    expect(area(f.geometry!)).toBeCloseTo(f.properties.covered_m2, 3);
  });

  it('counts only active checkpoints unless told otherwise', () => {
    const cps = [cp(O), cp(NE, 'planned')];
    const [activeOnly] = wardCoverage([ward], cps, { distanceM: r }).features;
    const [all] = wardCoverage([ward], cps, { distanceM: r, checkpointStatuses: null }).features;
    expect(Math.abs(activeOnly.properties.share - quarterDisc / 1e6)).toBeLessThan(0.001);
    expect(Math.abs(all.properties.share - (2 * quarterDisc) / 1e6)).toBeLessThan(0.002);
  });

  it('counts an overlap once: two checkpoints at the same corner cover a quarter disc', () => {
    const [f] = wardCoverage([ward], [cp(O), cp(O)], { distanceM: r }).features;
    expect(Math.abs(f.properties.covered_m2 - quarterDisc) / quarterDisc).toBeLessThan(0.01);
  });

  it('is 1 when the reach covers the whole ward, and 0 with a null geometry when nothing does', () => {
    const centre = at(at(O, 0.5, 90), 0.5, 0);
    expect(wardCoverage([ward], [cp(centre)], { distanceM: 800 }).features[0].properties.share).toBeCloseTo(1, 4);
    const [none] = wardCoverage([ward], [cp(at(O, 5, 180))], { distanceM: r }).features;
    expect(none.properties).toMatchObject({ covered_m2: 0, share: 0 });
    expect(none.geometry).toBeNull();
    expect(wardCoverage([ward], [], { distanceM: r }).features[0].properties.share).toBe(0);
  });

  it('refuses a reach that is not a positive number', () => {
    expect(() => wardCoverage([ward], [], { distanceM: 0 })).toThrow(RangeError);
  });
});
