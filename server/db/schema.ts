/**
 * Drizzle schema. Migrations are generated from it with `npm run db:generate`
 * (drizzle-kit) and committed; the R*Tree indexes and their triggers are a hand-written
 * migration because drizzle cannot declare virtual tables (drizzle-orm#2046).
 */
import { sqliteTable, integer, text, real, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

/** Operational features of the five layers. Properties and geometry are stored as GeoJSON text. */
export const features = sqliteTable(
  'features',
  {
    id: integer('id').primaryKey({ autoIncrement: true }), // AUTOINCREMENT: an id is never reused
    collection: text('collection').notNull(),
    properties: text('properties').notNull(), // JSON object, contract + derived properties
    geometry: text('geometry').notNull(), // GeoJSON geometry
    minx: real('minx').notNull(),
    miny: real('miny').notNull(),
    maxx: real('maxx').notNull(),
    maxy: real('maxy').notNull(),
    tStart: text('t_start'), // UTC ISO instant for `datetime` filtering (null: no time)
    tEnd: text('t_end'),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    createdBy: text('created_by'),
    updatedBy: text('updated_by'),
    /** The bulk import that wrote this row (import_batches.id), so a batch can be undone; null for single edits. */
    batchId: integer('batch_id'),
    // What the API filters, counts and draws on, as plain columns the store writes with every
    // write (server/db/compact-columns.ts): a count, a hot spot or a tile reads these and the
    // bounding box, never a row's JSON. (They were VIRTUAL generated columns until migration
    // 0006: SQLite then parsed each row's properties to read them, even through an index.)
    wardCode: text('ward_code'),
    category: text('category'),
    status: text('status'),
    /** Hanoi day (YYYY-MM-DD) of an instant layer's time (incidents' occurred_at); null elsewhere. */
    day: text('day'),
    /** An incident's severity (drawn and filtered on at street zoom); null elsewhere. */
    severity: integer('severity'),
    /** A point's tile key (server/tiles/tile-key.ts): a street-zoom tile is one range of features_tile_points. */
    tileKey: integer('tile_key'),
  },
  (t) => [
    index('features_collection_id').on(t.collection, t.id),
    index('features_batch').on(t.batchId),
    index('features_ward').on(t.collection, t.wardCode),
    index('features_status').on(t.collection, t.status),
    // Covering index for time windows, aggregates and hot spots: a pass over it reads time, place
    // and category of every incident in a window without touching a row's GeoJSON. It replaces
    // the former (collection, t_start) index, which is its prefix.
    // `day` too since migration 0007: the tiles' counts per cell, category and day read it here.
    index('features_time_points').on(t.collection, t.tStart, t.category, t.wardCode, t.day, t.minx, t.miny),
    // Covering index for street-zoom tiles of points (migration 0010): a tile is one range of keys,
    // and it holds all a point tile of incidents draws, so a tile of 4,000 reads no row and no JSON.
    index('features_tile_points').on(t.collection, t.tileKey, t.minx, t.miny, t.category, t.day, t.severity),
  ],
);

/**
 * One row per bulk write (an import or the seed): the file, who, when and how many. The audit
 * trail records the batch once here instead of a GeoJSON copy of each of its features.
 */
export const importBatches = sqliteTable('import_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  actor: text('actor'),
  address: text('address'),
  collection: text('collection').notNull(),
  source: text('source').notNull(), // file name, or e.g. 'seed:city'
  inserted: integer('inserted').notNull(),
  deleted: integer('deleted').notNull().default(0),
  /** When the batch was undone (its features deleted), and by whom. */
  undoneAt: text('undone_at'),
  undoneBy: text('undone_by'),
});

/**
 * Count and extent of each layer, kept by triggers in the same transaction as every write, so
 * collection metadata is a lookup instead of a scan. A delete that may shrink the extent marks
 * it stale; the next reader recomputes it once.
 */
export const layerStats = sqliteTable('layer_stats', {
  collection: text('collection').primaryKey(),
  n: integer('n').notNull().default(0),
  minx: real('minx'),
  miny: real('miny'),
  maxx: real('maxx'),
  maxy: real('maxy'),
  t0: text('t0'), // min(coalesce(t_start, '')): '' means some feature has no start
  t1: text('t1'), // max(coalesce(t_end, '~')): '~' means some feature has no end
  stale: integer('stale').notNull().default(0),
  /** Bumped by every insert, update and delete of the layer: what caches of derived results key on. */
  rev: integer('rev').notNull().default(0),
});

/**
 * Incidents counted per Hanoi day, ward and category, kept by triggers in the same transaction
 * as every write (migration 0006; a large bulk write adds its own counts at the end instead). The
 * commander's chart, ward summary and choropleth over whole days read these few thousand rows
 * instead of grouping a million. '' stands for a missing value (a key of a unique index).
 */
export const incidentCounts = sqliteTable(
  'incident_counts',
  {
    day: text('day').notNull(),
    wardCode: text('ward_code').notNull(),
    category: text('category').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [uniqueIndex('incident_counts_key').on(t.day, t.wardCode, t.category)],
);

/** Reference layers (roads, places) drawn beneath the operational layers. */
export const referenceFeatures = sqliteTable(
  'reference_features',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    layer: text('layer').notNull(), // 'roads' | 'pois'
    properties: text('properties').notNull(),
    geometry: text('geometry').notNull(),
    minx: real('minx').notNull(),
    miny: real('miny').notNull(),
    maxx: real('maxx').notNull(),
    maxy: real('maxy').notNull(),
    importedAt: text('imported_at').notNull(),
  },
  (t) => [index('reference_layer').on(t.layer)],
);

/**
 * Every change to a feature, written in the same transaction as the change:
 * who, when, from where, and the feature before and after (GeoJSON text).
 */
export const audit = sqliteTable(
  'audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor'),
    address: text('address'),
    action: text('action').notNull(), // create | update | delete | restore | import
    collection: text('collection').notNull(),
    featureId: integer('feature_id').notNull(),
    version: integer('version').notNull(), // version after the change (before it, for delete)
    before: text('before'),
    after: text('after'),
  },
  (t) => [index('audit_feature').on(t.collection, t.featureId), index('audit_at').on(t.at)],
);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(), // admin | planner | commander | viewer
    scope: text('scope'), // JSON {wards?: string[], district?: string} or null = everywhere
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: text('locked_until'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_name').on(t.name)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(), // SHA-256 of the cookie value: a stolen database holds no live session
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrf: text('csrf').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    address: text('address'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash)],
);

/**
 * Sign-in attempts counted per (limit and window, key), in the file rather than in the server's
 * memory so that `npm run user -- unlock` (another process) clears a running server's per-name
 * count too. Same rows as PostgreSQL's `counters`.
 */
export const signInCounters = sqliteTable(
  'sign_in_counters',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    windowStart: integer('window_start').notNull(), // ms since the epoch
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('sign_in_counters_key').on(t.key)],
);

/** Each account-and-address pair's failures (growing delays) and until when it is known (see SignInPairs). */
export const signInPairs = sqliteTable(
  'sign_in_pairs',
  {
    account: text('account').notNull(),
    address: text('address').notNull(),
    failures: integer('failures').notNull().default(0),
    last: integer('last').notNull().default(0), // ms since the epoch of the last failure
    knownUntil: integer('known_until').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.account, t.address] })],
);

/** Small key/value facts about this database (e.g. which seed it was built from). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * The written part of each polling station's plan (core/plan/written.ts), versioned like a
 * feature: `version` is the ETag, every save bumps it and writes a plan_audit row in the same
 * transaction. The derived part is computed on read, never stored.
 */
export const stationPlans = sqliteTable('station_plans', {
  stationId: integer('station_id').primaryKey(),
  version: integer('version').notNull(),
  plan: text('plan').notNull(), // JSON WrittenPlan
  status: text('status').notNull(), // draft | approved, for the readiness board without parsing
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** Every save or restore of a plan: who, when, from where, the plan before and after. */
export const planAudit = sqliteTable(
  'plan_audit',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor'),
    address: text('address'),
    action: text('action').notNull(), // update | restore
    stationId: integer('station_id').notNull(),
    version: integer('version').notNull(), // version after the change
    before: text('before'),
    after: text('after').notNull(),
  },
  (t) => [index('plan_audit_station').on(t.stationId, t.version)],
);

/** Election-day reports of a station (core/plan/election-day.ts): status, turnout, situation, resolved. */
export const stationReports = sqliteTable(
  'station_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stationId: integer('station_id').notNull(),
    type: text('type').notNull(),
    at: text('at').notNull(), // Hanoi timestamp the report is about
    body: text('body').notNull(), // JSON of the report's own fields
    incidentId: integer('incident_id'),
    actor: text('actor'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('station_reports_station').on(t.stationId, t.at)],
);
