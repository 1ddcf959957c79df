/**
 * The Store contract, run on every backend: the same writes must give the same answers on
 * SQLite and on PostgreSQL + PostGIS. (PostgreSQL skips with a message where it is absent.)
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/db/store.ts';
import { StoreError } from '../../server/db/errors.ts';
import { createFeature, deleteFeature, importFeatures, patchFeature, replaceFeature, restoreVersion } from '../../server/features/edit.ts';
import { bulkImport } from '../../server/features/bulk.ts';
import { emptyPlan } from '../../core/plan/written.ts';
import { stopOwnCluster } from '../support/postgres.ts';
import { storeBackends } from '../support/store-backends.ts';

const actor = { name: 'tester', address: '127.0.0.1' };
const ward = (code: string, x0: number, x1: number) => ({
  type: 'Feature',
  properties: { code, name: `Phường ${code}`, district: 'Quận Bắc Từ Liêm', province: 'Thành phố Hà Nội' },
  geometry: { type: 'Polygon', coordinates: [[[x0, 21.05], [x1, 21.05], [x1, 21.07], [x0, 21.07], [x0, 21.05]]] },
});
const checkpoint = (lon: number, lat: number, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { name: 'Chốt', kind: 'traffic', status: 'active', staff: 4, hours: '24/7', ...props },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});
const incident = (lon: number, lat: number, at: string, severity = 2) => ({
  type: 'Feature',
  properties: { category: 'traffic', occurred_at: at, severity },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});
/** A thin L-shaped zone whose envelope covers (105.795, 21.065) while the shape does not. */
const zone = {
  type: 'Feature',
  properties: { name: 'Vùng L', level: 'lockdown', status: 'active', starts_on: '2021-07-01' },
  geometry: { type: 'Polygon', coordinates: [[[105.77, 21.05], [105.8, 21.05], [105.8, 21.052], [105.772, 21.052], [105.772, 21.07], [105.77, 21.07], [105.77, 21.05]]] },
};

const backends = storeBackends();

afterAll(stopOwnCluster);

for (const backend of backends) {
  describe.skipIf(backend.skip)(`Store on ${backend.name}`, () => {
    let store: Store;
    let close: () => Promise<void>;
    beforeEach(async () => ({ store, close } = await backend.open()));
    afterEach(() => close());

    it('writes a feature with its audit row and derived ward, and reads it back', async () => {
      await importFeatures(store, 'wards', [ward('00611', 105.77, 105.79), ward('00598', 105.79, 105.81)], actor);
      const f = await createFeature(store, 'checkpoints', checkpoint(105.78, 21.06), actor);
      expect(f.version).toBe(1);
      expect(f.properties).toMatchObject({ ward_code: '00611', on_border: false });
      const row = await store.features.get('checkpoints', f.id);
      expect(JSON.parse(row!.properties)).toEqual(f.properties);
      expect(await store.features.get('wards', f.id)).toBeNull();
      const h = await store.history.feature('checkpoints', f.id);
      expect(h.map((e) => [e.action, e.version, e.actor, e.address])).toEqual([['create', 1, 'tester', '127.0.0.1']]);
      expect(h[0].after).toMatchObject({ id: f.id, version: 1, properties: f.properties });
      expect(await store.features.count('checkpoints')).toBe(1);
      expect(await store.features.count()).toBe(3);
    });

    it('writes a bulk batch as one audit record with derived wards, announces it once, and undoes it', async () => {
      await importFeatures(store, 'wards', [ward('00611', 105.77, 105.79), ward('00598', 105.79, 105.81)], actor);
      const heard: unknown[] = [];
      const off = store.changes.subscribe((c) => heard.push(...c));
      const points = Array.from({ length: 120 }, (_, i) => incident(105.771 + i / 5000, 21.06, `2021-05-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00+07:00`));
      const r = await bulkImport(store, 'incidents', points, actor, { source: 'points.csv', suspendAt: 50 });
      expect(r.inserted).toBe(120);
      expect(await store.features.count('incidents')).toBe(120);
      const first = await store.features.get('incidents', r.firstId!);
      expect(JSON.parse(first!.properties).ward_code).toBe('00611');
      expect((await store.history.log()).filter((e) => e.collection === 'incidents')).toEqual([]);
      expect((await store.history.batches())[0]).toMatchObject({ id: r.batchId, collection: 'incidents', source: 'points.csv', inserted: 120, actor: 'tester', undone_at: null });
      const bad = { ...incident(105.78, 21.06, 'yesterday'), properties: { category: 'x' } };
      await expect(bulkImport(store, 'incidents', [points[0], bad], actor, { source: 'bad.csv' })).rejects.toThrow(/1 of 2/);
      expect(await store.features.count('incidents')).toBe(120);
      expect(await store.writes.undoBatch(r.batchId, actor)).toEqual({ deleted: 120 });
      expect(await store.features.count('incidents')).toBe(0);
      await expect(store.writes.undoBatch(r.batchId, actor)).rejects.toThrow(/already undone/);
      await new Promise((done) => setTimeout(done, 100));
      off();
      expect(heard.filter((c) => (c as { collection: string }).collection === 'incidents')).toHaveLength(2);
    });

    it('answers bbox, time and property queries alike, with numberMatched over all pages', async () => {
      const ids = (await importFeatures(store, 'incidents', [
        incident(105.78, 21.06, '2021-07-01T10:00:00Z', 1),
        incident(105.8, 21.06, '2021-07-02T10:00:00Z', 2), // on the box's east edge: inside
        incident(105.81, 21.06, '2021-07-03T10:00:00Z', 3),
        incident(105.79, 21.0601, '2021-07-04T10:00:00Z', 2),
      ], actor)).ids;
      const bbox: [number, number, number, number] = [105.77, 21.05, 105.8, 21.07];
      const inBox = await store.features.list('incidents', { bbox });
      expect(inBox.rows.map((r) => r.id)).toEqual([ids[0], ids[1], ids[3]]);
      expect(inBox.numberMatched).toBe(3);
      const page = await store.features.list('incidents', { bbox, limit: 1, offset: 1 });
      expect([page.rows.map((r) => r.id), page.numberMatched]).toEqual([[ids[1]], 3]);
      const timed = await store.features.list('incidents', { datetime: { start: '2021-07-02T00:00:00.000Z', end: '2021-07-03T23:59:59.999Z' } });
      expect(timed.rows.map((r) => r.id)).toEqual([ids[1], ids[2]]);
      const sev = await store.features.list('incidents', { filters: { severity: 2 } });
      expect(sev.rows.map((r) => r.id)).toEqual([ids[1], ids[3]]);
      const cols = await store.features.points('incidents', { bbox }, ['severity', 'category', 'missing']);
      expect(cols.ids).toEqual([ids[0], ids[1], ids[3]]);
      expect([...cols.lon]).toEqual([105.78, 105.8, 105.79]);
      expect(cols.values).toEqual({ severity: [1, 2, 2], category: ['traffic', 'traffic', 'traffic'], missing: [null, null, null] });
      // `only`: the features a few edits named, those that still exist (what the tiles' kept counts re-read)
      const only = await store.features.points('incidents', {}, ['category'], { only: [ids[3], ids[0], 999_999] });
      expect(only.ids.map((id, i) => [id, only.lon[i], only.values.category[i]]).sort()).toEqual([[ids[0], 105.78, 'traffic'], [ids[3], 105.79, 'traffic']].sort());
      expect(await store.features.extent('incidents')).toEqual({ bbox: [105.78, 21.06, 105.81, 21.0601], interval: ['2021-07-01T10:00:00.000Z', '2021-07-04T10:00:00.000Z'] });
      expect(await store.features.extent('checkpoints')).toEqual({ bbox: null, interval: null });
    });

    it('keeps a polygon out of a box its envelope meets but its shape does not', async () => {
      const z = await createFeature(store, 'quarantine-zones', zone, actor);
      expect((await store.features.list('quarantine-zones', { bbox: [105.79, 21.06, 105.795, 21.065] })).rows).toEqual([]);
      expect((await store.features.list('quarantine-zones', { bbox: [105.79, 21.0505, 105.795, 21.065] })).rows.map((r) => r.id)).toEqual([z.id]);
    });

    it('refuses a stale version, a missing feature and an invalid change, writing nothing', async () => {
      const f = await createFeature(store, 'checkpoints', checkpoint(105.78, 21.06), actor);
      const g = await patchFeature(store, 'checkpoints', f.id, { properties: { staff: 6 } }, 1, actor);
      expect([g.version, g.properties!.staff]).toEqual([2, 6]);
      const stale = await replaceFeature(store, 'checkpoints', f.id, checkpoint(105.78, 21.06), 1, actor).catch((e) => e);
      expect(stale).toBeInstanceOf(StoreError);
      expect([stale.kind, stale.current?.version]).toEqual(['conflict', 2]);
      expect(await patchFeature(store, 'checkpoints', 999_999, { properties: { staff: 1 } }, 1, actor).catch((e) => e.kind)).toBe('not_found');
      // An id past PostgreSQL's integer names no feature; it is not an error.
      expect(await store.features.get('checkpoints', 2 ** 31)).toBeNull();
      expect(await patchFeature(store, 'checkpoints', 2 ** 53 - 1, { properties: { staff: 1 } }, 1, actor).catch((e) => e.kind)).toBe('not_found');
      expect(await store.history.feature('checkpoints', 2 ** 40)).toEqual([]);
      expect(await store.accounts.users.byId(2 ** 31)).toBeNull();
      expect(await store.accounts.tokens.delete(2 ** 31)).toBe(false);
      expect(await patchFeature(store, 'checkpoints', f.id, { properties: { staff: -1 } }, 2, actor).catch((e) => e.kind)).toBe('invalid');
      expect((await store.history.feature('checkpoints', f.id)).length).toBe(2);
    });

    it('deletes and restores a feature under its id, as a new version', async () => {
      const f = await createFeature(store, 'checkpoints', checkpoint(105.78, 21.06, { staff: 3 }), actor);
      await patchFeature(store, 'checkpoints', f.id, { properties: { staff: 9 } }, 1, actor);
      await deleteFeature(store, 'checkpoints', f.id, 2, actor);
      expect(await store.features.get('checkpoints', f.id)).toBeNull();
      const r = await restoreVersion(store, 'checkpoints', f.id, 1, actor);
      expect([r.id, r.version, r.properties!.staff]).toEqual([f.id, 3, 3]);
      expect((await store.history.feature('checkpoints', f.id)).map((e) => e.action)).toEqual(['create', 'update', 'delete', 'restore']);
      expect(await restoreVersion(store, 'checkpoints', f.id, 7, actor).catch((e) => e.kind)).toBe('not_found');
      const log = await store.history.log({ limit: 2 });
      expect(log.map((e) => e.action)).toEqual(['create', 'update']);
      expect((await store.history.log({ afterId: log[1].id })).map((e) => e.action)).toEqual(['delete', 'restore']);
    });

    it('re-derives points when wards change, bumping only the versions that changed, and announces it all after the commit', async () => {
      const a = await createFeature(store, 'checkpoints', checkpoint(105.78, 21.06), actor);
      const b = await createFeature(store, 'checkpoints', checkpoint(105.9, 21.06), actor);
      expect(a.properties!.ward_code).toBeNull();
      const seen: string[] = [];
      const layerStamp0 = await store.features.stamp('checkpoints');
      const off = store.changes.subscribe((changes) => seen.push(...changes.map((c) => `${c.action} ${c.collection} v${c.version}`)));
      await importFeatures(store, 'wards', [ward('00611', 105.77, 105.79)], actor);
      off();
      expect((await store.features.get('checkpoints', a.id))!.version).toBe(2);
      expect(JSON.parse((await store.features.get('checkpoints', a.id))!.properties).ward_code).toBe('00611');
      expect((await store.features.get('checkpoints', b.id))!.version).toBe(1);
      expect(seen).toEqual(['import wards v1', 'update checkpoints v2']);
      expect(await store.features.stamp('checkpoints')).not.toBe(layerStamp0);
      // Replacing the wards: the old ones deleted (audited) in the same transaction.
      const r = await importFeatures(store, 'wards', [ward('00598', 105.77, 105.79)], actor, { replace: true });
      expect([r.inserted, r.deleted]).toEqual([1, 1]);
      expect(JSON.parse((await store.features.get('checkpoints', a.id))!.properties).ward_code).toBe('00598');
    });

    it('refuses a whole import with one bad feature', async () => {
      const e = await importFeatures(store, 'incidents', [incident(105.78, 21.06, '2021-07-01T10:00:00Z'), incident(105.78, 21.06, 'yesterday')], actor).catch((x) => x);
      expect(e.kind).toBe('invalid');
      expect(await store.features.count('incidents')).toBe(0);
    });

    it('keeps users, sessions and tokens; a new password ends the sessions', async () => {
      const u = await store.accounts.users.create({ name: 'lan', passwordHash: 'h1', role: 'planner', scope: null });
      expect(u).toMatchObject({ name: 'lan', role: 'planner', disabled: false, failedLogins: 0, lockedUntil: null });
      await store.accounts.users.create({ name: 'an', passwordHash: 'h2', role: 'viewer', scope: '{"wards":["00611"]}' });
      expect((await store.accounts.users.list()).map((x) => x.name)).toEqual(['an', 'lan']);
      expect(await store.accounts.users.count()).toBe(2);
      const at = new Date().toISOString();
      await store.accounts.sessions.create({ id: 'hash1', userId: u.id, csrf: 'c', createdAt: at, expiresAt: '2999-01-01T00:00:00.000Z', address: null });
      expect((await store.accounts.sessions.find('hash1'))?.user.name).toBe('lan');
      const tid = await store.accounts.tokens.create({ userId: u.id, name: 'qgis', tokenHash: 'th', createdAt: at, expiresAt: null });
      expect((await store.accounts.tokens.find('th'))?.token).toMatchObject({ id: tid, name: 'qgis', tokenHash: 'th', lastUsedAt: null });
      await store.accounts.tokens.touch(tid, at);
      expect(await store.accounts.tokens.list(u.id)).toEqual([{ id: tid, userId: u.id, name: 'qgis', createdAt: at, expiresAt: null, lastUsedAt: at }]);
      expect(await store.accounts.tokens.delete(tid, u.id + 1)).toBe(false);
      expect(await store.accounts.tokens.delete(tid, u.id)).toBe(true);
      const changed = await store.accounts.users.update(u.id, { passwordHash: 'h3' });
      expect(changed?.passwordHash).toBe('h3');
      expect(await store.accounts.sessions.find('hash1')).toBeNull();
      expect(await store.accounts.users.update(999, { role: 'admin' })).toBeNull();
      // Three wrong passwords lock the account and start the count again.
      const now = new Date('2030-01-01T00:00:00Z');
      await store.accounts.users.recordFailure(u.id, 3, 15, now);
      await store.accounts.users.recordFailure(u.id, 3, 15, now);
      const locked = await store.accounts.users.recordFailure(u.id, 3, 15, now);
      expect(locked).toMatchObject({ failedLogins: 0, lockedUntil: '2030-01-01T00:15:00.000Z' });
      await store.accounts.users.recordSuccess(u.id);
      expect(await store.accounts.users.byName('lan')).toMatchObject({ failedLogins: 0, lockedUntil: null });
    });

    it.each(['sign-in', 'request'] as const)('throttles %s counts per key in a fixed window', async (which) => {
      const t = which === 'sign-in' ? store.accounts.throttle : store.requests;
      const now = 1_000_000;
      expect([await t.hit('1.2.3.4', 2, 60_000, now), await t.hit('1.2.3.4', 2, 60_000, now + 1)]).toEqual([0, 0]);
      expect(await t.hit('1.2.3.4', 2, 60_000, now + 1000)).toBe(59);
      expect(await t.check('1.2.3.4', 2, 60_000, now + 30_000)).toBe(30);
      expect(await t.check('5.6.7.8', 2, 60_000, now)).toBe(0);
      expect(await t.hit('1.2.3.4', 2, 60_000, now + 60_000)).toBe(0); // a new window
      await t.hit('1.2.3.4', 2, 60_000, now + 60_001);
      await t.reset('1.2.3.4');
      expect(await t.check('1.2.3.4', 2, 60_000, now + 60_002)).toBe(0);
      expect(await t.hit('x', 0, 60_000, now)).toBe(0); // 0: no limit
    });

    it('takes back a counted attempt, and keeps each account-and-address pair’s failures and whether it is known', async () => {
      const t = store.accounts.throttle;
      const now = 2_000_000;
      await t.hit('k', 2, 60_000, now);
      await t.hit('k', 2, 60_000, now);
      expect(await t.check('k', 2, 60_000, now)).toBe(60);
      await t.unhit('k', 2, 60_000);
      expect(await t.check('k', 2, 60_000, now)).toBe(0);
      const pairs = store.accounts.signInPairs;
      expect(await pairs.get('lan', '10.0.0.1')).toBeNull();
      expect(await pairs.fail('lan', '10.0.0.1', now)).toEqual({ failures: 1, last: now, knownUntil: 0 });
      expect(await pairs.fail('lan', '10.0.0.1', now + 5)).toEqual({ failures: 2, last: now + 5, knownUntil: 0 });
      await pairs.fail('lan', '10.0.0.2', now);
      await pairs.fail('minh', '10.0.0.1', now);
      await pairs.succeed('lan', '10.0.0.1', now + 86_400_000);
      expect(await pairs.get('lan', '10.0.0.1')).toEqual({ failures: 0, last: 0, knownUntil: now + 86_400_000 });
      await pairs.fail('lan', '10.0.0.1', now + 10);
      await pairs.forgive('lan');
      expect(await pairs.get('lan', '10.0.0.1')).toEqual({ failures: 0, last: 0, knownUntil: now + 86_400_000 });
      expect(await pairs.get('lan', '10.0.0.2')).toMatchObject({ failures: 0 });
      expect(await pairs.get('minh', '10.0.0.1')).toMatchObject({ failures: 1 });
    });

    it('keeps each layer’s count and extent without a scan: grown by writes, exact again after the edge is deleted or moved', async () => {
      const a = await createFeature(store, 'checkpoints', checkpoint(105.7, 21.0), actor);
      const b = await createFeature(store, 'checkpoints', checkpoint(105.8, 21.1), actor);
      await createFeature(store, 'incidents', incident(105.75, 21.05, '2021-05-20T08:00:00+07:00'), actor);
      expect([await store.features.count('checkpoints'), await store.features.count()]).toEqual([2, 3]);
      expect((await store.features.extent('checkpoints')).bbox).toEqual([105.7, 21, 105.8, 21.1]);
      await deleteFeature(store, 'checkpoints', b.id, 1, actor);
      expect(await store.features.count('checkpoints')).toBe(1);
      expect((await store.features.extent('checkpoints')).bbox).toEqual([105.7, 21, 105.7, 21]);
      await replaceFeature(store, 'checkpoints', a.id, checkpoint(105.72, 21.02), 1, actor);
      expect((await store.features.extent('checkpoints')).bbox).toEqual([105.72, 21.02, 105.72, 21.02]);
      await patchFeature(store, 'checkpoints', a.id, { properties: { staff: 9 } }, 2, actor);
      // Many writes, one at a time, then a bulk batch.
      for (let i = 0; i < 70; i++) await createFeature(store, 'checkpoints', checkpoint(105.73 + i / 1000, 21.03), actor);
      await bulkImport(store, 'checkpoints', Array.from({ length: 30 }, (_, i) => checkpoint(105.6, 20.9 + i / 1000)), actor, { source: 'more.csv' });
      expect(await store.features.count('checkpoints')).toBe(101);
      expect((await store.features.extent('checkpoints')).bbox).toEqual([105.6, 20.9, 105.799, 21.03]);
      const incidents = await store.features.extent('incidents');
      expect(incidents.interval).toEqual(['2021-05-20T01:00:00.000Z', '2021-05-20T01:00:00.000Z']);
      expect(await store.features.count('wards')).toBe(0);
      expect(await store.features.extent('wards')).toEqual({ bbox: null, interval: null });
    });

    it('keeps print jobs from running to done, with their PDF', async () => {
      const jobs = store.printJobs;
      await jobs.create({ id: 'j1', title: 'Atlas' });
      expect(await jobs.runningHere()).toBe(1);
      await jobs.progress('j1', 2, 5);
      expect(await jobs.get('j1')).toEqual({ id: 'j1', state: 'running', done: 2, total: 5, title: 'Atlas' });
      expect(await jobs.pdf('j1')).toBeNull();
      await jobs.finish('j1', Buffer.from('%PDF-1.7 test'), 'tap-ban-do');
      expect(await jobs.get('j1')).toMatchObject({ state: 'done', title: 'tap-ban-do' });
      expect((await jobs.pdf('j1'))?.toString()).toBe('%PDF-1.7 test');
      await jobs.create({ id: 'j2', title: 'x' });
      await jobs.fail('j2', 'The print failed on the server.');
      expect(await jobs.get('j2')).toMatchObject({ state: 'failed', error: 'The print failed on the server.' });
      expect(await jobs.runningHere()).toBe(0);
      expect(await jobs.get('nope')).toBeNull();
    });

    it('keeps station plans versioned with their history, refuses a stale version, and announces saves and reports', async () => {
      const plans = store.plans;
      expect(await plans.get(7)).toMatchObject({ station_id: 7, version: 0, updated_at: null, plan: emptyPlan() });
      const heard: string[] = [];
      const off = store.changes.subscribe((cs) => heard.push(...cs.map((c) => `${c.collection}:${c.id}:${c.action}:${c.version}`)));
      const v1 = await plans.save(7, 0, actor, (cur) => ({ ...cur.plan, notes: 'Cổng chính' }));
      expect(v1).toMatchObject({ station_id: 7, version: 1, updated_by: 'tester' });
      const stale = await plans.save(7, 0, actor, (cur) => ({ ...cur.plan, notes: 'lost' })).catch((e) => e);
      expect(stale).toBeInstanceOf(StoreError);
      expect(stale).toMatchObject({ kind: 'conflict', current: { version: 1 } });
      await plans.save(7, 1, actor, (cur) => ({ ...cur.plan, status: 'approved', approved_by: 'tester', approved_at: '2021-05-20T08:00:00Z' }));
      const h = await plans.history(7);
      expect(h.map((e) => [e.action, e.version, e.actor, e.address, e.before?.notes ?? null, e.after.notes, e.after.status])).toEqual([
        ['update', 1, 'tester', '127.0.0.1', null, 'Cổng chính', 'draft'],
        ['update', 2, 'tester', '127.0.0.1', 'Cổng chính', 'Cổng chính', 'approved'],
      ]);
      await plans.save(7, 2, actor, () => h[0].after, 'restore');
      expect(await plans.get(7)).toMatchObject({ version: 3, plan: { notes: 'Cổng chính', status: 'draft' } });
      expect([...(await plans.all()).keys()]).toEqual([7]);
      expect(await plans.history(8)).toEqual([]);
      const r = await plans.addReport({ station_id: 7, type: 'turnout', votes: 120, at: '2021-05-23T09:00:00+07:00', actor: 'tester' } as never);
      expect(r.id).toBeGreaterThan(0);
      await plans.addReport({ station_id: 8, type: 'status', status: 'open', at: '2021-05-23T07:00:00+07:00', actor: null } as never);
      expect(await plans.reports(7)).toEqual([{ id: r.id, station_id: 7, type: 'turnout', votes: 120, at: '2021-05-23T09:00:00+07:00', actor: 'tester' }]);
      expect((await plans.reports()).map((x) => x.station_id)).toEqual([7, 8]);
      await new Promise((done) => setTimeout(done, 100));
      off();
      expect(heard).toEqual(['station-plans:7:update:1', 'station-plans:7:update:2', 'station-plans:7:restore:3', `station-reports:${r.id}:create:1`, `station-reports:${r.id + 1}:create:1`]);
    });

    it('lets only one of two saves of the same plan version win', async () => {
      const results = await Promise.allSettled([0, 1, 2].map((i) => store.plans.save(9, 0, actor, (cur) => ({ ...cur.plan, notes: `n${i}` }))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.kind)).toEqual(['conflict', 'conflict']);
      expect((await store.plans.history(9)).length).toBe(1);
    });

    it('keeps settings and reference layers', async () => {
      expect(await store.settings.get('seeded')).toBeNull();
      await store.settings.set('seeded', { seed: 1 });
      await store.settings.set('seeded', { seed: 2 });
      expect(await store.settings.get('seeded')).toEqual({ seed: 2 });
      const stamp0 = await store.reference.stamp();
      const v0 = await store.reference.version('roads');
      const road = (x: number) => ({ type: 'Feature' as const, properties: { name: `Đường ${x}` }, geometry: { type: 'LineString' as const, coordinates: [[x, 21], [x + 0.5, 21.5]] } });
      expect(await store.reference.import('roads', [road(105.7), road(105.8)])).toEqual({ inserted: 2, deleted: 0 });
      expect(await store.reference.stamp()).not.toBe(stamp0);
      expect(await store.reference.version('roads')).not.toBe(v0);
      expect((await store.reference.read('roads', [106.21, 20.9, 106.25, 21.1])).map((f) => f.properties?.name)).toEqual(['Đường 105.8']);
      expect(await store.reference.import('roads', [road(105.9)])).toEqual({ inserted: 1, deleted: 2 });
      const stats = await store.reference.layers();
      expect(stats.find((s) => s.id === 'roads')).toMatchObject({ count: 1, bbox: [105.9, 21, 106.4, 21.5] });
    });
  });
}
