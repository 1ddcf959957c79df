/**
 * The Store backends a test runs on: SQLite always, PostgreSQL + PostGIS where a test cluster
 * can start (otherwise `skip`, with the message hasPostgres printed). Each `open` gives a fresh,
 * empty store and the function that closes and removes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../server/db/store.ts';
import { openPostgresStore } from '../../server/db/postgres/store.ts';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import { hasPostgres, testDatabase } from './postgres.ts';

export interface Backend {
  name: string;
  skip: boolean;
  open(): Promise<{ store: Store; close(): Promise<void> }>;
}

export const storeBackends = (): Backend[] => [
  {
    name: 'SQLite',
    skip: false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'opsmap-store-'));
      const store = openSqliteStore(join(dir, 'db.sqlite'));
      return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !hasPostgres(),
    async open() {
      const db = await testDatabase();
      const store = await openPostgresStore(db.url);
      return { store, close: async () => (await store.close(), await db.drop()) };
    },
  },
];
