/**
 * The Store on SQLite (better-sqlite3): every method runs synchronously and returns a resolved
 * promise. One server process per database file: the change feed and the per-address request
 * count live in this process (sign-in counts are in the file, for the CLI's unlock); commits by other processes (the CLI) are seen through `PRAGMA data_version`.
 */
import { openDatabase, type Db, type DbOptions } from '../open.ts';
import { memoryPrintJobs } from '../print-jobs.ts';
import { sqliteImportJobs } from './import-jobs.ts';
import type { Store } from '../store.ts';
import { memoryThrottle } from '../../auth/limiter.ts';
import { sqliteSignInPairs, sqliteThrottle } from './sign-in.ts';
import * as accounts from './accounts.ts';
import { backupOpen } from './backup.ts';
import { incidentCounts } from './incident-counts.ts';
import { bulkInsert, listBatches, undoBatch } from './bulk.ts';
import { countFeatures, getRow, invalidateWards, layerExtent, layerStamp, listPage, listRows, pointColumns, coordinates, wardLookup } from './feature-queries.ts';
import { createFeature, deleteFeature, importFeatures, restoreVersion, updateFeature } from './feature-writes.ts';
import { auditLog, featureHistory } from './history.ts';
import { ReadThread } from './read-thread.ts';
import { statement } from './statements.ts';
import { getSetting, setSetting } from './settings.ts';
import { sqlitePlanStore } from './plans.ts';
import { importReference, readReference, referenceLayerStats, referenceStamp, referenceVersion } from './reference.ts';

/** A Store that also hands out its SQLite handle, for SQLite-only tools and tests. */
export interface SqliteStore extends Store {
  readonly db: Db;
}

export function openSqliteStore(file: string, options: Partial<DbOptions> = {}): SqliteStore {
  return sqliteStore(openDatabase(file, options));
}

/** The Store over an open database. */
export function sqliteStore(db: Db): SqliteStore {
  // Started by the first list or page asked for (the map's tiles read through list: the thread is
  // up before the first page; a command-line tool mostly never asks), not for a database in memory.
  let reader: ReadThread | null | undefined;
  const readThread = () => (reader === undefined ? (reader = db.sqlite.memory || db.sqlite.readonly ? null : new ReadThread(db.sqlite.name)) : reader);
  return {
    db,
    options: db.options,
    printJobs: memoryPrintJobs(),
    importJobs: sqliteImportJobs(db),
    plans: sqlitePlanStore(db),
    serialized: (_name, work) => work(),
    features: {
      list: async (layer, q) => {
        readThread();
        return listRows(db, layer, q);
      },
      page: (layer, q) => listPage(db, layer, q, readThread()),
      get: async (layer, id) => getRow(db, layer, id),
      points: async (layer, q, props, opts) => pointColumns(db, layer, q, props, opts),
      coordinates: async (layer, q) => coordinates(db, layer, q),
      extent: async (layer) => layerExtent(db, layer),
      count: async (layer) => countFeatures(db, layer),
      stamp: async (layer) => layerStamp(db, layer),
      incidentCounts: async (q) => incidentCounts(db, q),
      wards: async () => wardLookup(db),
    },
    writes: {
      create: async (layer, f, actor) => createFeature(db, layer, f, actor),
      update: async (layer, id, ifMatch, actor, change) => updateFeature(db, layer, id, ifMatch, actor, change),
      delete: async (layer, id, ifMatch, actor) => deleteFeature(db, layer, id, ifMatch, actor),
      import: async (layer, features, actor, opts) => importFeatures(db, layer, features, actor, opts),
      restore: async (layer, id, version, actor, prepare) => restoreVersion(db, layer, id, version, actor, prepare),
      bulk: async (layer, features, actor, opts) => bulkInsert(db, layer, features, actor, opts),
      bulkTakesRows: true,
      undoBatch: async (batchId, actor) => undoBatch(db, batchId, actor),
    },
    history: {
      feature: async (layer, id) => featureHistory(db, layer, id),
      batches: async (limit) => listBatches(db, limit),
      log: async (q) => auditLog(db, q),
    },
    reference: {
      import: async (layer, features, opts) => importReference(db, layer, features, opts),
      read: async (layer, bbox) => readReference(db, layer, bbox),
      layers: async () => referenceLayerStats(db),
      stamp: async () => referenceStamp(db),
      version: async (layer) => referenceVersion(db, layer),
    },
    accounts: {
      users: {
        byName: async (name) => accounts.userByName(db, name),
        byId: async (id) => accounts.userById(db, id),
        list: async () => accounts.listUsers(db),
        count: async () => accounts.countUsers(db),
        create: async (u) => accounts.insertUser(db, u),
        update: async (id, change) => accounts.updateUser(db, id, change),
        recordFailure: async (id, max, minutes, now) => accounts.recordFailure(db, id, max, minutes, now),
        recordSuccess: async (id) => accounts.recordSuccess(db, id),
      },
      sessions: {
        create: async (s) => accounts.insertSession(db, s),
        find: async (idHash) => accounts.findSession(db, idHash),
        delete: async (idHash) => accounts.deleteSession(db, idHash),
      },
      tokens: {
        create: async (t) => accounts.insertToken(db, t),
        find: async (hash) => accounts.findToken(db, hash),
        touch: async (id, at) => accounts.touchToken(db, id, at),
        list: async (userId) => accounts.listTokens(db, userId),
        delete: async (id, userId) => accounts.deleteToken(db, id, userId),
      },
      throttle: sqliteThrottle(db),
      signInPairs: sqliteSignInPairs(db),
    },
    requests: memoryThrottle(),
    settings: {
      get: async (key) => getSetting(db, key),
      set: async (key, value) => setSetting(db, key, value),
    },
    changes: {
      subscribe: (fn) => db.bus.subscribe(fn),
      stamp: async () => String(statement(db, 'PRAGMA data_version').pluck().get()), // prepared once: pragma() compiles it on every request
      announce: (changes) => {
        // Committed by another connection (an import thread): a ward change there makes this
        // connection's ward index stale, as its own ward writes do.
        if (changes.some((c) => c.collection === 'wards')) invalidateWards(db);
        db.bus.publish(changes);
      },
    },
    backup: (out) => backupOpen(db.sqlite, out),
    ping: async () => {
      db.sqlite.prepare('SELECT 1').get();
    },
    close: async () => {
      await reader?.close();
      db.sqlite.close();
    },
  };
}
