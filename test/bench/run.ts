/**
 * `npm run bench [-- NAME...]`: runs every test/bench/*.bench.ts (or those whose name
 * contains one of NAME), each printing its figures and a ratio against a baseline
 * measured in the same run. Timings live here, never in the tests.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
// The foundation first; then the heavy pieces alone (hot spots, print, crossings) before the
// event-loop bench runs them side by side, so its delays can be read against their own times;
// browsers next; the city-scale benches, which seed a million rows and take longest, last (the
// event-loop bench ran after the city seed once, on a machine still busy with it). Any other
// bench file follows, alphabetically.
const ORDER = ['items', 'geometry', 'validate', 'io', 'demo', 'auth', 'hotspots', 'print', 'crossings', 'event-loop', 'map-render', 'live', 'city', 'operational-tiles', 'plans'];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !wanted.length || wanted.some((w) => f.includes(w)))
  .sort((a, b) => {
    const ia = ORDER.findIndex((o) => a.startsWith(o)), ib = ORDER.findIndex((o) => b.startsWith(o));
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });

console.log(`opsmap benchmarks on ${process.platform} ${process.arch}, Node ${process.version}, ${new Date().toISOString()}`);
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f.replace('.bench.ts', '')} ===`);
  try {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    if (typeof mod.bench !== 'function') throw new Error(`${f} exports no bench()`);
    await mod.bench();
  } catch (e) {
    failed++;
    console.error(`FAILED: ${f}: ${(e as Error).stack ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
