/**
 * Prints are drawn on a worker thread, not on the thread that answers requests (issue 15 #7:
 * 20 parallel atlases held every user for 25 s). This thread's pdfkit is replaced by one that
 * throws: prints and plan documents still come back as PDFs, and light requests are answered
 * while an atlas renders.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { insertToken, insertUser } from '../../server/db/sqlite/accounts.ts';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import { newToken } from '../../server/auth/accounts.ts';
import { hashPasswordSync } from '../../server/auth/password.ts';
import { seedDemo } from '../../server/seed.ts';
import { makeTestApp, TEST_SCRYPT, type TestApp } from '../support/app.ts';

vi.mock('pdfkit', () => ({
  default: class {
    constructor() {
      throw new Error('pdfkit was called on the request thread');
    }
  },
}));

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

it('draws GET /print on a worker thread', async () => {
  await seedDemo(t.store);
  const r = await t.req('/api/print?area=ward:00611&table=true');
  expect(r.status).toBe(200);
  expect(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
});

it('answers light requests while an atlas renders, reports its progress, and serves its PDF', async () => {
  await seedDemo(t.store);
  const start = await t.req('/api/print/jobs?atlas=wards', { method: 'POST' });
  expect(start.status).toBe(202);
  const { id } = await start.json();
  let answeredWhileRunning = 0;
  const seen = new Set<number>();
  for (;;) {
    const health = await t.req('/api/health');
    expect(health.status).toBe(200);
    const job = await (await t.req(`/api/print/jobs/${id}`)).json();
    if (job.state !== 'running') {
      expect(job).toMatchObject({ state: 'done' });
      expect(job.done).toBe(job.total);
      break;
    }
    answeredWhileRunning++;
    seen.add(job.done);
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(answeredWhileRunning).toBeGreaterThan(0);
  expect(seen.size).toBeGreaterThan(1); // progress moved page by page, seen between light requests
  const pdf = await t.req(`/api/print/jobs/${id}/pdf`);
  expect(pdf.status).toBe(200);
  expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
});

it('draws a station plan and a plan book on a worker thread; an unknown station is still a 404', async () => {
  await seedDemo(t.store);
  const station = (await (await t.req('/api/collections/polling-stations/items?limit=1')).json()).features[0];
  for (const path of [`/api/polling-stations/${station.id}/plan.pdf`, `/api/plans/book.pdf?ward_code=${station.properties.ward_code}`]) {
    const r = await t.req(path);
    expect(r.status, path).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  }
  const missing = await t.req('/api/polling-stations/999999/plan.pdf');
  expect(missing.status).toBe(404);
  expect(missing.headers.get('content-type')).toBe('application/problem+json');
});

it('reads no layer on the request thread for a print, an atlas, a plan, a plan book, an export or hot spots, on either backend (the workers read through their own connections)', async () => {
  await seedDemo(t.store);
  const station = (await (await t.req('/api/collections/polling-stations/items?limit=1')).json()).features[0];
  const reads: string[] = [];
  const features = t.store.features as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['list', 'points', 'incidentCounts', 'extent'] as const) {
    const real = features[name].bind(t.store.features);
    vi.spyOn(features, name).mockImplementation((...a: unknown[]) => (reads.push(`${name} ${String(a[0])}`), real(...a)));
  }
  const readReference = vi.spyOn(t.store.reference, 'read');
  for (const path of [
    '/api/print?area=ward:00611&table=true',
    '/api/print?atlas=wards',
    `/api/polling-stations/${station.id}/plan.pdf`,
    `/api/plans/book.pdf?ward_code=${station.properties.ward_code}`,
    '/api/collections/incidents/export?format=csv',
    '/api/analysis/hotspots?cell_size=500',
  ]) {
    const r = await t.req(path);
    expect(r.status, path).toBe(200);
    await r.arrayBuffer();
  }
  expect(reads).toEqual([]);
  expect(readReference).not.toHaveBeenCalled();
});

it('gathers on the request thread when the worker cannot open the store itself (in memory), and still draws on the worker', async () => {
  const store = openSqliteStore(':memory:');
  try {
    await seedDemo(store);
    const user = insertUser(store.db, { name: 'viewer', role: 'viewer', passwordHash: hashPasswordSync('viewer-password-1', TEST_SCRYPT), scope: null });
    const { token, row } = newToken(user.id, 'tests');
    insertToken(store.db, row);
    const app = createApp({ store, config: loadConfig({ OPSMAP_DB: ':memory:', OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '0' }) });
    const r = await app.request('http://localhost/api/print?area=ward:00611&table=true', { headers: { authorization: `Bearer ${token}` } });
    expect(r.status, await r.clone().text()).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  } finally {
    store.db.sqlite.close();
  }
});
