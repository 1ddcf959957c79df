/**
 * Polling-station plans, readiness and election day through the API (issue 14): a station in an
 * active lockdown shows the gap and the mobile-ballot-box zone; the nearest facility and its
 * distance equal a brute force (straight line) and an independent shortest path (real roads);
 * plans are versioned (428/412, history, restore); a team account reports only for its stations;
 * the PDF holds the station, forces and every scenario with diacritics.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, LineString, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineM } from '../../core/geometry/measure.ts';
import { SCENARIOS } from '../../core/plan/scenarios.ts';
import { updateUser } from '../../server/auth/accounts.ts';
import { makeTestApp, WARD_A, type TestApp } from '../support/app.ts';
import { postFeature, pt, square } from '../support/plan-fixtures.ts';
import { referenceRoute } from '../support/reference-route.ts';
import { hasSharedData, hasTools, SHARED_DATA } from '../support/tools.ts';

let t: TestApp;
const S: Position = [105.775, 21.055];
const S2: Position = [105.785, 21.065];
let inLockdown = 0;
let other = 0;
const facilities: { c: Position; kind: string; name: string }[] = [
  { c: [105.776, 21.0605], kind: 'hospital', name: 'Bệnh viện Đa khoa A' },
  { c: [105.7712, 21.0521], kind: 'clinic', name: 'Phòng khám B' },
  { c: [105.7755, 21.0557], kind: 'health_station', name: 'Trạm y tế phường Cổ Nhuế 1' },
  { c: [105.78, 21.05], kind: 'police', name: 'Công an phường Cổ Nhuế 1' },
  { c: [105.7891, 21.0688], kind: 'fire_station', name: 'Đội PCCC quận Bắc Từ Liêm' },
];

const post = (layer: string, feature: object) => postFeature(t, layer, feature);

beforeAll(async () => {
  t = makeTestApp();
  await post('wards', WARD_A);
  await post('quarantine-zones', { type: 'Feature', geometry: square(S, 0.002), properties: { name: 'Phong tỏa tổ dân phố 9', level: 'lockdown', status: 'active', starts_on: '2021-05-11', ends_on: '2021-05-31', people: 2140 } });
  await post('quarantine-zones', { type: 'Feature', geometry: square([105.785, 21.058], 0.0005), properties: { name: 'Khu cách ly tập trung ký túc xá', level: 'facility', status: 'active', starts_on: '2021-05-05', ends_on: '2021-05-31' } });
  await post('quarantine-zones', { type: 'Feature', geometry: square([105.772, 21.066], 0.0005), properties: { name: 'Phong tỏa đã dỡ', level: 'lockdown', status: 'lifted', starts_on: '2021-05-01', ends_on: '2021-05-15' } });
  for (const f of facilities) await post('facilities', { type: 'Feature', geometry: pt(f.c), properties: { name: f.name, kind: f.kind, phone: '024 3838 0000' } });
  await post('checkpoints', { type: 'Feature', geometry: pt([105.7753, 21.0553]), properties: { name: 'Chốt Phạm Văn Đồng', kind: 'epidemic', status: 'active', staff: 4 } });
  inLockdown = await post('polling-stations', { type: 'Feature', geometry: pt(S), properties: { code: 'KV-07', name: 'Khu vực bỏ phiếu số 7 – Nhà văn hóa tổ dân phố 9', voters: 1500 } });
  other = await post('polling-stations', { type: 'Feature', geometry: pt(S2), properties: { code: 'KV-08', name: 'Khu vực bỏ phiếu số 8 – Trường tiểu học Cổ Nhuế', voters: 1200 } });
});
afterAll(() => t?.close());

const getPlan = async (id: number) => {
  const r = await t.req(`/api/polling-stations/${id}/plan`);
  expect(r.status).toBe(200);
  return { etag: r.headers.get('etag'), body: (await r.json()) as any };
};

describe('derived plan', () => {
  it('a station inside an active lockdown shows the gap and the mobile-ballot-box zones', async () => {
    const { body } = await getPlan(inLockdown);
    expect(body.derived.ward).toMatchObject({ code: '00611' });
    expect(body.derived.zones[0]).toMatchObject({ name: 'Phong tỏa tổ dân phố 9', inside: true, in_force_on_election_day: true });
    expect(body.derived.mobile_box_zones.map((z: { name: string }) => z.name).sort()).toEqual(['Khu cách ly tập trung ký túc xá', 'Phong tỏa tổ dân phố 9']);
    expect(body.readiness.gaps.map((g: { code: string }) => g.code)).toEqual(['no_forces', 'quarantine_zone', 'not_approved']);
    expect(body.written.scenarios).toHaveLength(SCENARIOS.length);
  });

  it('the nearest facility of each kind and its distance equal a brute force (straight line without roads)', async () => {
    const { body } = await getPlan(other);
    expect(body.derived.distance_method).toBe('straight_line');
    const needs: Record<string, string[]> = { hospital: ['hospital', 'clinic'], health_station: ['health_station'], police: ['police'], fire_station: ['fire_station'] };
    for (const [need, kinds] of Object.entries(needs)) {
      const brute = facilities.filter((f) => kinds.includes(f.kind)).map((f) => ({ f, d: haversineM(S2, f.c) })).sort((a, b) => a.d - b.d)[0];
      expect(body.derived.facilities[need].name).toBe(brute.f.name);
      expect(body.derived.facilities[need].distance_m).toBeCloseTo(brute.d, 0);
      expect(body.derived.facilities[need].method).toBe('straight_line');
    }
  });
});

describe('written plan: versions, history, restore', () => {
  it('needs If-Match (428), refuses a stale one (412), saves, approves with who and when, and restores', async () => {
    const plan = { forces: [{ unit: 'Công an phường Cổ Nhuế 1', kind: 'police', leader: 'Đại úy Nguyễn Văn Hùng', phone: '0912 345 678', headcount: 6, shift: '06:00–19:00' }], entrances: 'Cổng chính đường Phạm Văn Đồng, một chiều', status: 'draft' };
    expect((await t.req(`/api/polling-stations/${other}/plan`, { method: 'PUT', json: plan, as: 'planner' })).status).toBe(428);
    expect((await t.req(`/api/polling-stations/${other}/plan`, { method: 'PUT', json: plan, as: 'planner', headers: { 'If-Match': '"7"' } })).status).toBe(412);
    expect((await t.req(`/api/polling-stations/${other}/plan`, { method: 'PUT', json: { ...plan, approved_by: 'me' }, as: 'planner', headers: { 'If-Match': '"0"' } })).status).toBe(400);
    expect((await t.req(`/api/polling-stations/${other}/plan`, { method: 'PUT', json: plan, as: 'viewer', headers: { 'If-Match': '"0"' } })).status).toBe(403);
    const r1 = await t.req(`/api/polling-stations/${other}/plan`, { method: 'PUT', json: plan, as: 'planner', headers: { 'If-Match': '"0"' } });
    expect(r1.status).toBe(200);
    expect(r1.headers.get('etag')).toBe('"1"');
    const r2 = await t.req(`/api/polling-stations/${other}/plan`, { method: 'PUT', json: { ...plan, status: 'approved' }, as: 'planner', headers: { 'If-Match': '"1"' } });
    const b2 = (await r2.json()) as any;
    expect(b2.version).toBe(2);
    expect(b2.written).toMatchObject({ status: 'approved', approved_by: 'planner' });
    expect(b2.readiness.gaps.map((g: { code: string }) => g.code)).not.toContain('not_approved');
    expect(b2.readiness.gaps.map((g: { code: string }) => g.code)).not.toContain('no_forces');
    const h = (await (await t.req(`/api/polling-stations/${other}/plan/history`, { as: 'planner' })).json()) as any;
    expect(h.entries.map((e: { version: number; actor: string }) => [e.version, e.actor])).toEqual([[1, 'planner'], [2, 'planner']]);
    const r3 = await t.req(`/api/polling-stations/${other}/plan/restore`, { method: 'POST', json: { version: 1 }, as: 'planner' });
    const b3 = (await r3.json()) as any;
    expect(b3.version).toBe(3);
    expect(b3.written.status).toBe('draft');
    expect(b3.written.forces[0].leader).toBe('Đại úy Nguyễn Văn Hùng');
    const h2 = (await (await t.req(`/api/polling-stations/${other}/plan/history`, { as: 'planner' })).json()) as any;
    expect(h2.entries.at(-1)).toMatchObject({ version: 3, action: 'restore' });
  });

  it('the readiness board lists both stations, filters by ward and district, and exports CSV', async () => {
    const all = (await (await t.req('/api/readiness')).json()) as any;
    expect(all.stations).toBe(2);
    expect(all.rows.find((r: any) => r.code === 'KV-07').gaps.map((g: any) => g.code)).toContain('quarantine_zone');
    expect(((await (await t.req('/api/readiness?ward_code=99999')).json()) as any).stations).toBe(0);
    expect(((await (await t.req('/api/readiness?district=B%E1%BA%AFc%20T%E1%BB%AB%20Li%C3%AAm')).json()) as any).stations).toBe(2);
    const bytes = new Uint8Array(await (await t.req('/api/readiness?format=csv&lang=vi')).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so Excel reads UTF-8
    const csv = new TextDecoder().decode(bytes);
    expect(csv.split('\r\n')[0]).toBe('code,name,ward_code,ward_name,district,voters,plan_status,headcount,nearest_medical_m,nearest_checkpoint_m,zone_m,distance_method,mobile_box_zones,level,gaps');
    expect(csv).toContain('Trong hoặc cách vùng cách ly đang áp dụng dưới 500 m');
  });
});

describe('election day', () => {
  it('a team account reports only for its own stations; reports reach the live bus; situations become incidents', async () => {
    await updateUser(t.store, t.users.team.id, { scope: JSON.stringify({ stations: [inLockdown] }) });
    const seen: string[] = [];
    const off = t.store.changes.subscribe((cs) => seen.push(...cs.map((c) => c.collection)));
    const refused = await t.req(`/api/polling-stations/${other}/reports`, { method: 'POST', as: 'team', json: { type: 'status', status: 'open', at: '2021-05-23T07:00:00+07:00' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).detail).toMatch(/reports for station .*not for station/);
    expect((await t.req(`/api/polling-stations/${inLockdown}/reports`, { method: 'POST', as: 'viewer', json: { type: 'status', status: 'open' } })).status).toBe(403);
    const open = await t.req(`/api/polling-stations/${inLockdown}/reports`, { method: 'POST', as: 'team', json: { type: 'status', status: 'open', at: '2021-05-23T07:00:00+07:00' } });
    expect(open.status, await open.clone().text()).toBe(201);
    expect((await t.req(`/api/polling-stations/${inLockdown}/reports`, { method: 'POST', as: 'team', json: { type: 'status', status: 'counted', at: '2021-05-23T08:00:00+07:00' } })).status).toBe(409);
    expect((await t.req(`/api/polling-stations/${inLockdown}/reports`, { method: 'POST', as: 'team', json: { type: 'turnout', votes: 600, at: '2021-05-23T11:00:00+07:00' } })).status).toBe(201);
    const sit = await t.req(`/api/polling-stations/${inLockdown}/reports`, { method: 'POST', as: 'team', json: { type: 'situation', category: 'public_order', severity: 2, description: 'Tụ tập đông người trước cổng', at: '2021-05-23T09:15:00+07:00' } });
    const report = (await sit.json()) as any;
    expect(report.incident_id).toBeGreaterThan(0);
    const inc = (await (await t.req(`/api/collections/incidents/items/${report.incident_id}`)).json()) as any;
    expect(inc.properties).toMatchObject({ station_id: inLockdown, category: 'public_order', occurred_at: '2021-05-23T09:15:00+07:00' });
    off();
    expect(seen).toContain('station-reports');
    expect(seen).toContain('incidents');
    const board = (await (await t.req('/api/election-day', { as: 'commander' })).json()) as any;
    expect(board.summary.by_status).toMatchObject({ open: 1, not_open: 1 });
    expect(board.summary.with_open_situations).toBe(1);
    expect(board.summary.votes).toBe(600);
    expect(board.timeline[0]).toMatchObject({ type: 'turnout', votes: 600 });
  });
});

describe('road distances on the real Hanoi roads', () => {
  it.runIf(hasSharedData('hanoi-roads.geojson'))('the nearest hospital by road equals an independent shortest path', async () => {
    const roads = (JSON.parse(readFileSync(SHARED_DATA + 'hanoi-roads.geojson', 'utf8')).features as Feature<LineString>[]).filter((f) => f.geometry?.type === 'LineString');
    await t.store.reference.import('roads', roads as Feature[]);
    const { body } = await getPlan(other);
    expect(body.derived.distance_method).toBe('road');
    const candidates = facilities.filter((f) => ['hospital', 'clinic'].includes(f.kind)).map((f) => ({ f, d: referenceRoute(roads, S2, f.c)! })).sort((a, b) => a.d - b.d);
    expect(body.derived.facilities.hospital.name).toBe(candidates[0].f.name);
    expect(body.derived.facilities.hospital.distance_m).toBeCloseTo(candidates[0].d, 0);
    expect(body.derived.facilities.hospital.distance_m).toBeGreaterThanOrEqual(body.derived.facilities.hospital.straight_m);
  }, 60_000);
});

describe('plan document', () => {
  it.runIf(hasTools('pdftotext'))('downloads as a PDF holding the station, the forces and every scenario with Vietnamese diacritics', async () => {
    const r = await t.req(`/api/polling-stations/${other}/plan.pdf`, { as: 'viewer' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const file = join(t.dir, 'plan.pdf');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    expect(text).toContain('Khu vực bỏ phiếu số 8 – Trường tiểu học Cổ Nhuế');
    expect(text).toContain('Đại úy Nguyễn Văn Hùng');
    for (const s of SCENARIOS) expect(text).toContain(s.title.vi);
    expect(text).toContain('TÀI LIỆU LƯU HÀNH NỘI BỘ');
  });

  it.runIf(hasTools('pdfinfo', 'pdftotext'))('a book of a ward has a contents page and every station', async () => {
    const r = await t.req('/api/plans/book.pdf?ward_code=00611', { as: 'viewer' });
    expect(r.status).toBe(200);
    const file = join(t.dir, 'book.pdf');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    expect(first).toContain('MỤC LỤC');
    expect(first).toContain('KV-07');
    expect(first).toContain('KV-08');
  });
});
