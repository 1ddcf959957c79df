/**
 * Border crossings on the real Hanoi data, checked against an independent computation:
 * GDAL's SQLite dialect (SpatiaLite/GEOS) intersects the same roads with the ward borders.
 *
 * GEOS side: the shared border of every pair of touching wards is
 * ST_Intersection(ST_Boundary(a), ST_Boundary(b)); each road is intersected with it and every point
 * of contact is kept. Contacts are a superset of crossings: a contact also arises where a road
 * touches a border and turns back, where a line dead-ends on a border, or (counted twice) where two
 * lines meet on it. So the check is two-way:
 *  1. every crossing we report lies on a GEOS contact point of the same ward pair (within 0.05 m:
 *     both sides compute the same segment intersection in doubles; 5 cm absorbs rounding, and is far
 *     below the ~10 m vertex grid of the GADM borders, so a crossing cannot match the wrong point);
 *  2. the number of distinct contact points (rounded to 1e-7°, about 1 cm) exceeds our count by at most
 *     1 %: touches and dead ends on a border are rare in street data (a road exactly touching a border
 *     line drawn from a different source needs a vertex exactly on it). Measured on this data: 630
 *     contacts and 630 crossings.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCrossings, type Crossing, type RoadFeature, type WardInput } from '../../core/geometry/crossings.ts';
import { hasSharedData, hasTools, SHARED_DATA } from '../support/tools.ts';

const ready = hasTools('ogr2ogr') && hasSharedData('hanoi-roads.geojson') && hasSharedData('hanoi-wards.geojson');

describe.skipIf(!ready)('border crossings on the real Hanoi roads and wards, against GDAL/SpatiaLite', () => {
  let dir = '';
  let ours: Crossing[] = [];
  const contacts: { x: number; y: number; pair: string }[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsmap-crossings-'));
    const gpkg = join(dir, 'ref.gpkg');
    const ogr = (...args: string[]) => execFileSync('ogr2ogr', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    ogr('-f', 'GPKG', gpkg, SHARED_DATA + 'hanoi-wards.geojson', '-nln', 'wards');
    ogr('-f', 'GPKG', '-update', gpkg, SHARED_DATA + 'hanoi-roads.geojson', '-nln', 'roads');
    ogr('-f', 'GPKG', '-update', gpkg, gpkg, '-nln', 'borders', '-nlt', 'GEOMETRY', '-dialect', 'SQLite', '-sql',
      'SELECT a.ward_code AS ca, b.ward_code AS cb, ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)) AS geom ' +
        'FROM wards a JOIN wards b ON a.ward_code < b.ward_code AND ST_Intersects(a.geom, b.geom)');
    ogr('-f', 'GeoJSON', join(dir, 'contacts.geojson'), gpkg, '-dialect', 'SQLite', '-sql',
      'SELECT b.ca, b.cb, ST_Intersection(r.geom, b.geom) AS geom FROM roads r JOIN borders b ON MbrIntersects(r.geom, b.geom) AND ST_Intersects(r.geom, b.geom)');
    for (const f of JSON.parse(readFileSync(join(dir, 'contacts.geojson'), 'utf8')).features) {
      const g = f.geometry;
      const pts: number[][] = g.type === 'Point' ? [g.coordinates] : g.type === 'MultiPoint' ? g.coordinates : g.type === 'GeometryCollection' ? g.geometries.filter((x: { type: string }) => x.type === 'Point').map((x: { coordinates: number[] }) => x.coordinates) : [];
      for (const [x, y] of pts) contacts.push({ x, y, pair: `${f.properties.ca}|${f.properties.cb}` });
    }

    const roads: RoadFeature[] = JSON.parse(readFileSync(SHARED_DATA + 'hanoi-roads.geojson', 'utf8')).features;
    const wards: WardInput[] = JSON.parse(readFileSync(SHARED_DATA + 'hanoi-wards.geojson', 'utf8')).features.map(
      (f: { properties: Record<string, string>; geometry: WardInput['geometry'] }) => ({ code: f.properties.ward_code, name: f.properties.name, district: f.properties.district_name, geometry: f.geometry }),
    );
    ours = findCrossings(roads, wards);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('puts every crossing on a GEOS contact point of the same pair of wards', () => {
    const metres = (c: Crossing, p: { x: number; y: number }) => Math.hypot((p.x - c.coordinates[0]) * Math.cos((c.coordinates[1] * Math.PI) / 180), p.y - c.coordinates[1]) * 111_320;
    const off = ours.filter((c) => {
      const pair = [c.from.code, c.to.code].sort().join('|');
      return !contacts.some((p) => p.pair === pair && metres(c, p) < 0.05);
    });
    expect(off).toEqual([]);
  });

  it('finds as many crossings as GEOS finds contact points, within 1 %', () => {
    const distinct = new Set(contacts.map((p) => `${p.x.toFixed(7)},${p.y.toFixed(7)},${p.pair}`)).size;
    expect(distinct).toBeGreaterThan(500);
    expect(ours.length).toBeLessThanOrEqual(distinct);
    expect(ours.length).toBeGreaterThanOrEqual(Math.floor(distinct * 0.99));
  });

  it('finds crossings on district borders and on named main roads', () => {
    expect(ours.filter((c) => c.district_border).length).toBeGreaterThan(100);
    expect(ours.some((c) => c.road.name === 'Hoàng Quốc Việt' && c.district_border)).toBe(true);
  });
});
