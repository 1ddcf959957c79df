/**
 * Border crossings and reference tiles.
 *  1. findCrossings on the real data (2,616 roads × 103 wards) and on a synthetic city 20× larger
 *     (the real roads and wards copied on a 5 × 4 grid; target < 2 s), against the naive approach
 *     (turf lineIntersect of every road with every ward outline) measured on a subset and scaled.
 *  2. Vector tiles: generation time per tile (cold: index + cut + encode) in process, and tiles/s
 *     over HTTP at concurrency 10 against the running server, cold cache then warm.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { findCrossings, type RoadFeature, type WardInput } from '../../core/geometry/crossings.ts';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import { ReferenceTiles } from '../../server/tiles/vector-tiles.ts';
import { ROOT, startServer } from '../support/server.ts';
import { fmt, load } from './support/load.ts';
import { median } from './support/percentile.ts';

const SHARED = join(ROOT, '../shared/data/');

function time<T>(fn: () => T, runs = 5): { ms: number; value: T } {
  let value!: T;
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = fn();
    t.push(performance.now() - t0);
  }
  return { ms: median(t), value };
}

const shift = (c: Position[], dx: number, dy: number) => c.map(([x, y]) => [x + dx, y + dy]);

/** The city copied on a cols × rows grid, far enough apart that copies never meet. */
function tiled(roads: RoadFeature[], wards: WardInput[], cols: number, rows: number) {
  const outRoads: RoadFeature[] = [];
  const outWards: WardInput[] = [];
  for (let i = 0; i < cols * rows; i++) {
    const dx = (i % cols) * 0.3, dy = Math.floor(i / cols) * 0.3;
    for (const r of roads) outRoads.push({ ...r, geometry: { type: 'LineString', coordinates: shift((r.geometry as LineString).coordinates, dx, dy) } });
    for (const w of wards) {
      const g = w.geometry;
      const geometry: Polygon | MultiPolygon = g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => shift(ring, dx, dy)) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((ring) => shift(ring, dx, dy))) };
      outWards.push({ ...w, code: `${w.code}-${i}`, geometry });
    }
  }
  return { roads: outRoads, wards: outWards };
}

function tileXY(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z, r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

/** Every tile at zooms 10–14 over the roads' extent. */
function tileList(bbox: number[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let z = 10; z <= 14; z++) {
    const [x0, y0] = tileXY(bbox[0], bbox[3], z);
    const [x1, y1] = tileXY(bbox[2], bbox[1], z);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push([z, x, y]);
  }
  return out;
}

export async function bench(): Promise<void> {
  const roads: RoadFeature[] = JSON.parse(readFileSync(SHARED + 'hanoi-roads.geojson', 'utf8')).features;
  const wards: WardInput[] = JSON.parse(readFileSync(SHARED + 'hanoi-wards.geojson', 'utf8')).features.map((f: { properties: Record<string, string>; geometry: Polygon | MultiPolygon }) => ({
    code: f.properties.ward_code,
    name: f.properties.name,
    district: f.properties.district_name,
    geometry: f.geometry,
  }));

  // --- 1. crossings (wall time is inflated when other processes share the CPUs: the load average says how much)
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const real = time(() => findCrossings(roads, wards));
  console.log(`crossings, real data (${roads.length} roads × ${wards.length} wards): ${real.value.length} crossings in ${fmt(real.ms)} ms (median of 5)`);
  const big = tiled(roads, wards, 5, 4);
  const cpu0 = process.cpuUsage();
  const large = time(() => findCrossings(big.roads, big.wards), 3);
  const used = process.cpuUsage(cpu0);
  const cpuMs = (used.user + used.system) / 1000 / 3;
  console.log(`crossings, synthetic city 20× (${big.roads.length} roads × ${big.wards.length} wards): ${large.value.length} crossings in ${fmt(large.ms)} ms wall (median of 3), ${fmt(cpuMs)} ms CPU per run (mean; target < 2000 ms) ${large.ms < 2000 ? 'OK' : 'OVER TARGET'}`);

  // naive baseline: every road against every ward outline with turf.lineIntersect, on a subset
  const outlines = wards.map((w) => turf.polygonToLine(w.geometry as Polygon) as Feature);
  const subset = roads.slice(0, 150);
  const naive = time(() => {
    let n = 0;
    for (const r of subset) for (const o of outlines) n += turf.lineIntersect(r as Feature<LineString>, o as Feature<LineString>).features.length;
    return n;
  }, 1);
  const naiveFull = (naive.ms / subset.length) * roads.length;
  const oursSubset = time(() => findCrossings(subset, wards));
  console.log(`baseline turf lineIntersect all pairs: ${subset.length} roads in ${fmt(naive.ms)} ms → ${fmt(naiveFull / 1000, 2)} s scaled to the real data (${naive.value} raw contacts, every ward side counted); ours on the same subset ${fmt(oursSubset.ms)} ms`);
  console.log(`ratio (naive scaled / ours, real data): ${fmt(naiveFull / real.ms, 0)}×; synthetic 20× city scaled naive ≈ ${fmt((naiveFull * 400) / 1000, 0)} s (roads × wards both 20×) vs ours ${fmt(large.ms / 1000, 2)} s`);

  // --- 2. vector tiles in process
  const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'opsmap-bench-tiles-'));
  const db = openSqliteStore(join(dir, 'tiles.sqlite'));
  await db.reference.import('roads', roads as Feature[]);
  const bbox = [105.7076, 20.9708, 105.8205, 21.1096];
  const list = tileList(bbox);
  const cache = new ReferenceTiles(db);
  const t0 = performance.now();
  await cache.tile('roads', 0, 0, 0); // builds the index
  const indexMs = performance.now() - t0;
  const per: number[] = [];
  let bytes = 0;
  for (const [z, x, y] of list) {
    const a = performance.now();
    bytes += (await cache.tile('roads', z, x, y)).length;
    per.push(performance.now() - a);
  }
  console.log(`vector tiles (real roads): index built in ${fmt(indexMs)} ms; ${list.length} tiles z10–14 cut + encoded cold: median ${fmt(median(per), 2)} ms/tile, max ${fmt(Math.max(...per), 1)} ms, ${fmt(bytes / list.length / 1024, 1)} KiB average`);
  const cachedRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    const c0 = performance.now();
    for (const [z, x, y] of list) await cache.tile('roads', z, x, y);
    cachedRuns.push(performance.now() - c0);
  }
  const cachedPer = median(cachedRuns) / list.length;
  console.log(`vector tiles from the cache: ${fmt(cachedPer * 1000, 1)} µs/tile`);

  // 20× city: index build time for the layer
  await db.reference.import('roads', big.roads as Feature[]);
  const bigCache = new ReferenceTiles(db);
  const b0 = performance.now();
  await bigCache.tile('roads', 14, ...tileXY(105.78, 21.05, 14));
  console.log(`vector tiles (20× city, ${big.roads.length} roads): first tile incl. reading the layer and building the index ${fmt(performance.now() - b0)} ms`);
  await db.close();

  // --- 3. tiles/s over HTTP at concurrency 10 (the real roads in a running server)
  const dbFile = join(dir, 'served.sqlite');
  const pre = openSqliteStore(dbFile);
  await pre.reference.import('roads', roads as Feature[]);
  await pre.close();
  const srv = await startServer({ dbFile, env: { OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '100000000' } }); // the load generator is one address: no 429s
  try {
    const headers = await authHeaders(srv.url, (srv as { credentials?: { name: string; password: string } }).credentials);
    const urls = list.map(([z, x, y]) => `${srv.url}/api/tiles/roads/${z}/${x}/${y}.pbf`);
    const probe = await fetch(urls[urls.length - 1], { headers });
    if (probe.status !== 200) throw new Error(`tile request failed: ${probe.status} ${await probe.text()}`);
    const cold = await load(urls, { concurrency: 10, seconds: 1, headers });
    const warm = await load(urls, { concurrency: 10, seconds: 3, headers });
    console.log(`HTTP tiles, concurrency 10, ${urls.length} distinct tiles: first second (cold cache) ${fmt(cold.rps, 0)} tiles/s; warm ${fmt(warm.rps, 0)} tiles/s, median ${fmt(warm.medianMs, 2)} ms, p95 ${fmt(warm.p95Ms, 2)} ms, errors ${warm.errors + cold.errors}`);
    // ceilings in the same server: a signed-in request that does almost nothing, and a public one
    const signed = await load(`${srv.url}/api/reference`, { concurrency: 10, seconds: 2, headers });
    const open = await load(`${srv.url}/api/health`, { concurrency: 10, seconds: 2 });
    console.log(`ceilings: GET /api/reference (signed in, tiny JSON) ${fmt(signed.rps, 0)} req/s; GET /api/health (public) ${fmt(open.rps, 0)} req/s; warm tiles reach ${fmt((warm.rps / signed.rps) * 100, 0)} % of the signed-in ceiling`);
  } finally {
    await srv.stop();
    (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
  }
}

/** An API token for the first-run admin (Basic auth would hash the password on every request and measure that instead). */
async function authHeaders(url: string, creds?: { name: string; password: string }): Promise<Record<string, string>> {
  if (!creds) return {};
  const basic = { Authorization: `Basic ${Buffer.from(`${creds.name}:${creds.password}`).toString('base64')}` };
  const r = await fetch(`${url}/api/auth/tokens`, { method: 'POST', headers: { ...basic, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
  const body = r.ok ? ((await r.json()) as { token?: string }) : {};
  return body.token ? { Authorization: `Bearer ${body.token}` } : basic;
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
