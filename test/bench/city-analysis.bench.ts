/**
 * Analyses on a city (issue 12), each beside a baseline measured in the same run.
 *
 * 1. Hot spots and the per-ward summary over the city's 1,000,000 incidents (CITY_ANALYSIS_INCIDENTS
 *    to change; CITY_BENCH_DB=file reads a city database built earlier instead of seeding one):
 *    GET /api/analysis/hotspots for the month (target < 1 s) and a 7-day window (target < 300 ms),
 *    cold (the response cache emptied before each call, the worker thread warm), and
 *    GET /api/analysis/incident-counts (the per-ward summary, target < 300 ms). Baselines: reading
 *    the window's coordinates alone (points(), the floor of any analysis of the points), and a bare
 *    count(*) of the month. Then the analysis's own steps, in this thread, on the month's points:
 *    automatic cell size, distance band and Gi* against counting into the grid alone.
 *    Every figure gives wall and CPU time (this process, every thread: the worker's too) and the
 *    load average, since the machine is shared.
 *    CITY_ANALYSIS_BACKEND=postgres runs the same on PostgreSQL + PostGIS: a throwaway cluster as
 *    the tests start (test/support/postgres.ts), the city copied into it from the SQLite database
 *    (copy-from-sqlite.ts), then VACUUM ANALYZE, as autovacuum does after a bulk load (index-only
 *    scans need the visibility map). Each figure then also gives PostgreSQL's CPU time (its
 *    processes alive at the end of a run).
 * 2. The planner's conflict list: the client asks for the features in view (a box and a page of at
 *    most IN_VIEW_LIMIT per layer, as client/src/lib/load.ts does) and the worker runs the shared
 *    core function over them, at district zoom, beside the same over the whole layers (what the
 *    client did before: every layer whole, 8,000 stations and 300 zones): request + JSON parse of
 *    the layers, then findConflicts, median of RUNS. The two answers agree inside the box (checked).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findConflicts } from '../../core/geometry/conflicts.ts';
import { chooseCellSize } from '../../core/analysis/hotspots/cell-size.ts';
import { hotspots } from '../../core/analysis/hotspots/hotspots.ts';
import { localProjection, projectAll } from '../../core/analysis/hotspots/local-projection.ts';
import { countByCell, tessellation } from '../../core/analysis/hotspots/tessellation.ts';
import { cityLayout } from '../../data/city/layout.ts';
import { seedCity } from '../../server/seed.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { ensureAdmin } from '../../server/auth/first-admin.ts';
import { openDatabase, type Db } from '../../server/db/open.ts';
import { sqliteStore } from '../../server/db/sqlite/store.ts';
import { ChangeBus } from '../../server/db/bus.ts';
import { openPostgresStore } from '../../server/db/postgres/store.ts';
import { copySqliteToPostgres } from '../../server/db/postgres/copy-from-sqlite.ts';
import type { Store } from '../../server/db/store.ts';
import { stopOwnCluster, testDatabase } from '../support/postgres.ts';
import { IN_VIEW_LIMIT } from '../../client/src/lib/limits.ts';
import { medianTime, parentOf, treeCpu, type Timed } from './support/cpu-time.ts';
import { median } from './support/percentile.ts';

const RUNS = 7;
const INCIDENTS = Number(process.env.CITY_ANALYSIS_INCIDENTS ?? 1_000_000);
type Fc = { features: { id: number; properties: Record<string, unknown>; geometry: { type: string; coordinates: number[] } }[]; numberMatched?: number };


/** A city database: a copy of CITY_BENCH_DB, or seeded here. */
async function cityDb(dir: string): Promise<Db> {
  const file = join(dir, 'city.sqlite');
  const reuse = process.env.CITY_BENCH_DB;
  if (reuse) {
    copyFileSync(reuse, file);
    console.log(`city analyses: reusing ${reuse}`);
    return openDatabase(file);
  }
  const db = openDatabase(file);
  const t0 = performance.now();
  await seedCity(sqliteStore(db), { incidents: INCIDENTS });
  console.log(`city analyses: (setup: seeded the city with ${INCIDENTS.toLocaleString('en')} incidents in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return db;
}

const MONTH = { start: '2021-04-30T17:00:00.000Z', end: '2021-05-31T16:59:59.999Z' };
const WEEK = { start: '2021-05-09T17:00:00.000Z', end: '2021-05-16T16:59:59.999Z' };

/** The store measured, how to empty the response caches, a bare count of the month, and PostgreSQL's CPU (0 on SQLite). */
interface Backend {
  name: string;
  store: Store;
  cold(): void;
  countMonth(): unknown;
  serverCpu(): number;
  close(): Promise<void>;
}

/** An (empty) change announced empties the response caches: every measured answer is computed. */
const NO_CHANGE = [{ collection: 'none', id: 0, action: 'update' as const, version: 0, at: '', actor: null }];

function sqliteBackend(db: Db): Backend {
  const countAll = db.sqlite.prepare("SELECT count(*) FROM features WHERE collection = 'incidents' AND t_start >= ? AND t_start <= ?");
  return { name: 'SQLite', store: sqliteStore(db), cold: () => db.bus.publish(NO_CHANGE), countMonth: () => countAll.get(MONTH.start, MONTH.end), serverCpu: () => 0, close: async () => {} };
}

async function postgresBackend(file: string): Promise<Backend> {
  const t0 = performance.now();
  const database = await testDatabase();
  const pg = await openPostgresStore(database.url);
  await copySqliteToPostgres(file, pg.pool);
  await pg.pool.query('VACUUM ANALYZE features');
  // The copy's dirty pages written now, not by the checkpointer during the runs (its CPU is PostgreSQL's too).
  await pg.pool.query('CHECKPOINT');
  console.log(`city analyses: (setup: the city copied to PostgreSQL and vacuumed in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  // The postmaster: its processes' CPU is PostgreSQL's side of each figure.
  const backend = (await pg.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const postmaster = parentOf(backend);
  // PostgreSQL's change feed takes only committed writes; the bench's own bus empties the caches.
  const bus = new ChangeBus();
  const store: Store = { ...pg, changes: { ...pg.changes, subscribe: (fn) => { const a = pg.changes.subscribe(fn), b = bus.subscribe(fn); return () => (a(), b()); } } };
  return {
    name: 'PostgreSQL',
    store,
    cold: () => bus.publish(NO_CHANGE),
    countMonth: () => pg.pool.query("SELECT count(*) FROM features WHERE collection = 'incidents' AND t_start >= $1 AND t_start <= $2", [MONTH.start, MONTH.end]),
    serverCpu: () => treeCpu(postmaster) * 1000,
    close: async () => {
      await pg.close();
      await database.drop();
      await stopOwnCluster();
    },
  };
}

/** medianTime, with the database server's CPU time of the median run added where there is one. */
async function timed(b: Backend, fn: () => unknown): Promise<Timed & { server: number }> {
  const server: number[] = [];
  const t = await medianTime(async () => {
    const c0 = b.serverCpu();
    await fn();
    server.push(b.serverCpu() - c0);
  });
  return { ...t, server: [...server].sort((x, y) => x - y)[Math.floor(server.length / 2)] };
}

async function hotspotFigures(b: Backend, req: (path: string) => Promise<Response>): Promise<void> {
  const { store } = b;
  const fmt = (x: Timed & { server?: number }) => `${x.wall.toFixed(0)} ms (CPU ${x.cpu.toFixed(0)} ms${x.server === undefined || b.name === 'SQLite' ? '' : ` + ${b.name} ${x.server.toFixed(0)} ms`}, load ${x.load.toFixed(1)})`;
  const get = async (path: string) => {
    b.cold();
    const r = await req(`/api${path}`);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.arrayBuffer();
  };
  // Warm the worker threads (first use loads the modules and compiles the hot loops).
  for (let i = 0; i < 3; i++) await get('/analysis/hotspots?datetime=2021-05-20/2021-05-21');

  const base = await timed(b, () => b.countMonth());
  const aggMonth = await timed(b, () => get('/analysis/incident-counts?datetime=2021-05-01/2021-05-31'));
  const aggWeek = await timed(b, () => get('/analysis/incident-counts?datetime=2021-05-10/2021-05-16'));
  console.log(`city (${b.name}): per-ward summary (GET /analysis/incident-counts, 580 wards) month ${fmt(aggMonth)}, 7 days ${fmt(aggWeek)}; baseline bare count(*) of the month ${fmt(base)}; target < 300 ms`);

  const hsMonth = await timed(b, () => get('/analysis/hotspots?datetime=2021-05-01/2021-05-31'));
  const hsWeek = await timed(b, () => get('/analysis/hotspots?datetime=2021-05-10/2021-05-16'));
  const readMonth = await timed(b, () => store.features.coordinates('incidents', { datetime: MONTH }));
  const readWeek = await timed(b, () => store.features.coordinates('incidents', { datetime: WEEK }));
  console.log(`city (${b.name}): hot spots, month ${fmt(hsMonth)} (target < 1000 ms), 7 days ${fmt(hsWeek)} (target < 300 ms)`);
  console.log(`city:   baseline, reading the window's coordinates alone: month ${fmt(readMonth)}, 7 days ${fmt(readWeek)} → hot spots take ${(hsMonth.wall / readMonth.wall).toFixed(1)}× / ${(hsWeek.wall / readWeek.wall).toFixed(1)}× that`);

  // The analysis's steps on the month's points, in this thread.
  const lonLat = await store.features.coordinates('incidents', { datetime: MONTH });
  const whole = hotspots(lonLat, { origin: [105.8, 21.03] });
  const p = whole.parameters;
  const { xs, ys } = projectAll(localProjection(p.origin), lonLat);
  const counting = await medianTime(() => countByCell(tessellation(p.grid, p.cell_size_m), xs, ys));
  const cellSize = await medianTime(() => chooseCellSize(xs, ys, p.grid));
  const all = await medianTime(() => hotspots(lonLat, { origin: p.origin }));
  const given = await medianTime(() => hotspots(lonLat, { origin: p.origin, cellSize: p.cell_size_m, distanceBand: p.distance_band_m! }));
  console.log(
    `city:   the month's ${(lonLat.length / 2).toLocaleString('en')} points in core hotspots(): ${fmt(all)} — ${p.n_cells} cells of ${p.cell_size_m} m (${p.cell_size_rule}), band ${p.distance_band_m} m (${p.distance_band_source}); ` +
      `automatic cell size ${fmt(cellSize)}; with cell size and band given ${fmt(given)}; baseline, counting into the grid alone ${fmt(counting)}`,
  );
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-city-analysis-'));
  const db = await cityDb(dir);
  const backends: Backend[] = [];
  try {
    const config = loadConfig({ ...process.env, OPSMAP_DB: join(dir, 'city.sqlite'), OPSMAP_SEED: 'none', OPSMAP_ADMIN_PASSWORD: 'bench-password-0123456789', OPSMAP_RATE_LIMIT: '100000000' });
    const backend = process.env.CITY_ANALYSIS_BACKEND === 'postgres' ? await postgresBackend(join(dir, 'city.sqlite')) : sqliteBackend(db);
    backends.push(backend);
    const { store } = backend;
    await ensureAdmin(store, config.auth);
    const app = createApp({ store, config });
    const headers = { Authorization: 'Basic ' + Buffer.from('admin:bench-password-0123456789').toString('base64') };
    const req = async (path: string) => app.request(path, { headers });
    await hotspotFigures(backend, req);

    // A district-zoom view (about 12 × 8 km) around the district farthest from the centre.
    const { districts } = cityLayout();
    const cx = districts.reduce((s, d) => s + d.seed[0], 0) / districts.length;
    const cy = districts.reduce((s, d) => s + d.seed[1], 0) / districts.length;
    const far = [...districts].sort((a, b) => Math.hypot(b.seed[0] - cx, b.seed[1] - cy) - Math.hypot(a.seed[0] - cx, a.seed[1] - cy))[0];
    const box = [far.seed[0] - 0.06, far.seed[1] - 0.036, far.seed[0] + 0.06, far.seed[1] + 0.036].map((v) => +v.toFixed(6));

    const get = async (path: string) => (await (await req(path)).json()) as Fc;
    const run = async (query: string) => {
      const t0 = performance.now();
      const [stations, zones] = await Promise.all([get(`/api/collections/polling-stations/items?${query}`), get(`/api/collections/quarantine-zones/items?${query}`)]);
      const t1 = performance.now();
      const out = findConflicts(stations.features as never, zones.features as never, { withinM: 500, zoneStatuses: ['active'] });
      return { fetch: t1 - t0, analysis: performance.now() - t1, stations: stations.features.length, zones: zones.features.length, matched: stations.numberMatched, ids: out.features.map((f) => Number(f.properties.station_id)) };
    };
    const measure = async (label: string, query: string) => {
      await run(query); // warm-up
      const rs = [];
      for (let i = 0; i < RUNS; i++) rs.push(await run(query));
      const r = rs[0];
      const total = median(rs.map((x) => x.fetch + x.analysis));
      console.log(`  ${label}: ${r.stations} stations, ${r.zones} zones → ${r.ids.length} in conflict; fetch ${median(rs.map((x) => x.fetch)).toFixed(0)} ms + analysis ${median(rs.map((x) => x.analysis)).toFixed(0)} ms = ${total.toFixed(0)} ms (median of ${RUNS})`);
      return { total, ids: r.ids, matched: r.matched, stations: r.stations };
    };
    console.log(`conflicts within 500 m of active zones, around ${far.name}:`);
    const whole = await measure('baseline, whole layers (limit 10000)', 'limit=10000');
    const inView = await measure(`in view (bbox, limit ${IN_VIEW_LIMIT})`, `bbox=${box.join(',')}&limit=${IN_VIEW_LIMIT}`);
    // Inside the box both answers name the same stations (a zone just outside the box can only add
    // stations near the box's edge: counted, not hidden).
    const wholeSet = new Set(whole.ids);
    const missing = inView.ids.filter((id) => !wholeSet.has(id));
    console.log(`  in-view list ⊆ whole list: ${missing.length === 0 ? 'yes' : `NO (${missing.length} extra)`}; stations in view held: ${inView.stations} of ${inView.matched} (never silently cut: the panel says "showing N of M" when fewer)`);
    console.log(`ratio in view / whole layers: ${(inView.total / whole.total).toFixed(2)}`);
  } finally {
    for (const b of backends) await b.close();
    db.sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
