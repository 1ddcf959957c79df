/**
 * Builds the real Hono app on a real, temporary SQLite file, for API tests that call
 * app.request() with no server and no port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { Db } from '../../server/db/open.ts';
import { openSqliteStore, type SqliteStore } from '../../server/db/sqlite/store.ts';
import { insertToken, insertUser } from '../../server/db/sqlite/accounts.ts';
import { newToken } from '../../server/auth/accounts.ts';
import { hashPasswordSync } from '../../server/auth/password.ts';
import { ROLES, type Role } from '../../server/auth/roles.ts';

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
  store: SqliteStore;
  /** The store's SQLite handle, for tests that look at the tables themselves. */
  db: Db;
  config: Config;
  dir: string;
  /** One user per role, named after it (admin, planner, commander, viewer). */
  users: Record<Role, TestUser>;
  /** app.request with JSON helpers; as admin unless `as` says otherwise or an Authorization header is given. */
  req(path: string, init?: RequestInit & { json?: unknown; as?: As }): Promise<Response>;
  close(): void;
}

export function makeTestApp(env: Record<string, string> = {}): TestApp {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-test-'));
  const config = loadConfig({ OPSMAP_DB: join(dir, 'test.sqlite'), OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '0', ...env });
  const store = openSqliteStore(config.dbFile, { borderDistanceM: config.borderDistanceM });
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
  return {
    app,
    store,
    db,
    config,
    dir,
    users,
    req(path, init = {}) {
      const { json, as = 'admin', ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      if (as !== 'anonymous' && !headers.has('authorization') && !headers.has('cookie')) headers.set('authorization', `Bearer ${users[as].token}`);
      return Promise.resolve(app.request(`http://localhost${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body }));
    },
    close() {
      db.sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
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
