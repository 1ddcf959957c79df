/**
 * Editing (OGC API – Features Part 4) and bad input: every refusal is a problem document
 * that says what to change, and a refused write leaves the database as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LayerId } from '../../core/layers.ts';
import { checkpoint, makeTestApp, WARD_A, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = makeTestApp();
  await t.req('/api/collections/wards/items', { method: 'POST', json: WARD_A });
});
afterEach(() => t.close());

// Through the store, so the same test runs on SQLite and PostgreSQL (an unknown layer counts 0).
const count = (layer: string) => t.store.features.count(layer as LayerId);
const auditCount = async () => (await t.store.history.log({ limit: 1_000_000 })).length;

async function expectProblem(r: Response, status: number, ...fragments: string[]) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toBe('application/problem+json');
  const p = await r.json();
  const text = JSON.stringify(p);
  for (const f of fragments) expect(text).toContain(f);
  return p;
}

describe('create, replace, update, delete', () => {
  it('creates with 201, Location and ETag, and the feature reads back', async () => {
    const r = await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) });
    expect(r.status).toBe(201);
    expect(r.headers.get('etag')).toBe('"1"');
    const loc = r.headers.get('location')!;
    expect(loc).toMatch(/\/api\/collections\/checkpoints\/items\/\d+$/);
    const back = await (await t.req(new URL(loc).pathname)).json();
    expect(back.properties.name).toBe('Chốt Phạm Văn Đồng');
  });

  it('replaces with PUT and bumps the version', async () => {
    const f = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) })).json();
    const r = await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'PUT', headers: { 'If-Match': '"1"' }, json: checkpoint(105.781, 21.061, { status: 'closed', staff: 0 }) });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"2"');
    expect((await r.json()).properties).toMatchObject({ status: 'closed', staff: 0, hours: '24/7' });
  });

  it('merges properties with PATCH (null removes an optional one)', async () => {
    const f = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) })).json();
    const r = await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'PATCH', headers: { 'If-Match': '"1"', 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify({ properties: { staff: 9, hours: null } }) });
    const p = (await r.json()).properties;
    expect(p.staff).toBe(9);
    expect(p.hours).toBeUndefined();
    expect(p.name).toBe('Chốt Phạm Văn Đồng');
  });

  it('deletes with 204; the feature is gone and its history remains', async () => {
    const f = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) })).json();
    expect((await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'DELETE', headers: { 'If-Match': '"1"' } })).status).toBe(204);
    expect((await t.req(`/api/collections/checkpoints/items/${f.id}`)).status).toBe(404);
    const h = await (await t.req(`/api/collections/checkpoints/items/${f.id}/history`)).json();
    expect(h.entries.map((e: { action: string }) => e.action)).toEqual(['create', 'delete']);
  });

  it('restores a deleted feature under the same id', async () => {
    const f = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) })).json();
    await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'DELETE', headers: { 'If-Match': '"1"' } });
    const r = await t.req(`/api/collections/checkpoints/items/${f.id}/restore`, { method: 'POST', json: { version: 1 } });
    expect(r.status).toBe(200);
    const back = await (await t.req(`/api/collections/checkpoints/items/${f.id}`)).json();
    expect(back.properties.name).toBe('Chốt Phạm Văn Đồng');
    expect(back.version).toBe(2);
  });
});

describe('two planners editing the same checkpoint', () => {
  it('the second save gets 412 with the current version, and nothing is overwritten', async () => {
    const f = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) })).json();
    const first = await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'PATCH', headers: { 'If-Match': '"1"' }, json: { properties: { staff: 6 } } });
    expect(first.status).toBe(200);
    const second = await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'PATCH', headers: { 'If-Match': '"1"' }, json: { properties: { staff: 2 } } });
    const p = await expectProblem(second, 412, 'version 2');
    expect(second.headers.get('etag')).toBe('"2"');
    expect(p.current.properties.staff).toBe(6);
    expect((await (await t.req(`/api/collections/checkpoints/items/${f.id}`)).json()).properties.staff).toBe(6);
  });

  it('a change without If-Match is refused with 428', async () => {
    const f = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) })).json();
    await expectProblem(await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'DELETE' }), 428, 'If-Match');
    await expectProblem(await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'PUT', json: checkpoint(1, 1) }), 428);
    expect(await count('checkpoints')).toBe(1);
  });
});

describe('bad input is refused with a problem that says what to change, and nothing is written', () => {
  const zone = (coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties: { name: 'Vùng 1', level: 'lockdown', status: 'active', starts_on: '2021-05-01' }, geometry: { type, coordinates } });
  const cases: Array<[string, string, RequestInit & { json?: unknown }, number, string[]]> = [
    ['malformed JSON', 'checkpoints', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "Feature", ' }, 400, ['not valid JSON']],
    ['empty body', 'checkpoints', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' }, 400, ['empty']],
    ['not JSON at all', 'checkpoints', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }, 415, ['application/json']],
    ['not a Feature', 'checkpoints', { method: 'POST', json: { type: 'FeatureCollection', features: [] } }, 400, ['must be \\"Feature\\"']],
    ['wrong geometry type', 'checkpoints', { method: 'POST', json: { ...checkpoint(0, 0), geometry: WARD_A.geometry } }, 400, ['must be Point for this layer, not Polygon']],
    ['latitude out of range', 'checkpoints', { method: 'POST', json: checkpoint(105.78, 95) }, 400, ['latitude 95 is outside']],
    ['longitude out of range', 'checkpoints', { method: 'POST', json: checkpoint(205.78, 21) }, 400, ['longitude 205.78 is outside']],
    ['coordinates not numbers', 'checkpoints', { method: 'POST', json: { ...checkpoint(0, 0), geometry: { type: 'Point', coordinates: ['105', 21] } } }, 400, ['finite numbers']],
    ['unclosed ring', 'quarantine-zones', { method: 'POST', json: zone([[[105.77, 21.05], [105.79, 21.05], [105.79, 21.07], [105.77, 21.07]]]) }, 400, ['not closed']],
    ['self-intersecting polygon', 'quarantine-zones', { method: 'POST', json: zone([[[105.77, 21.05], [105.79, 21.07], [105.79, 21.05], [105.77, 21.07], [105.77, 21.05]]]) }, 400, ['intersects itself']],
    ['unknown property', 'checkpoints', { method: 'POST', json: checkpoint(105.78, 21.06, { colour: 'red' }) }, 400, ['unknown property \\"colour\\"']],
    ['wrong enum value', 'checkpoints', { method: 'POST', json: checkpoint(105.78, 21.06, { kind: 'military' }) }, 400, ['properties.kind', 'epidemic']],
    ['missing required property', 'checkpoints', { method: 'POST', json: { type: 'Feature', properties: { kind: 'traffic' }, geometry: { type: 'Point', coordinates: [105.78, 21.06] } } }, 400, ['properties.name', 'is required']],
    ['severity out of range', 'incidents', { method: 'POST', json: { type: 'Feature', properties: { category: 'traffic', occurred_at: '2021-05-01T10:00:00+07:00', severity: 7 }, geometry: { type: 'Point', coordinates: [105.78, 21.06] } } }, 400, ['1, 2 or 3']],
    ['timestamp without zone', 'incidents', { method: 'POST', json: { type: 'Feature', properties: { category: 'traffic', occurred_at: '2021-05-01 10:00', severity: 1 }, geometry: { type: 'Point', coordinates: [105.78, 21.06] } } }, 400, ['ISO 8601']],
    ['deeply nested JSON', 'checkpoints', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '['.repeat(5000) + ']'.repeat(5000) }, 400, ['nested']],
    ['oversized body', 'quarantine-zones', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(zone([[[105.77, 21.05], ...Array.from({ length: 120000 }, (_, i) => [105.77 + i * 1e-7, 21.06]), [105.77, 21.05]]])) }, 413, ['larger than']],
    ['unknown collection', 'roadblocks', { method: 'POST', json: checkpoint(105.78, 21.06) }, 404, ['no collection']],
  ];

  for (const [name, layer, init, status, fragments] of cases) {
    it(name, async () => {
      const before = await auditCount();
      await expectProblem(await t.req(`/api/collections/${layer}/items`, init), status, ...fragments);
      expect(await auditCount()).toBe(before);
      expect(await count(layer)).toBe(0);
    });
  }
});
