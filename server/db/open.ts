/**
 * Opens (and creates) the SQLite database, applies migrations, and returns the handle
 * every data-access function takes. WAL keeps readers going during writes and, with
 * transactions, loses no acknowledged write when the process is killed.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tileKey } from '../tiles/tile-key.ts';
import { ChangeBus } from './bus.ts';
import * as schema from './schema.ts';

export interface DbOptions {
  /** Distance (m) from a ward or district border within which a checkpoint counts as on the border. */
  borderDistanceM: number;
  /** How long a write waits for another connection's write lock; see StoreOptions. */
  writeLockWaitMs?: number;
}

/**
 * The server's own connection waits this long for a write lock, not the 5 s a tool waits: SQLite's
 * busy wait sleeps on the thread that answers every request, and an import thread can hold the lock
 * for a minute. A write that meets it is answered 503 with Retry-After at once (issue 15: no request
 * delays another by more than ~100 ms); short locks (a CLI's user change) are over well before.
 */
export const SERVER_WRITE_LOCK_WAIT_MS = 100;

export interface Db {
  sqlite: Database.Database;
  orm: BetterSQLite3Database<typeof schema>;
  /** Committed changes are announced here (live updates, tile caches). */
  bus: ChangeBus;
  options: DbOptions;
}

/**
 * A new database file is created readable by its owner only (0600): it holds password hashes
 * and every feature, and the umask made it world-readable (issue 15 #8). SQLite gives the
 * -wal and -shm files the mode of the database file.
 */
export function createPrivate(file: string): void {
  try {
    closeSync(openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export function openDatabase(file: string, options: Partial<DbOptions> = {}): Db {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
    createPrivate(file);
  }
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // durable against process crashes in WAL mode
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.round(options.writeLockWaitMs ?? 5000))}`);
  // 16 MiB of page cache (default 2 MiB): the upper levels of a city's R*Tree and indexes stay
  // in memory. Not more: the pages a cache keeps stay in the server's memory, and a single pass over
  // an index (the tiles' counts at start, a month's counts) filled 64 MiB with pages read once —
  // ~55 MB of the server's RSS after the usual screens, for no measurable gain in tile or page CPU
  // time; a page missed is re-read from the OS's file cache. A bulk import sets its own (bulk.ts).
  sqlite.pragma('cache_size = -16384');
  const orm = drizzle(sqlite, { schema });
  // Migration 0010 fills the tile key of existing points with the function the writes use.
  sqlite.function('opsmap_tile_key', { deterministic: true }, (lon, lat) => tileKey(Number(lon), Number(lat)));
  migrate(orm, { migrationsFolder: MIGRATIONS });
  return { sqlite, orm, bus: new ChangeBus(), options: { borderDistanceM: 50, ...options } };
}

/**
 * The settings of every read-only connection beside the server's (openReader below, and the plain-JS
 * items read thread, sqlite/read-thread-worker.mjs, which is handed them). 8 MiB of page cache: a
 * reader's reads (a month of incidents for hot spots, a layer to export, a plan book's rows, pages
 * of items) mostly walk their pages once, and the pages a cache keeps stay in the thread's memory
 * while it lives (with 64 MiB: ~55 MB more after a month's hot spots, and no faster).
 */
export const READER_PRAGMAS: readonly string[] = ['busy_timeout = 5000', 'cache_size = -8192'];

/**
 * A read-only connection to a database the server has opened (and migrated) already: for a
 * worker thread that reads beside the server (server/workers/reader.ts), so a read of 200,000
 * rows holds that thread rather than the one answering requests. WAL lets it read during writes.
 */
export function openReader(file: string, options: Partial<DbOptions> = {}): Db {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  for (const p of READER_PRAGMAS) sqlite.pragma(p);
  return { sqlite, orm: drizzle(sqlite, { schema }), bus: new ChangeBus(), options: { borderDistanceM: 50, ...options } };
}
