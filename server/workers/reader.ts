/**
 * The store a worker thread reads through, so that the rows of a print, a plan book, an export
 * or a hot-spot analysis are read and parsed on that thread rather than the one answering
 * requests (`npm run bench -- event-loop`):
 *  - SQLite: the worker opens its own read-only connection to the file (better-sqlite3 reads are
 *    synchronous: 200,000 rows read on the request thread held every other request for seconds);
 *  - PostgreSQL: the worker opens its own pool of ONE connection (node-postgres parses every row
 *    on the thread that asked: 200,000 rows are about a second of it). One connection per thread
 *    keeps the count small (OPSMAP_WORKERS more than the server's pool); its reads queue on it.
 *    It does not migrate (the server did) and does not LISTEN (it keeps no caches).
 * One store per thread and location, kept while the thread lives.
 */
import { openReader } from '../db/open.ts';
import { sqliteStore, type SqliteStore } from '../db/sqlite/store.ts';
import type { Store } from '../db/store.ts';
import { isPostgresUrl } from '../db/location.ts';

const readers = new Map<string, Promise<Store>>();


async function open(location: string): Promise<Store> {
  if (!isPostgresUrl(location)) return sqliteStore(openReader(location));
  // Loaded only on PostgreSQL: a SQLite deployment's threads never load node-postgres.
  const [{ openPool }, { postgresStore }] = await Promise.all([import('../db/postgres/pool.ts'), import('../db/postgres/store.ts')]);
  return postgresStore(openPool(location, { max: 1 }), location, { borderDistanceM: 50 });
}

/** The store reading `location`: a SQLite file or a postgres:// URL (as readerLocation gives). */
export function readerStore(location: string): Promise<Store> {
  let s = readers.get(location);
  if (!s) {
    readers.set(location, (s = open(location)));
    s.catch(() => readers.delete(location));
  }
  return s;
}

/**
 * Where a worker can read for itself what `store` holds: the SQLite file, or the PostgreSQL URL;
 * null for a store no other thread can open (an in-memory SQLite database).
 */
export function readerLocation(store: Store): string | null {
  const db = (store as Partial<SqliteStore>).db;
  if (db) return db.sqlite.memory ? null : db.sqlite.name;
  const url = (store as { url?: unknown }).url;
  return typeof url === 'string' && isPostgresUrl(url) ? url : null;
}
