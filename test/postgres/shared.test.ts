/**
 * What only exists with several servers on one PostgreSQL database, at the Store level: two
 * stores stand for two server processes (each has its own pool and LISTEN connection).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../server/db/store.ts';
import { openPostgresStore, type PostgresStore } from '../../server/db/postgres/store.ts';
import { createFeature, importFeatures } from '../../server/features/edit.ts';
import { hasPostgres, stopOwnCluster, testDatabase } from '../support/postgres.ts';
import { OperationalTiles } from '../../server/tiles/operational-tiles.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

const actor = { name: 'tester', address: null };
const ward = (code: string, x0: number, x1: number) => ({
  type: 'Feature',
  properties: { code, name: `Phường ${code}`, district: 'Quận Bắc Từ Liêm', province: 'Thành phố Hà Nội' },
  geometry: { type: 'Polygon', coordinates: [[[x0, 21.05], [x1, 21.05], [x1, 21.07], [x0, 21.07], [x0, 21.05]]] },
});
const checkpoint = (lon: number, lat: number) => ({
  type: 'Feature',
  properties: { name: 'Chốt', kind: 'traffic', status: 'active', staff: 4, hours: '24/7' },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});

/** The features of a tile's checkpoints layer. */
const decode = (pbf: Uint8Array) => {
  const l = new VectorTile(new PbfReader(pbf)).layers.checkpoints;
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : [];
};

/** Resolves with the first batch of changes `store` hears, from any server. */
const nextChanges = (store: PostgresStore) =>
  new Promise<Change[]>((resolve) => {
    const off = store.changes.subscribe((c) => {
      off();
      resolve(c);
    });
  });

describe.skipIf(!hasPostgres())('two servers on one PostgreSQL database', () => {
  let a: PostgresStore;
  let b: PostgresStore;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const db = await testDatabase();
    drop = db.drop;
    [a, b] = await Promise.all([openPostgresStore(db.url), openPostgresStore(db.url)]);
    await b.changes.stamp(); // B listens before A writes
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await drop();
  });
  afterAll(stopOwnCluster);

  it('a change committed through A reaches B’s subscribers, and B’s stamps move', async () => {
    const stamp = await b.features.stamp('checkpoints');
    const other = await b.features.stamp('wards');
    const heard = nextChanges(b);
    const f = await createFeature(a, 'checkpoints', checkpoint(105.78, 21.06), actor);
    expect(await heard).toEqual([expect.objectContaining({ collection: 'checkpoints', id: f.id, action: 'create', version: 1, actor: 'tester' })]);
    expect(await b.features.stamp('checkpoints')).not.toBe(stamp);
    expect(await b.features.stamp('wards')).toBe(other);
    expect((await b.features.get('checkpoints', f.id))?.version).toBe(1);
  });

  it('a commit through B reaches the operational tiles A keeps, and only B’s commits move A’s stamp of everything', async () => {
    const tiles = new OperationalTiles(a);
    try {
      const count = async () => decode(await tiles.tile('checkpoints', 14, 13006, 7211)).length;
      await createFeature(a, 'checkpoints', checkpoint(105.78, 21.06), actor);
      const everything = await a.changes.stamp();
      expect(await count()).toBe(1);
      // A's own commit: its subscribers were told, so the stamp of everything stays (no start over).
      await createFeature(a, 'checkpoints', checkpoint(105.7801, 21.06), actor);
      expect(await a.changes.stamp()).toBe(everything);
      expect(await count()).toBe(2);
      const heard = nextChanges(a);
      await createFeature(b, 'checkpoints', checkpoint(105.7802, 21.06), actor);
      await heard;
      expect(await a.changes.stamp()).not.toBe(everything);
      expect(await count()).toBe(3);
    } finally {
      tiles.close();
    }
  });

  it('a batch too big for one NOTIFY (8,000 bytes) reaches B whole, through change_batches', async () => {
    const heard = nextChanges(b);
    const r = await importFeatures(a, 'checkpoints', Array.from({ length: 300 }, (_, i) => checkpoint(105.7 + i / 10_000, 21.06)), actor);
    const changes = await heard;
    expect(changes.map((c) => c.id)).toEqual(r.ids);
  });

  it('a point written through B just after A changed the wards gets the new ward, though B’s ward index was older', async () => {
    await importFeatures(a, 'wards', [ward('00611', 105.77, 105.79)], actor);
    expect((await createFeature(b, 'checkpoints', checkpoint(105.78, 21.06), actor)).properties!.ward_code).toBe('00611'); // B now holds an index of the old wards
    await importFeatures(a, 'wards', [ward('00598', 105.77, 105.79)], actor, { replace: true });
    const p = await b.writes.create('checkpoints', { geometry: { type: 'Point', coordinates: [105.78, 21.06] }, properties: { ...checkpoint(0, 0).properties, ward_code: '00611', on_border: false } }, actor);
    expect(p.properties!.ward_code).toBe('00598');
  });

  it('two servers saving the same version: exactly one wins', async () => {
    const f = await createFeature(a, 'checkpoints', checkpoint(105.78, 21.06), actor);
    const change = () => ({ geometry: f.geometry, properties: { ...f.properties, staff: 9 } });
    const results = await Promise.allSettled([a.writes.update('checkpoints', f.id, 1, actor, change), b.writes.update('checkpoints', f.id, 1, actor, change)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as { kind: string }).kind).toBe('conflict');
    expect((await a.history.feature('checkpoints', f.id)).length).toBe(2);
  });

  it('sign-in throttles and sessions are shared: a limit reached on A holds on B', async () => {
    const now = Date.now();
    for (let i = 0; i < 3; i++) expect(await a.accounts.throttle.hit('10.0.0.1', 3, 60_000, now)).toBe(0);
    expect(await b.accounts.throttle.hit('10.0.0.1', 3, 60_000, now)).toBeGreaterThan(0);
    const u = await a.accounts.users.create({ name: 'lan', passwordHash: 'h', role: 'viewer', scope: null });
    await a.accounts.sessions.create({ id: 's1', userId: u.id, csrf: 'c', createdAt: new Date().toISOString(), expiresAt: '2999-01-01T00:00:00.000Z', address: null });
    expect((await b.accounts.sessions.find('s1'))?.user.name).toBe('lan');
  });

  it('first-start work named alike runs on one server at a time', async () => {
    const log: string[] = [];
    const step = (who: string) => async () => {
      log.push(`${who} in`);
      await new Promise((r) => setTimeout(r, 200));
      log.push(`${who} out`);
    };
    await Promise.all([a.serialized('seed', step('A')), b.serialized('seed', step('B'))]);
    expect([log[0].slice(2), log[1].slice(2), log[2].slice(2), log[3].slice(2)]).toEqual(['in', 'out', 'in', 'out']);
  });

  it('a print job rendered by A is seen, with its PDF, through B', async () => {
    await a.printJobs.create({ id: 'job', title: 'Atlas' });
    await a.printJobs.progress('job', 1, 3);
    expect(await b.printJobs.get('job')).toMatchObject({ state: 'running', done: 1, total: 3 });
    expect(await b.printJobs.runningHere()).toBe(0);
    await a.printJobs.finish('job', Buffer.from('%PDF'), 'atlas');
    expect((await b.printJobs.pdf('job'))?.toString()).toBe('%PDF');
  });
});
