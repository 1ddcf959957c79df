/**
 * Writers: the exact text of each format for small layers, escaping of hostile text,
 * and — with GDAL — that what we write opens in ogrinfo with the right features.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import type { Feature } from 'geojson';
import Papa from 'papaparse';
import { csvParts, writeCsv } from '../../server/io/write-csv.ts';
import { geoJsonParts, writeGeoJson } from '../../server/io/write-geojson.ts';
import { kmlParts, writeKml } from '../../server/io/write-kml.ts';
import { exportLayer, exportToFile } from '../../server/io/export.ts';
import { temporaryFileBody } from '../../server/http/file-body.ts';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import { outputPropertyNames } from '../../core/layers.ts';
import { readFeatures } from '../../server/io/read.ts';
import { hasTools } from '../support/tools.ts';

const checkpoints: Feature[] = [
  { type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [105.7812, 21.0489] }, properties: { name: 'Chốt Cầu Diễn', kind: 'epidemic', status: 'active', staff: 6, hours: '24/7', ward_code: '00611', on_border: true } },
  { type: 'Feature', id: 9, geometry: { type: 'Point', coordinates: [105.7623, 21.0721] }, properties: { name: 'Chốt "Đông Ngạc", cổng 2', kind: 'security', status: 'planned', staff: 0, notes: '=HYPERLINK("http://x")', ward_code: null, on_border: false } },
];
const zone: Feature = {
  type: 'Feature',
  id: 3,
  geometry: {
    type: 'MultiPolygon',
    coordinates: [
      [[[105.762, 21.028], [105.764, 21.028], [105.764, 21.03], [105.762, 21.028]]],
      [[[105.766, 21.028], [105.768, 21.028], [105.768, 21.03], [105.766, 21.028]]],
    ],
  },
  properties: { name: 'Khu cách ly <Mỹ Đình> & “Keangnam”', level: 'facility', status: 'active', starts_on: '2021-05-01', reason: 'ca\u0007 F0' },
};

describe('GeoJSON writer', () => {
  it('writes an RFC 7946 FeatureCollection of id, geometry and properties', () => {
    expect(JSON.parse(writeGeoJson([checkpoints[0]]))).toEqual({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [105.7812, 21.0489] }, properties: checkpoints[0].properties }],
    });
  });
});

describe('CSV writer', () => {
  it('writes points as id, lon, lat and every contract property in order, quoting where needed and defusing formulas', () => {
    expect(writeCsv('checkpoints', checkpoints)).toBe(
      '\ufeffid,lon,lat,name,kind,status,staff,hours,notes,active_from,active_to,ward_code,on_border\r\n' +
        '7,105.7812,21.0489,Chốt Cầu Diễn,epidemic,active,6,24/7,,,,00611,true\r\n' +
        '9,105.7623,21.0721,"Chốt ""Đông Ngạc"", cổng 2",security,planned,0,,"\'=HYPERLINK(""http://x"")",,,,false\r\n',
    );
  });

  it('writes polygons as a WKT column', () => {
    expect(writeCsv('quarantine-zones', [zone]).split('\r\n')[1]).toBe(
      '3,"MULTIPOLYGON (((105.762 21.028, 105.764 21.028, 105.764 21.03, 105.762 21.028)), ((105.766 21.028, 105.768 21.028, 105.768 21.03, 105.766 21.028)))",Khu cách ly <Mỹ Đình> & “Keangnam”,facility,active,2021-05-01,,ca\u0007 F0,',
    );
  });

  it('reads back what it wrote: the formula guard is removed again and the id column is not a property', async () => {
    const back = await readFeatures(new TextEncoder().encode(writeCsv('checkpoints', checkpoints)), { format: 'csv' });
    expect(back.features[1].properties.notes).toBe('=HYPERLINK("http://x")');
    expect(back.features[1].properties.name).toBe('Chốt "Đông Ngạc", cổng 2');
    expect(back.features[1].properties).not.toHaveProperty('id');
  });
});

describe('KML writer', () => {
  it('writes a Placemark with the label as name, properties as ExtendedData and a MultiGeometry, escaping XML', () => {
    const kml = writeKml('quarantine-zones', [zone]);
    expect(kml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Vùng cách ly</name>\n' +
        '<Placemark id="quarantine-zones.3"><name>Khu cách ly &lt;Mỹ Đình&gt; &amp; “Keangnam”</name><ExtendedData>' +
        '<Data name="name"><value>Khu cách ly &lt;Mỹ Đình&gt; &amp; “Keangnam”</value></Data><Data name="level"><value>facility</value></Data>' +
        '<Data name="status"><value>active</value></Data><Data name="starts_on"><value>2021-05-01</value></Data><Data name="reason"><value>ca F0</value></Data>' +
        '</ExtendedData><MultiGeometry>' +
        '<Polygon><outerBoundaryIs><LinearRing><coordinates>105.762,21.028 105.764,21.028 105.764,21.03 105.762,21.028</coordinates></LinearRing></outerBoundaryIs></Polygon>' +
        '<Polygon><outerBoundaryIs><LinearRing><coordinates>105.766,21.028 105.768,21.028 105.768,21.03 105.766,21.028</coordinates></LinearRing></outerBoundaryIs></Polygon>' +
        '</MultiGeometry></Placemark>\n</Document></kml>\n',
    );
    // Well-formed: a strict parser accepts it (the BEL character XML forbids was dropped).
    expect(() => new DOMParser({ onError: () => { throw new Error('not well-formed'); } }).parseFromString(kml, 'text/xml')).not.toThrow();
  });
});

describe('written in pieces (a large export is never one string)', () => {
  // 1,201 incidents: more than two of the CSV writer's 500-row pieces, and a remainder.
  const many: Feature[] = Array.from({ length: 1201 }, (_, i) => ({
    type: 'Feature',
    id: i + 1,
    geometry: { type: 'Point', coordinates: [105.7 + i / 1e4, 21 + i / 1e4] },
    properties: { category: i % 7 ? 'traffic' : '=SUM(A1)', occurred_at: '2021-05-20T09:15:00+07:00', severity: 1 + (i % 3), description: i % 5 ? `Vụ "${i}", phố Hàng Bạc` : null },
  }));

  it('GeoJSON: the pieces join to JSON.stringify of the whole collection', () => {
    const whole = JSON.stringify({ type: 'FeatureCollection', features: many.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties })) });
    expect([...geoJsonParts(many)].join('')).toBe(whole);
    expect(writeGeoJson([])).toBe('{"type":"FeatureCollection","features":[]}');
    expect([...geoJsonParts(many)].length).toBe(many.length + 2);
  });

  it('CSV: the pieces join to what one Papa.unparse of every row gives, empty layer included', () => {
    // The writer before it wrote in pieces: one unparse of the header and every row.
    const props = outputPropertyNames('incidents');
    const cellOf = (v: unknown) => (v === null || v === undefined ? '' : /^[=+\-@\t\r]/.test(String(v)) ? `'${v}` : String(v));
    const whole = (fs: Feature[]) =>
      '\ufeff' +
      Papa.unparse(
        { fields: ['id', 'lon', 'lat', ...props], data: fs.map((f) => [String(f.id), ...(f.geometry as { coordinates: number[] }).coordinates.map(String), ...props.map((k) => cellOf(f.properties![k]))]) },
        { newline: '\r\n', quotes: false, escapeFormulae: false },
      ) +
      '\r\n';
    expect(writeCsv('incidents', many)).toBe(whole(many));
    expect(writeCsv('incidents', [])).toBe(whole([]));
    expect([...csvParts('incidents', many)].length).toBe(1 + 3 + 1);
  });

  it('KML: one piece per Placemark', () => {
    const parts = [...kmlParts('incidents', many)];
    expect(parts.length).toBe(many.length + 2);
    expect(parts.join('')).toBe(writeKml('incidents', many));
    expect(writeKml('incidents', [])).toMatch(/<\/name>\n\n<\/Document><\/kml>\n$/);
  });

  it('exportToFile writes, byte for byte, what exportLayer answers; the file body streams it and leaves no file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmap-export-test-'));
    const store = openSqliteStore(join(dir, 'db.sqlite'));
    try {
      await store.writes.import('checkpoints', checkpoints.map((f) => ({ properties: f.properties!, geometry: f.geometry })), { name: 'test', address: null });
      for (const format of ['geojson', 'csv', 'kml'] as const) {
        const folder = mkdtempSync(join(tmpdir(), 'opsmap-export-test-'));
        const path = join(folder, 'export');
        // Written every 64 characters: the writes within the file are checked, not only the last.
        const { count, bytes } = await exportToFile(store, 'checkpoints', format, path, 64);
        const expected = Buffer.from((await exportLayer(store, 'checkpoints', format)).body);
        expect(count).toBe(2);
        expect(bytes).toBe(expected.length);
        expect(readFileSync(path)).toEqual(expected);
        const body = await temporaryFileBody(path);
        expect(existsSync(folder)).toBe(false);
        expect(Buffer.from(await new Response(body).arrayBuffer())).toEqual(expected);
      }
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!hasTools('ogrinfo'))('GDAL opens what we write', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsmap-write-'));
  });

  const ogrinfo = (file: string, ...opts: string[]) => execFileSync('ogrinfo', ['-ro', '-al', ...opts, file], { encoding: 'utf8' });

  it('GeoJSON: 2 points with Vietnamese names', () => {
    writeFileSync(join(dir, 'c.geojson'), writeGeoJson(checkpoints));
    const out = ogrinfo(join(dir, 'c.geojson'));
    expect(out).toMatch(/Feature Count: 2/);
    expect(out).toMatch(/Geometry: Point/);
    expect(out).toContain('name (String) = Chốt Cầu Diễn');
  });

  it('KML: 2 points and a multipolygon, with names', () => {
    writeFileSync(join(dir, 'c.kml'), writeKml('checkpoints', checkpoints));
    writeFileSync(join(dir, 'z.kml'), writeKml('quarantine-zones', [zone]));
    const c = ogrinfo(join(dir, 'c.kml'));
    expect(c).toMatch(/Feature Count: 2/);
    expect(c).toContain('Chốt "Đông Ngạc", cổng 2');
    const z = ogrinfo(join(dir, 'z.kml'));
    expect(z).toMatch(/Feature Count: 1/);
    expect(z).toMatch(/MULTIPOLYGON \(\(\(105\.762 21\.028/);
  });

  it('CSV: points from lon/lat and polygons from the WKT column', () => {
    writeFileSync(join(dir, 'c.csv'), writeCsv('checkpoints', checkpoints));
    writeFileSync(join(dir, 'z.csv'), writeCsv('quarantine-zones', [zone]));
    const c = ogrinfo(join(dir, 'c.csv'), '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat');
    expect(c).toMatch(/Feature Count: 2/);
    expect(c).toContain('POINT (105.7812 21.0489)');
    expect(c).toContain('name (String) = Chốt Cầu Diễn');
    const z = ogrinfo(join(dir, 'z.csv'));
    expect(z).toMatch(/Feature Count: 1/);
    expect(z).toMatch(/MULTIPOLYGON \(\(\(105\.762 21\.028/);
  });
});
