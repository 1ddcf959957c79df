/**
 * City scenario at full size (issue 12): 580 wards and 1,000,000 incidents (CITY_BENCH_INCIDENTS
 * to change), built into a temporary SQLite file through the bulk path, as OPSMAP_SEED=city does.
 * Each figure beside a baseline measured in the same run:
 *  - generating the scenario alone (no database), and writing the same incident rows with one
 *    bare prepared INSERT into a table with no index, trigger or validation (the floor);
 *  - the whole seed (validation of the derived wards, R*Tree, indexes, layer stats), its peak
 *    RSS, and the database file size per incident.
 * Later sections (aggregates, hot spots, tiles) reuse the database built here.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCity } from '../../data/city/generate.ts';
import { openDatabase, type Db } from '../../server/db/open.ts';
import { seedCity } from '../../server/seed.ts';
import { sqliteStore } from '../../server/db/sqlite/store.ts';
import { medianTime } from './support/cpu-time.ts';

export const CITY_BENCH_INCIDENTS = Number(process.env.CITY_BENCH_INCIDENTS ?? 1_000_000);

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;

async function cpuMs<T>(fn: () => T | Promise<T>): Promise<{ wall: number; cpu: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000, value };
}

/** Builds the city into a fresh file and reports as it goes; returns the open database. */
export async function buildCity(dir: string): Promise<{ db: Db; file: string }> {
  const file = join(dir, 'city.sqlite');
  const gen = await cpuMs(() => {
    const city = generateCity({ incidents: CITY_BENCH_INCIDENTS });
    let n = 0;
    for (const _ of city.incidents()) n++;
    return n;
  });
  console.log(`city: generating the scenario alone (${gen.value} incidents, no database): ${s(gen.wall)} (CPU ${s(gen.cpu)})`);

  // The floor: the same incident rows written by one bare INSERT into an unindexed table.
  const bare = new Database(join(dir, 'bare.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = NORMAL');
  bare.exec('CREATE TABLE f (id INTEGER PRIMARY KEY, properties TEXT, geometry TEXT, x REAL, y REAL)');
  const floor = await cpuMs(() => {
    const ins = bare.prepare('INSERT INTO f (properties, geometry, x, y) VALUES (?, ?, ?, ?)');
    bare.transaction(() => {
      for (const f of generateCity({ incidents: CITY_BENCH_INCIDENTS }).incidents()) {
        const c = (f.geometry as { coordinates: number[] }).coordinates;
        ins.run(JSON.stringify(f.properties), JSON.stringify(f.geometry), c[0], c[1]);
      }
    })();
  });
  bare.close();

  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const db = openDatabase(file);
  const seed = await cpuMs(() =>
    seedCity(sqliteStore(db), { incidents: CITY_BENCH_INCIDENTS }, () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }),
  );
  peak = Math.max(peak, process.memoryUsage().rss);
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const size = statSync(file).size;
  console.log(`city: seed (OPSMAP_SEED=city) ${Object.entries(seed.value).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  console.log(`city: seed ${s(seed.wall)} (CPU ${s(seed.cpu)}) vs bare INSERT of the incidents ${s(floor.wall)} (CPU ${s(floor.cpu)}): ${(seed.cpu / floor.cpu).toFixed(1)}× in CPU; target < 60 s`);
  console.log(`city: peak RSS while seeding ${mb(peak)} (${mb(rss0)} before); target < 1 GB`);
  console.log(`city: database ${mb(size)}, ${(size / CITY_BENCH_INCIDENTS).toFixed(0)} bytes per incident (all layers and indexes included)`);
  return { db, file };
}


const t = (x: { wall: number; cpu: number }) => `${x.wall.toFixed(0)} ms (CPU ${x.cpu.toFixed(0)} ms)`;

/**
 * Reads over the built city through the app, each beside its baseline in the same run:
 * the aggregates endpoint (whole days, and a window with partial days at both ends) against a bare
 * count(*) over the month; hot spots over all incidents, the month and 7 days (cold: the response
 * cache emptied before each call) against reading their coordinates alone; collection metadata and
 * items?ward_code against an items page by id.
 */
async function reads(db: Db, dir: string): Promise<void> {
  const { createApp } = await import('../../server/app.ts');
  const { loadConfig } = await import('../../server/config.ts');
  const { ensureAdmin } = await import('../../server/auth/first-admin.ts');
  const config = loadConfig({ ...process.env, OPSMAP_DB: join(dir, 'city.sqlite'), OPSMAP_ADMIN_PASSWORD: 'bench-password-0123456789', OPSMAP_RATE_LIMIT: '100000000' });
  const store = sqliteStore(db);
  await ensureAdmin(store, config.auth);
  const app = createApp({ store, config });
  const auth = { Authorization: 'Basic ' + Buffer.from('admin:bench-password-0123456789').toString('base64') };
  // Cold answers: an (empty) change announced before each call empties the response caches.
  const get = async (path: string) => {
    db.bus.publish([{ collection: 'none', id: 0, action: 'update', version: 0, at: '', actor: null }]);
    const r = await app.request(`/api${path}`, { headers: auth });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.arrayBuffer();
  };
  const countAll = db.sqlite.prepare("SELECT count(*) FROM features WHERE collection = 'incidents' AND t_start >= ? AND t_start <= ?");
  const month = ['2021-04-30T17:00:00.000Z', '2021-05-31T16:59:59.999Z'];
  const week = ['2021-05-09T17:00:00.000Z', '2021-05-16T16:59:59.999Z'];
  const base = await medianTime(() => countAll.get(...month));
  const agg = await medianTime(() => get('/analysis/incident-counts?datetime=2021-05-01/2021-05-31'));
  const agg7 = await medianTime(() => get('/analysis/incident-counts?datetime=2021-05-10/2021-05-16'));
  const aggEdges = await medianTime(() => get(`/analysis/incident-counts?datetime=${encodeURIComponent('2021-05-09T12:00:00+07:00/2021-05-16T12:00:00+07:00')}`));
  console.log(
    `city: incident counts per day and per ward (580 wards), month ${t(agg)}, 7 days ${t(agg7)}, 7 days from noon to noon ${t(aggEdges)}; ` +
      `baseline bare count(*) of the month ${t(base)} → ${(agg.wall / base.wall).toFixed(1)}×; target per-ward summary < 300 ms`,
  );
  const hsAll = await medianTime(() => get('/analysis/hotspots'), 3);
  const hsMonth = await medianTime(() => get('/analysis/hotspots?datetime=2021-05-01/2021-05-31'), 3);
  const hsWeek = await medianTime(() => get('/analysis/hotspots?datetime=2021-05-10/2021-05-16'), 3);
  // The floor: the incidents' coordinates in the window read in one pass and parsed, nothing else.
  const scan = db.sqlite.prepare("SELECT json_group_array(minx), json_group_array(miny) FROM features WHERE collection = 'incidents' AND t_start >= ? AND t_start <= ?").raw();
  const read = (w: string[]) => (scan.get(...w) as string[]).map((a) => Float64Array.from(JSON.parse(a) as number[]));
  const scanMonth = await medianTime(() => read(month), 3);
  const scanWeek = await medianTime(() => read(week), 3);
  console.log(`city: hot spots over all ${CITY_BENCH_INCIDENTS.toLocaleString('en')} ${t(hsAll)}, the month ${t(hsMonth)} (target < 1 s), 7 days ${t(hsWeek)} (target < 300 ms)`);
  console.log(`city:   baseline, reading the coordinates alone: month ${t(scanMonth)}, 7 days ${t(scanWeek)} → hot spots take ${(hsMonth.wall / scanMonth.wall).toFixed(1)}× / ${(hsWeek.wall / scanWeek.wall).toFixed(1)}× that`);
  const meta = await medianTime(() => get('/collections/incidents'));
  const ward = await medianTime(() => get(`/collections/incidents/items?ward_code=M0101&limit=1000`));
  const byId = await medianTime(() => get('/collections/incidents/items?limit=1000'));
  console.log(`city: GET /collections/incidents ${t(meta)}; items?ward_code=…&limit=1000 ${t(ward)}; baseline first page of 1,000 (no filter) ${t(byId)}`);
  console.log(`city: server RSS with the city loaded ${mb(process.memoryUsage().rss)} (target < 600 MB)`);
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-city-bench-'));
  try {
    // CITY_BENCH_DB=file: the reads alone, over a copy of a city database built earlier (and
    // migrated on opening, which is timed: the backfill of an existing database).
    const reuse = process.env.CITY_BENCH_DB;
    let db: Db;
    if (reuse) {
      copyFileSync(reuse, join(dir, 'city.sqlite'));
      const t0 = performance.now();
      db = openDatabase(join(dir, 'city.sqlite'));
      console.log(`city: reusing ${reuse}; opening (and migrating) it took ${s(performance.now() - t0)}`);
    } else db = (await buildCity(dir)).db;
    await reads(db, dir);
    db.sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
