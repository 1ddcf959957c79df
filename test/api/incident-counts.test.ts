/**
 * GET /api/analysis/incident-counts on the city scenario (3,000 incidents): per-day and per-ward
 * counts equal those taken in the test from the generated incidents themselves (the day from the
 * timestamp's Hanoi date, the ward by point in polygon over the generated wards).
 */
import type { Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCity } from '../../data/city/generate.ts';
import { pointInRing, type Pt } from '../../data/demo/geometry.ts';
import { hanoiDay } from '../../core/time/hanoi-day.ts';
import { bulkImport } from '../../server/features/bulk.ts';
import { seedCity } from '../../server/seed.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';

const N = 3_000;
let t: TestApp;
const city = generateCity({ incidents: N });
const incidents = [...city.incidents()].map((f) => ({
  day: String(f.properties!.occurred_at).slice(0, 10), // written in +07:00, so this is the Hanoi day
  at: Date.parse(String(f.properties!.occurred_at)),
  category: String(f.properties!.category),
  ward: city.layout.wards.find((w) => pointInRing((f.geometry as Point).coordinates as Pt, w.ring))?.code ?? null,
}));

beforeAll(async () => {
  t = makeTestApp();
  await seedCity(t.store, { incidents: N });
});
afterAll(() => t.close());

type Answer = { total: number; days: { day: string; total: number; counts: Record<string, number> }[]; wards: { ward_code: string | null; total: number; counts: Record<string, number> }[] };

function expected(keep: (i: (typeof incidents)[number]) => boolean) {
  const days = new Map<string, Record<string, number>>();
  const wards = new Map<string | null, Record<string, number>>();
  for (const i of incidents.filter(keep)) {
    const d = days.get(i.day) ?? {};
    d[i.category] = (d[i.category] ?? 0) + 1;
    days.set(i.day, d);
    const w = wards.get(i.ward) ?? {};
    w[i.category] = (w[i.category] ?? 0) + 1;
    wards.set(i.ward, w);
  }
  return { days, wards };
}

describe('incident counts', () => {
  it('over the whole month: every day and every ward, by category', async () => {
    const res = await t.req('/api/analysis/incident-counts');
    expect(res.status).toBe(200);
    const a = (await res.json()) as Answer;
    expect(a.total).toBe(N);
    const e = expected(() => true);
    expect(Object.fromEntries(a.days.map((d) => [d.day, d.counts]))).toEqual(Object.fromEntries(e.days));
    expect(a.wards.length).toBe(e.wards.size);
    for (const w of a.wards) expect(w.counts).toEqual(e.wards.get(w.ward_code));
    // Each ward counted comes with its name and feature id (a client holding only the wards in
    // view can still list and open it).
    const named = a.wards.find((w) => w.ward_code !== null) as Answer['wards'][number] & { name: string; id: number };
    const ward = (await (await t.req(`/api/collections/wards/items/${named.id}`)).json()) as { properties: { code: string; name: string } };
    expect(ward.properties).toMatchObject({ code: named.ward_code, name: named.name });
  });

  it('in a 7-day window and for chosen categories', async () => {
    const a = (await (await t.req('/api/analysis/incident-counts?datetime=2021-05-10/2021-05-16&category=epidemic_case,traffic')).json()) as Answer;
    const keep = (i: (typeof incidents)[number]) => i.day >= '2021-05-10' && i.day <= '2021-05-16' && ['epidemic_case', 'traffic'].includes(i.category);
    const e = expected(keep);
    expect(a.total).toBe(incidents.filter(keep).length);
    expect(Object.fromEntries(a.days.map((d) => [d.day, d.counts]))).toEqual(Object.fromEntries(e.days));
    expect(a.wards.length).toBe(e.wards.size); // no ward left out
    for (const w of a.wards) expect(w.counts).toEqual(e.wards.get(w.ward_code));
  });

  it('in a window that starts and ends within a day (whole days counted apart from the ends)', async () => {
    const [from, to] = ['2021-05-10T15:30:00+07:00', '2021-05-12T08:00:00+07:00'];
    const a = (await (await t.req(`/api/analysis/incident-counts?datetime=${encodeURIComponent(`${from}/${to}`)}`)).json()) as Answer;
    const keep = (i: (typeof incidents)[number]) => i.at >= Date.parse(from) && i.at <= Date.parse(to);
    const e = expected(keep);
    expect(a.total).toBe(incidents.filter(keep).length);
    expect(Object.fromEntries(a.days.map((d) => [d.day, d.counts]))).toEqual(Object.fromEntries(e.days));
    expect(a.wards.length).toBe(e.wards.size); // no ward left out
    for (const w of a.wards) expect(w.counts).toEqual(e.wards.get(w.ward_code));
    const within = (await (await t.req(`/api/analysis/incident-counts?datetime=${encodeURIComponent('2021-05-10T09:00:00+07:00/2021-05-10T12:00:00+07:00')}`)).json()) as Answer;
    expect(within.total).toBe(incidents.filter((i) => i.at >= Date.parse('2021-05-10T09:00:00+07:00') && i.at <= Date.parse('2021-05-10T12:00:00+07:00')).length);
  });

  it('follows an edit, and refuses an unknown category', async () => {
    const before = (await (await t.req('/api/analysis/incident-counts?datetime=2021-05-31')).json()) as Answer;
    const res = await t.req('/api/collections/incidents/items', { method: 'POST', json: { type: 'Feature', geometry: { type: 'Point', coordinates: city.layout.wards[0].seed }, properties: { category: 'traffic', occurred_at: '2021-05-31T12:00:00+07:00', severity: 1 } } });
    expect(res.status).toBe(201);
    const after = (await (await t.req('/api/analysis/incident-counts?datetime=2021-05-31')).json()) as Answer;
    expect(after.total).toBe(before.total + 1);
    expect(after.wards.find((w) => w.ward_code === city.layout.wards[0].code)?.counts.traffic).toBe((before.wards.find((w) => w.ward_code === city.layout.wards[0].code)?.counts.traffic ?? 0) + 1);
    expect((await t.req('/api/analysis/incident-counts?category=fire')).status).toBe(400);
  });
});

/**
 * The kept counts (incident_counts, maintained by triggers and by bulk writes on both backends)
 * must not drift from the features they count: after creates, moves (category, time, ward),
 * deletes, a bulk import and its undo, the endpoint answers what a GROUP BY over the incidents
 * themselves says, for the whole layer, a window cut mid-day, and a category filter.
 */
describe('incident counts kept exact through writes', () => {
  const actor = { name: 'admin', address: null };
  const wardA = city.layout.wards[1];
  const wardB = city.layout.wards[2];
  const body = (category: string, at: string, seed: [number, number]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: seed }, properties: { category, occurred_at: at, severity: 2 } });

  /** The endpoint's answer against one computed in the test from every incident row. */
  async function expectExact(query: string, keep: (r: { at: number; category: string }) => boolean) {
    const rows = await t.sql<{ t_start: string | null; ward_code: string | null; category: string | null }>(`SELECT t_start, ward_code, category FROM features WHERE collection = 'incidents'`);
    const days = new Map<string, Record<string, number>>();
    const wards = new Map<string | null, Record<string, number>>();
    let total = 0;
    for (const r of rows) {
      if (r.t_start === null || r.category === null || !keep({ at: Date.parse(r.t_start), category: r.category })) continue;
      total++;
      const day = hanoiDay(r.t_start)!;
      const d = days.get(day) ?? {};
      d[r.category] = (d[r.category] ?? 0) + 1;
      days.set(day, d);
      const w = wards.get(r.ward_code) ?? {};
      w[r.category] = (w[r.category] ?? 0) + 1;
      wards.set(r.ward_code, w);
    }
    const a = (await (await t.req(`/api/analysis/incident-counts${query}`)).json()) as Answer;
    expect(a.total).toBe(total);
    expect(Object.fromEntries(a.days.map((d) => [d.day, d.counts]))).toEqual(Object.fromEntries(days));
    expect(Object.fromEntries(a.wards.map((w) => [String(w.ward_code), w.counts]))).toEqual(Object.fromEntries([...wards].map(([k, v]) => [String(k), v])));
  }
  const [from, to] = ['2021-05-10T15:30:00+07:00', '2021-05-20T08:00:00+07:00'];
  async function expectAllExact() {
    await expectExact('', () => true);
    await expectExact(`?datetime=${encodeURIComponent(`${from}/${to}`)}`, (r) => r.at >= Date.parse(from) && r.at <= Date.parse(to));
    await expectExact('?datetime=2021-05-01/2021-05-31&category=traffic,epidemic_case', (r) => ['traffic', 'epidemic_case'].includes(r.category));
    // Open at one end, cut mid-day at the other: the open end runs to the first or last kept day.
    await expectExact(`?datetime=${encodeURIComponent(`${to}/..`)}`, (r) => r.at >= Date.parse(to));
    await expectExact(`?datetime=${encodeURIComponent(`../${from}`)}`, (r) => r.at <= Date.parse(from));
    await expectExact('?datetime=2021-05-28/..&category=traffic', (r) => r.at >= Date.parse('2021-05-28T00:00:00+07:00') && r.category === 'traffic');
  }

  it('after creates, moves and deletes', async () => {
    const created: { id: number }[] = [];
    for (const [category, at, seed] of [
      ['traffic', '2021-05-12T10:00:00+07:00', wardA.seed],
      ['traffic', '2021-05-10T16:00:00+07:00', wardA.seed],
      ['epidemic_case', '2021-05-15T23:59:00+07:00', wardB.seed],
      ['traffic', '2021-05-20T07:00:00+07:00', [0, 0]], // outside every ward
    ] as [string, string, [number, number]][]) {
      const res = await t.req('/api/collections/incidents/items', { method: 'POST', json: body(category, at, seed) });
      expect(res.status).toBe(201);
      created.push((await res.json()) as { id: number });
    }
    await expectAllExact();
    const patch = (id: number, json: unknown) => t.req(`/api/collections/incidents/items/${id}`, { method: 'PATCH', headers: { 'If-Match': '"1"' }, json });
    expect((await patch(created[0].id, { properties: { category: 'epidemic_case' } })).status).toBe(200); // category
    expect((await patch(created[1].id, { properties: { occurred_at: '2021-05-25T09:00:00+07:00' } })).status).toBe(200); // day, out of the window
    expect((await patch(created[2].id, { geometry: { type: 'Point', coordinates: wardA.seed } })).status).toBe(200); // ward
    expect((await patch(created[3].id, { properties: { severity: 3 } })).status).toBe(200); // neither
    await expectAllExact();
    expect((await t.req(`/api/collections/incidents/items/${created[2].id}`, { method: 'DELETE', headers: { 'If-Match': '"2"' } })).status).toBe(204);
    const [seeded] = await t.sql<{ id: number }>(`SELECT min(id) AS id FROM features WHERE collection = 'incidents'`);
    const etag = (await t.req(`/api/collections/incidents/items/${seeded.id}`)).headers.get('ETag')!;
    expect((await t.req(`/api/collections/incidents/items/${seeded.id}`, { method: 'DELETE', headers: { 'If-Match': etag } })).status).toBe(204);
    await expectAllExact();
  });

  it('after a bulk import and its undo', async () => {
    const bodies = Array.from({ length: 600 }, (_, i) =>
      body(['traffic', 'epidemic_case', 'violation'][i % 3], new Date(Date.parse('2021-05-09T00:00:00Z') + i * 37 * 60_000).toISOString(), i % 4 === 0 ? [0, 0] : city.layout.wards[i % 7].seed),
    );
    const r = await bulkImport(t.store, 'incidents', bodies, actor, { source: 'drift.geojson' });
    expect(r.inserted).toBe(600);
    await expectAllExact();
    expect(await t.store.writes.undoBatch(r.batchId, actor)).toEqual({ deleted: 600 });
    await expectAllExact();
  });
});
