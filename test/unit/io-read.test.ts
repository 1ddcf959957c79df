/**
 * Readers: each format's small hand-made fixture read into features as they stand in
 * the file, with their place in it. The Shapefile is made from the GeoJSON fixture by
 * GDAL, then zipped here, so what we read is what GIS software writes.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { readFeatures } from '../../server/io/read.ts';
import { IoError } from '../../server/io/errors.ts';
import { detectFormat } from '../../server/io/format.ts';
import { parseWkt, toWkt } from '../../server/io/wkt.ts';
import { hasTools } from '../support/tools.ts';

const FIXTURES = new URL('../fixtures/io/', import.meta.url).pathname;
const fixture = (name: string) => readFileSync(FIXTURES + name);

describe('format detection', () => {
  it('takes the format from the extension, or from an explicit name that wins over it', () => {
    expect(detectFormat({ filename: 'a.GeoJSON' })).toBe('geojson');
    expect(detectFormat({ filename: 'a.json' })).toBe('geojson');
    expect(detectFormat({ filename: 'a.csv' })).toBe('csv');
    expect(detectFormat({ filename: 'a.kml' })).toBe('kml');
    expect(detectFormat({ filename: 'wards.zip' })).toBe('shapefile');
    expect(detectFormat({ filename: 'a.txt', format: 'CSV' })).toBe('csv');
  });

  it('refuses an unknown extension or format name, saying what is accepted', () => {
    expect(() => detectFormat({ filename: 'a.gpkg' })).toThrow(/\.geojson, \.json, \.csv, \.kml, \.osm \(OSM XML\) or \.zip/);
    expect(() => detectFormat({ format: 'gpx' })).toThrow(/Unknown format "gpx"/);
  });
});

describe('GeoJSON reader', () => {
  it('reads a FeatureCollection with its properties untouched and ids as places', async () => {
    const r = await readFeatures(fixture('checkpoints.geojson'), { filename: 'checkpoints.geojson' });
    expect(r.format).toBe('geojson');
    expect(r.features).toHaveLength(3);
    expect(r.features[0]).toEqual({
      geometry: { type: 'Point', coordinates: [105.7812, 21.0489] },
      properties: { name: 'Chốt Cầu Diễn', kind: 'epidemic', status: 'active', staff: 6, hours: '24/7', ghi_chu: 'gần chợ' },
      where: 'id "A1"',
    });
    expect(r.features[1].where).toBeUndefined();
  });

  it('reads a single Feature, a bare geometry and a list of geometries', async () => {
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const pt = { type: 'Point', coordinates: [105.8, 21.0] };
    expect((await readFeatures(enc({ type: 'Feature', geometry: pt, properties: null }), { format: 'geojson' })).features).toEqual([{ geometry: pt, properties: {}, where: undefined }]);
    expect((await readFeatures(enc(pt), { format: 'geojson' })).features).toEqual([{ geometry: pt, properties: {} }]);
    expect((await readFeatures(enc([pt, pt]), { format: 'geojson' })).features).toHaveLength(2);
  });

  it('rejects what is not GeoJSON with a message that says what it found', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    await expect(readFeatures(enc('{"type":"Topology","objects":{}}'), { format: 'geojson' })).rejects.toThrow('top-level type is "Topology"');
    await expect(readFeatures(enc('{"type":"FeatureCollection"}'), { format: 'geojson' })).rejects.toThrow('no "features" array');
    await expect(readFeatures(enc('{"type":"FeatureCollection","features":[1]}'), { format: 'geojson' })).rejects.toThrow('feature 1 is not a GeoJSON object');
    await expect(readFeatures(enc('{"type": "Feature",'), { format: 'geojson' })).rejects.toThrow(/not valid JSON/);
    await expect(readFeatures(enc('42'), { format: 'geojson' })).rejects.toThrow(/bare JSON value/);
    await expect(readFeatures(new Uint8Array([0x7b, 0xff, 0x7d]), { format: 'geojson' })).rejects.toThrow(/not UTF-8/);
  });

  it('refuses a legacy crs member naming a projected system, and accepts CRS84', async () => {
    const doc = (name: string) => new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [] }));
    await expect(readFeatures(doc('urn:ogc:def:crs:EPSG::32648'), { format: 'geojson' })).rejects.toThrow(/EPSG::32648.*ogr2ogr -t_srs EPSG:4326/);
    expect((await readFeatures(doc('urn:ogc:def:crs:OGC:1.3:CRS84'), { format: 'geojson' })).features).toEqual([]);
  });
});

describe('CSV reader', () => {
  it('reads lon/lat columns under other names, semicolons, decimal commas and quoted fields; values stay text', async () => {
    const r = await readFeatures(fixture('checkpoints.csv'), { filename: 'checkpoints.csv' });
    expect(r.features).toHaveLength(3);
    expect(r.features[0]).toEqual({
      geometry: { type: 'Point', coordinates: [105.7812, 21.0489] },
      properties: { name: 'Chốt Cầu Diễn', kind: 'Epidemic', status: 'active', staff: '6', hours: '24/7', ghi_chu: 'gần chợ' },
      where: 'row 2',
    });
    expect(r.features[1].properties.name).toBe('Chốt Đông Ngạc; cổng 2');
    expect(r.features[2].properties.hours).toBe('06:00–22:00');
  });

  it('recognises lng/lat, x/y in any case, and a byte-order mark', async () => {
    for (const [a, b] of [['lng', 'lat'], ['X', 'Y'], ['LONG', 'Latitude']]) {
      const r = await readFeatures(new TextEncoder().encode(`\ufeff${a},${b},name\n105.5,21.5,Tây Hồ\n`), { format: 'csv' });
      expect(r.features[0].geometry).toEqual({ type: 'Point', coordinates: [105.5, 21.5] });
      expect(r.features[0].properties).toEqual({ name: 'Tây Hồ' });
    }
  });

  it('reads geometry from a WKT column', async () => {
    const csv = 'WKT,name\n"POLYGON ((105.1 21.1, 105.2 21.1, 105.2 21.2, 105.1 21.1))",Vùng A\n';
    const r = await readFeatures(new TextEncoder().encode(csv), { format: 'csv' });
    expect(r.features[0].geometry).toEqual({ type: 'Polygon', coordinates: [[[105.1, 21.1], [105.2, 21.1], [105.2, 21.2], [105.1, 21.1]]] });
  });

  it('names every row whose coordinates are missing or not numbers', async () => {
    const csv = 'lon,lat,name\n105.1,21.1,a\n,21.2,b\n105.3,abc,c\n';
    const err = await readFeatures(new TextEncoder().encode(csv), { format: 'csv' }).catch((e) => e);
    expect(err).toBeInstanceOf(IoError);
    expect(err.message).toBe('2 row(s) have no usable coordinates: row 3: lon "" is missing; row 4: lat "abc" is not a number.');
  });

  it('says which columns it found when there are no coordinate columns', async () => {
    await expect(readFeatures(new TextEncoder().encode('ten,dia_chi\na,b\n'), { format: 'csv' })).rejects.toThrow(/Its columns are: ten, dia_chi\./);
  });
});

describe('KML reader', () => {
  it('reads placemarks with name, description and ExtendedData; MultiGeometry becomes MultiPolygon; altitude dropped', async () => {
    const r = await readFeatures(fixture('zones.kml'), { filename: 'zones.kml' });
    expect(r.features).toHaveLength(2);
    expect(r.features[0].properties).toEqual({ name: 'Ngõ 12 Cổ Nhuế', description: 'Ca F0 ngày 12/5', level: 'lockdown', status: 'active', starts_on: '2021-05-12', people: '240' });
    expect(r.features[0].where).toBe('placemark 1 “Ngõ 12 Cổ Nhuế”');
    expect(r.features[0].geometry).toEqual({ type: 'Polygon', coordinates: [[[105.778, 21.067], [105.78, 21.067], [105.78, 21.069], [105.778, 21.069], [105.778, 21.067]]] });
    const g = r.features[1].geometry as { type: string; coordinates: unknown[] };
    expect(g.type).toBe('MultiPolygon');
    expect(g.coordinates).toHaveLength(2);
  });

  it('refuses malformed XML and XML that is not KML', async () => {
    await expect(readFeatures(new TextEncoder().encode('<kml><Document>'), { format: 'kml' })).rejects.toThrow(/not well-formed XML/);
    await expect(readFeatures(new TextEncoder().encode('<gpx version="1.1"></gpx>'), { format: 'kml' })).rejects.toThrow('its root element is <gpx>, not <kml>');
  });
});

describe('WKT', () => {
  it('parses the types opsmap stores and writes them back identically', () => {
    for (const w of ['POINT (105.78 21.05)', 'POLYGON ((0 0, 1 0, 1 1, 0 0), (0.1 0.1, 0.2 0.1, 0.2 0.2, 0.1 0.1))', 'MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))'])
      expect(toWkt(parseWkt(w))).toBe(w);
    expect(parseWkt('SRID=4326;point z (1 2 3)')).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(parseWkt('MULTIPOINT (1 2, 3 4)')).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('MULTIPOINT ((1 2), (3 4))')).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
  });

  it('explains what is wrong with bad WKT', () => {
    expect(() => parseWkt('CIRCLE (1 2)')).toThrow('unsupported geometry type CIRCLE');
    expect(() => parseWkt('POINT EMPTY')).toThrow('POINT EMPTY has no coordinates');
    expect(() => parseWkt('POINT (1 2')).toThrow(/expected "," or "\)"/);
    expect(() => parseWkt('POINT (1)')).toThrow('a position needs at least two numbers');
  });
});

describe.skipIf(!hasTools('ogr2ogr'))('zipped Shapefile reader (Shapefile written by GDAL)', () => {
  let dir: string;
  /** The .shp/.shx/.dbf/.prj/.cpg GDAL wrote for the checkpoints fixture, by extension. */
  let parts: Record<string, Uint8Array>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsmap-shp-'));
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', join(dir, 'checkpoints.shp'), FIXTURES + 'checkpoints.geojson']);
    parts = Object.fromEntries(readdirSync(dir).map((f) => [f.split('.').pop()!, readFileSync(join(dir, f))]));
  });

  const zip = (files: Record<string, Uint8Array>) => zipSync(files);

  it('reads points and their attributes, with Vietnamese text decoded as the .cpg says', async () => {
    expect(Object.keys(parts).sort()).toEqual(['cpg', 'dbf', 'prj', 'shp', 'shx']);
    const data = zip({ 'checkpoints.shp': parts.shp, 'checkpoints.shx': parts.shx, 'checkpoints.dbf': parts.dbf, 'checkpoints.prj': parts.prj, 'checkpoints.cpg': parts.cpg });
    const r = await readFeatures(data, { filename: 'checkpoints.zip' });
    expect(r.format).toBe('shapefile');
    expect(r.warnings).toEqual([]);
    expect(r.features.map((f) => f.geometry)).toEqual([
      { type: 'Point', coordinates: [105.7812, 21.0489] },
      { type: 'Point', coordinates: [105.7623, 21.0721] },
      { type: 'Point', coordinates: [105.7955, 21.0623] },
    ]);
    expect(r.features[0].properties).toMatchObject({ name: 'Chốt Cầu Diễn', kind: 'epidemic', staff: 6, ghi_chu: 'gần chợ' });
    expect(r.features[2].properties).toMatchObject({ name: 'Chốt Xuân Đỉnh', active_fro: '2021-05-20' });
    expect(r.features[1].where).toBe('record 2');
  });

  it('finds the files inside a folder of the zip, and detects UTF-8 when there is no .cpg (with a warning for the missing .prj)', async () => {
    const data = zip({ 'export/': new Uint8Array(), 'export/checkpoints.shp': parts.shp, 'export/checkpoints.shx': parts.shx, 'export/checkpoints.dbf': parts.dbf, '__MACOSX/export/._checkpoints.shp': strToU8('junk') });
    const r = await readFeatures(data, { filename: 'x.zip' });
    expect(r.features[1].properties.name).toBe('Chốt Đông Ngạc');
    expect(r.warnings).toEqual(['The Shapefile has no .prj: its coordinates were taken to be WGS84 longitude/latitude.']);
  });

  it('refuses a projected .prj (here UTM 48N written by GDAL) and says how to reproject', async () => {
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:32648', join(dir, 'utm.shp'), FIXTURES + 'checkpoints.geojson']);
    const p = (ext: string) => readFileSync(join(dir, `utm.${ext}`));
    const data = zip({ 'utm.shp': p('shp'), 'utm.shx': p('shx'), 'utm.dbf': p('dbf'), 'utm.prj': p('prj') });
    await expect(readFeatures(data, { filename: 'utm.zip' })).rejects.toThrow(/coordinates are in WGS_1984_UTM_Zone_48N .*ogr2ogr -t_srs EPSG:4326/);
  });

  it('refuses a zip with no .shp or with two layers', async () => {
    await expect(readFeatures(zip({ 'readme.txt': strToU8('hi') }), { filename: 'a.zip' })).rejects.toThrow('The zip holds no .shp file');
    await expect(readFeatures(zip({ 'a.shp': parts.shp, 'b.shp': parts.shp }), { filename: 'a.zip' })).rejects.toThrow('The zip holds 2 Shapefiles (a.shp, b.shp)');
    await expect(readFeatures(strToU8('not a zip at all, just text'), { filename: 'a.zip' })).rejects.toThrow(/not a readable zip archive/);
  });

  it('decodes a Windows-1258 (Vietnamese ANSI) dBASE file when the .cpg says so', async () => {
    execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=CP1258', join(dir, 'ansi.shp'), FIXTURES + 'checkpoints.geojson']);
    const p = (ext: string) => readFileSync(join(dir, `ansi.${ext}`));
    expect(new TextDecoder('latin1').decode(p('cpg')).trim()).toMatch(/1258/);
    const r = await readFeatures(zip({ 'ansi.shp': p('shp'), 'ansi.shx': p('shx'), 'ansi.dbf': p('dbf'), 'ansi.cpg': p('cpg') }), { filename: 'ansi.zip' });
    expect(r.features.map((f) => f.properties.name)).toEqual(['Chốt Cầu Diễn', 'Chốt Đông Ngạc', 'Chốt Xuân Đỉnh']);
  });
});

// Written here rather than by GDAL so the test needs no tool: the .prj alone decides.
describe('Shapefile .prj check', async () => {
  const { isWgs84Geographic } = await import('../../server/io/read-shapefile.ts');
  it('accepts WGS84 geographic in ESRI and OGC spellings and refuses projected or other-datum systems', () => {
    expect(isWgs84Geographic('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]')).toBe(true);
    expect(isWgs84Geographic('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]')).toBe(true);
    expect(isWgs84Geographic('PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Transverse_Mercator"]]')).toBe(false);
    // VN-2000 geographic: another datum, off by hundreds of metres from WGS84 in Hanoi.
    expect(isWgs84Geographic('GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]')).toBe(false);
  });
});
