/**
 * The streaming readers give what the whole-file readers give, across block boundaries (files of
 * several MiB with multi-byte text and quoted line breaks), and refuse what those refuse.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IoError } from '../../server/io/errors.ts';
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

describe('streamGeoJson, block by block', () => {
  const whole = (text: string) => readGeoJson(new TextEncoder().encode(text), DEFAULT_LIMITS).features;
  const streamed = (path: string, block: number) => [...streamGeoJson(path, DEFAULT_LIMITS, block)];
  const outcome = (read: () => unknown) => {
    try {
      return { features: read() };
    } catch (e) {
      if (!(e instanceof IoError)) throw e;
      return { refused: true };
    }
  };
  const feature = fc.record({
    type: fc.constant('Feature'),
    id: fc.option(fc.oneof(fc.integer(), fc.string()), { nil: undefined }),
    properties: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })),
    geometry: fc.record({ type: fc.constant('Point'), coordinates: fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true })) }),
  });
  /** GeoJSON texts: collections, lists and single features, with white space, escapes and members after the features. */
  const doc = fc.oneof(
    fc.record({ type: fc.constant('FeatureCollection'), features: fc.array(feature, { maxLength: 6 }), name: fc.option(fc.string(), { nil: undefined }) }).map((d) => JSON.stringify(d, null, 1)),
    fc.tuple(fc.array(feature, { maxLength: 4 }), fc.jsonValue({ maxDepth: 3 })).map(([f, extra]) => `{"features": ${JSON.stringify(f)}, "extra\\"\\\\": ${JSON.stringify(extra)} , "type":"FeatureCollection"}`),
    fc.array(feature, { maxLength: 4 }).map((f) => JSON.stringify(f)),
    feature.map((f) => JSON.stringify(f)),
  );

  it('gives what the whole-file reader gives, for any place the blocks are cut', () => {
    fc.assert(
      fc.property(doc, fc.integer({ min: 1, max: 40 }), (text, block) => {
        expect(streamed(file(text), block)).toEqual(whole(text));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what the whole-file reader refuses, and accepts what it accepts, when the text is damaged', () => {
    const damaged = fc.tuple(doc, fc.nat(), fc.constantFrom('', ',', '}', ']', '{', '[', '"', '\\', ':', 'x', ' ', '1', 'null')).map(([text, at, put]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + put + text.slice(i + (at % 2));
    });
    fc.assert(
      fc.property(damaged, fc.integer({ min: 1, max: 40 }), (text, block) => {
        const a = outcome(() => whole(text));
        const b = outcome(() => streamed(file(text), block));
        // A Feature with a "features" array is read as the collection it claims to be and refused; else both agree.
        if (!('refused' in b && /"features" array but its type/.test(text))) expect(b).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });

  it('names the line and column of bad JSON, and the feature it is in', () => {
    const text = '{"type":"FeatureCollection","features":[\n{"type":"Feature","properties":{},"geometry":null},\n{"type":"Feature","properties":{"a":1,},"geometry":null}\n]}';
    for (const block of [1, 7, 1 << 20]) expect(() => streamed(file(text), block)).toThrow(/not valid JSON: .* in feature 2 \(line 3, column 39\)/);
    expect(() => streamed(file('{"type":"FeatureCollection","features":[{"a":[1}]}'), 3)).toThrow(/feature 1 \(line 1, column 48\)/);
    expect(() => streamed(file('{"type":"FeatureCollection","features":[{"a":"b'), 3)).toThrow(/the file ends inside feature 1, which starts here \(line 1, column 41\)/);
    expect(() => streamed(file('{"type":"FeatureCollection","features":[] } x'), 3)).toThrow(/more text after the end of the object \(line 1, column 45\)/);
  });
});
