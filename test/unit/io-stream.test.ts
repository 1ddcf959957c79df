/**
 * The streaming readers give what the whole-file readers give, across block boundaries (files of
 * several MiB with multi-byte text and quoted line breaks), and refuse what those refuse.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../server/io/limits.ts';
import { readCsv } from '../../server/io/read-csv.ts';
import { readGeoJson } from '../../server/io/read-geojson.ts';
import { streamCsv } from '../../server/io/stream-csv.ts';
import { streamGeoJson } from '../../server/io/stream-geojson.ts';

const dir = mkdtempSync(join(tmpdir(), 'opsmap-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;
const file = (text: string) => {
  const p = join(dir, `f${k++}`);
  writeFileSync(p, text);
  return p;
};
const geo = (text: string) => [...streamGeoJson(file(text), DEFAULT_LIMITS)];
const csv = (text: string, warnings: string[] = []) => [...streamCsv(file(text), DEFAULT_LIMITS, warnings)];

describe('streamGeoJson', () => {
  it('reads a FeatureCollection of several MiB as the whole-file reader does', () => {
    const features = Array.from({ length: 20_000 }, (_, i) => ({ type: 'Feature', id: i, properties: { name: `Chốt số ${i} — Đông Ngạc`, n: i / 3 }, geometry: { type: 'Point', coordinates: [105.7 + i * 1e-6, 21.05] } }));
    const text = JSON.stringify({ type: 'FeatureCollection', features });
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(geo(text)).toEqual(readGeoJson(new TextEncoder().encode(text), DEFAULT_LIMITS).features);
  });

  it('reads a single Feature, a geometry and a list', () => {
    expect(geo('{"geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":1},"type":"Feature"}')).toEqual([{ geometry: { type: 'Point', coordinates: [1, 2] }, properties: { a: 1 } }]);
    expect(geo('{"type":"Point","coordinates":[1,2]}')).toEqual([{ geometry: { type: 'Point', coordinates: [1, 2] }, properties: {} }]);
    expect(geo('[{"type":"Point","coordinates":[1,2]},{"type":"Point","coordinates":[3,4]}]')).toHaveLength(2);
  });

  it('refuses a crs or a type written after the features, bad JSON, deep nesting and too many features', () => {
    const fc = '"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]';
    expect(() => geo(`{"type":"FeatureCollection",${fc},"crs":{"type":"name","properties":{"name":"EPSG:3405"}}}`)).toThrow(/EPSG:3405/);
    expect(() => geo(`{${fc},"type":"Feature"}`)).toThrow(/not FeatureCollection/);
    expect(() => geo('{"type":"FeatureCollection","features":[{"type":"Feature",}]}')).toThrow(/not valid JSON/);
    expect(() => geo('['.repeat(40) + ']'.repeat(40))).toThrow(/nested more than 32/);
    const two = JSON.stringify({ type: 'FeatureCollection', features: [1, 2].map((x) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, x] } })) });
    expect(() => [...streamGeoJson(file(two), { ...DEFAULT_LIMITS, maxFeatures: 1 })]).toThrow(/at most 1 can be imported/);
    expect(() => geo('42')).toThrow(/bare JSON value/);
  });
});

describe('streamCsv', () => {
  it('reads a CSV of several MiB with quoted line breaks and semicolons as the whole-file reader does', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `105.${7000 + (i % 999)};21.05;"Chốt ${i}\nghi chú ""${i}""";Đông Ngạc`);
    const text = '\ufefflon;lat;name;ward\r\n' + rows.join('\r\n') + '\r\n';
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const whole = readCsv(new TextEncoder().encode(text), DEFAULT_LIMITS).features;
    const streamed = csv(text);
    expect(streamed).toHaveLength(40_000);
    expect(streamed).toEqual(whole);
    expect(streamed[39_999].properties.name).toBe('Chốt 39999\nghi chú "39999"');
  });

  it('names every row without coordinates at the end, and warns of rows with too few fields', () => {
    expect(() => csv('lon,lat,name\n105.7,21.0,a\nx,21.0,b\n105.7,,c\n')).toThrow(/2 row\(s\) have no usable coordinates: row 3: lon "x" is not a number; row 4: lat "" is missing/);
    const warnings: string[] = [];
    expect(csv('lon,lat,name\n105.7,21.0\n', warnings)).toHaveLength(1);
    expect(warnings).toEqual(['row 2: Too few fields: expected 3 fields but parsed 2']);
  });

  it('refuses a file with no coordinate columns or no header', () => {
    expect(() => csv('a,b\n1,2\n')).toThrow(/no coordinate columns/);
    expect(() => csv('\n\n')).toThrow(/no header row/);
  });
});
