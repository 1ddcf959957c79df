/**
 * The Store on PostgreSQL + PostGIS (node-postgres pool): what `OPSMAP_DATABASE_URL` selects.
 * Everything several servers must agree on lives in the database — sessions, tokens, sign-in
 * and request counters, the ward index's generation — and committed changes reach every
 * server through LISTEN/NOTIFY (./change-feed.ts), so any server can answer any request.
 */
import pg from 'pg';
import type { Store, StoreOptions } from '../store.ts';
import * as accounts from './accounts.ts';
import { pgDump } from './backup.ts';
import { ChangeFeed } from './change-feed.ts';
import { countFeatures, getRow, layerExtent, listRows, pointColumns, coordinates } from './feature-queries.ts';
import { createFeature, deleteFeature, importFeatures, restoreVersion, updateFeature, wardsAt, type WriteContext } from './feature-writes.ts';
import { auditLog, featureHistory } from './history.ts';
import { incidentCounts } from './incident-counts.ts';
import { bulkInsert, listBatches, undoBatch } from './bulk.ts';
import { migrate } from './migrate.ts';
import { openPool, type PoolOptions } from './pool.ts';
import { importReference, readReference, referenceLayerStats, referenceVersion } from './reference.ts';
import { postgresPrintJobs } from './print-jobs.ts';
import { postgresImportJobs } from './import-jobs.ts';
import { isKey } from './keys.ts';
import { pageOfRows } from '../rows.ts';
import { postgresPlanStore } from './plans.ts';
import { dbThrottle } from './throttle.ts';
import { dbSignInPairs } from './sign-in-pairs.ts';

export interface PostgresStore extends Store {
  readonly pool: pg.Pool;
  readonly url: string;
}

/** Connects, applies pending migrations, and returns the Store. */
export async function openPostgresStore(url: string, options: Partial<StoreOptions> & PoolOptions = {}): Promise<PostgresStore> {
  const pool = openPool(url, options);
  try {
    await migrate(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return postgresStore(pool, url, { borderDistanceM: options.borderDistanceM ?? 50 });
}

export function postgresStore(pool: pg.Pool, url: string, options: StoreOptions): PostgresStore {
  const feed = new ChangeFeed(pool, () => new pg.Client({ connectionString: url, application_name: 'opsmap-listen' }));
  const ctx: WriteContext = { pool, feed, borderDistanceM: options.borderDistanceM, wards: null };
  return {
    pool,
    url,
    options,
    printJobs: postgresPrintJobs(pool, feed.server),
    importJobs: postgresImportJobs(pool),
    plans: postgresPlanStore(pool, feed),
    serialized: (name, work) => serialized(pool, name, work),
    features: {
      list: (layer, q) => listRows(pool, layer, q),
      page: async (layer, q) => pageOfRows(await listRows(pool, layer, q)),
      get: async (layer, id) => (isKey(id) ? getRow(pool, layer, id) : null),
      points: (layer, q, props, opts) => pointColumns(pool, layer, q, props, opts),
      coordinates: (layer, q) => coordinates(pool, layer, q),
      extent: (layer) => layerExtent(pool, layer),
      count: (layer) => countFeatures(pool, layer),
      stamp: (layer) => feed.stamp(layer),
      incidentCounts: (q) => incidentCounts(pool, q),
      wards: () => wardsAt(ctx, pool),
    },
    writes: {
      create: (layer, f, actor) => createFeature(ctx, layer, f, actor),
      update: (layer, id, ifMatch, actor, change) => updateFeature(ctx, layer, id, ifMatch, actor, change),
      delete: (layer, id, ifMatch, actor) => deleteFeature(ctx, layer, id, ifMatch, actor),
      import: (layer, features, actor, opts) => importFeatures(ctx, layer, features, actor, opts),
      restore: (layer, id, version, actor, prepare) => restoreVersion(ctx, layer, id, version, actor, prepare),
      bulk: (layer, features, actor, opts) => bulkInsert(ctx, layer, features, actor, opts),
      bulkTakesRows: false,
      undoBatch: (batchId, actor) => undoBatch(ctx, batchId, actor),
    },
    history: {
      feature: async (layer, id) => (isKey(id) ? featureHistory(pool, layer, id) : []),
      batches: (limit) => listBatches(pool, limit),
      log: (q) => auditLog(pool, q),
    },
    reference: {
      import: (layer, features, opts) => importReference(pool, feed, layer, features, opts),
      read: (layer, bbox) => readReference(pool, layer, bbox),
      layers: () => referenceLayerStats(pool),
      stamp: () => feed.stamp('reference'),
      version: (layer) => referenceVersion(pool, layer),
    },
    accounts: {
      users: {
        byName: (name) => accounts.userByName(pool, name),
        byId: async (id) => (isKey(id) ? accounts.userById(pool, id) : null),
        list: () => accounts.listUsers(pool),
        count: () => accounts.countUsers(pool),
        create: (u) => accounts.insertUser(pool, u),
        update: async (id, change) => (isKey(id) ? accounts.updateUser(pool, id, change) : null),
        recordFailure: async (id, max, minutes, now) => (isKey(id) ? accounts.recordFailure(pool, id, max, minutes, now) : null),
        recordSuccess: async (id) => (isKey(id) ? accounts.recordSuccess(pool, id) : undefined),
      },
      sessions: {
        create: (s) => accounts.insertSession(pool, s),
        find: (idHash) => accounts.findSession(pool, idHash),
        delete: (idHash) => accounts.deleteSession(pool, idHash),
      },
      tokens: {
        create: (t) => accounts.insertToken(pool, t),
        find: (hash) => accounts.findToken(pool, hash),
        touch: async (id, at) => (isKey(id) ? accounts.touchToken(pool, id, at) : undefined),
        list: async (userId) => (isKey(userId) ? accounts.listTokens(pool, userId) : []),
        delete: async (id, userId) => isKey(id) && (userId === undefined || isKey(userId)) && accounts.deleteToken(pool, id, userId),
      },
      throttle: dbThrottle(pool),
      signInPairs: dbSignInPairs(pool),
    },
    requests: dbThrottle(pool, 'request'),
    settings: {
      get: async (key) => {
        const r = await pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
        return r.rows[0] ? JSON.parse(r.rows[0].value) : null;
      },
      set: async (key, value) => {
        await pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
      },
    },
    changes: {
      subscribe: (fn) => feed.subscribe(fn),
      stamp: () => feed.stamp('*'),
      announce: () => {},
    },
    backup: (out) => pgDump(pool, url, out),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: async () => {
      await feed.close();
      await pool.end();
    },
  };
}

/** Holds a session advisory lock named `name` on one connection while `work` runs on the pool. */
async function serialized<T>(pool: pg.Pool, name: string, work: () => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [`opsmap:${name}`]);
    return await work();
  } finally {
    await c.query('SELECT pg_advisory_unlock(hashtext($1))', [`opsmap:${name}`]).catch(() => {});
    c.release();
  }
}
