/**
 * What the app is built from: route modules take these, never import them from app.ts.
 * `store` (server/db/store.ts) replaces `db` as callers move to the Store interface.
 */
import type { Config } from './config.ts';
import type { Db } from './db/open.ts';

export interface AppDeps {
  db: Db;
  config: Config;
}
