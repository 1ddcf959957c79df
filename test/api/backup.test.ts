/**
 * Backups while the server keeps writing, and the restore procedure: refused while a
 * server has the database open, checks the backup, keeps what it replaces.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup, inspect, inUse, restore } from '../../server/cli/backup.ts';
import { openDatabase } from '../../server/db/open.ts';
import { listFeatures } from '../../server/db/rows.ts';
import { sqliteStore } from '../../server/db/sqlite/store.ts';
import { checkpoint, makeTestApp, type TestApp, onSqlite } from '../support/app.ts';
import { ROOT } from '../support/server.ts';

let t: TestApp;
afterEach(() => t?.close());

async function addCheckpoints(app: TestApp, names: string[]) {
  for (const [i, name] of names.entries()) {
    const res = await app.req('/api/collections/checkpoints/items', { method: 'POST', as: 'planner', json: checkpoint(105.78 + i * 0.001, 21.06, { name }) });
    expect(res.status).toBe(201);
  }
}

describe('npm run backup', () => {
  it('refuses a PostgreSQL deployment, naming pg_dump, rather than copying the unused SQLite file', () => {
    let err: { status: number; stderr: string } | undefined;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/backup.ts')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, OPSMAP_DATABASE_URL: 'postgres://opsmap@127.0.0.1:1/opsmap' } });
    } catch (e) {
      err = e as { status: number; stderr: string };
    }
    expect(err?.status).toBe(1);
    expect(err?.stderr).toContain('backed up with pg_dump');
  });
});

describe.skipIf(!onSqlite)('npm run backup (SQLite)', () => {
  it('copies the live database, including writes still in the WAL, while the server keeps it open', async () => {
    t = makeTestApp();
    await addCheckpoints(t, ['Chốt 1', 'Chốt 2', 'Chốt 3']);
    expect(existsSync(`${t.config.dbFile}-wal`)).toBe(true);
    const info = await backup(t.config.dbFile, join(t.dir, 'copy.sqlite'));
    expect(info).toEqual({ file: join(t.dir, 'copy.sqlite'), features: 3, users: 5, audit: 3 });
    // The server goes on writing after the copy.
    await addCheckpoints(t, ['Chốt 4']);
    expect(inspect(join(t.dir, 'copy.sqlite')).features).toBe(3);
  });

  it('from the command line, to --out', async () => {
    t = makeTestApp();
    await addCheckpoints(t, ['Chốt A']);
    const out = join(t.dir, 'cli.sqlite');
    const printed = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/backup.ts'), '--db', t.config.dbFile, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(printed).toBe(`Backed up ${t.config.dbFile} to ${out}: 1 features, 5 users, 1 audit entries.\n`);
  });
});

describe.skipIf(!onSqlite)('restoring a backup', () => {
  it('is refused while a server has the database open', async () => {
    t = makeTestApp();
    await addCheckpoints(t, ['Chốt 1']);
    const copy = join(t.dir, 'copy.sqlite');
    await backup(t.config.dbFile, copy);
    expect(inUse(t.config.dbFile)).toBe(true);
    await expect(restore(copy, t.config.dbFile)).rejects.toThrow(`A running opsmap server has ${t.config.dbFile} open. Stop it first, then restore, then start it again.`);
  });

  it('brings back the state at backup time once the server is stopped, and keeps the replaced database', async () => {
    t = makeTestApp();
    await addCheckpoints(t, ['Chốt 1', 'Chốt 2']);
    const copy = join(t.dir, 'copy.sqlite');
    await backup(t.config.dbFile, copy);
    await addCheckpoints(t, ['Chốt 3 (after the backup)']);
    const dbFile = t.config.dbFile;
    await t.store.close(); // the server stops: its connection and the items read thread's

    expect(inUse(dbFile)).toBe(false);
    const { restored, keptAs } = await restore(copy, dbFile);
    expect(restored.features).toBe(2);
    expect(keptAs).toMatch(/test\.before-restore-\d{8}-\d{6}\.sqlite$/);
    expect(inspect(keptAs!).features).toBe(3);

    const db = openDatabase(dbFile); // the server starts again
    try {
      expect((await listFeatures(sqliteStore(db), 'checkpoints')).features.map((f) => f.properties!.name)).toEqual(['Chốt 1', 'Chốt 2']);
      expect((db.sqlite.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(2);
      expect((db.sqlite.prepare('SELECT name FROM users ORDER BY id').all() as { name: string }[]).map((u) => u.name)).toEqual(['admin', 'planner', 'commander', 'viewer', 'team']);
    } finally {
      db.sqlite.close();
      t.db = openDatabase(join(t.dir, 'unused.sqlite')); // so close() has something to close
    }
  });

  it('refuses a file that is not an opsmap database, and leaves the database alone', async () => {
    t = makeTestApp();
    await addCheckpoints(t, ['Chốt 1']);
    const junk = join(t.dir, 'junk.sqlite');
    writeFileSync(junk, 'this is not a database at all, just some text long enough to look like a file');
    await expect(restore(junk, t.config.dbFile)).rejects.toThrow(/file is not a database/);
    expect((await listFeatures(t.store, 'checkpoints')).features).toHaveLength(1);
  });
});
