/**
 * What the app is built from: route modules take these, never import them from app.ts.
 */
import type { Config } from './config.ts';
import type { Store } from './db/store.ts';

export interface AppDeps {
  /** All data access (server/db/store.ts): SQLite or PostgreSQL, the routes cannot tell. */
  store: Store;
  config: Config;
}
