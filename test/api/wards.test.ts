/**
 * GET /api/wards: every ward of the city without outlines (reference data the client loads once),
 * in Vietnamese order, revalidated by ETag, and following a change of the wards layer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFeatures } from '../../server/features/edit.ts';
import { makeTestApp, WARD_A, WARD_B, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeEach(() => (t = makeTestApp()));
afterEach(() => t.close());
const actor = { name: 'test', address: null };
const ward = (code: string, name: string, x: number) => ({
  ...WARD_A,
  properties: { ...WARD_A.properties, code, name, population: undefined },
  geometry: { type: 'Polygon', coordinates: [[[x, 21], [x + 0.01, 21], [x + 0.01, 21.01], [x, 21.01], [x, 21]]] },
});

describe('GET /api/wards', () => {
  it('lists every ward with code, name, district, box and label point, and no outline, in Vietnamese order', async () => {
    const ids = (await importFeatures(t.store, 'wards', [WARD_B, WARD_A, ward('00001', 'Phường Đông Ngạc', 105.7), ward('00002', 'Phường Dương Nội', 105.6)], actor)).ids;
    const r = await t.req('/api/wards', { as: 'viewer' });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.numberMatched).toBe(4);
    // d before đ; C before D
    expect(body.wards.map((w: { name: string }) => w.name)).toEqual(['Phường Cổ Nhuế 1', 'Phường Dương Nội', 'Phường Đông Ngạc', 'Phường Xuân Đỉnh']);
    expect(body.wards[0]).toEqual({ id: ids[1], code: '00611', name: 'Phường Cổ Nhuế 1', district: 'Quận Bắc Từ Liêm', province: 'Thành phố Hà Nội', population: 40000, bbox: [105.77, 21.05, 105.79, 21.07], label: [105.78, 21.06] });
    expect(JSON.stringify(body)).not.toContain('coordinates');
  });

  it('answers 304 to its ETag, and a new list after a ward changed', async () => {
    const [id] = (await importFeatures(t.store, 'wards', [WARD_A], actor)).ids;
    const first = await t.req('/api/wards');
    const etag = first.headers.get('etag')!;
    expect((await t.req('/api/wards', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const cur = await (await t.req(`/api/collections/wards/items/${id}`)).json();
    const r = await t.req(`/api/collections/wards/items/${id}`, { method: 'PATCH', json: { properties: { name: 'Phường Cổ Nhuế 2' } }, headers: { 'if-match': `"${cur.version}"` }, as: 'admin' });
    expect(r.status).toBe(200);
    const after = await t.req('/api/wards', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect((await after.json()).wards[0].name).toBe('Phường Cổ Nhuế 2');
  });

  it('is empty, not an error, before any ward is loaded', async () => {
    expect(await (await t.req('/api/wards')).json()).toEqual({ numberMatched: 0, wards: [] });
  });
});
