/**
 * Coverage and gaps on the real Bắc Từ Liêm wards (13 GADM wards), checked against an independent
 * computation: GDAL's SQLite dialect (SpatiaLite/GEOS) in UTM zone 48N (EPSG:32648), whose scale
 * near 105.8° E is 0.9997, so its metres are within 0.05 % of the ground.
 *  - coverage: ST_Area(ward ∩ ST_Union(ST_Buffer(checkpoint, 500 m, 64 segments per quadrant))) / ST_Area(ward);
 *  - gaps: ST_Length(ST_Union(ST_Boundary(wards)) − buffers), the border network once per shared edge.
 * And without GDAL: with no checkpoints the gaps are the whole border network, whose length is
 * (Σ ward perimeters + district outline) / 2, the outline taken from Turf's own union.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureCollection, length, point, polygonToLine, union } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { wardCoverage } from '../../core/geometry/coverage.ts';
import { borderGaps } from '../../core/geometry/gaps.ts';
import { hasSharedData, hasTools, SHARED_DATA } from '../support/tools.ts';

const haveData = hasSharedData('hanoi-wards.geojson');
const haveGdal = haveData && hasTools('ogr2ogr');

function btlWards(): Feature<Polygon | MultiPolygon>[] {
  const all = JSON.parse(readFileSync(join(SHARED_DATA, 'hanoi-wards.geojson'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
  return all.features.filter((f) => f.properties?.district_code === '021');
}

/** 40 active checkpoints over Bắc Từ Liêm's box, from a fixed seed. */
function checkpoints() {
  let s = 7;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: 40 }, () => point([105.7 + rnd() * 0.12, 21.02 + rnd() * 0.09], { status: 'active' }));
}

const perimeterM = (f: Feature<Polygon | MultiPolygon>) => {
  const lines = polygonToLine(f);
  const list = lines.type === 'FeatureCollection' ? lines.features : [lines];
  return list.reduce((sum, l) => sum + length(l, { units: 'meters' }), 0);
};

describe.skipIf(!haveData)('border gaps on the real Bắc Từ Liêm wards', () => {
  it('with no checkpoint, cover the border network once: (Σ perimeters + outline) / 2', () => {
    const wards = btlWards();
    expect(wards).toHaveLength(13);
    const gaps = borderGaps(wards, [], { distanceM: 500 }).features;
    const ours = gaps.reduce((s, g) => s + g.properties.length_m, 0);
    const outline = perimeterM(union(featureCollection(wards))!);
    const expected = (wards.reduce((s, w) => s + perimeterM(w), 0) + outline) / 2;
    expect(Math.abs(ours - expected) / expected).toBeLessThan(0.001);
    // Shared edges carry both codes; the outer edge carries one and is a district border.
    expect(gaps.some((g) => g.properties.ward_codes.length === 2 && g.properties.border === 'ward')).toBe(true);
    const outer = gaps.filter((g) => g.properties.ward_codes.length === 1).reduce((s, g) => s + g.properties.length_m, 0);
    expect(Math.abs(outer - outline) / outline).toBeLessThan(0.001);
  });
});

describe.skipIf(!haveGdal)('coverage and gaps on the real Bắc Từ Liêm wards, against GDAL/SpatiaLite', () => {
  let dir = '';
  const gdal = (sql: string) =>
    execFileSync('ogr2ogr', ['-f', 'CSV', '/vsistdout/', join(dir, 'ref.gpkg'), '-dialect', 'SQLite', '-sql', sql], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map((x) => x.replace(/"/g, '')));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsmap-geomref-'));
    writeFileSync(join(dir, 'wards.geojson'), JSON.stringify(featureCollection(btlWards())));
    writeFileSync(join(dir, 'cps.geojson'), JSON.stringify(featureCollection(checkpoints())));
    execFileSync('ogr2ogr', ['-f', 'GPKG', join(dir, 'ref.gpkg'), join(dir, 'wards.geojson'), '-nln', 'wards']);
    execFileSync('ogr2ogr', ['-update', join(dir, 'ref.gpkg'), join(dir, 'cps.geojson'), '-nln', 'cps']);
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('gives every ward the share GEOS gives, within 1 % of the share plus 0.001', () => {
    const rows = gdal(
      'SELECT w.ward_code, ST_Area(ST_Transform(w.geom, 32648)), ST_Area(ST_Intersection(ST_Transform(w.geom, 32648), ' +
        '(SELECT ST_Union(ST_Buffer(ST_Transform(c.geom, 32648), 500, 64)) FROM cps c))) FROM wards w',
    );
    const reference = new Map(rows.map(([code, a, cov]) => [code, (Number(cov) || 0) / Number(a)]));
    const ours = wardCoverage(btlWards(), checkpoints(), { distanceM: 500 }).features;
    expect(ours).toHaveLength(13);
    for (const f of ours) {
      const ref = reference.get(f.properties.ward_code!)!;
      expect(Math.abs(f.properties.share - ref)).toBeLessThanOrEqual(0.01 * ref + 0.001);
    }
    expect(ours.some((f) => f.properties.share > 0.3)).toBe(true);
  });

  it('finds as many metres of border beyond 500 m as GEOS, within 1 %', () => {
    const [[ref]] = gdal(
      'SELECT ST_Length(ST_Difference((SELECT ST_Union(ST_Boundary(ST_Transform(w.geom, 32648))) FROM wards w), ' +
        '(SELECT ST_Union(ST_Buffer(ST_Transform(c.geom, 32648), 500, 64)) FROM cps c)))',
    );
    const ours = borderGaps(btlWards(), checkpoints(), { distanceM: 500 }).features.reduce((s, g) => s + g.properties.length_m, 0);
    expect(Math.abs(ours - Number(ref)) / Number(ref)).toBeLessThan(0.01);
  });
});
