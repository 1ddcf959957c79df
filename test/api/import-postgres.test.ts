/**
 * The large-import path on PostgreSQL + PostGIS: a streamed CSV written by an import thread
 * through its own connection (one batch), a bad row late in the file writing nothing, and the
 * batch undone — the same code as on SQLite, only the location differs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/connect.ts';
import type { Store } from '../../server/db/store.ts';
import { runImport, THREAD_BYTES } from '../../server/io/run-import.ts';
import { hasPostgres, stopOwnCluster, testDatabase } from '../support/postgres.ts';

const actor = { name: 'tester', address: null };

function incidentsCsv(n: number, bad?: number): string {
  const lines = ['lon,lat,category,occurred_at,severity'];
  for (let i = 0; i < n; i++) lines.push(`${(105.75 + (i % 300) * 0.0002).toFixed(5)},${(21.03 + Math.floor(i / 300) * 0.0002).toFixed(5)},${i + 2 === bad ? 'meteor' : 'violation'},2021-05-0${1 + (i % 9)}T08:00:00+07:00,${1 + (i % 3)}`);
  return lines.join('\n') + '\n';
}

describe.skipIf(!hasPostgres())('imports on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    db = await testDatabase();
    store = await openStore(db.url, { borderDistanceM: 50 });
    dir = mkdtempSync(join(tmpdir(), 'opsmap-pg-import-'));
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await db?.drop();
    await stopOwnCluster();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a large CSV on a thread as one batch, refuses a bad row without writing, and undoes the batch', async () => {
    const where = { location: db.url, borderDistanceM: 50 };
    const good = join(dir, 'good.csv');
    writeFileSync(good, incidentsCsv(25_000));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, incidentsCsv(25_000, 24_000));
    expect(Buffer.byteLength(incidentsCsv(25_000))).toBeGreaterThan(THREAD_BYTES);

    const seen: number[] = [];
    const r = await runImport(store, where, 'incidents', good, { filename: 'good.csv', actor, onProgress: (n) => seen.push(n) });
    expect(r).toMatchObject({ imported: 25_000, read: 25_000 });
    expect(seen.at(-1)).toBe(25_000);
    expect(await store.features.count('incidents')).toBe(25_000);
    expect((await store.history.batches()).find((b) => b.id === r.batch)).toMatchObject({ collection: 'incidents', source: 'good.csv', inserted: 25_000 });

    await expect(runImport(store, where, 'incidents', bad, { filename: 'bad.csv', actor })).rejects.toThrow(/Nothing was imported/);
    expect(await store.features.count('incidents')).toBe(25_000);

    expect(await store.writes.undoBatch(r.batch!, actor)).toEqual({ deleted: 25_000 });
    expect(await store.features.count('incidents')).toBe(0);
  }, 120_000);
});
