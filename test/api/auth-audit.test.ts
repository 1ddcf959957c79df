/**
 * The audit trail names the signed-in user for every kind of change, the history of a
 * feature can be read and a deleted feature restored by a planner, and an admin exports
 * the log as JSON or CSV.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { importFeatures } from '../../server/features/edit.ts';
import { auditCsv } from '../../server/routes/admin.ts';
import { checkpoint, makeTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
afterEach(() => t?.close());

interface Entry {
  action: string;
  actor: string;
  address: string | null;
  collection: string;
  feature_id: number;
  version: number;
  before: { properties: Record<string, unknown> } | null;
  after: { properties: Record<string, unknown> } | null;
}

const incident = {
  type: 'Feature',
  properties: { category: 'violation', occurred_at: '2021-05-23T09:15:00+07:00', severity: 2, description: 'Tụ tập đông người' },
  geometry: { type: 'Point', coordinates: [105.78, 21.06] },
};

describe('audit trail', () => {
  it('records who made each kind of change, from where, with the feature before and after', async () => {
    t = makeTestApp();
    const from = { 'x-forwarded-for': '10.20.30.40' };
    const created = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'planner', json: checkpoint(105.78, 21.06, { name: 'Chốt A' }), headers: from })).json();
    const put = await t.req(`/api/collections/checkpoints/items/${created.id}`, { method: 'PUT', as: 'planner', json: checkpoint(105.78, 21.06, { name: 'Chốt A2' }), headers: { ...from, 'if-match': '"1"' } });
    expect(put.status).toBe(200);
    const patch = await t.req(`/api/collections/checkpoints/items/${created.id}`, { method: 'PATCH', as: 'admin', json: { properties: { staff: 9 } }, headers: { 'if-match': '"2"' } });
    expect(patch.status).toBe(200);
    expect((await t.req(`/api/collections/checkpoints/items/${created.id}`, { method: 'DELETE', as: 'planner', headers: { 'if-match': '"3"' } })).status).toBe(204);
    const restored = await t.req(`/api/collections/checkpoints/items/${created.id}/restore`, { method: 'POST', as: 'planner', json: { version: 2 } });
    expect(restored.status).toBe(200);
    const inc = await t.req('/api/collections/incidents/items', { method: 'POST', as: 'commander', json: incident });
    expect(inc.status).toBe(201);
    await importFeatures(t.store, 'checkpoints', [checkpoint(105.785, 21.061, { name: 'Chốt nhập' })], { name: 'planner', address: '10.0.0.5' });

    const res = await t.req('/api/admin/audit');
    expect(res.status).toBe(200);
    const { entries, count } = (await res.json()) as { entries: Entry[]; count: number };
    expect(count).toBe(7);
    expect(entries.map((e) => [e.action, e.actor, e.collection, e.version])).toEqual([
      ['create', 'planner', 'checkpoints', 1],
      ['update', 'planner', 'checkpoints', 2],
      ['update', 'admin', 'checkpoints', 3],
      ['delete', 'planner', 'checkpoints', 3],
      ['restore', 'planner', 'checkpoints', 4],
      ['create', 'commander', 'incidents', 1],
      ['import', 'planner', 'checkpoints', 1],
    ]);
    expect(entries[0].address).toBe('10.20.30.40');
    expect(entries[1].before!.properties.name).toBe('Chốt A');
    expect(entries[1].after!.properties.name).toBe('Chốt A2');
    expect(entries[2].after!.properties.staff).toBe(9);
    expect(entries[3].after).toBeNull();
    expect(entries[4].before).toBeNull(); // it was deleted
    expect(entries[4].after!.properties.name).toBe('Chốt A2');
  });

  it('a planner restores a deleted checkpoint from its history; a viewer cannot see the history', async () => {
    t = makeTestApp();
    const created = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'planner', json: checkpoint(105.78, 21.06, { name: 'Chốt Cầu Diễn' }) })).json();
    await t.req(`/api/collections/checkpoints/items/${created.id}`, { method: 'DELETE', as: 'planner', headers: { 'if-match': '"1"' } });
    expect((await t.req(`/api/collections/checkpoints/items/${created.id}`, { as: 'viewer' })).status).toBe(404);
    expect((await t.req(`/api/collections/checkpoints/items/${created.id}/history`, { as: 'viewer' })).status).toBe(403);

    const history = await (await t.req(`/api/collections/checkpoints/items/${created.id}/history`, { as: 'planner' })).json();
    expect(history.entries.map((e: Entry) => [e.action, e.version, e.actor])).toEqual([
      ['create', 1, 'planner'],
      ['delete', 1, 'planner'],
    ]);
    expect((await t.req(`/api/collections/checkpoints/items/${created.id}/restore`, { method: 'POST', as: 'commander', json: { version: 1 } })).status).toBe(403);
    const back = await t.req(`/api/collections/checkpoints/items/${created.id}/restore`, { method: 'POST', as: 'planner', json: { version: 1 } });
    expect(back.status).toBe(200);
    expect(back.headers.get('etag')).toBe('"2"');
    const again = await (await t.req(`/api/collections/checkpoints/items/${created.id}`, { as: 'viewer' })).json();
    expect(again.properties.name).toBe('Chốt Cầu Diễn');
    expect(again.geometry).toEqual({ type: 'Point', coordinates: [105.78, 21.06] });
  });

  it('exports a time window as CSV, one row per change', async () => {
    t = makeTestApp();
    await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'planner', json: checkpoint(105.78, 21.06, { name: 'Chốt "Nam", cổng 2' }) });
    await t.sql("UPDATE audit SET at = '2021-05-22T17:30:00.000Z'"); // 00:30 on 23 May in Hanoi
    await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'planner', json: checkpoint(105.781, 21.06, { name: 'Chốt mới' }) });

    const day = await t.req('/api/admin/audit?since=2021-05-23&until=2021-05-23&format=csv');
    expect(day.status).toBe(200);
    expect(day.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(day.headers.get('content-disposition')).toMatch(/^attachment; filename="opsmap-audit-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = (await day.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,address,action,collection,feature_id,version,before,after');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^1,2021-05-22T17:30:00\.000Z,planner,,create,checkpoints,1,1,,"\{""type"":""Feature""/);
    expect(lines[1]).toContain('Chốt \\""Nam\\"", cổng 2');

    const json = await (await t.req('/api/admin/audit?since=2021-05-24T00:00:00%2B07:00')).json();
    expect(json.entries.map((e: Entry) => e.feature_id)).toEqual([2]);
    expect((await t.req('/api/admin/audit?since=yesterday')).status).toBe(400);
    expect((await t.req('/api/admin/audit?format=xml')).status).toBe(400);
    expect((await t.req('/api/admin/audit', { as: 'planner' })).status).toBe(403);
  });

  it('CSV cells that a spreadsheet would run as formulas are defused', () => {
    const csv = auditCsv([{ id: 1, at: 'x', actor: '=HYPERLINK("http://evil")', address: '+1', action: '-2', collection: '@x', feature_id: 1, version: 1, before: null, after: null }]);
    expect(csv.split('\r\n')[1]).toBe(`1,x,"'=HYPERLINK(""http://evil"")",'+1,'-2,'@x,1,1,,`);
  });
});
