/**
 * The one data-access seam: everything opsmap does with a database, as an async interface.
 * server/db/sqlite/ implements it on better-sqlite3 (resolved promises), server/db/postgres/
 * on node-postgres + PostGIS. Nothing outside server/db/ runs SQL; routes, printing, imports,
 * tiles and the command line get a `Store` (deps.store) and await it.
 *
 * What is NOT here: checking a feature against its layer's contract, rewinding rings and
 * deriving ward_code / on_border. That is "preparing a feature" and happens before the store
 * (server/features/prepare.ts), so a store receives only valid, complete features. The store
 * provides the wards it needs (`features.wards()`), and re-derives points itself when wards
 * change, in the same transaction.
 *
 * Writes: each is one transaction together with its audit row(s), and the changes are
 * announced on `changes` only after the commit.
 */
import type { Feature, GeoJsonProperties, Geometry, Position } from 'geojson';
import type { Change, StoredFeature as WireFeature } from '../../core/api/types.ts';
import type { LayerId } from '../../core/layers.ts';
import type { WardFeature } from '../../core/geometry/derive.ts';
import type { TimeRange } from '../../core/time/interval.ts';
import type { PrintJobs } from './print-jobs.ts';
import type { ImportJobStore } from './import-jobs.ts';
import type { PlanStore } from './plans.ts';
import type { CompactColumns } from './compact-columns.ts';

export { StoreError } from './errors.ts';
export type { TimeRange };

// ---- the interface -------------------------------------------------------------

export interface Store {
  /** Reading operational features (the five layers). */
  readonly features: FeatureReads;
  /** Changing operational features, each write audited. */
  readonly writes: FeatureWrites;
  /** The audit trail. */
  readonly history: History;
  /** Roads and places of interest drawn beneath the operational layers (no audit, no versions). */
  readonly reference: ReferenceLayers;
  /** Users, sessions, API tokens and sign-in throttling. */
  readonly accounts: Accounts;
  /** Small key/value facts about this database (e.g. `seeded`). */
  readonly settings: Settings;
  /**
   * API requests counted per address (the per-minute limit). In this process on SQLite — a
   * write per request would wait on every import's lock — and in the database on PostgreSQL.
   */
  readonly requests: Throttle;
  /** Committed feature changes, from this process and (where the backend can) every other server. */
  readonly changes: ChangeFeed;
  /** Options the store was opened with. */
  readonly options: StoreOptions;
  /** Background print jobs and their PDFs, visible to every server where the backend is shared. */
  readonly printJobs: PrintJobs;
  /** Import jobs (server/io/import-jobs.ts), in a table every server of the database reads. */
  readonly importJobs: ImportJobStore;
  /** Polling-station plans (versioned, audited) and election-day reports (./plans.ts). */
  readonly plans: PlanStore;
  /**
   * Runs `work` while no other server on this database runs work of the same name: first-start
   * steps (seeding the demo, creating the first admin) when several servers start together.
   * One process per SQLite file: there it simply runs.
   */
  serialized<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Resolves when the database answers a trivial query (the health check); rejects when it does not. */
  ping(): Promise<void>;
  /** A consistent copy of the whole database while it stays in use; what `out` means is the backend's (a file for SQLite). */
  backup(out: string): Promise<BackupInfo>;
  /** Ends every subscription and closes the connection(s). */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Distance (m) from a ward or district border within which a checkpoint counts as on the border. */
  borderDistanceM: number;
  /**
   * SQLite only: how long a write waits for another connection's write lock (an import thread,
   * a command-line tool) before it is refused as busy. The wait blocks the thread it runs on.
   */
  writeLockWaitMs?: number;
}

export interface FeatureReads {
  /**
   * One page of a layer's features matching a query (in id order), and how many match in all.
   * A bbox keeps features whose geometry (not merely its envelope) meets the box. `limit`
   * defaults to 10,000. Rows keep the stored JSON text: the feature API writes pages without
   * parsing them (see ./rows.ts for turning a row into a feature or GeoJSON text).
   */
  list(layer: LayerId, q?: ListQuery): Promise<{ rows: FeatureRow[]; numberMatched: number }>;
  /** The same page as GeoJSON text, for the items API: what `list` gives, joined by pageOfRows (./rows.ts) or by the database itself. */
  page(layer: LayerId, q?: ListQuery): Promise<FeaturePage>;
  /** One feature, or null when the layer has no feature with that id. */
  get(layer: LayerId, id: number): Promise<FeatureRow | null>;
  /**
   * Coordinates and a few scalar properties of a point layer's features matching a query, as
   * columns, in no particular order: the input of analyses over a million incidents without
   * building a feature each. `props` may name `day` (the Hanoi day of an instant layer's time,
   * a stored column: see indexed-columns.ts POINT_COLUMNS).
   */
  points(layer: LayerId, q: Omit<ListQuery, 'limit' | 'offset'>, props: string[], opts?: PointOptions): Promise<PointColumns>;
  /**
   * Interleaved lon, lat of a point layer's features matching a query, in no particular order:
   * what hot spots read of a month of a million incidents, in one array (16 MB) and no other.
   */
  coordinates(layer: LayerId, q: Omit<ListQuery, 'limit' | 'offset'>): Promise<Float64Array>;
  /** Bounding box and time range of a layer, for collection metadata. */
  extent(layer: LayerId): Promise<LayerExtent>;
  /** Number of features in a layer, or in all layers when none is given. */
  count(layer?: LayerId): Promise<number>;
  /** A string that changes whenever the layer's content changes (for caches of derived results, e.g. crossings). */
  stamp(layer: LayerId): Promise<string>;
  /**
   * Incidents counted per Hanoi day and category and per ward and category, over the whole
   * layer and a time window: the commander's chart, ward summary and choropleth at any size.
   */
  incidentCounts(q: IncidentCountQuery): Promise<IncidentCounts>;
  /** The wards as they are now, indexed, for deriving ward_code / on_border before a write. */
  wards(): Promise<WardLookup>;
}

export interface FeatureWrites {
  /** Inserts a prepared feature as version 1. */
  create(layer: LayerId, feature: PreparedFeature, actor: Actor): Promise<StoredFeature>;
  /**
   * Changes feature `id` (PUT and PATCH): the row is read once, inside the transaction, and
   * checked (StoreError 'not_found', or 'conflict' unless it is still at version `ifMatch`);
   * then `change(current)` gives the prepared feature to write as the next version. `change`
   * is synchronous and may throw StoreError('invalid'), which writes nothing.
   */
  update(layer: LayerId, id: number, ifMatch: number, actor: Actor, change: (current: StoredFeature) => PreparedFeature): Promise<StoredFeature>;
  /** Deletes feature `id` if it is still at version `ifMatch`. */
  delete(layer: LayerId, id: number, ifMatch: number, actor: Actor): Promise<void>;
  /**
   * Writes many prepared features in one transaction (audited as 'import'); with `replace`,
   * the layer's current features are deleted (audited) in the same transaction.
   */
  import(layer: LayerId, features: PreparedFeature[], actor: Actor, opts?: { replace?: boolean }): Promise<ImportResult>;
  /**
   * Brings back the state feature `id` had at `version`, as a new version, or re-creates it
   * under the same id when it was deleted. `prepare` turns the recorded state into the
   * feature to write (inside the transaction; it may throw StoreError('invalid')).
   * StoreError 'not_found' when the feature has no such recorded version.
   */
  restore(layer: LayerId, id: number, version: number, actor: Actor, prepare: (state: FeatureBody) => PreparedFeature): Promise<StoredFeature>;
  /**
   * Writes a large batch in one transaction, reading `features` as it goes (a generator of a
   * million is never held whole), audited as ONE batch record (source, who, when, count) instead
   * of a copy per feature; announced as one change. If the iterable throws, nothing is written.
   */
  bulk(layer: LayerId, features: Iterable<PreparedFeature | BulkRow>, actor: Actor, opts: BulkOptions): Promise<BulkResult>;
  /**
   * Whether `bulk` may be given rows made before its transaction, on another thread (./bulk-row.ts):
   * SQLite (one writer); not PostgreSQL, which derives ward properties again inside its transaction.
   */
  readonly bulkTakesRows: boolean;
  /** Deletes every feature a batch wrote that still exists, and marks the batch undone (by whom, when). */
  undoBatch(batchId: number, actor: Actor): Promise<{ deleted: number }>;
}

export interface History {
  /** Every recorded change of one feature, oldest first. */
  feature(layer: LayerId, id: number): Promise<AuditEntry[]>;
  /** The bulk writes (imports, seeds), newest first. */
  batches(limit?: number): Promise<BatchRecord[]>;
  /** Changes of every feature, in order, by time window or after an entry id (for paging). */
  log(q?: AuditQuery): Promise<AuditEntry[]>;
}

export interface ReferenceLayers {
  /** Replaces a reference layer (or appends to it) in one transaction. */
  import(layer: ReferenceLayer, features: Feature[], opts?: { append?: boolean }): Promise<{ inserted: number; deleted: number }>;
  /** The layer's features in id order; with `bbox`, those whose box meets it. */
  read(layer: ReferenceLayer, bbox?: Bbox): Promise<Feature[]>;
  /** Count, extent and import time of each reference layer. */
  layers(): Promise<ReferenceLayerStats[]>;
  /** Changes whenever any reference layer may have changed, in this process or another; cheap enough for every tile request. */
  stamp(): Promise<string>;
  /** Changes with every import of this layer. */
  version(layer: ReferenceLayer): Promise<string>;
}

export interface Accounts {
  users: Users;
  sessions: Sessions;
  tokens: Tokens;
  /** Sign-in attempts counted per key (an address, an account name) in a window; in the database on both backends. */
  throttle: Throttle;
  /** What sign-in remembers of each account-and-address pair: its failures (growing delays) and whether it signed in lately. */
  signInPairs: SignInPairs;
}

export interface Users {
  byName(name: string): Promise<UserRow | null>;
  byId(id: number): Promise<UserRow | null>;
  /** Every user, by name. */
  list(): Promise<UserRow[]>;
  count(): Promise<number>;
  /** Inserts a user (the caller checked the name and hashed the password). */
  create(user: NewUserRow): Promise<UserRow>;
  /**
   * Changes a user; null when there is none. A new password hash, role or `disabled` ends
   * every session of the user in the same transaction; a new password hash also revokes their
   * API tokens.
   */
  update(id: number, change: UserChange): Promise<UserRow | null>;
  /**
   * Reserves a sign-in attempt as a failure, atomically, before the password is checked (so
   * parallel guesses are all counted): at `maxFailures` the account locks until now +
   * lockMinutes and the count starts again. Returns the user as it is after.
   */
  recordFailure(id: number, maxFailures: number, lockMinutes: number, now: Date): Promise<UserRow | null>;
  /** A good password: the reserved attempt, earlier failures and the lock cleared. */
  recordSuccess(id: number): Promise<void>;
}

export interface Sessions {
  /** Stores a session (by the hash of its cookie) and sweeps those that ended before `session.createdAt`. */
  create(session: SessionRow): Promise<void>;
  /** The session with this cookie hash and its user. */
  find(idHash: string): Promise<{ session: SessionRow; user: UserRow } | null>;
  delete(idHash: string): Promise<void>;
}

export interface Tokens {
  /** Stores a token (by its hash); returns its id. */
  create(token: Omit<TokenRow, 'id' | 'lastUsedAt'>): Promise<number>;
  /** The token with this hash and its user. */
  find(tokenHash: string): Promise<{ token: TokenRow; user: UserRow } | null>;
  /** Notes that the token was used at `at`. */
  touch(id: number, at: string): Promise<void>;
  /** A user's tokens, without their hashes, by id. */
  list(userId: number): Promise<Array<Omit<TokenRow, 'tokenHash'>>>;
  /** Revokes a token; with `userId`, only if it belongs to that user. Whether one was removed. */
  delete(id: number, userId?: number): Promise<boolean>;
}

/**
 * Fixed-window counters of failed sign-ins. The SQLite store keeps them in process memory (one
 * server per database file; a restart forgets them, the account lock does not); a shared
 * backend keeps them in the database so every server enforces the same limit. `hit` is one
 * atomic step, so "reserve an attempt" cannot be raced past the limit.
 */
export interface Throttle {
  /** Counts one event for `key`; returns the seconds to wait when it is over `limit`, else 0. */
  hit(key: string, limit: number, windowMs: number, now?: number): Promise<number>;
  /** Seconds to wait before `key` may try again (0: now), without counting. */
  check(key: string, limit: number, windowMs: number, now?: number): Promise<number>;
  reset(key: string): Promise<void>;
  /** Takes back one counted event (an attempt reserved as a failure that turned out good). */
  unhit(key: string, limit: number, windowMs: number): Promise<void>;
}

/** Seconds until a fixed window that began at `windowStart` (ms) ends: every Throttle's Retry-After. */
export const windowWait = (windowStart: number, windowMs: number, now: number) => Math.ceil((windowStart + windowMs - now) / 1000);

/**
 * Each account-and-address pair's sign-in record: failures since its last good password (the
 * pair's growing delays) and until when a good password exempts it from the account lock and
 * the limits (the owner at their usual address cannot be locked out by a guesser elsewhere).
 * Kept in the database, so a delay earned on server A holds on server B, an unlock on B lifts it
 * on A, and `npm run user -- unlock` (another process) lifts it on a running SQLite server.
 */
export interface SignInPairs {
  get(account: string, address: string): Promise<SignInPair | null>;
  /** Counts a failure at `now` (ms since the epoch); returns the pair as it is after. */
  fail(account: string, address: string, now: number): Promise<SignInPair>;
  /** A good password: failures cleared, the pair known until `knownUntil` (ms). */
  succeed(account: string, address: string, knownUntil: number): Promise<void>;
  /** An admin's unlock: every address's failures for the account forgotten (known pairs stay known). */
  forgive(account: string): Promise<void>;
}

/** Pairs neither failing nor known for this long are swept (ms): past every delay and every exemption. */
export const SIGN_IN_PAIR_FORGOTTEN_MS = 24 * 3600_000;

export interface SignInPair {
  failures: number;
  /** When the last failure was (ms; 0: none). */
  last: number;
  /** Until when a good password exempts the pair (ms; 0: not known). */
  knownUntil: number;
}

export interface Settings {
  get(key: string): Promise<unknown | null>;
  set(key: string, value: unknown): Promise<void>;
}

export interface ChangeFeed {
  /** Calls `fn` with each batch of committed changes; returns the unsubscribe function. */
  subscribe(fn: (changes: Change[]) => void): () => void;
  /**
   * Changes whenever any data may have changed, including commits no `subscribe` call saw
   * (another process on the same SQLite file). Caches compare it on each request.
   */
  stamp(): Promise<string>;
  /**
   * Tells this process's subscribers about changes that another connection of this process
   * committed (an import thread writes through a connection of its own). PostgreSQL's NOTIFY at
   * commit has told every server already; SQLite's bus lives in the connection that wrote.
   */
  announce(changes: Change[]): void;
}

// ---- what travels through it ---------------------------------------------------

export type Bbox = [number, number, number, number];

/** Who made a change, and from where: written to the audit trail. */
export interface Actor {
  name: string | null;
  address: string | null;
}

export interface ListQuery {
  bbox?: Bbox;
  datetime?: TimeRange;
  /** Equality on properties, e.g. {status: 'active'}; values already typed. */
  filters?: Record<string, string | number | boolean>;
  limit?: number;
  offset?: number;
}

/** A stored feature as the database holds it: properties and geometry as JSON text. */
export interface FeatureRow {
  id: number;
  collection: string;
  properties: string;
  geometry: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A page of features as the items API sends them: their GeoJSON texts (rowToJson) joined by commas, in UTF-8. */
export interface FeaturePage {
  /** The features' GeoJSON texts joined by commas (UTF-8). */
  features: Uint8Array;
  numberReturned: number;
  numberMatched: number;
  /**
   * Bytes of `features.buffer` just before and just after the texts that belong to this page
   * alone: the caller may write the collection around them there rather than copy the texts.
   */
  room?: { before: number; after: number };
}

/** A feature as stored and answered: the wire type (core/api/types.ts), with GeoJSON's own properties type on the server. */
export type StoredFeature = WireFeature<GeoJsonProperties>;

/** A feature checked against its layer's contract, rings rewound, derived properties set. */
export interface PreparedFeature {
  properties: Record<string, unknown>;
  geometry: Geometry;
}

/** What `restore` hands to `prepare`: a recorded state, derived properties included. */
export interface FeatureBody {
  type: 'Feature';
  geometry: Geometry;
  properties: Record<string, unknown>;
}

export interface PointOptions {
  /** false: `ids` may be left empty (a million ids cost a tenth of a second to hand over); count with lon.length. */
  ids?: boolean;
  /** Only these features (those that still exist): what a few edits changed, re-read by a cache that keeps counts. */
  only?: number[];
  /** At most this many points (which ones is the store's choice): a tile asks one more than it draws, to know it must aggregate. */
  limit?: number;
}

export interface PointColumns {
  ids: number[];
  lon: Float64Array;
  lat: Float64Array;
  values: Record<string, unknown[]>;
}

export interface LayerExtent {
  bbox: Bbox | null;
  /** Only for temporal layers with features; null ends are open. */
  interval: [string | null, string | null] | null;
}

/**
 * A prepared feature as a bulk write stores it: its JSON texts and the columns computed from it
 * (server/db/bulk-row.ts). Made where the feature was prepared, so a large import can make them on
 * a reading thread while the writing thread only writes.
 */
export interface BulkRow {
  row: true;
  properties: string;
  geometry: string;
  bbox: Bbox;
  tStart: string | null;
  tEnd: string | null;
  compact: CompactColumns;
}

/** The wards near a point, found through a spatial index (./ward-lookup.ts builds one). */
export interface WardLookup {
  /** Wards whose bounding box lies within `metres` of the point. */
  near(p: Position, metres: number): WardFeature[];
  /** The wards it was built from: another thread builds the same lookup from them (buildWardLookup). */
  readonly wards: ReadonlyArray<{ feature: WardFeature; bbox: Bbox }>;
}

export interface ImportResult {
  inserted: number;
  deleted: number;
  ids: number[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  address: string | null;
  action: string;
  collection: string;
  feature_id: number;
  /** Version after the change (before it, for a delete). */
  version: number;
  before: StoredFeature | null;
  after: StoredFeature | null;
}

export interface IncidentCountQuery {
  datetime?: TimeRange;
  categories?: readonly string[];
}

export interface IncidentCounts {
  /** Hanoi day (YYYY-MM-DD), category, count; days without incidents are absent. */
  byDay: { day: string; category: string; n: number }[];
  /** Ward code (null: outside every ward), category, count. */
  byWard: { ward_code: string | null; category: string; n: number }[];
}

export interface BulkOptions {
  /** What the batch came from: a file name, or e.g. "seed:city". */
  source: string;
  /** Called every `progressEvery` features (default 10,000) with the number written so far. */
  onProgress?: (written: number) => void;
  progressEvery?: number;
  /** Refuse more than this many features (nothing is written). */
  maxFeatures?: number;
  /** From this many rows on, a backend may rebuild its indexes once instead of per row (SQLite default 50,000). */
  suspendAt?: number;
}

export interface BulkResult {
  batchId: number;
  inserted: number;
  /** Ids run from firstId to lastId without gaps (one writer at a time). */
  firstId: number | null;
  lastId: number | null;
}

/** One bulk write, as the audit trail records it. */
export interface BatchRecord {
  id: number;
  at: string;
  actor: string | null;
  address: string | null;
  collection: string;
  source: string;
  inserted: number;
  deleted: number;
  undone_at: string | null;
  undone_by: string | null;
}

export interface AuditQuery {
  since?: string;
  until?: string;
  limit?: number;
  afterId?: number;
}

/** One committed change, as announced to live maps and caches (the wire type, core/api/types.ts). */
export type { Change };

export const REFERENCE_LAYERS = ['roads', 'pois'] as const;
export type ReferenceLayer = (typeof REFERENCE_LAYERS)[number];

export interface ReferenceLayerStats {
  id: ReferenceLayer;
  count: number;
  bbox: Bbox | null;
  imported_at: string | null;
}

export interface UserRow {
  id: number;
  name: string;
  passwordHash: string;
  role: string;
  /** JSON {wards?: string[], district?: string}, or null: everywhere. */
  scope: string | null;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewUserRow = Pick<UserRow, 'name' | 'passwordHash' | 'role' | 'scope'>;
export type UserChange = Partial<Pick<UserRow, 'role' | 'passwordHash' | 'disabled' | 'scope' | 'failedLogins' | 'lockedUntil'>>;

export interface SessionRow {
  /** SHA-256 of the cookie: a copied database holds no live session. */
  id: string;
  userId: number;
  csrf: string;
  createdAt: string;
  expiresAt: string;
  address: string | null;
}

export interface TokenRow {
  id: number;
  userId: number;
  name: string;
  /** SHA-256 of the token. */
  tokenHash: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface BackupInfo {
  /** Where the copy is. */
  file: string;
  features: number;
  users: number;
  audit: number;
}

