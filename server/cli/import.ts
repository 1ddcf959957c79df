/**
 * npm run import -- FILE --layer NAME [--map property=column,…] [--replace] [--format F] [--db PATH]
 *
 * Imports a GeoJSON, CSV (lon/lat or WKT), KML or zipped Shapefile file into a layer in
 * one transaction, prints the report as JSON, and exits 1 with the reason (naming each bad
 * feature) when nothing could be imported.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { isLayerId, LAYER_IDS } from '../../core/layers.ts';
import { loadConfig } from '../config.ts';
import { openStore } from '../db/connect.ts';
import { StoreError } from '../db/store.ts';
import { IoError } from '../io/errors.ts';
import { importFile } from '../io/import.ts';
import { runReferenceImport } from './import-reference.ts';

const USAGE = `usage: npm run import -- FILE --layer ${LAYER_IDS.join('|')} [--map property=column,…] [--replace] [--format geojson|csv|kml|shapefile] [--db PATH]`;

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
  let data: Uint8Array;
  try {
    data = readFileSync(file);
  } catch (e) {
    fail(`Cannot read ${file}: ${(e as Error).message}`);
  }
  const config = loadConfig();
  const store = await openStore(values.db ? resolve(process.env.INIT_CWD ?? process.cwd(), values.db) : config.dbFile, { borderDistanceM: config.borderDistanceM });
  try {
    const report = await importFile(store, layer, data, {
      filename: basename(file),
      format: values.format,
      map: values.map,
      replace: values.replace,
      actor: { name: `cli:${userInfo().username}`, address: null },
    });
    const { ids: _ids, ...printed } = report;
    console.log(JSON.stringify(printed, null, 2));
  } catch (e) {
    if (e instanceof StoreError) fail(e.message, e.issues.map((i) => `${i.path}: ${i.message}`));
    if (e instanceof IoError) fail(`Nothing was imported: ${e.message}`);
    throw e;
  } finally {
    await store.close();
  }
}

await main();
