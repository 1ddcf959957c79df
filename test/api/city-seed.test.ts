/**
 * The city scenario through the bulk write path (reduced incident count): one batch record per
 * layer instead of an audit copy per feature, counts and extents kept by layer_stats, every
 * point given its ward, and a batch undone in one step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../server/db/store.ts';
import { countFeatures, layerExtent } from '../../server/db/sqlite/feature-queries.ts';
import { sqliteStore } from '../../server/db/sqlite/store.ts';
import { bulkImport } from '../../server/features/bulk.ts';
import { demoNotice, seedCity } from '../../server/seed.ts';
import { makeTestApp, type TestApp, onSqlite } from '../support/app.ts';

let t: TestApp;
afterEach(() => t.close());

const actor = { name: 'tester', address: '127.0.0.1' };
const incident = (lon: number, lat: number, day = 10) => ({
  type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { category: 'traffic', occurred_at: `2021-05-${String(day).padStart(2, "0")}T08:00:00+07:00`, severity: 1 },
});

describe.skipIf(!onSqlite)('city seed', () => {
  it('writes every layer as one batch each, with no per-feature audit rows, and labels the data', async () => {
    t = makeTestApp();
    const counts = await seedCity(t.store, { incidents: 3_000 });
    expect(counts).toMatchObject({ wards: 580, incidents: 3_000 });
    expect(counts.checkpoints).toBeGreaterThan(4_750);
    const batches = await sqliteStore(t.db).history.batches();
    expect(batches.map((b) => b.collection).sort()).toEqual(['checkpoints', 'facilities', 'incidents', 'polling-stations', 'quarantine-zones', 'wards']);
    expect(batches.every((b) => b.source === 'seed:city' && b.actor === 'seed' && b.inserted === counts[b.collection])).toBe(true);
    expect((t.db.sqlite.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(0);
    const unassigned = t.db.sqlite.prepare("SELECT count(*) AS n FROM features WHERE collection IN ('checkpoints','polling-stations','incidents') AND ward_code IS NULL").get() as { n: number };
    expect(unassigned.n).toBe(0);
    expect((await demoNotice(t.store))?.en).toMatch(/generated/);
    for (const layer of ['wards', 'incidents'] as const) expect(countFeatures(t.db, layer)).toBe(counts[layer]);
    const col = await (await t.req('/api/collections/incidents')).json();
    expect(col.extent.temporal.interval[0][0]).toMatch(/^2021-04-30T17|^2021-05-01/);
  });
});

describe.skipIf(!onSqlite)('bulk insert', () => {
  it('rebuilds indexes after a large batch and keeps counts, extents and index answers right', async () => {
    t = makeTestApp();
    const points = Array.from({ length: 500 }, (_, i) => incident(105.7 + i / 10_000, 21 + (i % 50) / 1000, 1 + (i % 28)));
    const r = await bulkImport(sqliteStore(t.db), 'incidents', points, actor, { source: 'points.csv', suspendAt: 100 });
    expect(r.inserted).toBe(500);
    expect(r.lastId! - r.firstId! + 1).toBe(500);
    const indexes = (t.db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'features' AND sql IS NOT NULL").all() as { name: string }[]).map((x) => x.name);
    expect(indexes).toEqual(expect.arrayContaining(['features_ward', 'features_time_points', 'features_batch']));
    expect(countFeatures(t.db, 'incidents')).toBe(500);
    expect(layerExtent(t.db, 'incidents').bbox).toEqual([105.7, 21, 105.7 + 499 / 10_000, 21.049]);
    // The R*Tree, filled at the end in Hilbert order, answers a bounding box as the rows say.
    const inBox = points.filter((f) => f.geometry.coordinates[0] <= 105.71 && f.geometry.coordinates[1] <= 21.01).length;
    const page = await (await t.req('/api/collections/incidents/items?bbox=105.69,20.99,105.71,21.01&limit=1000')).json();
    expect(inBox).toBeGreaterThan(10);
    expect(page.numberReturned).toBe(inBox);
    // A second, small batch goes through the indexes row by row and adds to the same stats.
    await bulkImport(sqliteStore(t.db), 'incidents', [incident(105.6, 20.9)], actor, { source: 'one.csv' });
    expect(countFeatures(t.db, 'incidents')).toBe(501);
    expect(layerExtent(t.db, 'incidents').bbox![0]).toBe(105.6);
  });

  it('writes nothing when one feature is invalid, and names it', async () => {
    t = makeTestApp();
    const bad = { ...incident(105.7, 21), properties: { category: 'nope', occurred_at: 'x', severity: 9 } };
    let err: unknown;
    try {
      await bulkImport(sqliteStore(t.db), 'incidents', [incident(105.7, 21), bad, incident(105.71, 21)], actor, { source: 'bad.geojson', label: (i) => `row ${i + 2}` });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/1 of 3/);
    expect((err as StoreError).issues[0].path).toMatch(/^row 3/);
    expect(countFeatures(t.db, 'incidents')).toBe(0);
    expect(await sqliteStore(t.db).history.batches()).toEqual([]);
  });

  it('refuses more than the cap', async () => {
    t = makeTestApp();
    await expect(bulkImport(sqliteStore(t.db), 'incidents', [incident(105.7, 21), incident(105.8, 21)], actor, { source: 'x', maxFeatures: 1 })).rejects.toThrow(/more than 1 features/);
    expect(countFeatures(t.db, 'incidents')).toBe(0);
  });

  it('undoes a batch: its features go, other features stay, the extent shrinks back', async () => {
    t = makeTestApp();
    const store = sqliteStore(t.db);
    await bulkImport(sqliteStore(t.db), 'incidents', [incident(105.7, 21)], actor, { source: 'keep.csv' });
    const r = await bulkImport(sqliteStore(t.db), 'incidents', [incident(105.9, 21.1), incident(105.95, 21.2)], actor, { source: 'mistake.csv' });
    expect(countFeatures(t.db, 'incidents')).toBe(3);
    expect(await store.writes.undoBatch(r.batchId, { name: 'admin', address: null })).toEqual({ deleted: 2 });
    expect(countFeatures(t.db, 'incidents')).toBe(1);
    expect(layerExtent(t.db, 'incidents').bbox).toEqual([105.7, 21, 105.7, 21]);
    expect((await store.history.batches())[0]).toMatchObject({ id: r.batchId, undone_by: 'admin' });
    await expect(store.writes.undoBatch(r.batchId, actor)).rejects.toThrow(/already undone/);
  });
});
