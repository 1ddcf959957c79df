/**
 * First start: an empty database gets the embedded demo scenario (generated, not copied),
 * so `npm start` shows a working map at once. Set OPSMAP_SEED=none to start empty.
 */
import { sql } from 'drizzle-orm';
import { LAYER_IDS } from '../core/layers.ts';
import { DEMO_NOTICE, generateDemo } from '../data/demo/generate.ts';
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

/** The notice to show beside data that came from the demo generator, or null for real data. */
export function demoNotice(db: Db): { vi: string; en: string } | null {
  return db.orm.get(sql`SELECT 1 FROM settings WHERE key = 'seeded'`) ? DEMO_NOTICE : null;
}
