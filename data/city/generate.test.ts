/**
 * The city scenario at a reduced incident count (the other layers at full size): determinism,
 * the contract, the tiling of districts by wards, and the planted story. The full million is
 * generated and loaded only by the benchmark (test/bench/city.bench.ts).
 */
import * as turf from '@turf/turf';
import type { Feature, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { LAYER_IDS, parseProps } from '../../core/layers.ts';
import { findConflicts } from '../../core/geometry/conflicts.ts';
import { pointInRing, type Pt } from '../demo/geometry.ts';
import { CITY_NOTICE, generateCity, INCIDENT_SHARES } from './generate.ts';
import { CITY_OUTLINE, cityLayout, farthestDistrict } from './layout.ts';

const N = 20_000;
const city = generateCity({ incidents: N });
const incidents = [...city.incidents()];
const layout = cityLayout();
const wards = city.wards.features as Feature<Polygon>[];
const ring = (f: Feature<Polygon>) => f.geometry.coordinates[0] as Pt[];

describe('city scenario: size and determinism', () => {
  it('has 30 districts, 580 wards and about 5,000 checkpoints, 8,000 stations, 300 zones, and the incidents asked for', () => {
    expect(layout.districts).toHaveLength(30);
    expect(wards).toHaveLength(580);
    expect(new Set(wards.map((w) => w.properties!.district)).size).toBe(30);
    expect(city.checkpoints.features.length).toBeGreaterThan(4_750);
    expect(city.checkpoints.features.length).toBeLessThan(5_250);
    expect(city['polling-stations'].features.length).toBeGreaterThan(7_800);
    expect(city['polling-stations'].features.length).toBeLessThan(8_300);
    expect(city['quarantine-zones'].features).toHaveLength(300);
    expect(incidents).toHaveLength(N);
  });

  it('gives identical output for the same seed and other incidents for another seed; the map does not move with the seed', () => {
    const again = generateCity({ incidents: N });
    expect(JSON.stringify([...again.incidents()])).toBe(JSON.stringify(incidents));
    expect(JSON.stringify(again.checkpoints)).toBe(JSON.stringify(city.checkpoints));
    const other = generateCity({ incidents: N, seed: 7 });
    expect(JSON.stringify([...other.incidents()].slice(0, 50))).not.toBe(JSON.stringify(incidents.slice(0, 50)));
    expect(JSON.stringify(other.wards)).toBe(JSON.stringify(city.wards));
  });

  it('does not call Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random was called');
    };
    try {
      const c = generateCity({ incidents: 500, seed: 3 });
      expect([...c.incidents()]).toHaveLength(500);
    } finally {
      Math.random = original;
    }
  });

  it('labels names and boundaries as generated', () => {
    expect(CITY_NOTICE.en).toMatch(/generated/);
    expect(CITY_NOTICE.vi).toMatch(/sinh tự động/);
    expect(wards[0].properties!.name).toMatch(/^Phường MP \d\d-\d\d$/);
    expect(wards[0].properties!.district).toMatch(/^Quận mô phỏng \d\d$/);
  });
});

describe('city scenario: every feature meets the contract', () => {
  it.each(LAYER_IDS.filter((l) => l !== 'incidents'))('%s', (layer) => {
    const bad = city[layer].features.map((f) => parseProps(layer, f.properties)).filter((r) => !r.ok);
    expect(bad).toEqual([]);
    expect(new Set(city[layer].features.map((f) => JSON.stringify(f.properties)))).toHaveProperty('size', city[layer].features.length);
  });

  it('incidents, all in May 2021 Hanoi time', () => {
    expect(incidents.map((f) => parseProps('incidents', f.properties)).filter((r) => !r.ok)).toEqual([]);
    expect(incidents.every((f) => /^2021-05-(0[1-9]|[12]\d|3[01])T.*\+07:00$/.test(String(f.properties!.occurred_at)))).toBe(true);
  });

  it('unique ward codes and station codes', () => {
    expect(new Set(wards.map((w) => w.properties!.code)).size).toBe(580);
    const codes = city['polling-stations'].features.map((f) => f.properties!.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('city scenario: wards tile each district, districts tile the city', () => {
  it('ward areas add up to their district, and districts to the city (within 0.01 %)', () => {
    const cityArea = turf.area(turf.polygon([[...CITY_OUTLINE, CITY_OUTLINE[0]]]));
    for (const d of layout.districts) {
      const districtArea = turf.area(turf.polygon([[...d.ring, d.ring[0]]]));
      const sum = wards.filter((w) => w.properties!.district === d.name).reduce((s, w) => s + turf.area(w), 0);
      expect(Math.abs(sum - districtArea) / districtArea).toBeLessThan(1e-4);
    }
    const all = wards.reduce((s, w) => s + turf.area(w), 0);
    expect(Math.abs(all - cityArea) / cityArea).toBeLessThan(1e-4);
  });

  it('a point of the city lies in exactly one ward (2,000 sampled points)', () => {
    const probes = incidents.slice(0, 2_000).map((f) => (f.geometry as Point).coordinates as Pt);
    for (const p of probes) expect(wards.filter((w) => pointInRing(p, ring(w))).length).toBe(1);
  });

  it('every checkpoint and station lies inside a ward', () => {
    for (const f of [...city.checkpoints.features, ...city['polling-stations'].features].filter((_, i) => i % 10 === 0)) {
      const p = (f.geometry as Point).coordinates as Pt;
      expect(wards.some((w) => pointInRing(p, ring(w)))).toBe(true);
    }
  });
});

describe('city scenario: the planted story', () => {
  it('16 outbreaks, one in the farthest district, each with a station in conflict with its active zones', () => {
    expect(city.outbreaks).toHaveLength(16);
    const far = farthestDistrict();
    expect(layout.wards[city.outbreaks[0].ward].districtNo).toBe(far.no);
    const conflicts = findConflicts(city['polling-stations'], city['quarantine-zones'], { zoneStatuses: ['active'] });
    const inWards = new Set(conflicts.features.map((c) => {
      const p = c.geometry.coordinates as Pt;
      return layout.wards.findIndex((w) => pointInRing(p, w.ring));
    }));
    for (const o of city.outbreaks) expect(inWards.has(o.ward)).toBe(true);
  });

  it('outbreak cases cluster round their centres and grow to a peak', () => {
    const o = city.outbreaks[0];
    const cases = incidents.filter((f) => f.properties!.category === 'epidemic_case' && turf.distance((f.geometry as Point).coordinates, o.centre) < 1);
    expect(cases.length).toBeGreaterThan((N * INCIDENT_SHARES.outbreaks) / 16 / 2);
    const byDay = (d: number) => cases.filter((f) => String(f.properties!.occurred_at).startsWith(`2021-05-${String(d).padStart(2, '0')}`)).length;
    expect(byDay(o.peakDay)).toBeGreaterThan(byDay(o.firstDay) * 3);
  });
});
