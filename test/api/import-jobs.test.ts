/**
 * Imports at size over HTTP: a large file answers 202 with a job to poll (rows read, written,
 * then the report), one audited batch that can be undone with If-Match, a failed import that
 * changes nothing and names the row, and caps taken from the environment and named in the error.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpoint, makeTestApp, onSqlite, type TestApp } from '../support/app.ts';

let t: TestApp;
afterEach(() => t?.close());

const count = (layer: string) => t.store.features.count(layer as 'incidents');
const auditRows = async () => Number((await t.sql<{ n: number }>('SELECT count(*) AS n FROM audit'))[0].n);

/** `n` incidents as CSV, with `bad` (a row number as a spreadsheet shows it) given an unknown category. */
function incidentsCsv(n: number, bad?: number): string {
  const lines = ['lon,lat,category,occurred_at,severity'];
  for (let i = 0; i < n; i++) lines.push(`${(105.75 + (i % 300) * 0.0002).toFixed(5)},${(21.03 + Math.floor(i / 300) * 0.0002).toFixed(5)},${i + 2 === bad ? 'meteor' : 'violation'},2021-05-0${1 + (i % 9)}T08:00:00+07:00,${1 + (i % 3)}`);
  return lines.join('\n') + '\n';
}

const upload = (layer: string, body: string, query: string, headers: Record<string, string> = {}) =>
  t.req(`/api/collections/${layer}/import?${query}`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream', ...headers } });

async function poll(location: string) {
  for (;;) {
    const j = await (await t.req(location)).json();
    if (j.state !== 'running') return j;
    // Behaviour, not timing: while the import runs, the server goes on answering.
    expect((await t.req('/api/collections/incidents')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('HTTP import as a job', () => {
  it('answers 202 with a Location, reports rows read and written, and writes one batch audit entry', async () => {
    t = makeTestApp();
    const before = await auditRows();
    const r = await upload('incidents', incidentsCsv(30_000), 'filename=su-co.csv', { prefer: 'respond-async' });
    expect(r.status).toBe(202);
    const location = r.headers.get('location')!;
    expect(location).toMatch(/^\/api\/collections\/incidents\/import\/jobs\/[0-9a-f-]{36}$/);
    const job = await poll(location);
    expect(job).toMatchObject({ state: 'done', read: 30_000, written: 30_000, report: { imported: 30_000, format: 'csv' } });
    expect(await count('incidents')).toBe(30_000);
    // One batch record, not a copy per feature.
    expect(await auditRows()).toBe(before);
    const batch = (await (await t.req(`/api/collections/incidents/imports/${job.report.batch}`)).json());
    expect(batch).toMatchObject({ collection: 'incidents', source: 'su-co.csv', inserted: 30_000, undone_at: null });
  });

  it('tells live screens about the batch an import thread committed (one change naming the batch)', async () => {
    t = makeTestApp();
    const seen: { action: string; batch?: { id: number; count: number } }[] = [];
    const stop = t.store.changes.subscribe((changes) => seen.push(...changes));
    try {
      const r = await upload('incidents', incidentsCsv(20_000), 'filename=su-co.csv', { prefer: 'respond-async' });
      const job = await poll(r.headers.get('location')!);
      expect(job.state).toBe('done');
      for (let i = 0; i < 100 && !seen.some((c) => c.action === 'import'); i++) await new Promise((res) => setTimeout(res, 20));
      expect(seen.filter((c) => c.action === 'import')).toEqual([expect.objectContaining({ batch: { id: job.report.batch, count: 20_000 } })]);
    } finally {
      stop();
    }
  });

  it('two large imports sent together both land, one after the other on SQLite (one writer)', async () => {
    t = makeTestApp();
    const [a, b] = await Promise.all([
      upload('incidents', incidentsCsv(20_000), 'filename=a.csv', { prefer: 'respond-async' }),
      upload('incidents', incidentsCsv(20_000), 'filename=b.csv', { prefer: 'respond-async' }),
    ]);
    const jobs = await Promise.all([poll(a.headers.get('location')!), poll(b.headers.get('location')!)]);
    expect(jobs.map((j) => j.state)).toEqual(['done', 'done']);
    expect(await count('incidents')).toBe(40_000);
  });

  it('a bad row late in the file writes nothing, and the failed job names the row and the reason', async () => {
    t = makeTestApp();
    const r = await upload('incidents', incidentsCsv(25_000, 24_000), 'filename=su-co.csv', { prefer: 'respond-async' });
    const job = await poll(r.headers.get('location')!);
    expect(job.state).toBe('failed');
    expect(job.problem.status).toBe(400);
    expect(job.problem.detail).toContain('Nothing was imported');
    expect(JSON.stringify(job.problem.issues)).toContain('row 24000');
    expect(JSON.stringify(job.problem.issues)).toContain('category');
    expect(await count('incidents')).toBe(0);
  });

  it('names the configured cap when a file holds more features than it', async () => {
    t = makeTestApp({ OPSMAP_IMPORT_MAX_FEATURES: '100' });
    const r = await upload('incidents', incidentsCsv(101), 'filename=su-co.csv');
    expect(r.status).toBe(413);
    const p = await r.json();
    expect(p.detail).toContain('at most 100');
    expect(p.detail).toContain('OPSMAP_IMPORT_MAX_FEATURES');
    expect(await count('incidents')).toBe(0);
  });
});

/** `n` incidents as KML placemarks, their properties in ExtendedData (as Google Earth and QGIS write them). */
function incidentsKml(n: number): string {
  const data = (k: string, v: string | number) => `<Data name="${k}"><value>${v}</value></Data>`;
  const placemarks = Array.from({ length: n }, (_, i) =>
    `<Placemark><name>Vụ việc ${i + 1}</name><ExtendedData>${data('category', 'violation')}${data('occurred_at', `2021-05-0${1 + (i % 9)}T08:00:00+07:00`)}${data('severity', 1 + (i % 3))}</ExtendedData>` +
    `<Point><coordinates>${(105.75 + (i % 100) * 0.0003).toFixed(5)},${(21.03 + Math.floor(i / 100) * 0.0003).toFixed(5)}</coordinates></Point></Placemark>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemarks.join('')}</Document></kml>`;
}

describe('files read whole are parsed on the import thread, not on the one answering requests', () => {
  it('a KML import of thousands of placemarks: a GET sent after the 202 is answered while the import still runs', async () => {
    t = makeTestApp();
    const kml = incidentsKml(6_000);
    const r = await upload('incidents', kml, 'filename=vu-viec.kml', { prefer: 'respond-async' });
    expect(r.status).toBe(202);
    const location = r.headers.get('location')!;
    // Parsed here, the file would have been parsed (and written) before the 202 or before this
    // GET was answered; on the thread, the GET is answered first and the job is still running.
    expect((await t.req('/api/collections/incidents')).status).toBe(200);
    expect((await (await t.req(location)).json()).state).toBe('running');
    const job = await poll(location);
    expect(job).toMatchObject({ state: 'done', report: { format: 'kml', imported: 6_000 } });
    expect(await count('incidents')).toBe(6_000);
  }, 120_000);

  it('a replacing import of wards runs on the thread too, and the server then derives with the new wards', async () => {
    t = makeTestApp();
    const ward = (code: string, x0: number) => ({
      type: 'Feature',
      properties: { code, name: `Phường ${code}`, district: 'Bắc Từ Liêm', province: 'Hà Nội' },
      geometry: { type: 'Polygon', coordinates: [[[x0, 21], [x0 + 0.01, 21], [x0 + 0.01, 21.01], [x0, 21.01], [x0, 21]]] },
    });
    const incident = () => t.req('/api/collections/incidents/items', { method: 'POST', json: { type: 'Feature', properties: { category: 'violation', occurred_at: '2021-05-01T08:00:00+07:00', severity: 1 }, geometry: { type: 'Point', coordinates: [105.715, 21.005] } } });
    // The server builds its ward index (no wards yet) before the import.
    const before = await incident();
    expect((await before.json()).properties.ward_code ?? null).toBeNull();
    const r = await upload('wards', JSON.stringify({ type: 'FeatureCollection', features: [ward('W1', 105.7), ward('W2', 105.71)] }), 'filename=wards.geojson&replace=true', { prefer: 'respond-async' });
    expect(r.status).toBe(202);
    const job = await poll(r.headers.get('location')!);
    expect(job).toMatchObject({ state: 'done', report: { imported: 2, batch: null } });
    // This server's ward index saw the thread's change (the import re-derived the first incident, and a new one is placed in W2).
    const made = await incident();
    expect(made.status).toBe(201);
    expect((await made.json()).properties.ward_code).toBe('W2');
  }, 120_000);
});

describe('undoing an import batch', () => {
  it('needs the batch ETag in If-Match, deletes what the batch wrote in one step, and records who undid it', async () => {
    t = makeTestApp();
    const r = await upload('incidents', incidentsCsv(50), 'filename=a.csv');
    expect(r.status).toBe(201);
    const { batch } = await r.json();
    await upload('incidents', incidentsCsv(7), 'filename=b.csv');
    expect(await count('incidents')).toBe(57);

    const undo = (headers: Record<string, string> = {}) => t.req(`/api/collections/incidents/imports/${batch}/undo`, { method: 'POST', headers });
    expect((await undo()).status).toBe(428);
    expect((await undo({ 'if-match': '"batch-999"' })).status).toBe(412);
    const got = await t.req(`/api/collections/incidents/imports/${batch}`);
    const etag = got.headers.get('etag')!;
    expect((await t.req(`/api/collections/checkpoints/imports/${batch}/undo`, { method: 'POST', headers: { 'if-match': etag } })).status).toBe(404);
    expect((await t.req(`/api/collections/incidents/imports/${batch}/undo`, { method: 'POST', headers: { 'if-match': etag }, as: 'planner' })).status).toBe(403);

    // A batch of another layer, which the incidents' list must leave out.
    expect((await upload('checkpoints', JSON.stringify({ type: 'FeatureCollection', features: [checkpoint(105.76, 21.04)] }), 'filename=c.geojson')).status).toBe(201);
    const listed = (await (await t.req('/api/collections/incidents/imports')).json()).batches;
    expect(listed.map((b: { source: string; inserted: number }) => [b.source, b.inserted])).toEqual([['b.csv', 7], ['a.csv', 50]]);
    const ok = await undo({ 'if-match': etag });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ batch, deleted: 50 });
    expect(await count('incidents')).toBe(7);
    const after = await (await t.req(`/api/collections/incidents/imports/${batch}`)).json();
    expect(after).toMatchObject({ undone_by: 'admin' });
    expect(after.undone_at).toBeTruthy();
    // Undoing again is refused: the ETag changed with the undo.
    expect((await undo({ 'if-match': etag })).status).toBe(412);
    expect(await count('incidents')).toBe(7);
  });
});

// SQLite only: PostgreSQL has no single write lock; edits and an import's transaction do not wait for each other.
describe.skipIf(!onSqlite)('a write while an import holds the SQLite database', () => {
  it('is answered 503 with Retry-After, not 500, and changes nothing', async () => {
    t = makeTestApp();
    // What an import thread does for as long as it writes: hold SQLite's one write lock.
    const other = new Database(t.config.dbFile);
    other.exec('BEGIN IMMEDIATE');
    try {
      const r = await t.req('/api/collections/incidents/items', { method: 'POST', json: { type: 'Feature', properties: { category: 'violation', occurred_at: '2021-05-01T08:00:00+07:00', severity: 1 }, geometry: { type: 'Point', coordinates: [105.78, 21.06] } } });
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBeTruthy();
      expect((await r.json()).detail).toContain('busy writing a large import');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await count('incidents')).toBe(0);
  }, 30_000);

  it('an import sent meanwhile is still answered 202 with its job, recorded and written once the lock is free', async () => {
    t = makeTestApp();
    // Signed in first: a token's first use is noted (a write), which the lock would refuse.
    await t.req('/api/collections/incidents');
    const other = new Database(t.config.dbFile);
    other.exec('BEGIN IMMEDIATE');
    let location: string;
    try {
      // Large enough for the import thread, which waits for the lock (a small one, written here, would be refused at once).
      const r = await upload('incidents', incidentsCsv(25_000), 'filename=cho.csv', { prefer: 'respond-async' });
      expect(r.status, await r.clone().text()).toBe(202);
      location = r.headers.get('location')!;
      expect((await (await t.req(location)).json()).state).toBe('running');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await poll(location)).toMatchObject({ state: 'done', written: 25_000 });
    // Recorded in the table once the lock was free (what another server of the file reads).
    for (let i = 0; i < 100 && (await t.sql<{ state: string }>('SELECT state FROM import_jobs'))[0]?.state !== 'done'; i++) await new Promise((res) => setTimeout(res, 100));
    expect(await t.sql('SELECT state, n_written FROM import_jobs')).toEqual([{ state: 'done', n_written: 25_000 }]);
  }, 60_000);
});
