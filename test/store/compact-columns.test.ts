/**
 * The compact columns (ward_code, category, status, day, severity, tile_key) and the
 * incident_counts table stay in step with the properties and geometry through every SQLite write
 * path — create, update, delete, restore, import, a bulk batch large enough to set indexes and
 * triggers aside, its undo, and the re-derivation after a ward change — and migrations 0006 and
 * 0010 backfill a database written before them.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compactColumns } from '../../server/db/compact-columns.ts';
import { openDatabase, type Db } from '../../server/db/open.ts';
import { sqliteStore } from '../../server/db/sqlite/store.ts';
import { bulkImport } from '../../server/features/bulk.ts';
import { createFeature, deleteFeature, importFeatures, patchFeature, restoreVersion } from '../../server/features/edit.ts';
import { OperationalTiles } from '../../server/tiles/operational-tiles.ts';
import { tileOf } from '../support/tile-of.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

const actor = { name: 'tester', address: null };
const ward = (code: string, x0: number, x1: number) => ({
  type: 'Feature',
  properties: { code, name: `Phường ${code}`, district: 'Quận A', province: 'Hà Nội' },
  geometry: { type: 'Polygon', coordinates: [[[x0, 21.05], [x1, 21.05], [x1, 21.07], [x0, 21.07], [x0, 21.05]]] },
});
const incident = (lon: number, at: string, category = 'traffic') => ({
  type: 'Feature',
  properties: { category, occurred_at: at, severity: 2 },
  geometry: { type: 'Point', coordinates: [lon, 21.06] },
});

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'opsmap-compact-'));
  dirs.push(d);
  return d;
};

/** Every row's columns as the properties say, and incident_counts as a GROUP BY over the rows says. */
function expectInStep(db: Db) {
  const rows = db.sqlite
    .prepare(
      `SELECT id, ward_code IS CASE WHEN json_type(properties, '$.ward_code') = 'text' THEN json_extract(properties, '$.ward_code') END AS w,
              category IS CASE WHEN json_type(properties, '$.category') = 'text' THEN json_extract(properties, '$.category') END AS c,
              status IS CASE WHEN json_type(properties, '$.status') = 'text' THEN json_extract(properties, '$.status') END AS s,
              day IS CASE WHEN collection = 'incidents' THEN substr(json_extract(properties, '$.occurred_at'), 1, 10) END AS d,
              severity IS CASE WHEN json_type(properties, '$.severity') IN ('integer', 'real') THEN json_extract(properties, '$.severity') END AS v,
              tile_key IS CASE WHEN json_extract(geometry, '$.type') = 'Point' THEN opsmap_tile_key(json_extract(geometry, '$.coordinates[0]'), json_extract(geometry, '$.coordinates[1]')) END AS k
       FROM features`,
    )
    .all() as { id: number; w: number; c: number; s: number; d: number; v: number; k: number }[];
  expect(rows.filter((r) => !(r.w && r.c && r.s && r.d && r.v && r.k))).toEqual([]);
  const counted = db.sqlite.prepare(`SELECT day, ward_code, category, n FROM incident_counts WHERE n > 0 ORDER BY 1, 2, 3`).all();
  const grouped = db.sqlite
    .prepare(`SELECT coalesce(day, '') AS day, coalesce(ward_code, '') AS ward_code, coalesce(category, '') AS category, count(*) AS n FROM features WHERE collection = 'incidents' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
    .all();
  expect(counted).toEqual(grouped);
  return grouped as { day: string; ward_code: string; category: string; n: number }[];
}

describe('compact columns on SQLite', () => {
  it('follow every write path', async () => {
    const db = openDatabase(join(tempDir(), 'a.sqlite'));
    const store = sqliteStore(db);
    await importFeatures(store, 'wards', [ward('W1', 105.77, 105.79), ward('W2', 105.79, 105.81)], actor);
    // Timestamps written in +07:00 so their date is the Hanoi day the check expects.
    const a = await createFeature(store, 'incidents', incident(105.78, '2021-05-03T23:30:00+07:00'), actor);
    const b = await createFeature(store, 'incidents', incident(105.8, '2021-05-04T06:00:00+07:00', 'violation'), actor);
    await createFeature(store, 'checkpoints', { type: 'Feature', properties: { name: 'Chốt', kind: 'traffic', status: 'active', staff: 2, hours: '24/7' }, geometry: { type: 'Point', coordinates: [105.78, 21.06] } }, actor);
    expectInStep(db);
    await patchFeature(store, 'incidents', a.id, { properties: { category: 'public_order', occurred_at: '2021-05-05T08:00:00+07:00' }, geometry: { type: 'Point', coordinates: [105.8, 21.06] } }, 1, actor);
    expect(expectInStep(db).find((r) => r.category === 'public_order')).toEqual({ day: '2021-05-05', ward_code: 'W2', category: 'public_order', n: 1 });
    await deleteFeature(store, 'incidents', b.id, 1, actor);
    expectInStep(db);
    await restoreVersion(store, 'incidents', b.id, 1, actor);
    await restoreVersion(store, 'incidents', a.id, 1, actor);
    expectInStep(db);
    // A bulk batch past the point where indexes and the count triggers are set aside.
    const many = Array.from({ length: 40 }, (_, i) => incident(105.771 + i * 0.001, `2021-05-${String(1 + (i % 9)).padStart(2, '0')}T12:00:00+07:00`, i % 2 ? 'traffic' : 'violation'));
    const batch = await bulkImport(store, 'incidents', many, actor, { source: 'test', suspendAt: 5 });
    expect(db.sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('incident_counts_insert', 'features_time_points', 'features_tile_points')").pluck().get()).toBe(3);
    expect(expectInStep(db).reduce((s, r) => s + r.n, 0)).toBe(42);
    // The R*Tree, filled at the end of the batch, finds its points (9 of the 40 lie in the box) and every other.
    expect((await store.features.list('incidents', { bbox: [105.7705, 21.05, 105.7795, 21.07] })).numberMatched).toBe(9);
    expect(db.sqlite.prepare('SELECT count(*) FROM features_rtree_incidents').pluck().get()).toBe(42);
    // Wards change: points are re-derived, and their ward_code column and counts with them.
    const wards = await store.features.list('wards');
    await patchFeature(store, 'wards', wards.rows[0].id, { properties: { code: 'W9' } }, 1, actor);
    expect(expectInStep(db).some((r) => r.ward_code === 'W9')).toBe(true);
    await store.writes.undoBatch(batch.batchId, actor);
    expect(expectInStep(db).reduce((s, r) => s + r.n, 0)).toBe(2);
    db.sqlite.close();
  });

  it('are backfilled by migrations 0006 and 0010 in a database written before them', () => {
    const dir = tempDir();
    // The migrations as they were before 0006.
    const migrations = join(dir, 'migrations');
    cpSync(fileURLToPath(new URL('../../server/db/migrations', import.meta.url)), migrations, { recursive: true });
    const journal = JSON.parse(readFileSync(join(migrations, 'meta/_journal.json'), 'utf8'));
    journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0006');
    writeFileSync(join(migrations, 'meta/_journal.json'), JSON.stringify(journal));
    const file = join(dir, 'old.sqlite');
    const old = new Database(file);
    migrate(drizzle(old), { migrationsFolder: migrations });
    const insert = old.prepare(
      `INSERT INTO features (collection, properties, geometry, minx, miny, maxx, maxy, t_start, t_end, created_at, updated_at) VALUES (?, ?, '{"type":"Point","coordinates":[105.8,21.06]}', 105.8, 21.06, 105.8, 21.06, ?, ?, 'x', 'x')`,
    );
    insert.run('incidents', JSON.stringify({ category: 'traffic', occurred_at: '2021-05-03T23:30:00+07:00', ward_code: 'W1' }), '2021-05-03T16:30:00.000Z', '2021-05-03T16:30:00.000Z');
    insert.run('incidents', JSON.stringify({ category: 'traffic', occurred_at: '2021-05-03T01:00:00+07:00', ward_code: 'W1', severity: 3 }), '2021-05-02T18:00:00.000Z', '2021-05-02T18:00:00.000Z');
    insert.run('checkpoints', JSON.stringify({ status: 'active', ward_code: 7 }), null, null);
    const rev = old.prepare("SELECT rev FROM layer_stats WHERE collection = 'incidents'").pluck().get() as number;
    old.close();

    const db = openDatabase(file);
    expect(expectInStep(db)).toEqual([{ day: '2021-05-03', ward_code: 'W1', category: 'traffic', n: 2 }]);
    expect(db.sqlite.prepare("SELECT status, ward_code FROM features WHERE collection = 'checkpoints'").get()).toEqual({ status: 'active', ward_code: null });
    // The backfill gives what the write path gives (compact-columns.ts, in JavaScript), not only what the migration's own SQL says.
    const written = compactColumns('incidents', { category: 'traffic', severity: 3 }, '2021-05-02T18:00:00.000Z', { type: 'Point', coordinates: [105.8, 21.06] });
    expect(written.severity).toBe(3);
    expect(db.sqlite.prepare("SELECT severity, tile_key FROM features WHERE collection = 'incidents' ORDER BY id").all()).toEqual([
      { severity: null, tile_key: written.tile_key },
      { severity: 3, tile_key: written.tile_key },
    ]);
    // Caches keyed on the layer's revision see that its rows changed (once by 0006, once by 0010's tile keys).
    expect(db.sqlite.prepare("SELECT rev FROM layer_stats WHERE collection = 'incidents'").pluck().get()).toBe(rev + 2);
    db.sqlite.close();
  });

  it('draw at street zoom a point written without its tile key (by an older opsmap or another tool)', async () => {
    const db = openDatabase(join(tempDir(), 'a.sqlite'));
    const store = sqliteStore(db);
    const made = await createFeature(store, 'incidents', incident(105.78, '2021-05-03T23:30:00+07:00'), actor);
    db.sqlite.prepare('UPDATE features SET tile_key = NULL WHERE id = ?').run(made.id);
    const tiles = new OperationalTiles(store);
    try {
      const [x, y] = tileOf(14, 105.78, 21.06);
      const l = new VectorTile(new PbfReader(await tiles.tile('incidents', 14, x, y))).layers.incidents;
      expect(l && Array.from({ length: l.length }, (_, i) => l.feature(i).id)).toEqual([made.id]);
    } finally {
      tiles.close();
      db.sqlite.close();
    }
  });

  it('opens a file another connection is writing to without waiting for its write', () => {
    const file = join(tempDir(), 'a.sqlite');
    openDatabase(file).sqlite.close();
    const writer = new Database(file);
    writer.exec('BEGIN IMMEDIATE'); // a long import holds the write lock
    try {
      const db = openDatabase(file, { writeLockWaitMs: 0 });
      db.sqlite.close();
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });
});
