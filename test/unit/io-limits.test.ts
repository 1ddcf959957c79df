/**
 * Hostile and oversized files are refused before they cost memory, with a message a
 * person can act on and an error kind the HTTP layer turns into 413.
 */
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { readFeatures } from '../../server/io/read.ts';
import { IoError } from '../../server/io/errors.ts';
import { jsonDepthExceeds } from '../../server/io/read-geojson.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const failure = (p: Promise<unknown>) => p.then(() => null, (e) => e as IoError);

describe('limits against hostile files', () => {
  it('refuses a file larger than the size limit', async () => {
    const e = await failure(readFeatures(new Uint8Array(2048), { format: 'geojson', limits: { maxFileBytes: 1024 } }));
    expect(e).toBeInstanceOf(IoError);
    expect(e!.kind).toBe('too_large');
    expect(e!.message).toBe('The file is 2 KiB; opsmap reads geojson files (and imports that replace a layer) of at most 1 KiB (OPSMAP_IMPORT_MAX_WHOLE_BYTES). Split it into smaller files.');
  });

  it('gives KML, which is parsed into a DOM, a smaller size cap and says how to convert it', async () => {
    const e = await failure(readFeatures(new Uint8Array(3000), { format: 'kml', limits: { maxKmlBytes: 2048 } }));
    expect(e!.kind).toBe('too_large');
    expect(e!.message).toBe('The KML file is 3 KiB; opsmap imports KML of at most 2 KiB. Convert larger files to GeoJSON first (ogr2ogr -f GeoJSON out.geojson in.kml).');
  });

  it('refuses JSON nested deeper than the limit without parsing it, and counts only brackets outside strings', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const e = await failure(readFeatures(enc(deep), { format: 'geojson' }));
    expect(e!.kind).toBe('too_large');
    expect(e!.message).toMatch(/nested more than 32 levels/);
    expect(jsonDepthExceeds('{"a":"[[[[[[[[[[\\"[[[["}', 2)).toBe(false);
    expect(jsonDepthExceeds('{"a":[[1]]}', 2)).toBe(true);
  });

  it('refuses more features than the limit, in every format', async () => {
    const limits = { maxFeatures: 2 };
    const pt = { type: 'Feature', geometry: { type: 'Point', coordinates: [105, 21] }, properties: {} };
    const geojson = enc(JSON.stringify({ type: 'FeatureCollection', features: [pt, pt, pt] }));
    expect((await failure(readFeatures(geojson, { format: 'geojson', limits })))!.message).toBe(
      'The file holds 3 features; at most 2 can be imported at once (the cap OPSMAP_IMPORT_MAX_FEATURES). Split it into smaller files, or ask the administrator to raise the cap.',
    );
    const csv = enc('lon,lat\n1,1\n2,2\n3,3\n');
    expect((await failure(readFeatures(csv, { format: 'csv', limits })))!.kind).toBe('too_large');
    const kml = enc(`<kml xmlns="http://www.opengis.net/kml/2.2"><Document>${'<Placemark><Point><coordinates>105,21</coordinates></Point></Placemark>'.repeat(3)}</Document></kml>`);
    expect((await failure(readFeatures(kml, { format: 'kml', limits })))!.kind).toBe('too_large');
  });

  it('refuses a zip bomb from its declared sizes, before inflating it', async () => {
    // 24 MiB of zeros deflates to about 24 KiB.
    const bomb = zipSync({ 'bomb.shp': new Uint8Array(24 * 1024 * 1024) }, { level: 1 });
    expect(bomb.length).toBeLessThan(200_000);
    const e = await failure(readFeatures(bomb, { filename: 'bomb.zip', limits: { maxUncompressedBytes: 16 * 1024 * 1024 } }));
    expect(e!.kind).toBe('too_large');
    expect(e!.message).toMatch(/unpacks to more than 16 MiB/);
  });

  it('refuses a zip with too many entries', async () => {
    const files = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}.txt`, strToU8('x')]));
    const e = await failure(readFeatures(zipSync(files), { filename: 'many.zip' }));
    expect(e!.kind).toBe('too_large');
    expect(e!.message).toMatch(/more than 64 files/);
  });
});
