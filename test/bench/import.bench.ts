/**
 * Importing at a city's size (issue 12: 1,000,000 incidents, target < 60 s and peak RSS < 1 GB;
 * issue 15 #7: an import must not hold other requests), each beside a baseline of the same run:
 *  - `npm run import` of 1,000,000 city incidents as one CSV file, then as one GeoJSON file, each
 *    into the city scenario (580 wards, no incidents yet) — wall time, CPU time and peak RSS of
 *    the command, with the load average — against reading and mapping the same file alone (no
 *    validation, no writes) in this process;
 *  - GET /api/health, one after another, while a 200,000-incident CSV goes through the HTTP import
 *    (a job on the import thread), against the same GET on the idle server.
 * OPSMAP_BENCH_IMPORT_INCIDENTS changes the size of the first (default 1,000,000).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import { DEFAULT_LIMITS } from '../../server/io/limits.ts';
import { FeatureMapper } from '../../server/io/mapping.ts';
import { streamCsv } from '../../server/io/stream-csv.ts';
import { streamGeoJson } from '../../server/io/stream-geojson.ts';
import { seedCity } from '../../server/seed.ts';
import { ROOT, startServer } from '../support/server.ts';
import { writeIncidentFile } from './support/incident-file.ts';
import { percentile } from './support/percentile.ts';

const N = Number(process.env.OPSMAP_BENCH_IMPORT_INCIDENTS ?? 1_000_000);
const HTTP_N = 200_000;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

function readAlone(file: string, format: 'csv' | 'geojson'): { wall: number; cpu: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  let mapper: FeatureMapper | null = null;
  let n = 0;
  for (const f of format === 'csv' ? streamCsv(file, DEFAULT_LIMITS, []) : streamGeoJson(file, DEFAULT_LIMITS)) {
    mapper ??= new FeatureMapper('incidents', Object.keys(f.properties));
    mapper.map(f);
    n++;
  }
  if (n !== N) throw new Error(`read ${n} of ${N}`);
  const u = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (u.user + u.system) / 1000 };
}

async function cliImport(dir: string, format: 'csv' | 'geojson'): Promise<void> {
  const file = join(dir, `incidents.${format}`);
  const tg = performance.now();
  writeIncidentFile(file, N, format);
  const db = join(dir, `city-${format}.sqlite`);
  const store = openSqliteStore(db);
  await seedCity(store, { incidents: 0 });
  await store.close();
  console.log(`import: ${N.toLocaleString('en')} city incidents as ${format} (${(statSync(file).size / 1e6).toFixed(0)} MB) and the city without incidents made in ${s(performance.now() - tg)}`);

  const base = readAlone(file, format);
  const before = load();
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', file, '--layer', 'incidents', '--db', db], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`npm run import failed: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(r.stdout);
  const rss = /peak RSS (\d+) MB/.exec(r.stderr)?.[1];
  const cpu = /CPU ([\d.]+) s user \+ ([\d.]+) s system/.exec(r.stderr);
  console.log(
    `import: npm run import of ${report.imported.toLocaleString('en')} incidents from ${format}: ${s(wall)} (target < 60 s), CPU ${cpu ? `${cpu[1]} s user + ${cpu[2]} s system` : '?'}, peak RSS ${rss} MB (target < 1 GB); ` +
      `load average ${before} before, ${load()} after; reading and mapping the file alone ${s(base.wall)} (CPU ${s(base.cpu)}) → ${(wall / base.wall).toFixed(1)}×; database ${(statSync(db).size / 1e6).toFixed(0)} MB`,
  );
  rmSync(file, { force: true });
  rmSync(db, { force: true });
}

async function probe(url: string, until: () => boolean, min: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < min || !until()) {
    const t = performance.now();
    await (await fetch(`${url}/api/health`)).arrayBuffer();
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  return out;
}

async function httpImport(dir: string): Promise<void> {
  const file = join(dir, 'http.csv');
  writeIncidentFile(file, HTTP_N, 'csv');
  const server = await startServer({ env: { OPSMAP_RATE_LIMIT: '0', OPSMAP_SEED: 'demo' } });
  try {
    const auth = { authorization: `Basic ${Buffer.from(`${server.credentials.name}:${server.credentials.password}`).toString('base64')}` };
    await (await fetch(`${server.url}/api/collections`, { headers: auth })).arrayBuffer();
    const idle = await probe(server.url, () => true, 200);
    const t0 = performance.now();
    const r = await fetch(`${server.url}/api/collections/incidents/import?filename=http.csv`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: readFileSync(file) });
    if (r.status !== 202) throw new Error(`expected a job (202), got ${r.status}: ${await r.text()}`);
    const location = r.headers.get('location')!;
    const accepted = performance.now() - t0;
    let job: { state: string; written: number; problem?: unknown } = { state: 'running', written: 0 };
    const watch = (async () => {
      while (job.state === 'running') {
        await new Promise((res) => setTimeout(res, 250));
        job = await (await fetch(`${server.url}${location}`, { headers: auth })).json();
      }
    })();
    const busy = await probe(server.url, () => job.state !== 'running', 20);
    await watch;
    if (job.state !== 'done') throw new Error(`the import job ended ${job.state}: ${JSON.stringify(job.problem)}`);
    console.log(
      `import: GET /api/health during an HTTP import of ${job.written.toLocaleString('en')} incidents (${(statSync(file).size / 1e6).toFixed(0)} MB; 202 after ${s(accepted)}, done after ${s(performance.now() - t0)}): ` +
        `p99 ${percentile(busy, 0.99).toFixed(0)} ms, median ${percentile(busy, 0.5).toFixed(0)}, max ${Math.max(...busy).toFixed(0)} (n=${busy.length}; target < 100 ms); idle p99 ${percentile(idle, 0.99).toFixed(0)} ms, median ${percentile(idle, 0.5).toFixed(1)}; load average ${load()}`,
    );
  } catch (e) {
    console.error(server.output().slice(-2000));
    throw e;
  } finally {
    await server.stop();
  }
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-bench-import-'));
  try {
    await httpImport(dir);
    await cliImport(dir, 'csv');
    await cliImport(dir, 'geojson');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
