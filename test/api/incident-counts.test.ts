/**
 * GET /api/analysis/incident-counts on the city scenario (3,000 incidents): per-day and per-ward
 * counts equal those taken in the test from the generated incidents themselves (the day from the
 * timestamp's Hanoi date, the ward by point in polygon over the generated wards).
 */
import type { Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCity } from '../../data/city/generate.ts';
import { pointInRing, type Pt } from '../../data/demo/geometry.ts';
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
    for (const w of a.wards) expect(w.counts).toEqual(e.wards.get(w.ward_code));
  });

  it('in a window that starts and ends within a day (whole days counted apart from the ends)', async () => {
    const [from, to] = ['2021-05-10T15:30:00+07:00', '2021-05-12T08:00:00+07:00'];
    const a = (await (await t.req(`/api/analysis/incident-counts?datetime=${encodeURIComponent(`${from}/${to}`)}`)).json()) as Answer;
    const keep = (i: (typeof incidents)[number]) => i.at >= Date.parse(from) && i.at <= Date.parse(to);
    const e = expected(keep);
    expect(a.total).toBe(incidents.filter(keep).length);
    expect(Object.fromEntries(a.days.map((d) => [d.day, d.counts]))).toEqual(Object.fromEntries(e.days));
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
