/**
 * Drizzle schema. Migrations are generated from it with `npm run db:generate`
 * (drizzle-kit) and committed; the R*Tree indexes and their triggers are a hand-written
 * migration because drizzle cannot declare virtual tables (drizzle-orm#2046).
 */
import { sqliteTable, integer, text, real, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
  },
  (t) => [index('features_collection_id').on(t.collection, t.id), index('features_collection_time').on(t.collection, t.tStart)],
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

/** Small key/value facts about this database (e.g. which seed it was built from). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
