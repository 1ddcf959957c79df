/**
 * Import and export over HTTP: a file goes in as one transaction (a bad feature changes
 * nothing), and every layer comes out as GeoJSON, CSV and KML that imports back unchanged.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LayerId } from '../../core/layers.ts';
import { hasSharedData, SHARED_DATA } from '../support/tools.ts';
import { checkpoint, makeTestApp, WARD_A, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = makeTestApp();
  await t.req('/api/collections/wards/items', { method: 'POST', json: WARD_A });
});
afterEach(() => t.close());

const upload = (layer: string, body: string | Uint8Array<ArrayBuffer>, query: string, as?: 'planner' | 'viewer' | 'commander') =>
  t.req(`/api/collections/${layer}/import?${query}`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' }, as });
// Through the store, so the same test runs on SQLite and PostgreSQL (an unknown layer counts 0).
const count = (layer: string) => t.store.features.count(layer as LayerId);

const csv = `ten_chot,kind,status,staff,lon,lat,mau
Chốt Cổ Nhuế,traffic,active,4,105.781,21.061,đỏ
Chốt Xuân Đỉnh,epidemic,planned,2,105.795,21.062,xanh
`;

describe('POST /api/collections/{layer}/import', () => {
  it('imports a CSV with a column mapping, reports what it left out, and derives wards', async () => {
    const r = await upload('checkpoints', csv, 'filename=chot.csv&map=name=ten_chot', 'planner');
    expect(r.status).toBe(201);
    const report = await r.json();
    expect(report).toMatchObject({ layer: 'checkpoints', format: 'csv', read: 2, imported: 2, replaced: 0, left_out_properties: { mau: 2 } });
    const items = await (await t.req('/api/collections/checkpoints/items')).json();
    expect(items.features.map((f: { properties: { name: string; ward_code: string } }) => [f.properties.name, f.properties.ward_code])).toEqual([['Chốt Cổ Nhuế', '00611'], ['Chốt Xuân Đỉnh', null]]);
  });

  it('writes nothing when one feature is bad, and names it', async () => {
    await upload('checkpoints', csv, 'filename=chot.csv&map=name=ten_chot');
    const before = await count('checkpoints');
    const bad = csv.replace('epidemic', 'military');
    const r = await upload('checkpoints', bad, 'filename=chot.csv&map=name=ten_chot&replace=true');
    expect(r.status).toBe(400);
    const p = await r.json();
    expect(p.detail).toContain('Nothing was imported');
    expect(JSON.stringify(p.issues)).toContain('row 3');
    expect(await count('checkpoints')).toBe(before);
  });

  it('refuses an unknown format, an empty body and a role that may not import', async () => {
    expect((await upload('checkpoints', 'x', 'format=xlsx')).status).toBe(400);
    expect((await upload('checkpoints', '', 'format=csv')).status).toBe(400);
    expect((await upload('checkpoints', '%PDF-1.4', 'filename=plan.pdf')).status).toBe(415);
    expect((await upload('checkpoints', csv, 'filename=chot.csv&map=name=ten_chot', 'viewer')).status).toBe(403);
    expect((await upload('wards', csv, 'filename=chot.csv', 'planner')).status).toBe(403);
    expect(await count('checkpoints')).toBe(0);
  });

  it('takes files larger than the 2 MiB JSON limit', async () => {
    const features = Array.from({ length: 6000 }, (_, i) => checkpoint(105.771 + (i % 100) * 0.0001, 21.051 + Math.floor(i / 100) * 0.0001, { name: `Chốt số ${i + 1} — ${'ghi chú '.repeat(20)}`, notes: 'x'.repeat(200) }));
    const body = JSON.stringify({ type: 'FeatureCollection', features });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const r = await upload('checkpoints', body, 'format=geojson');
    expect(r.status).toBe(201);
    expect(await count('checkpoints')).toBe(6000);
  });

  it.skipIf(!hasSharedData('hanoi-wards.geojson'))('imports the real Hanoi wards, replacing the demo ones, with diacritics intact', async () => {
    const file = new Uint8Array(readFileSync(SHARED_DATA + 'hanoi-wards.geojson'));
    const r = await upload('wards', file, 'filename=hanoi-wards.geojson&replace=true&map=code=ward_code,name=ward_name,district=district_name,province=province_name');
    expect(r.status).toBe(201);
    expect((await r.json()).imported).toBe(103);
    const w = await (await t.req('/api/collections/wards/items?code=00611')).json();
    expect(w.features[0].properties).toMatchObject({ code: '00611', district: 'Quận Bắc Từ Liêm' });
    const names = (await (await t.req('/api/collections/wards/items?limit=200')).json()).features.map((f: { properties: { name: string } }) => f.properties.name);
    expect(names).toEqual(expect.arrayContaining(['Phường Xuân Đỉnh', 'Phường Cổ Nhuế 1', 'Phường Đông Ngạc']));
  });
});

describe('GET /api/collections/{layer}/export', () => {
  beforeEach(async () => {
    await upload('checkpoints', csv, 'filename=chot.csv&map=name=ten_chot');
  });

  for (const [format, type, ext] of [['geojson', 'application/geo+json', 'geojson'], ['csv', 'text/csv', 'csv'], ['kml', 'application/vnd.google-earth.kml+xml', 'kml']] as const) {
    it(`exports ${format} that imports back unchanged`, async () => {
      const r = await t.req(`/api/collections/checkpoints/export?format=${format}`, { as: 'commander' });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain(type);
      expect(r.headers.get('content-disposition')).toContain(`.${ext}`);
      const file = new Uint8Array(await r.arrayBuffer()) as Uint8Array<ArrayBuffer>;
      expect(new TextDecoder().decode(file)).toContain('Chốt Xuân Đỉnh');
      const again = await upload('checkpoints', file, `format=${format}&replace=true`);
      expect(again.status).toBe(201);
      expect(await again.json()).toMatchObject({ imported: 2, replaced: 2 });
      const names = (await (await t.req('/api/collections/checkpoints/items')).json()).features.map((f: { properties: { name: string; staff: number } }) => [f.properties.name, f.properties.staff]);
      expect(names).toEqual([['Chốt Cổ Nhuế', 4], ['Chốt Xuân Đỉnh', 2]]);
    });
  }

  it('refuses an unknown format', async () => {
    expect((await t.req('/api/collections/checkpoints/export?format=xlsx')).status).toBe(400);
  });
});
