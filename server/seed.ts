/**
 * First start: an empty database gets the embedded demo scenario (generated, not copied),
 * so `npm start` shows a working map at once. OPSMAP_SEED=city builds the 580-ward city with
 * 1,000,000 incidents instead (data/city/); OPSMAP_SEED=none starts empty.
 */
import { sql } from 'drizzle-orm';
import { LAYER_IDS } from '../core/layers.ts';
import { DEMO_NOTICE, generateDemo } from '../data/demo/generate.ts';
import { CITY_NOTICE, generateCity, type CityParams } from '../data/city/generate.ts';
import { bulkImport } from './features/bulk.ts';
import { sqliteStore } from './db/sqlite/store.ts';
import type { Db } from './db/open.ts';
import { importFeatures } from './db/store.ts';

export const DEMO_SEED = 2021;

export function isEmpty(db: Db): boolean {
  return !db.orm.get(sql`SELECT 1 FROM features LIMIT 1`) && !db.orm.get(sql`SELECT 1 FROM settings WHERE key = 'seeded'`);
}

/** Writes the demo scenario; wards first so that points get their ward. Returns counts per layer. */
export function seedDemo(db: Db, seed = DEMO_SEED): Record<string, number> {
  const data = generateDemo(seed);
  const counts: Record<string, number> = {};
  const actor = { name: 'seed', address: null };
  for (const layer of LAYER_IDS) counts[layer] = importFeatures(db, layer, data[layer].features, actor).inserted;
  db.orm.run(sql`INSERT OR REPLACE INTO settings (key, value) VALUES ('seeded', ${JSON.stringify({ seed, at: new Date().toISOString(), counts })})`);
  return counts;
}

/**
 * Writes the city scenario through the bulk path: one transaction and one batch record per
 * layer, incidents streamed from the generator. Returns counts per layer.
 */
export async function seedCity(db: Db, params: CityParams = {}, onProgress?: (layer: string, written: number) => void): Promise<Record<string, number>> {
  const store = sqliteStore(db);
  const city = generateCity(params);
  const counts: Record<string, number> = {};
  const actor = { name: 'seed', address: null };
  for (const layer of LAYER_IDS) {
    const source = layer === 'incidents' ? city.incidents() : city[layer].features;
    const progress = onProgress && ((n: number) => onProgress(layer, n));
    counts[layer] = (await bulkImport(store, layer, source, actor, { source: 'seed:city', validate: false, onProgress: progress, progressEvery: 100_000 })).inserted;
  }
  db.orm.run(sql`INSERT OR REPLACE INTO settings (key, value) VALUES ('seeded', ${JSON.stringify({ scenario: 'city', seed: params.seed ?? 2021, at: new Date().toISOString(), counts })})`);
  return counts;
}

/** The notice to show beside data that came from a generator (demo or city), or null for real data. */
export function demoNotice(db: Db): { vi: string; en: string } | null {
  const row = db.orm.get<{ value: string }>(sql`SELECT value FROM settings WHERE key = 'seeded'`);
  if (!row) return null;
  return (JSON.parse(row.value) as { scenario?: string }).scenario === 'city' ? CITY_NOTICE : DEMO_NOTICE;
}
