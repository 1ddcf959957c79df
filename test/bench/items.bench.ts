/**
 * Items requests with a bbox: 100,000 incidents and the real Hanoi wards, median latency
 * and requests/s at concurrency 10, against the same HTTP stack returning a precomputed
 * response (the ceiling). Target: a bbox query returning 1,000 features within 3× of the ceiling.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../data/demo/generate.ts';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import { importFeatures } from '../../server/features/edit.ts';
import { freePort, ROOT, startServer } from '../support/server.ts';
import { fmt, load, memoryOf } from './support/load.ts';

const SHARED = join(ROOT, '../shared/data/');

/** A seeded random generator, so every run benches the same data. */
function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function incidents(n: number, bbox: [number, number, number, number]) {
  const r = rng(7);
  const [w, s, e, nn] = bbox;
  const centres = Array.from({ length: 40 }, () => [w + r() * (e - w), s + r() * (nn - s)]);
  return Array.from({ length: n }, (_, i) => {
    const c = centres[i % 40];
    const clustered = r() < 0.6;
    const lon = clustered ? c[0] + (r() - 0.5) * 0.01 : w + r() * (e - w);
    const lat = clustered ? c[1] + (r() - 0.5) * 0.01 : s + r() * (nn - s);
    const day = 1 + Math.floor(r() * 31);
    return {
      type: 'Feature',
      properties: { category: ['epidemic_case', 'violation', 'public_order', 'traffic'][i % 4], occurred_at: `2021-05-${String(day).padStart(2, '0')}T10:00:00+07:00`, severity: 1 + (i % 3), description: 'Sự việc thử nghiệm' },
      geometry: { type: 'Point', coordinates: [Math.min(e, Math.max(w, lon)), Math.min(nn, Math.max(s, lat))] },
    };
  });
}

const basic = (c: { name: string; password: string }) => ({ Authorization: `Basic ${Buffer.from(`${c.name}:${c.password}`).toString('base64')}` });

async function ceiling(bodyFile: string) {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/bench/support/ceiling-server.ts')], { env: { ...process.env, PORT: String(port), BODY_FILE: bodyFile }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => proc.stdout!.on('data', (d) => /listening/.test(String(d)) && resolve()));
  return { url: `http://127.0.0.1:${port}/`, stop: () => proc.kill('SIGTERM') };
}

async function compare(label: string, urls: string[], headers: Record<string, string>, pid: number, dir: string) {
  const first = await fetch(urls[0], { headers });
  const body = Buffer.from(await first.arrayBuffer());
  const fc = JSON.parse(body.toString());
  const bodyFile = join(dir, `${label}.json`);
  writeFileSync(bodyFile, body);
  await load(urls.slice(-50), { seconds: 1, headers }); // warm-up of the server's code paths
  const real = await load(urls.slice(1), { seconds: 4, headers });
  const ceil = await ceiling(bodyFile);
  await load(ceil.url, { seconds: 1 });
  const top = await load(ceil.url, { seconds: 4 });
  ceil.stop();
  const mem = memoryOf(pid);
  console.log(`${label}: ${fc.numberReturned} features/response (${fmt(body.length / 1024, 0)} KiB), ${Math.min(urls.length, real.requests)} different URLs over ${real.requests} requests`);
  console.log(`  opsmap : median ${fmt(real.medianMs, 2)} ms, p95 ${fmt(real.p95Ms, 2)} ms, ${fmt(real.rps, 0)} req/s, errors ${real.errors}`);
  console.log(`  ceiling: median ${fmt(top.medianMs, 2)} ms, p95 ${fmt(top.p95Ms, 2)} ms, ${fmt(top.rps, 0)} req/s (same stack, precomputed bytes)`);
  console.log(`  ratio  : ${fmt(real.medianMs / top.medianMs, 2)}× the ceiling's median latency, ${fmt(top.rps / real.rps, 2)}× fewer req/s (target ≤ 3×)`);
  console.log(`  server memory: RSS ${fmt(mem.rssMiB, 0)} MiB, peak ${fmt(mem.peakMiB, 0)} MiB`);
}

export async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-bench-'));
  try {
    const dbFile = join(dir, 'bench.sqlite');
    const db = openSqliteStore(dbFile);
    const demo = generateDemo(2021);
    const actor = { name: 'bench', address: null };
    await importFeatures(db, 'wards', demo.wards.features, actor);
    const area: [number, number, number, number] = [105.72, 20.985, 105.80, 21.10];
    const data = incidents(100_000, area);
    const t0 = performance.now();
    await importFeatures(db, 'incidents', data, actor);
    const importMs = performance.now() - t0;
    console.log(`import of 100,000 incidents in one transaction (validation, ward derivation, R*Tree, audit): ${fmt(importMs / 1000, 2)} s (${fmt(100_000 / (importMs / 1000), 0)} features/s)`);

    let wardsDb: string | null = null;
    if (existsSync(join(SHARED, 'hanoi-wards.geojson'))) {
      wardsDb = join(dir, 'wards.sqlite');
      const wdb = openSqliteStore(wardsDb);
      const real = JSON.parse(readFileSync(join(SHARED, 'hanoi-wards.geojson'), 'utf8'));
      const mapped = real.features.map((f: { properties: Record<string, string>; geometry: unknown }) => ({
        type: 'Feature',
        geometry: f.geometry,
        properties: { code: f.properties.ward_code, name: f.properties.ward_name, district: f.properties.district_name, province: f.properties.province_name },
      }));
      await importFeatures(wdb, 'wards', mapped, actor);
      await wdb.close();
    } else console.log('real wards: ../shared/data/hanoi-wards.geojson absent, skipped');
    await db.close();

    const srv = await startServer({ dbFile, env: { OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '100000000' } }); // the load generator is one address
    const headers = basic(srv.credentials);
    try {
      // Boxes of ~1.1 km × 1.1 km at different places: each matches ≥ 1,000 of the 100,000.
      const boxes: string[] = [];
      for (let i = 0; boxes.length < 8 && i < 200; i++) {
        const x = 105.725 + (i % 14) * 0.005, y = 20.99 + Math.floor(i / 14) * 0.008;
        const u = `${srv.url}/api/collections/incidents/items?limit=1000&bbox=${x},${y},${x + 0.012},${y + 0.01}`;
        const n = (await (await fetch(u, { headers })).json()).numberMatched;
        if (n >= 1000) boxes.push(u);
      }
      // Cold: every request a different box (nudged by a micrometre-scale offset), so the
      // response cache never answers. Warm: the same eight boxes again and again, as many
      // maps showing the same area ask them; the cache answers after the first round.
      const cold = Array.from({ length: 20_000 }, (_, i) => boxes[i % boxes.length].replace(/bbox=([\d.]+)/, (_, x) => `bbox=${(Number(x) - (i + 1) * 1e-9).toFixed(9)}`));
      await compare('incidents bbox, cold (100,000 in the layer, no two requests alike)', cold, headers, srv.proc.pid!, dir);
      await compare('incidents bbox, warm (the same 8 boxes repeated)', boxes, headers, srv.proc.pid!, dir);
    } finally {
      await srv.stop({ keepDir: true });
    }
    if (wardsDb) {
      const w = await startServer({ dbFile: wardsDb, env: { OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '100000000' } }); // the load generator is one address
      const h = basic(w.credentials);
      try {
        const url = (i: number) => `${w.url}/api/collections/wards/items?limit=1000&bbox=${(105.74 - i * 1e-9).toFixed(9)},21.02,105.80,21.08`;
        await compare('real Hanoi wards bbox, cold (103 polygons)', Array.from({ length: 20_000 }, (_, i) => url(i)), h, w.proc.pid!, dir);
        await compare('real Hanoi wards bbox, warm', [url(0), url(0)], h, w.proc.pid!, dir);
      } finally {
        await w.stop({ keepDir: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
