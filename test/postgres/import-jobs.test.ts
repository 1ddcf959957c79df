/**
 * Import jobs across servers: two server processes on one database (PostgreSQL, and one SQLite
 * file) — an import started on A is polled to its end through B, and an import whose server is
 * killed mid-way is answered failed through B, with the reason, instead of "running" for ever.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/connect.ts';
import { hasPostgres, stopOwnCluster, testDatabase } from '../support/postgres.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const PASSWORD = 'two-servers-one-import-job';

function incidentsCsv(n: number): string {
  const lines = ['lon,lat,category,occurred_at,severity'];
  for (let i = 0; i < n; i++) lines.push(`${(105.75 + (i % 300) * 0.0002).toFixed(5)},${(21.03 + Math.floor(i / 300) * 0.0002).toFixed(5)},violation,2021-05-0${1 + (i % 9)}T08:00:00+07:00,${1 + (i % 3)}`);
  return lines.join('\n') + '\n';
}

const backends = [
  { name: 'PostgreSQL', skip: !hasPostgres() },
  { name: 'one SQLite file', skip: false },
];

describe.each(backends)('import jobs on two servers sharing $name', ({ name, skip }) => {
  let a: RunningServer;
  let b: RunningServer;
  let drop: (() => Promise<void>) | undefined;
  let dir: string;
  let auth: Record<string, string>;
  /** What both servers open: the PostgreSQL URL or the SQLite file. */
  let where: string;

  beforeAll(async () => {
    if (skip) return;
    dir = mkdtempSync(join(tmpdir(), 'opsmap-jobs-'));
    const env: Record<string, string> = { OPSMAP_ADMIN_PASSWORD: PASSWORD, OPSMAP_RATE_LIMIT: '0', OPSMAP_SEED: 'none' };
    if (name === 'PostgreSQL') {
      const db = await testDatabase();
      drop = db.drop;
      env.OPSMAP_DATABASE_URL = db.url;
      where = db.url;
    }
    // One after the other on SQLite: the first creates and migrates the file.
    const dbFile = join(dir, 'shared.sqlite');
    where ??= dbFile;
    a = await startServer({ env, dbFile });
    b = await startServer({ env, dbFile });
    auth = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop?.();
    if (name === 'PostgreSQL') await stopOwnCluster();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = (s: RunningServer, csv: string, file: string) =>
    fetch(`${s.url}/api/collections/incidents/import?filename=${file}`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv', prefer: 'respond-async' }, body: csv });
  const job = async (s: RunningServer, location: string) => (await fetch(`${s.url}${location}`, { headers: auth })).json();
  const count = async (s: RunningServer) => ((await (await fetch(`${s.url}/api/collections/incidents/items?limit=1`, { headers: auth })).json()) as { numberMatched: number }).numberMatched;

  it.skipIf(skip)('an import started on A is followed to its end through B', async () => {
    const r = await post(a, incidentsCsv(30_000), 'a.csv');
    expect(r.status, await r.clone().text()).toBe(202);
    const location = r.headers.get('location')!;
    let j = await job(b, location);
    expect(j).toMatchObject({ state: expect.stringMatching(/running|done/), file: 'a.csv', layer: 'incidents' });
    while (j.state === 'running') {
      await new Promise((res) => setTimeout(res, 200));
      j = await job(b, location);
    }
    expect(j).toMatchObject({ state: 'done', read: 30_000, written: 30_000, report: { imported: 30_000, format: 'csv' } });
    expect(await count(b)).toBe(30_000);
    // An unknown job is still a 404 on either.
    expect((await fetch(`${b.url}/api/collections/incidents/import/jobs/00000000-0000-4000-8000-000000000000`, { headers: auth })).status).toBe(404);
  }, 120_000);

  it.skipIf(skip)('an import whose server is killed is answered failed through B, with the reason, and wrote nothing', async () => {
    const before = await count(b);
    const r = await post(a, incidentsCsv(300_000), 'big.csv');
    expect(r.status).toBe(202);
    const location = r.headers.get('location')!;
    // Still running (a thread starting, then 300,000 rows in one transaction) when A dies.
    expect((await job(b, location)).state).toBe('running');
    await a.kill();
    const j = await job(b, location);
    expect(j.state).toBe('failed');
    expect(j.problem.detail).toMatch(/stopped before it finished.*nothing of it was written/);
    expect(j.finished_at).toBeTruthy();
    expect(await count(b)).toBe(before);
    // Recorded: asked again, the same answer, and the table itself says so (a server's answer
    // would say failed even unrecorded, since it tells a dead server by itself).
    expect((await job(b, location)).state).toBe('failed');
    const stored = await openStore(where);
    try {
      expect(await stored.importJobs.get(location.split('/').pop()!)).toMatchObject({ state: 'failed', finished_at: expect.any(String) });
    } finally {
      await stored.close();
    }
  }, 120_000);
});
