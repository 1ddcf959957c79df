/**
 * First start: an empty database gets the embedded demo scenario (generated, not copied),
 * so `npm start` shows a working map at once. OPSMAP_SEED=city builds the 580-ward city with
 * 1,000,000 incidents instead (data/city/); OPSMAP_SEED=none starts empty.
 */
import { LAYER_IDS } from '../core/layers.ts';
import { DEMO_NOTICE, generateDemo } from '../data/demo/generate.ts';
import { CITY_NOTICE, generateCity, type CityParams } from '../data/city/generate.ts';
import type { Store } from './db/store.ts';
import { bulkImport } from './features/bulk.ts';
import { importFeatures } from './features/edit.ts';

export const DEMO_SEED = 2021;

/** No features, and never seeded (a database emptied by hand is not seeded again). */
export async function isEmpty(store: Store): Promise<boolean> {
  return (await store.features.count()) === 0 && (await store.settings.get('seeded')) === null;
}

/** Writes the demo scenario; wards first so that points get their ward. Returns counts per layer. */
export async function seedDemo(store: Store, seed = DEMO_SEED): Promise<Record<string, number>> {
  const data = generateDemo(seed);
  const counts: Record<string, number> = {};
  const actor = { name: 'seed', address: null };
  for (const layer of LAYER_IDS) counts[layer] = (await importFeatures(store, layer, data[layer].features, actor)).inserted;
  await store.settings.set('seeded', { seed, at: new Date().toISOString(), counts });
  return counts;
}

/**
 * Writes the city scenario through the bulk path: one transaction and one batch record per
 * layer, incidents streamed from the generator. Returns counts per layer.
 */
export async function seedCity(store: Store, params: CityParams = {}, onProgress?: (layer: string, written: number) => void): Promise<Record<string, number>> {
  const city = generateCity(params);
  const counts: Record<string, number> = {};
  const actor = { name: 'seed', address: null };
  for (const layer of LAYER_IDS) {
    const source = layer === 'incidents' ? city.incidents() : city[layer].features;
    const progress = onProgress && ((n: number) => onProgress(layer, n));
    // The incidents are most of the database: their indexes and R*Tree are built once at the end
    // from the first row on (a backend without that choice ignores it).
    const suspendAt = layer === 'incidents' ? 1 : undefined;
    counts[layer] = (await bulkImport(store, layer, source, actor, { source: 'seed:city', validate: false, onProgress: progress, progressEvery: 100_000, suspendAt })).inserted;
  }
  await store.settings.set('seeded', { scenario: 'city', seed: params.seed ?? 2021, at: new Date().toISOString(), counts });
  return counts;
}

/** The notice to show beside data that came from a generator (demo or city), or null for real data. */
export async function demoNotice(store: Store): Promise<{ vi: string; en: string } | null> {
  const seeded = (await store.settings.get('seeded')) as { scenario?: string } | null;
  if (seeded === null) return null;
  return seeded.scenario === 'city' ? CITY_NOTICE : DEMO_NOTICE;
}
