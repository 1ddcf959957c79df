/**
 * A plan book reads the layers once for all its stations (a district's book with 200,000 more
 * incidents ran past 300 s when each station read its own), and each plan in it is still the plan
 * of that station alone — also at the edge of a station's reach, where a larger read would offer
 * facilities, checkpoints and zones the station's own read does not. Over its work budget a book
 * is refused before any row is read, naming what to ask for instead.
 */
import type { Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { haversineM } from '../../core/geometry/measure.ts';
import { PLAN_REACH_M } from '../../core/plan/reach.ts';
import { bookPlans, planOf } from '../../server/plans/service.ts';
import { seedDemo } from '../../server/seed.ts';
import type { Store } from '../../server/db/store.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { postFeature, pt, square } from '../support/plan-fixtures.ts';

let t: TestApp;
// Two stations of one large ward, 20.8 km apart: the book's one read spans both reaches.
const A: Position = [105.7, 21.05];
const B: Position = [105.9, 21.05];
const ids: number[] = [];

const post = (layer: string, feature: object) => postFeature(t, layer, feature);

/**
 * The store.features.list calls `run` makes, as [layer, limit]. A book reads the wards and the
 * stations to choose its stations, counts each of the four layers in reach with `limit: 1`, and
 * then reads each of those four once: ten calls whatever the number of stations. A book that
 * derived each station with planOf would read the wards and the four layers again per station.
 */
async function listCalls(store: Store, run: () => Promise<unknown>): Promise<[string, number | undefined][]> {
  const list = vi.spyOn(store.features, 'list');
  try {
    await run();
    return list.mock.calls.map(([layer, q]) => [layer, q?.limit]);
  } finally {
    list.mockRestore();
  }
}
const fullReads = (calls: [string, number | undefined][]) => calls.filter(([, limit]) => limit !== 1).map(([layer]) => layer);
const READ_ONCE = ['checkpoints', 'facilities', 'incidents', 'polling-stations', 'quarantine-zones', 'wards'];

beforeAll(async () => {
  t = makeTestApp();
  await post('wards', { type: 'Feature', properties: { code: '99001', name: 'Xã Rộng', district: 'Huyện Thử', province: 'Thành phố Hà Nội', population: 9000 }, geometry: { type: 'Polygon', coordinates: [[[105.65, 21.0], [105.95, 21.0], [105.95, 21.15], [105.65, 21.15], [105.65, 21.0]]] } });
  const facility = (c: Position, kind: string, name: string) => post('facilities', { type: 'Feature', geometry: pt(c), properties: { name, kind, phone: '024 3838 0000' } });
  // Midway, 10.4 km from each station: beyond both reaches, inside the book's box.
  await facility([105.8, 21.05], 'hospital', 'Bệnh viện giữa');
  await post('checkpoints', { type: 'Feature', geometry: pt([105.8, 21.04]), properties: { name: 'Chốt giữa', kind: 'epidemic', status: 'active', staff: 4 } });
  await post('quarantine-zones', { type: 'Feature', geometry: square([105.8, 21.06], 0.001), properties: { name: 'Phong tỏa giữa', level: 'lockdown', status: 'active', starts_on: '2021-05-11', ends_on: '2021-05-31', people: 300 } });
  // In the corner of A's old ±0.09° square but 11.8 km away; and 9.3 km east of A, within its reach.
  await facility([105.785, 21.12], 'clinic', 'Phòng khám góc');
  await facility([105.79, 21.05], 'police', 'Công an trong tầm');
  // Within 10 km of B only, and a lockdown near B.
  await facility([105.87, 21.06], 'fire_station', 'PCCC gần B');
  await post('quarantine-zones', { type: 'Feature', geometry: square([105.901, 21.051], 0.002), properties: { name: 'Phong tỏa ở B', level: 'lockdown', status: 'active', starts_on: '2021-05-11', ends_on: '2021-05-31', people: 120 } });
  for (let i = 0; i < 6; i++) await post('incidents', { type: 'Feature', geometry: pt([A[0] + 0.0005 * i, A[1] + 0.0005 * i]), properties: { category: 'traffic', severity: 1, occurred_at: `2021-05-2${i % 4}T09:00:00+07:00` } });
  ids.push(await post('polling-stations', { type: 'Feature', geometry: pt(A), properties: { code: 'KV-A', name: 'Khu vực A', voters: 900 } }));
  ids.push(await post('polling-stations', { type: 'Feature', geometry: pt(B), properties: { code: 'KV-B', name: 'Khu vực B', voters: 800 } }));
});
afterAll(() => t?.close());

describe('plan book', () => {
  it('derives every station from one read exactly as its own plan, at the edge of the reach too', async () => {
    const book = await bookPlans(t.store, { district: 'Huyện Thử' });
    expect(book.map((p) => p.station_id).sort()).toEqual([...ids].sort());
    for (const p of book) expect(p).toEqual(await planOf(t.store, p.station_id));
    // The edges the test is about: nothing beyond PLAN_REACH_M, what is within it found.
    const a = book.find((p) => p.station_id === ids[0])!.derived;
    expect(haversineM(A, [105.8, 21.05])).toBeGreaterThan(PLAN_REACH_M);
    expect(a.facilities.hospital).toBeNull();
    expect(a.facilities.police?.name).toBe('Công an trong tầm');
    expect(a.checkpoints).toEqual([]);
    expect(a.mobile_box_zones).toEqual([]);
    expect(a.incidents.length).toBe(6);
    const b = book.find((p) => p.station_id === ids[1])!.derived;
    expect(b.facilities.fire_station?.name).toBe('PCCC gần B');
    expect(b.mobile_box_zones.map((z) => z.name)).toEqual(['Phong tỏa ở B']);
  });

  it('reads each layer once for the whole book, however many stations it holds', async () => {
    const two = await listCalls(t.store, () => bookPlans(t.store, { district: 'Huyện Thử' }));
    expect(fullReads(two).sort()).toEqual(READ_ONCE);
    expect(two.filter(([, limit]) => limit === 1).length).toBe(4);
  });

  it('gives every station of a demo district the plan it has alone', async () => {
    const demo = makeTestApp();
    try {
      await seedDemo(demo.store);
      let book: Awaited<ReturnType<typeof bookPlans>> = [];
      const calls = await listCalls(demo.store, async () => (book = await bookPlans(demo.store, { district: 'Bắc Từ Liêm' })));
      expect(book.length).toBeGreaterThan(50);
      // Over fifty stations, the same ten reads as a book of two.
      expect(fullReads(calls).sort()).toEqual(READ_ONCE);
      expect(calls.length).toBe(10);
      for (const p of book) expect(p).toEqual(await planOf(demo.store, p.station_id));
    } finally {
      demo.close();
    }
  });

  it('draws the book of the district as a PDF', async () => {
    const r = await t.req('/api/plans/book.pdf?district=Huyện Thử');
    expect(r.status, await r.clone().text()).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a book over OPSMAP_PLAN_BOOK_BUDGET before reading its rows, naming what to ask for instead', async () => {
    const small = makeTestApp({ OPSMAP_PLAN_BOOK_BUDGET: '15000' });
    try {
      await small.req('/api/collections/wards/items', { method: 'POST', json: { type: 'Feature', properties: { code: '99002', name: 'Xã Nhỏ', district: 'Huyện Nhỏ', province: 'Hà Nội' }, geometry: { type: 'Polygon', coordinates: [[[105.7, 21.0], [105.8, 21.0], [105.8, 21.1], [105.7, 21.1], [105.7, 21.0]]] } } });
      for (const c of [[105.75, 21.05], [105.76, 21.06]]) {
        const r = await small.req('/api/collections/polling-stations/items', { method: 'POST', json: { type: 'Feature', geometry: pt(c), properties: { code: `KV-${c[0]}`, name: 'Khu vực', voters: 100 } } });
        expect(r.status, await r.clone().text()).toBe(201);
      }
      const r = await small.req('/api/plans/book.pdf?district=Huyện Nhỏ');
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      const p = await r.json();
      expect(p.detail).toMatch(/2 stations.*OPSMAP_PLAN_BOOK_BUDGET.*Ask for one ward \(ward_code\) instead of a district/);
      // A ward's book over the budget: its stations one by one.
      const ward = await small.req('/api/plans/book.pdf?ward_code=99002');
      expect(ward.status).toBe(400);
      expect((await ward.json()).detail).toMatch(/ward 99002 is too large.*2 stations.*one by one/);
      // Refused having read only the wards and stations that choose the book's stations: every layer in reach only counted (limit 1).
      const calls = await listCalls(small.store, () => expect(bookPlans(small.store, { district: 'Huyện Nhỏ' }, 15000)).rejects.toMatchObject({ status: 400 }));
      expect(fullReads(calls).sort()).toEqual(['polling-stations', 'wards']);
      expect(calls.filter(([layer]) => layer !== 'wards' && layer !== 'polling-stations').every(([, limit]) => limit === 1)).toBe(true);
      expect(calls.length).toBe(6);
    } finally {
      small.close();
    }
  });
});
