/**
 * Import a reference layer from the command line:
 *   npx tsx server/cli/import-reference.ts FILE --layer roads|pois [--append]
 * FILE is OSM-derived GeoJSON or OSM XML (.osm). The layer is replaced unless --append.
 * `npm run import -- FILE --layer roads|pois` hands over to runReferenceImport.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, storeLocation } from '../config.ts';
import { openStore } from '../db/connect.ts';
import { DEFAULT_LIMITS } from '../io/limits.ts';
import { isReferenceLayer, readReferenceFile, REFERENCE_LAYERS } from '../io/reference.ts';

export async function runReferenceImport(file: string, layer: string, opts: { append?: boolean; dbFile?: string } = {}): Promise<string> {
  if (!isReferenceLayer(layer)) throw new Error(`--layer must be one of ${REFERENCE_LAYERS.join(', ')} for reference data, not "${layer}"`);
  const read = readReferenceFile(layer, readFileSync(file), DEFAULT_LIMITS, basename(file));
  if (read.features.length === 0) throw new Error(`${file} holds no ${layer}; nothing was imported. ${read.warnings.join(' ')}`);
  const store = await openStore(opts.dbFile ?? storeLocation(loadConfig()));
  try {
    const r = await store.reference.import(layer, read.features, { append: opts.append });
    return [`${layer}: ${r.inserted} imported${r.deleted ? `, ${r.deleted} replaced` : ''} from ${basename(file)}`, ...read.warnings].join('\n');
  } finally {
    await store.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--layer');
  const file = args.find((a, i) => !a.startsWith('--') && i !== at + 1);
  if (!file || at < 0) {
    console.error('usage: npx tsx server/cli/import-reference.ts FILE --layer roads|pois [--append]');
    process.exit(2);
  }
  try {
    console.log(await runReferenceImport(file, args[at + 1], { append: args.includes('--append') }));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
