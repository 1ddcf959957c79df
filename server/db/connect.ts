/**
 * Opens the Store a location names: a postgres:// URL opens PostgreSQL + PostGIS, anything
 * else is a SQLite file. The one place that chooses a backend.
 */
import { isPostgresUrl } from './location.ts';
import type { Store, StoreOptions } from './store.ts';
import { openSqliteStore } from './sqlite/store.ts';

export async function openStore(location: string, options: Partial<StoreOptions> = {}): Promise<Store> {
  // Loaded only when asked for: a SQLite deployment never loads node-postgres.
  if (isPostgresUrl(location)) return (await import('./postgres/store.ts')).openPostgresStore(location, options);
  return openSqliteStore(location, options);
}
