/**
 * Import cost: reading + mapping 20,000 incidents in each format (5,000 in KML), against JSON.parse of the
 * same data as GeoJSON (the least any reader must do), and a whole import into SQLite
 * (validation, derived ward, one transaction) against reading alone. Memory reported.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature } from 'geojson';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import { importFile } from '../../server/io/import.ts';
import { mapFeatures } from '../../server/io/mapping.ts';
import { readFeatures } from '../../server/io/read.ts';
import { writeCsv } from '../../server/io/write-csv.ts';
import { writeGeoJson } from '../../server/io/write-geojson.ts';
import { writeKml } from '../../server/io/write-kml.ts';

const N = 20_000;
const KML_N = 5_000;
const CATEGORIES = ['epidemic_case', 'violation', 'public_order', 'traffic'];

function incidents(): Feature[] {
  let s = 42;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: N }, (_, i) => ({
    type: 'Feature',
    id: i + 1,
    geometry: { type: 'Point', coordinates: [105.72 + rnd() * 0.08, 21.0 + rnd() * 0.1] },
    properties: {
      category: CATEGORIES[i % 4],
      occurred_at: `2021-05-${String(1 + (i % 31)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00+07:00`,
      severity: 1 + (i % 3),
      fine_vnd: i % 5 === 0 ? 2_000_000 : null,
      description: `Sự việc số ${i + 1} gần chợ Cổ Nhuế`,
    },
  }));
}

function median(runs: number, f: () => unknown): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function medianAsync(runs: number, f: () => Promise<unknown>): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export async function bench(): Promise<void> {
  const feats = incidents();
  const files = {
    geojson: new TextEncoder().encode(writeGeoJson(feats)),
    csv: new TextEncoder().encode(writeCsv('incidents', feats)),
    // KML is capped at 8 MiB (DEFAULT_LIMITS.maxKmlBytes): 5,000 placemarks stay under it.
    kml: new TextEncoder().encode(writeKml('incidents', feats.slice(0, KML_N))),
  };
  const text = new TextDecoder().decode(files.geojson);
  const baseline = median(5, () => JSON.parse(text));
  console.log(`${N} incidents; baseline JSON.parse of the GeoJSON (${(files.geojson.length / 1e6).toFixed(1)} MB): ${baseline.toFixed(0)} ms`);
  for (const [format, data] of Object.entries(files)) {
    const n = format === 'kml' ? KML_N : N;
    const ms = await medianAsync(3, async () => mapFeatures('incidents', (await readFeatures(data, { format })).features));
    // Baseline scaled to the same number of features.
    const base = (baseline * n) / N;
    console.log(`  read + map ${format.padEnd(7)} ${String(n).padStart(6)} features, ${(data.length / 1e6).toFixed(1).padStart(4)} MB: ${ms.toFixed(0).padStart(5)} ms  (${(ms / base).toFixed(1)}× baseline, ${((n / ms) * 1000).toFixed(0)} features/s)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-bench-io-'));
  const readOnly = await medianAsync(3, async () => readFeatures(files.geojson, { format: 'geojson' }));
  let run = 0;
  const whole = await medianAsync(3, async () => {
    const store = openSqliteStore(join(dir, `b${run++}.sqlite`));
    await importFile(store, 'incidents', files.geojson, { format: 'geojson', actor: { name: 'bench', address: null } });
    await store.close();
  });
  console.log(`  whole GeoJSON import into SQLite: ${whole.toFixed(0)} ms (${(whole / readOnly).toFixed(1)}× reading alone, ${((N / whole) * 1000).toFixed(0)} features/s)`);
  console.log(`  memory: rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
}
