/**
 * npm run import -- FILE --layer NAME [--map property=column,…] [--replace] [--format F] [--db PATH]
 * npm run import -- --undo BATCH [--db PATH]
 *
 * Imports a GeoJSON, CSV (lon/lat or WKT), KML or zipped Shapefile file into a layer in
 * one transaction recorded as one batch (GeoJSON and CSV streamed, a feature at a time, so a
 * file of a million incidents needs no more memory than a small one), prints progress to
 * stderr and the report as JSON, and exits 1 with the reason (naming each bad feature) when
 * nothing could be imported. --undo deletes what a batch wrote (the batch id is in the report).
 */
import { accessSync, constants } from 'node:fs';
import { basename, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { isLayerId, LAYER_IDS } from '../../core/layers.ts';
import { loadConfig, storeLocation } from '../config.ts';
import { openStore } from '../db/connect.ts';
import { StoreError } from '../db/store.ts';
import { IoError } from '../io/errors.ts';
import { importFile } from '../io/import.ts';
import { runReferenceImport } from './import-reference.ts';

const USAGE = `usage: npm run import -- FILE --layer ${LAYER_IDS.join('|')} [--map property=column,…] [--replace] [--format geojson|csv|kml|shapefile] [--db PATH]\n       npm run import -- --undo BATCH [--db PATH]`;

function fail(message: string, details: string[] = []): never {
  console.error([message, ...details.map((d) => `  - ${d}`)].join('\n'));
  process.exit(1);
}

async function main() {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        layer: { type: 'string' },
        map: { type: 'string' },
        replace: { type: 'boolean', default: false },
        format: { type: 'string' },
        db: { type: 'string' },
        undo: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const where = values.db ? resolve(process.env.INIT_CWD ?? process.cwd(), values.db) : storeLocation(config);
  const actor = { name: `cli:${userInfo().username}`, address: null };
  if (values.undo !== undefined) {
    const id = Number(values.undo);
    if (!Number.isInteger(id) || id < 1) fail(`--undo takes the batch id from an import's report (a whole number), not "${values.undo}".`);
    const store = await openStore(where, { borderDistanceM: config.borderDistanceM });
    try {
      const batch = (await store.history.batches(10_000)).find((b) => b.id === id);
      const { deleted } = await store.writes.undoBatch(id, actor);
      console.log(JSON.stringify({ batch: id, layer: batch?.collection, source: batch?.source, inserted: batch?.inserted, deleted }, null, 2));
    } catch (e) {
      if (e instanceof StoreError) fail(`Nothing was undone: ${e.message}`);
      throw e;
    } finally {
      await store.close();
    }
    return;
  }
  if (positionals.length !== 1) fail(`Give exactly one file to import.\n${USAGE}`);
  const layer = values.layer;
  if (layer === 'roads' || layer === 'pois') {
    // reference layers (street basemap, border crossings): server/cli/import-reference.ts
    try {
      return void console.log(await runReferenceImport(positionals[0], layer, { dbFile: values.db }));
    } catch (e) {
      fail(`Nothing was imported: ${(e as Error).message}`);
    }
  }
  if (!layer || !isLayerId(layer)) fail(`--layer must be one of ${LAYER_IDS.join(', ')}${layer ? `, not "${layer}"` : ''}.\n${USAGE}`);
  // npm run starts in the package root; a relative path means relative to where the user typed it.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]);
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    fail(`Cannot read ${file}: ${(e as Error).message}`);
  }
  const store = await openStore(where, { borderDistanceM: config.borderDistanceM });
  const t0 = Date.now();
  // Progress on stderr (stdout is the JSON report), at most once a second, on one line when it is a terminal.
  let last = 0;
  const onProgress = (read: number) => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}read and checked ${read.toLocaleString('en')} features (${((Date.now() - t0) / 1000).toFixed(0)} s)${process.stderr.isTTY ? '' : '\n'}`);
  };
  try {
    const report = await importFile(store, layer, file, {
      filename: basename(file),
      format: values.format,
      map: values.map,
      replace: values.replace,
      actor,
      limits: config.importLimits,
      onProgress,
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    // CPU time beside wall time: on a shared machine the wall time says as much about the others' load.
    const cpu = process.cpuUsage();
    process.stderr.write(
      `imported ${report.imported.toLocaleString('en')} features in ${((Date.now() - t0) / 1000).toFixed(1)} s (CPU ${(cpu.user / 1e6).toFixed(1)} s user + ${(cpu.system / 1e6).toFixed(1)} s system), peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB${report.batch ? `; undo with: npm run import -- --undo ${report.batch}` : ''}\n`,
    );
    console.log(JSON.stringify(report, null, 2));
  } catch (e) {
    if (e instanceof StoreError) fail(e.message, e.issues.map((i) => `${i.path}: ${i.message}`));
    if (e instanceof IoError) fail(`Nothing was imported: ${e.message}`);
    throw e;
  } finally {
    await store.close();
  }
}

await main();
