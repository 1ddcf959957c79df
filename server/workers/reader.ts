/**
 * The store a worker thread reads through. A SQLite server's worker opens its own read-only
 * connection to the file (better-sqlite3 reads are synchronous: 200,000 rows read on the request
 * thread held every other request for seconds, `npm run bench -- event-loop`). One per thread
 * and file, kept while the thread lives.
 */
import { openReader } from '../db/open.ts';
import { sqliteStore, type SqliteStore } from '../db/sqlite/store.ts';
import type { Store } from '../db/store.ts';

const readers = new Map<string, Store>();

export function readerStore(file: string): Store {
  let s = readers.get(file);
  if (!s) readers.set(file, (s = sqliteStore(openReader(file))));
  return s;
}

/**
 * The file a worker can read for itself when the store is a SQLite file; null otherwise
 * (PostgreSQL: its reads do not hold the request thread, rows arrive as the socket delivers them).
 */
export function readerFile(store: Store): string | null {
  const db = (store as Partial<SqliteStore>).db;
  return db && !db.sqlite.memory ? db.sqlite.name : null;
}
