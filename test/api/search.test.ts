/**
 * Search by the server: diacritic-insensitive names across layers, ranked, with how many matched
 * in all, and a rename seen by the next search.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFeatures } from '../../server/features/edit.ts';
import { checkpoint, makeTestApp, WARD_A, WARD_B, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeEach(() => (t = makeTestApp()));
afterEach(() => t.close());
const actor = { name: 'test', address: null };

describe('GET /api/search', () => {
  it('finds wards and checkpoints with or without diacritics, best first, and says how many matched', async () => {
    await importFeatures(t.store, 'wards', [WARD_A, WARD_B], actor);
    const ids = (await importFeatures(t.store, 'checkpoints', [checkpoint(105.78, 21.06, { name: 'Chốt Cổ Nhuế' }), checkpoint(105.8, 21.06, { name: 'Chốt cầu Thăng Long' })], actor)).ids;
    const r = await t.req('/api/search?q=co%20nhue', { as: 'viewer' });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.numberMatched).toBe(2);
    expect(body.hits.map((h: { layer: string; name: string }) => [h.layer, h.name])).toEqual([['wards', 'Phường Cổ Nhuế 1'], ['checkpoints', 'Chốt Cổ Nhuế']]);
    expect(body.hits[1]).toMatchObject({ id: ids[0], bbox: [105.78, 21.06, 105.78, 21.06] });

    const one = await (await t.req('/api/search?q=co%20nhue&limit=1')).json();
    expect([one.numberReturned, one.numberMatched]).toEqual([1, 2]);
    expect((await (await t.req('/api/search?q=00598')).json()).hits[0]).toMatchObject({ layer: 'wards', code: '00598' });
    expect((await (await t.req('/api/search?q=')).json()).hits).toEqual([]);
  });

  it('sees a rename at once', async () => {
    const created = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06, { name: 'Chốt A' }), as: 'planner' })).json();
    expect((await (await t.req('/api/search?q=dong%20ngac')).json()).numberMatched).toBe(0);
    const r = await t.req(`/api/collections/checkpoints/items/${created.id}`, { method: 'PATCH', json: { properties: { name: 'Chốt Đông Ngạc' } }, headers: { 'if-match': `"${created.version}"` }, as: 'planner' });
    expect(r.status).toBe(200);
    expect((await (await t.req('/api/search?q=dong%20ngac')).json()).hits.map((h: { id: number }) => h.id)).toEqual([created.id]);
  });

  it('refuses a missing query, a bad limit and unknown parameters', async () => {
    expect((await t.req('/api/search')).status).toBe(400);
    expect((await t.req('/api/search?q=a&limit=0')).status).toBe(400);
    expect((await t.req('/api/search?q=a&limit=101')).status).toBe(400);
    expect((await t.req('/api/search?q=a&layer=wards')).status).toBe(400);
    expect((await t.req('/api/search?q=a', { as: 'anonymous' })).status).toBe(401);
  });
});
