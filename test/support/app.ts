/**
 * Builds the real Hono app on a real, temporary database, for API tests that call
 * app.request() with no server and no port: a SQLite file, or with OPSMAP_TEST_BACKEND=postgres
 * a new PostgreSQL database on the run's throwaway cluster — the same test files run on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { SERVER_WRITE_LOCK_WAIT_MS, type Db } from '../../server/db/open.ts';
import { openSqliteStore, type SqliteStore } from '../../server/db/sqlite/store.ts';
import { insertToken, insertUser } from '../../server/db/sqlite/accounts.ts';
import { newToken } from '../../server/auth/accounts.ts';
import { hashPasswordSync } from '../../server/auth/password.ts';
import { ROLES, type Role } from '../../server/auth/roles.ts';
import type { Store } from '../../server/db/store.ts';
import { openPool } from '../../server/db/postgres/pool.ts';
import { postgresStore } from '../../server/db/postgres/store.ts';
import { migratedDatabaseSync, psqlSync } from './postgres.ts';

/** Which backend the API tests run on (OPSMAP_TEST_BACKEND=postgres: PostgreSQL + PostGIS). */
export const TEST_BACKEND: 'sqlite' | 'postgres' = process.env.OPSMAP_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
/** For the few tests about SQLite itself (its file, its tables): `it.skipIf(!onSqlite)`. */
export const onSqlite = TEST_BACKEND === 'sqlite';

/** Whom a test request is sent as: a user of that role (by API token), or nobody. */
export type As = Role | 'anonymous';

export interface TestUser {
  id: number;
  name: string;
  password: string;
  /** API token, sent as `Authorization: Bearer`. */
  token: string;
}

/** Cheap scrypt for test accounts (the stored hash carries its parameters; production uses DEFAULT_COST). */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface TestApp {
  app: ReturnType<typeof createApp>;
  store: Store;
  /** The store's SQLite handle, for tests that look at the tables themselves (SQLite only: see onSqlite). */
  db: Db;
  config: Config;
  dir: string;
  /** One user per role, named after it (admin, planner, commander, viewer). */
  users: Record<Role, TestUser>;
  /**
   * One SQL statement on the test database, on either backend (`?` placeholders), for tests
   * that look at or set up the tables themselves: the rows of a query, [] for other statements.
   */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** app.request with JSON helpers; as admin unless `as` says otherwise or an Authorization header is given. */
  req(path: string, init?: RequestInit & { json?: unknown; as?: As }): Promise<Response>;
  close(): void;
}

export function makeTestApp(env: Record<string, string> = {}): TestApp {
  return TEST_BACKEND === 'postgres' ? makePostgresTestApp(env) : makeSqliteTestApp(env);
}

function makeSqliteTestApp(env: Record<string, string>): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-test-'));
  const config = loadConfig({ OPSMAP_DB: join(dir, 'test.sqlite'), OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '0', ...env });
  const store = openSqliteStore(config.dbFile, { borderDistanceM: config.borderDistanceM, writeLockWaitMs: SERVER_WRITE_LOCK_WAIT_MS });
  const { db } = store;
  // Set up synchronously through the SQLite functions, so that makeTestApp() needs no await.
  const users = Object.fromEntries(
    ROLES.map((role) => {
      const password = `${role}-password-1`;
      const u = insertUser(db, { name: role, role, passwordHash: hashPasswordSync(password, TEST_SCRYPT), scope: null });
      const { token, row } = newToken(u.id, 'tests');
      insertToken(db, row);
      return [role, { id: u.id, name: role, password, token }];
    }),
  ) as Record<Role, TestUser>;
  const app = createApp({ store, config });
  let closed = false;
  return {
    app,
    store,
    db,
    config,
    dir,
    users,
    req: requester(app, users),
    async sql<T>(text: string, params: unknown[] = []) {
      const stmt = db.sqlite.prepare(text);
      if (stmt.reader) return stmt.all(...params) as T[];
      stmt.run(...params);
      return [];
    },
    close() {
      if (closed) return;
      closed = true;
      db.sqlite.close();
      // The store's items read thread (server/db/sqlite/read-thread.ts) may have the file open still:
      // removing the directory before it ends raced with its files (ENOTEMPTY, once in a CI run).
      const remove = () => rmSync(dir, { recursive: true, force: true });
      void store.close().then(remove, remove);
    },
  };
}

/**
 * The same on PostgreSQL, still synchronous: the database is cloned from the run's migrated
 * template with psql, the test users are written with psql, and the pool connects lazily.
 */
function makePostgresTestApp(env: Record<string, string>): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-test-'));
  const database = migratedDatabaseSync();
  const config = loadConfig({ OPSMAP_DB: join(dir, 'test.sqlite'), OPSMAP_DATABASE_URL: database.url, OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '0', ...env });
  const q = (v: string) => `$opsmap$${v}$opsmap$`;
  const at = new Date().toISOString();
  const hashes = ROLES.map((role) => hashPasswordSync(`${role}-password-1`, TEST_SCRYPT));
  const ids = psqlSync(database.url, `INSERT INTO users (name, password_hash, role, created_at, updated_at) VALUES ${ROLES.map((role, i) => `(${q(role)}, ${q(hashes[i])}, ${q(role)}, ${q(at)}, ${q(at)})`).join(', ')} RETURNING id`).split('\n').map(Number);
  const tokens = ids.map((id) => newToken(id, 'tests'));
  psqlSync(database.url, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ${tokens.map(({ row }) => `(${row.userId}, ${q(row.name)}, ${q(row.tokenHash)}, ${q(row.createdAt)})`).join(', ')}`);
  const users = Object.fromEntries(ROLES.map((role, i) => [role, { id: ids[i], name: role, password: `${role}-password-1`, token: tokens[i].token }])) as Record<Role, TestUser>;
  const store = postgresStore(openPool(database.url, { max: 4 }), database.url, { borderDistanceM: config.borderDistanceM });
  let closed = false;
  const app = createApp({ store, config });
  return {
    app,
    store,
    get db(): Db {
      throw new Error('This test reads SQLite tables directly: it runs on SQLite only (it.skipIf(!onSqlite)).');
    },
    config,
    dir,
    users,
    req: requester(app, users),
    async sql<T>(text: string, params: unknown[] = []) {
      let n = 0;
      return (await store.pool.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
    },
    close() {
      // Some tests close an app and their afterEach closes it again: the pool ends once.
      if (closed) return;
      closed = true;
      void store.close().then(() => database.drop());
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function requester(app: ReturnType<typeof createApp>, users: Record<Role, TestUser>): TestApp['req'] {
  return (path, init = {}) => {
    const { json, as = 'admin', ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    if (as !== 'anonymous' && !headers.has('authorization') && !headers.has('cookie')) headers.set('authorization', `Bearer ${users[as].token}`);
    return Promise.resolve(app.request(`http://localhost${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body }));
  };
}

/** A 2 km × 2 km square ward, with a neighbour to its east sharing the border at lon 105.79. */
export const WARD_A = {
  type: 'Feature',
  properties: { code: '00611', name: 'Phường Cổ Nhuế 1', district: 'Quận Bắc Từ Liêm', province: 'Thành phố Hà Nội', population: 40000 },
  geometry: { type: 'Polygon', coordinates: [[[105.77, 21.05], [105.79, 21.05], [105.79, 21.07], [105.77, 21.07], [105.77, 21.05]]] },
};
export const WARD_B = {
  type: 'Feature',
  properties: { code: '00598', name: 'Phường Xuân Đỉnh', district: 'Quận Bắc Từ Liêm', province: 'Thành phố Hà Nội' },
  geometry: { type: 'Polygon', coordinates: [[[105.79, 21.05], [105.81, 21.05], [105.81, 21.07], [105.79, 21.07], [105.79, 21.05]]] },
};

export const checkpoint = (lon: number, lat: number, props: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { name: 'Chốt Phạm Văn Đồng', kind: 'traffic', status: 'active', staff: 4, hours: '24/7', ...props },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});
