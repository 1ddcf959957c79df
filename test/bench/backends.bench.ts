/**
 * SQLite and PostgreSQL + PostGIS side by side, on the same data through the same HTTP stack:
 * 100,000 incidents, the demo wards and a grid of roads, one server each, concurrency 10.
 * Items (bbox pages, no two requests alike), reference vector tiles, hot spots, writes; then
 * one PostgreSQL server against two on the same database under concurrent reads. The baseline
 * is SQLite, measured in the same run: ratio = PostgreSQL / SQLite (latency; > 1 is slower).
 * Skips without PostgreSQL (and fails under CI=true, as the tests do).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature } from 'geojson';
import { generateDemo } from '../../data/demo/generate.ts';
import type { Store } from '../../server/db/store.ts';
import { openPostgresStore } from '../../server/db/postgres/store.ts';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import { importFeatures } from '../../server/features/edit.ts';
import { checkpoint } from '../support/app.ts';
import { hasPostgres, startCluster } from '../support/postgres.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { incidents } from './items.bench.ts';
import { fmt, load, type LoadResult } from './support/load.ts';
import pg from 'pg';

const AREA: [number, number, number, number] = [105.72, 20.985, 105.8, 21.1];
const actor = { name: 'bench', address: null };
const ENV = { OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '0', OPSMAP_ADMIN_PASSWORD: 'bench-operator-passphrase' };
const headers = { authorization: `Basic ${Buffer.from('admin:bench-operator-passphrase').toString('base64')}` };

/** A 60 × 60 grid of streets over the area: reference tiles have something to cut. */
function roads(): Feature[] {
  const out: Feature[] = [];
  const [w, s, e, n] = AREA;
  for (let i = 0; i <= 60; i++) {
    const x = w + ((e - w) * i) / 60, y = s + ((n - s) * i) / 60;
    out.push({ type: 'Feature', properties: { name: `Phố dọc ${i}`, highway: 'residential' }, geometry: { type: 'LineString', coordinates: Array.from({ length: 30 }, (_, k) => [x, s + ((n - s) * k) / 29]) } });
    out.push({ type: 'Feature', properties: { name: `Phố ngang ${i}`, highway: 'residential' }, geometry: { type: 'LineString', coordinates: Array.from({ length: 30 }, (_, k) => [w + ((e - w) * k) / 29, y]) } });
  }
  return out;
}

async function fill(store: Store): Promise<number> {
  const demo = generateDemo(2021);
  await importFeatures(store, 'wards', demo.wards.features, actor);
  await store.reference.import('roads', roads());
  const t0 = performance.now();
  await importFeatures(store, 'incidents', incidents(100_000, AREA), actor);
  const ms = performance.now() - t0;
  await store.close();
  return ms;
}

/** Closed-loop POSTs of new checkpoints from `concurrency` clients for `seconds`, spread over the servers. */
async function writes(servers: RunningServer[], seconds = 3, concurrency = 8): Promise<LoadResult> {
  const lat: number[] = [];
  let errors = 0, i = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const k = i++;
        const t0 = performance.now();
        const res = await fetch(`${servers[k % servers.length].url}/api/collections/checkpoints/items`, { method: 'POST', headers: { ...headers, 'content-type': 'application/geo+json' }, body: JSON.stringify(checkpoint(105.73 + (k % 500) * 1e-4, 21.0 + (k % 700) * 1e-4, { name: `Chốt ${k}` })) });
        await res.arrayBuffer();
        if (res.status !== 201) errors++;
        lat.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  return { requests: lat.length, rps: lat.length / elapsed, medianMs: lat[lat.length >> 1], p95Ms: lat[Math.floor(lat.length * 0.95)], bytes: 0, errors };
}

function tileUrls(base: string, z: number, n: number): string[] {
  const xy = (lon: number, lat: number) => {
    const s = 2 ** z, r = (lat * Math.PI) / 180;
    return [Math.floor(((lon + 180) / 360) * s), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * s)];
  };
  const [x0, y1] = xy(AREA[0], AREA[1]), [x1, y0] = xy(AREA[2], AREA[3]);
  const out: string[] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push(`${base}/api/tiles/roads/${z}/${x}/${y}.pbf`);
  return Array.from({ length: n }, (_, i) => `${out[i % out.length]}?v=${i}`); // a new URL each time: no cache helps
}

const itemUrls = (base: string, n: number) =>
  Array.from({ length: n }, (_, i) => {
    const x = 105.725 + (i % 14) * 0.005 - i * 1e-9, y = 20.99 + (Math.floor(i / 14) % 12) * 0.008;
    return `${base}/api/collections/incidents/items?limit=1000&bbox=${x.toFixed(9)},${y},${(x + 0.012).toFixed(9)},${y + 0.01}`;
  });

const hotspotUrls = (base: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${base}/api/analysis/hotspots?datetime=2021-05-${String(1 + (i % 20)).padStart(2, '0')}T00:00:00Z/2021-05-${String(8 + (i % 20)).padStart(2, '0')}T23:59:59Z&cell_size=${300 + i}`);

export async function bench(): Promise<void> {
  if (!hasPostgres()) return;
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-bench-backends-'));
  const cluster = await startCluster();
  const servers: RunningServer[] = [];
  try {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE opsmap_bench TEMPLATE opsmap_template');
    await admin.end();
    const url = cluster.adminUrl.replace(/\/postgres$/, '/opsmap_bench');
    const dbFile = join(dir, 'bench.sqlite');
    const importS = await fill(openSqliteStore(dbFile));
    const importP = await fill(await openPostgresStore(url));
    const s = await startServer({ dbFile, env: ENV });
    const p = await startServer({ env: { ...ENV, OPSMAP_DATABASE_URL: url } });
    servers.push(s, p);

    const rows: Array<[string, number, number, string]> = [[`import 100,000 incidents (s)`, importS / 1000, importP / 1000, 's']];
    const measure = async (label: string, urls: (base: string) => string[], seconds = 3, concurrency = 10) => {
      const r: LoadResult[] = [];
      for (const srv of [s, p]) {
        await load(urls(srv.url).slice(-20), { seconds: 1, headers, concurrency }); // warm-up
        r.push(await load(urls(srv.url), { seconds, headers, concurrency }));
        if (r.at(-1)!.errors) console.log(`  ${label}: ${r.at(-1)!.errors} errors on ${srv === s ? 'SQLite' : 'PostgreSQL'}`);
      }
      rows.push([`${label}: median ms`, r[0].medianMs, r[1].medianMs, 'ms'], [`${label}: req/s`, r[0].rps, r[1].rps, '/s']);
    };
    await measure('items, bbox page of ≤1,000 of 100,000, every box different', (b) => itemUrls(b, 20_000));
    await measure('reference tiles z15, roads, uncached', (b) => tileUrls(b, 15, 20_000));
    await measure('hot spots, a week of incidents, uncached', (b) => hotspotUrls(b, 200), 6, 2);
    const ws = await writes([s]);
    const wp = await writes([p]);
    rows.push(['writes (POST, 8 clients): median ms', ws.medianMs, wp.medianMs, 'ms'], ['writes: per s', ws.rps, wp.rps, '/s']);

    console.log(`\n${'what'.padEnd(70)} ${'SQLite'.padStart(9)} ${'PostgreSQL'.padStart(11)} ${'ratio'.padStart(6)}`);
    for (const [what, a, b] of rows) console.log(`${what.padEnd(70)} ${fmt(a, 2).padStart(9)} ${fmt(b, 2).padStart(11)} ${fmt(b / a, 2).padStart(6)}`);

    // One PostgreSQL server against two on the same database, the same read load spread over them.
    const p2 = await startServer({ env: { ...ENV, OPSMAP_DATABASE_URL: url } });
    servers.push(p2);
    const one = await load(itemUrls(p.url, 20_000), { seconds: 4, headers, concurrency: 20 });
    const onB = itemUrls(p2.url, 10_000);
    const both = await load(itemUrls(p.url, 10_000).flatMap((u, i) => [u, onB[i]]), { seconds: 4, headers, concurrency: 20 });
    console.log(`\nPostgreSQL, items at concurrency 20: one server ${fmt(one.rps, 0)} req/s (median ${fmt(one.medianMs, 1)} ms), two servers ${fmt(both.rps, 0)} req/s (median ${fmt(both.medianMs, 1)} ms): ×${fmt(both.rps / one.rps, 2)} on ${(await import('node:os')).cpus().length} cores shared by the servers, PostgreSQL and the load generator`);
  } finally {
    for (const srv of servers) await srv.stop().catch(() => {});
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
