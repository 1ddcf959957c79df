/**
 * npm run export -- --layer NAME --format geojson|csv|kml [--out FILE] [--db PATH]
 *
 * Writes a whole layer to FILE, or to standard output when --out is not given.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isLayerId, LAYER_IDS } from '../../core/layers.ts';
import { loadConfig, storeLocation } from '../config.ts';
import { openStore } from '../db/connect.ts';
import { exportLayer } from '../io/export.ts';
import { EXPORT_FORMATS, isExportFormat } from '../io/format.ts';

const USAGE = `usage: npm run export -- --layer ${LAYER_IDS.join('|')} --format ${EXPORT_FORMATS.join('|')} [--out FILE] [--db PATH]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(1);
}

let args;
try {
  args = parseArgs({ options: { layer: { type: 'string' }, format: { type: 'string', default: 'geojson' }, out: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
} catch (e) {
  fail((e as Error).message);
}
const { values } = args;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const layer = values.layer;
if (!layer || !isLayerId(layer)) fail(`--layer must be one of ${LAYER_IDS.join(', ')}${layer ? `, not "${layer}"` : ''}.`);
const format = values.format!.toLowerCase();
if (!isExportFormat(format)) fail(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${values.format}".`);

const config = loadConfig();
const store = await openStore(values.db ? resolve(process.env.INIT_CWD ?? process.cwd(), values.db) : storeLocation(config), { borderDistanceM: config.borderDistanceM });
try {
  const out = await exportLayer(store, layer, format);
  if (values.out) {
    // npm run starts in the package root; a relative path means relative to where the user typed it.
    const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
    writeFileSync(file, out.body);
    console.error(`Wrote ${out.count} ${layer} feature(s) to ${file} (${format}).`);
  } else process.stdout.write(out.body);
} finally {
  await store.close();
}
