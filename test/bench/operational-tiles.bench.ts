/**
 * Operational vector tiles on the city scenario (issue 12): tile requests p50/p95, cold (first
 * request of each tile after a start: cut from the database and encoded) and warm (the same
 * tiles again: from the tile cache), beside the ceiling measured in the same run — the same HTTP
 * stack answering the same requests, each with its own tile's bytes precomputed (and, as earlier
 * runs measured it, with the median tile's bytes for all). Target: p95 cold ≤ 5× the ceiling.
 * "After a start" means once the server says its tiles are ready (GET /api/health, printed with the
 * time it took): what tiles are cut from is made at start, and no tile is cut before it is asked for.
 * Tiles: the whole city at zoom 10–11 (incident counts per cell, category and day), every
 * district-zoom (12) tile of the city, and a sample of street-zoom (14) tiles, for the incidents,
 * wards, checkpoints and polling stations — what the map asks for when it opens and zooms in.
 * Then the same places as the map asks for them since one tile per place holds every layer
 * (/api/operational-tiles/…?days=summed), cold on another start, against their own bytes precomputed.
 * On the first restarted server: cold bbox pages of 1,000 incidents (every box different, so no
 * cache answers) against the same page precomputed (target ≤ 5×), then the rest of the usual
 * screens (counts, hot spots, collections), and the server's resident memory after all of it
 * (target < 600 MB). Server CPU time and the load average are printed beside the wall times: the
 * machine is shared.
 *
 * OPSMAP_CITY_INCIDENTS (default 1,000,000) sets the incidents seeded.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open.ts';
import { seedCity } from '../../server/seed.ts';
import { sqliteStore } from '../../server/db/sqlite/store.ts';
import { freePort, ROOT, startServer } from '../support/server.ts';
import { fmt, load } from './support/load.ts';

const LAYERS = ['incidents', 'wards', 'checkpoints', 'polling-stations'];

function tileXY(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [Math.floor(((lon + 180) / 360) * n), Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n)];
}

function tilesOver([w, s, e, n]: number[], z: number): [number, number, number][] {
  const [x0, y0] = tileXY(w, n, z);
  const [x1, y1] = tileXY(e, s, z);
  const out: [number, number, number][] = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push([z, x, y]);
  return out;
}

/** Each URL once, `concurrency` at a time; latencies sorted. */
async function once(urls: string[], headers: Record<string, string>, concurrency = 4) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const lat: number[] = [];
  const sizes = new Map<string, number>();
  let i = 0, errors = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < urls.length) {
      const url = urls[i++];
      const t0 = performance.now();
      await new Promise<void>((resolve) => http.get(url, { agent, headers }, (res) => {
        let n = 0;
        res.on('data', (d: Buffer) => (n += d.length));
        res.on('end', () => (res.statusCode === 200 ? sizes.set(url, n) : errors++, lat.push(performance.now() - t0), resolve()));
      }).on('error', () => (errors++, resolve())));
    }
  }));
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))];
  return { p50: q(0.5), p95: q(0.95), max: lat.at(-1)!, errors, sizes };
}

/** CPU time (user + system, ms) a process has used so far, from /proc (every thread). */
function cpuMsOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Resident memory of a process split as /proc tells it: anonymous (heaps, caches) and file-backed (code, mapped files). */
function rssOf(pid: number): string {
  const st = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(st)?.[1] ?? NaN) / 1024;
  return `RSS ${fmt(kb('VmRSS'), 0)} MiB (anonymous ${fmt(kb('RssAnon'), 0)}, files ${fmt(kb('RssFile'), 0)}), peak ${fmt(kb('VmHWM'), 0)} MiB`;
}

const loadNow = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/**
 * Starts the ceiling server: every URL answered with the bytes of `body.file`, or URL `…/k` with
 * the bytes of file `k` in `body.dir` (see ./support/ceiling-server.ts); returns its base URL and a stop.
 */
async function ceilingServer(body: { file: string } | { dir: string }) {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), ...('file' in body ? { BODY_FILE: body.file } : { BODY_DIR: body.dir }) };
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/bench/support/ceiling-server.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => proc.stdout!.on('data', (d) => /listening/.test(String(d)) && resolve()));
  return { url: `http://127.0.0.1:${port}`, stop: () => proc.kill('SIGTERM') };
}

/** Each URL's bytes as file 0, 1, … of a new directory `dir` (one request at a time). */
async function saveEach(urls: string[], headers: Record<string, string>, dir: string): Promise<string> {
  mkdirSync(dir);
  for (const [k, url] of urls.entries()) writeFileSync(join(dir, String(k)), Buffer.from(await (await fetch(url, { headers })).arrayBuffer()));
  return dir;
}

/**
 * The ceiling of a run of requests: the same HTTP stack answering the same number of requests,
 * in the same order and concurrency, each with precomputed bytes (`body`: one file for all, or
 * each request's own bytes as saveEach wrote them).
 */
async function ceiling(body: { file: string } | { dir: string }, n: number) {
  const server = await ceilingServer(body);
  try {
    const urls = Array.from({ length: n }, (_, k) => `${server.url}/c/${k}`);
    await load(urls, { concurrency: 4, seconds: 1 });
    return await once(urls, {});
  } finally {
    server.stop();
  }
}

/**
 * Waits until the server says its tiles are ready (GET /api/health: what they are cut from is made
 * and the writers compiled, OperationalTiles.warm); returns the seconds waited. A cold tile is then
 * the cut of a tile, not the start's indexing, which the bench reports on its own line.
 */
async function tilesReady(url: string): Promise<number> {
  const t0 = performance.now();
  while (((await (await fetch(`${url}/api/health`)).json()) as { tiles?: string }).tiles !== 'ready') await new Promise((r) => setTimeout(r, 50));
  return (performance.now() - t0) / 1000;
}

async function token(url: string, creds: { name: string; password: string }): Promise<Record<string, string>> {
  const basic = { Authorization: `Basic ${Buffer.from(`${creds.name}:${creds.password}`).toString('base64')}` };
  const r = await fetch(`${url}/api/auth/tokens`, { method: 'POST', headers: { ...basic, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
  return { Authorization: `Bearer ${((await r.json()) as { token: string }).token}` };
}

export async function bench() {
  const incidents = Number(process.env.OPSMAP_CITY_INCIDENTS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-bench-optiles-'));
  try {
    const dbFile = join(dir, 'city.sqlite');
    const db = openDatabase(dbFile);
    const t0 = performance.now();
    const counts = await seedCity(sqliteStore(db), { incidents });
    console.log(`city scenario seeded in ${fmt((performance.now() - t0) / 1000, 1)} s: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    db.sqlite.close();

    const srv = await startServer({ dbFile, env: { OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '100000000' } });
    try {
      const headers = await token(srv.url, srv.credentials);
      const bbox = ((await (await fetch(`${srv.url}/api/collections/wards`, { headers })).json()) as { extent: { spatial: { bbox: number[][] } } }).extent.spatial.bbox[0];
      const street = tilesOver(bbox, 14);
      const sample = street.filter((_, k) => k % Math.max(1, Math.floor(street.length / 60)) === 0);
      const groups: Record<string, [number, number, number][]> = { 'city z10–11': [...tilesOver(bbox, 10), ...tilesOver(bbox, 11)], 'district z12': tilesOver(bbox, 12), [`street z14 (${sample.length} of ${street.length})`]: sample };
      const all: string[] = [];
      for (const [name, tiles] of Object.entries(groups)) {
        const urls = LAYERS.flatMap((l) => tiles.map(([z, x, y]) => `${srv.url}/api/collections/${l}/tiles/${z}/${x}/${y}.pbf`));
        all.push(...urls);
        const cold = await once(urls, headers);
        const warm = await once(urls, headers);
        const sizes = [...cold.sizes.values()].sort((a, b) => a - b);
        console.log(`${name}: ${urls.length} tile requests (${LAYERS.length} layers), median ${fmt(sizes[Math.floor(sizes.length / 2)] / 1024, 1)} KiB, max ${fmt(sizes.at(-1)! / 1024, 0)} KiB`);
        console.log(`  cold: p50 ${fmt(cold.p50, 1)} ms, p95 ${fmt(cold.p95, 1)} ms, max ${fmt(cold.max, 0)} ms; warm: p50 ${fmt(warm.p50, 2)} ms, p95 ${fmt(warm.p95, 2)} ms; errors ${cold.errors + warm.errors}`);
      }
      // The ceilings: the same stack answering every request with its own tile's bytes, precomputed
      // (what "the same server returning precomputed bytes" means for a run of tiles of 1 KiB to
      // 2 MiB); and, as earlier runs did, with the bytes of the median tile for every request.
      const typical = await once(all, headers);
      const ceil = await ceiling({ dir: await saveEach(all, headers, join(dir, 'tiles')) }, all.length);
      const bySize = [...typical.sizes.entries()].sort((a, b) => a[1] - b[1]);
      const median = bySize[Math.floor(bySize.length / 2)][0];
      const bodyFile = join(dir, 'tile.pbf');
      writeFileSync(bodyFile, Buffer.from(await (await fetch(median, { headers })).arrayBuffer()));
      const ceilMedian = await ceiling({ file: bodyFile }, all.length);

      // Boxes of the city holding at least 1,000 incidents, for the cold bbox pages below.
      const boxes: string[] = [];
      // ~2,000 incidents where the city is dense; larger boxes when too few are found (a small city)
      for (let side = 0.004; !boxes.length && side < 0.3; side *= 2)
      for (let i = 0; boxes.length < 12 && i < 200; i++) {
        const x = bbox[0] + ((i * 0.37) % 1) * (bbox[2] - bbox[0]), y = bbox[1] + ((i * 0.61) % 1) * (bbox[3] - bbox[1]);
        const q = `bbox=${x.toFixed(6)},${y.toFixed(6)},${(x + side).toFixed(6)},${(y + side).toFixed(6)}`;
        if (((await (await fetch(`${srv.url}/api/collections/incidents/items?limit=1&${q}`, { headers })).json()) as { numberMatched: number }).numberMatched >= 1000) boxes.push(q);
      }
      if (!boxes.length) throw new Error('no box of the city holds 1,000 incidents');
      const itemsPath = (k: number) => `/api/collections/incidents/items?limit=1000&${boxes[k % boxes.length].replace(/bbox=([\d.]+)/, (_, x) => `bbox=${(Number(x) - (k + 1) * 1e-9).toFixed(9)}`)}`;
      const pageFile = join(dir, 'page.json');
      writeFileSync(pageFile, Buffer.from(await (await fetch(`${srv.url}${itemsPath(0)}`, { headers })).arrayBuffer()));
      const ITEMS = 200;
      const pageCeil = await ceiling({ file: pageFile }, ITEMS);

      const cold = await (async () => {
        // a second server on the same file: every tile and page cold again
        await srv.stop();
        const again = await startServer({ dbFile, env: { OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '100000000' } });
        try {
          const pid = again.proc.pid!;
          const ready = await tilesReady(again.url);
          const warmCpu = cpuMsOf(pid); // since the process started: loading, migrations, the tiles' indexes
          const h = await token(again.url, again.credentials);
          const cpu0 = cpuMsOf(pid), load0 = loadNow();
          const tiles = await once(all.map((u) => u.replace(srv.url, again.url)), h);
          const tilesCpu = cpuMsOf(pid) - cpu0;
          const cpu1 = cpuMsOf(pid);
          const items = await once(Array.from({ length: ITEMS }, (_, k) => `${again.url}${itemsPath(k)}`), h);
          const itemsCpu = cpuMsOf(pid) - cpu1;
          // the rest of the usual screens: the commander's counts and hot spots, collections, a ward's items
          for (const p of ['/api/collections', '/api/collections/incidents', '/api/analysis/incident-counts?datetime=2021-05-10/2021-05-16', '/api/analysis/hotspots?datetime=2021-05-10/2021-05-16', '/api/collections/incidents/items?limit=1000', '/api/collections/wards/items?limit=1000'])
            await (await fetch(`${again.url}${p}`, { headers: h })).arrayBuffer();
          const mem = rssOf(pid);
          // worker threads (hot spots) end after 30 s idle (server/workers/pool.ts): what the server holds once they have
          await new Promise((r) => setTimeout(r, 35_000));
          return { ready, warmCpu, tiles, tilesCpu, items, itemsCpu, load0, mem, idle: rssOf(pid) };
        } finally {
          await again.stop();
        }
      })();
      // What the map itself asks since the bundle endpoint: one tile per place holding every layer,
      // counts summed over the days (client/src/lib/api.ts) — cold on a third start, against the
      // same stack answering with the median bundle's bytes.
      const places = Object.values(groups).flat();
      const bundlePath = ([z, x, y]: [number, number, number]) => `/api/operational-tiles/${LAYERS.join(',')}/${z}/${x}/${y}.pbf?days=summed`;
      const bundled = await (async () => {
        const again = await startServer({ dbFile, env: { OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '100000000' } });
        try {
          const pid = again.proc.pid!;
          await tilesReady(again.url);
          const h = await token(again.url, again.credentials);
          const cpu0 = cpuMsOf(pid), load0 = loadNow();
          const urls = places.map((t) => `${again.url}${bundlePath(t)}`);
          const coldRun = await once(urls, h);
          const cpu = cpuMsOf(pid) - cpu0;
          const warmRun = await once(urls, h);
          const bySize = [...warmRun.sizes.entries()].sort((a, b) => a[1] - b[1]);
          const file = join(dir, 'bundle.pbf');
          writeFileSync(file, Buffer.from(await (await fetch(bySize[Math.floor(bySize.length / 2)][0], { headers: h })).arrayBuffer()));
          const each = await saveEach(urls, h, join(dir, 'bundles'));
          return { cold: coldRun, warm: warmRun, cpu, load0, file, each, medianKiB: bySize[Math.floor(bySize.length / 2)][1] / 1024, maxKiB: bySize.at(-1)![1] / 1024 };
        } finally {
          await again.stop();
        }
      })();
      const bundleCeil = await ceiling({ dir: bundled.each }, places.length);
      const bundleCeilMedian = await ceiling({ file: bundled.file }, places.length);

      console.log(`after a restart the server said its tiles were ready (GET /api/health) ${fmt(cold.ready, 1)} s after it listened; server CPU since its start ${fmt(cold.warmCpu, 0)} ms (loading, migrations, and the places, counts and area indexes of every layer with the writers compiled; no tile is kept)`);
      console.log(`all ${all.length} tiles after a restart (cold): p50 ${fmt(cold.tiles.p50, 1)} ms, p95 ${fmt(cold.tiles.p95, 1)} ms (server CPU ${fmt(cold.tilesCpu, 0)} ms in all, load average ${cold.load0}); warm (same server, earlier): p50 ${fmt(typical.p50, 2)} ms, p95 ${fmt(typical.p95, 2)} ms`);
      console.log(`ceiling (each tile's own bytes precomputed, same stack, same order, concurrency 4): p50 ${fmt(ceil.p50, 2)} ms, p95 ${fmt(ceil.p95, 2)} ms`);
      console.log(`ratio p95 cold / ceiling ${fmt(cold.tiles.p95 / ceil.p95, 1)}× (target ≤ 5×); p95 warm / ceiling ${fmt(typical.p95 / ceil.p95, 2)}×`);
      console.log(`  beside the ceiling of earlier runs (the median tile's ${fmt(typical.sizes.get(median)! / 1024, 1)} KiB for every request): p50 ${fmt(ceilMedian.p50, 2)} ms, p95 ${fmt(ceilMedian.p95, 2)} ms → ratio p95 cold ${fmt(cold.tiles.p95 / ceilMedian.p95, 1)}×`);
      console.log(`as the map asks, one tile of the ${LAYERS.length} layers per place with counts summed over the days (${places.length} places, median ${fmt(bundled.medianKiB, 1)} KiB, max ${fmt(bundled.maxKiB, 0)} KiB), after a restart: cold p50 ${fmt(bundled.cold.p50, 1)} ms, p95 ${fmt(bundled.cold.p95, 1)} ms (server CPU ${fmt(bundled.cpu, 0)} ms in all, load average ${bundled.load0}); warm p50 ${fmt(bundled.warm.p50, 2)} ms, p95 ${fmt(bundled.warm.p95, 2)} ms; errors ${bundled.cold.errors + bundled.warm.errors}`);
      console.log(`  ceiling (each bundle's own bytes precomputed, same stack): p50 ${fmt(bundleCeil.p50, 2)} ms, p95 ${fmt(bundleCeil.p95, 2)} ms → ratio p95 cold / ceiling ${fmt(bundled.cold.p95 / bundleCeil.p95, 1)}× (target ≤ 5×)`);
      console.log(`  beside the ceiling of earlier runs (the median bundle for every request): p50 ${fmt(bundleCeilMedian.p50, 2)} ms, p95 ${fmt(bundleCeilMedian.p95, 2)} ms → ratio p95 cold ${fmt(bundled.cold.p95 / bundleCeilMedian.p95, 1)}×`);
      const pageKiB = fmt(readFileSync(pageFile).byteLength / 1024, 0);
      console.log(`cold bbox items, 1,000 of the city's incidents a page (${pageKiB} KiB), ${ITEMS} different boxes after a restart, concurrency 4: p50 ${fmt(cold.items.p50, 1)} ms, p95 ${fmt(cold.items.p95, 1)} ms (server CPU ${fmt(cold.itemsCpu / ITEMS, 1)} ms a page), errors ${cold.items.errors}`);
      console.log(`ceiling (the same page precomputed, same stack): p50 ${fmt(pageCeil.p50, 2)} ms, p95 ${fmt(pageCeil.p95, 2)} ms → ratio p50 ${fmt(cold.items.p50 / pageCeil.p50, 1)}×, p95 ${fmt(cold.items.p95 / pageCeil.p95, 1)}× (target ≤ 5×)`);
      console.log(`server memory after tiles, pages, counts, hot spots and collections on ${incidents.toLocaleString('en')} incidents: ${cold.mem} (target < 600 MB); 35 s later, worker threads ended: ${cold.idle}; load average now ${loadNow()}`);
    } finally {
      await srv.stop().catch(() => {});
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
