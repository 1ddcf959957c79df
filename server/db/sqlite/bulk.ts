/**
 * Bulk writes on SQLite: many prepared features of one layer in one transaction through one
 * prepared statement, recorded as ONE audit entry (a row of import_batches: source, who, when,
 * counts) instead of a GeoJSON copy per feature, and announced on the bus as one change.
 * Features come from an iterable (a generator of a million incidents is written without holding
 * them), prepared (server/features/bulk.ts) or already made into rows (../bulk-row.ts, on an
 * import's reading thread); if the iterable throws (a bad feature found while preparing), the
 * whole batch rolls back. undoBatch deletes a batch.
 */
import type Database from 'better-sqlite3';
import type { LayerId } from '../../../core/layers.ts';
import { emptyBbox, unionBbox } from '../../../core/geometry/bbox.ts';
import { hilbert, hilbertCell } from '../../../core/geometry/hilbert.ts';
import type { CompactColumns } from '../compact-columns.ts';
import { StoreError } from '../errors.ts';
import type { Db } from '../open.ts';
import type { Actor, BatchRecord, BulkOptions, BulkResult, BulkRow, Change, PreparedFeature } from '../store.ts';
import { bulkRow, isBulkRow } from '../bulk-row.ts';
import { invalidateWards } from './feature-queries.ts';
import { rederivePoints } from './feature-writes.ts';

/** From this many rows on, a batch builds the B-tree indexes once at the end instead of row by row. */
const SUSPEND_AT = 50_000;
/** Page cache during a bulk write, in KiB as SQLite wants it negative: 384 MiB. */
const BULK_CACHE_KIB = -393_216;

/**
 * Triggers a large batch sets aside, doing their work itself: the layer's count and extent and the
 * incident counts summed here and written once, the R*Tree filled once at the end. Every layer's
 * R*Tree insert trigger goes, not only this layer's: each is evaluated (its WHEN) on every row.
 */
const SET_ASIDE = `name IN ('layer_stats_insert', 'incident_counts_insert') OR name GLOB 'features_rtree_*_insert'`;
/**
 * Indexes a large batch keeps: ids only grow, so its rows go at their end, next to each other,
 * which costs little row by row; rebuilding them would read the whole table once more each.
 */
const KEPT = `name IN ('features_collection_id', 'features_batch')`;

/**
 * For a large batch: drops the features table's secondary B-tree indexes and the insert triggers
 * above inside the transaction, and puts them back at the end from their own SQL (read from
 * sqlite_master, so they stay as the migrations define them). A sorted index build is several
 * times cheaper than a million random B-tree inserts, and an R*Tree filled in spatial order is
 * cheaper than one filled as the rows come (measured on 1,000,000 incidents: the write loop 39 s
 * with them, 17 s without). Only when the batch is at least half the table, so the rebuild stays
 * cheaper than what it saves. If the transaction fails, the DDL rolls back with it.
 */
class SuspendedIndexes {
  active = false;
  private saved: string[] = [];
  private n = 0;
  /** id, minx, miny, maxx, maxy of each row written while suspended: what the R*Tree gets at the end. */
  private rows = new Float64Array(0);
  private box = emptyBbox();
  private t0: string | null = null;
  private t1: string | null = null;
  /** Incidents per day, ward and category written while suspended (the incident_counts trigger's work). */
  private counts = new Map<string, number>();
  constructor(private db: Db, private layer: LayerId) {}

  suspend(): void {
    const rows = this.db.sqlite
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'features' AND sql IS NOT NULL AND ((type = 'index' AND NOT (${KEPT})) OR (type = 'trigger' AND (${SET_ASIDE})))`)
      .all() as { type: string; name: string; sql: string }[];
    // Rows written before the suspension are already counted by the triggers.
    for (const r of rows) {
      this.db.sqlite.exec(`DROP ${r.type === 'index' ? 'INDEX' : 'TRIGGER'} "${r.name}"`);
      this.saved.push(r.sql);
    }
    this.active = true;
  }

  extend(id: number, minx: number, miny: number, maxx: number, maxy: number, tStart: string | null, tEnd: string | null, c: CompactColumns): void {
    if (this.n === this.rows.length / 5) {
      const grown = new Float64Array(Math.max(5 * 65_536, this.rows.length * 2));
      grown.set(this.rows);
      this.rows = grown;
    }
    const o = this.n * 5;
    const r = this.rows;
    r[o] = id;
    r[o + 1] = minx;
    r[o + 2] = miny;
    r[o + 3] = maxx;
    r[o + 4] = maxy;
    this.n++;
    if (this.layer === 'incidents') {
      const key = `${c.day ?? ''}\u0000${c.ward_code ?? ''}\u0000${c.category ?? ''}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    unionBbox(this.box, [minx, miny, maxx, maxy]);
    const s = tStart ?? '', e = tEnd ?? '~';
    if (this.t0 === null || s < this.t0) this.t0 = s;
    if (this.t1 === null || e > this.t1) this.t1 = e;
  }

  /**
   * The rows written while suspended into the layer's R*Tree, in Hilbert order of their centres:
   * each insert then lands beside the one before, in nodes already in the cache (1,000,000
   * points: 6.0 s of CPU, against 9.5 s in strips of 0.01° of longitude and 9.7 s in id order).
   */
  private fillRtree(): void {
    const rtree = `features_rtree_${this.layer.replace('-', '_')}`;
    if (!this.n || !this.db.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(rtree)) return;
    const [x0, y0, x1, y1] = this.box;
    const r = this.rows;
    // key · 2^21 + row is exact in a double up to 2^21 rows; past that, sort row numbers by key.
    const packed = this.n <= 2 ** 21;
    const keys = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const k = hilbert(hilbertCell((r[i * 5 + 1] + r[i * 5 + 3]) / 2, x0, x1), hilbertCell((r[i * 5 + 2] + r[i * 5 + 4]) / 2, y0, y1));
      keys[i] = packed ? k * 2 ** 21 + i : k;
    }
    const order = packed ? keys.sort().map((k) => k % 2 ** 21) : Uint32Array.from({ length: this.n }, (_, i) => i).sort((a, b) => keys[a] - keys[b]);
    const insert = this.db.sqlite.prepare(`INSERT INTO "${rtree}" (id, minx, maxx, miny, maxy) VALUES (?, ?, ?, ?, ?)`);
    for (const i of order) insert.run(r[i * 5], r[i * 5 + 1], r[i * 5 + 3], r[i * 5 + 2], r[i * 5 + 4]);
  }

  restore(): void {
    if (!this.active) return;
    this.fillRtree();
    for (const q of this.saved) this.db.sqlite.exec(q);
    this.active = false;
    if (!this.n) return;
    const [minx, miny, maxx, maxy] = this.box;
    this.db.sqlite
      .prepare(
        `INSERT INTO layer_stats (collection, n, minx, miny, maxx, maxy, t0, t1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (collection) DO UPDATE SET n = n + excluded.n, rev = rev + 1,
           minx = min(coalesce(minx, excluded.minx), excluded.minx), miny = min(coalesce(miny, excluded.miny), excluded.miny),
           maxx = max(coalesce(maxx, excluded.maxx), excluded.maxx), maxy = max(coalesce(maxy, excluded.maxy), excluded.maxy),
           t0 = min(coalesce(t0, excluded.t0), excluded.t0), t1 = max(coalesce(t1, excluded.t1), excluded.t1)`,
      )
      .run(this.layer, this.n, minx, miny, maxx, maxy, this.t0, this.t1);
    const add = this.db.sqlite.prepare(
      `INSERT INTO incident_counts (day, ward_code, category, n) VALUES (?, ?, ?, ?) ON CONFLICT (day, ward_code, category) DO UPDATE SET n = n + excluded.n`,
    );
    for (const [key, n] of this.counts) add.run(...key.split('\u0000'), n);
  }
}

function statementsFor(db: Db) {
  let st = cache.get(db);
  if (!st) {
    st = {
      batch: db.sqlite.prepare('INSERT INTO import_batches (at, actor, address, collection, source, inserted) VALUES (?, ?, ?, ?, ?, 0)'),
      finish: db.sqlite.prepare('UPDATE import_batches SET inserted = ? WHERE id = ?'),
      insert: db.sqlite.prepare(
        `INSERT INTO features (collection, properties, geometry, minx, miny, maxx, maxy, t_start, t_end, version, created_at, updated_at, created_by, updated_by, batch_id, ward_code, category, status, day, severity, tile_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    cache.set(db, st);
  }
  return st;
}
const cache = new WeakMap<Db, { batch: Database.Statement; finish: Database.Statement; insert: Database.Statement }>();

/** Writes every feature of `features` into `layer` as one batch; see the module comment. */
export function bulkInsert(db: Db, layer: LayerId, features: Iterable<PreparedFeature | BulkRow>, actor: Actor, opts: BulkOptions): BulkResult {
  const st = statementsFor(db);
  const every = opts.progressEvery ?? 10_000;
  const at = new Date().toISOString();
  const isWards = layer === 'wards';
  let result!: BulkResult;
  let changes: Change[] = [];
  // A page cache big enough that a million-row transaction does not spill and re-spill the same
  // R*Tree pages into the WAL (measured: 2 GB written for a 0.7 GB file with the default).
  const cacheSize = db.sqlite.pragma('cache_size', { simple: true }) as number;
  db.sqlite.pragma(`cache_size = ${BULK_CACHE_KIB}`);
  // Each INSERT (NOT NULL checks, AUTOINCREMENT, triggers) keeps a statement journal of the pages
  // it changes that the transaction had already changed: 3 to 4 pages a row. Once it outgrows
  // 64 KiB it spills to a temporary FILE and stays one, so a million rows wrote ~14 GB of 4 KiB
  // pwrites (strace; ~20 s of system time). With temp_store = MEMORY it stays in memory and is
  // emptied after each statement. It must be set before the transaction begins.
  const tempStore = db.sqlite.pragma('temp_store', { simple: true }) as number;
  db.sqlite.pragma('temp_store = MEMORY');
  try {
    db.sqlite.transaction(() => {
      const batchId = Number(st.batch.run(at, actor.name, actor.address, layer, opts.source).lastInsertRowid);
      let read = 0, inserted = 0, firstId: number | null = null, lastId: number | null = null;
      const suspended = new SuspendedIndexes(db, layer);
      const tableRows = (db.sqlite.prepare('SELECT coalesce(sum(n), 0) AS n FROM layer_stats').get() as { n: number }).n;
      const suspendAt = Math.max(opts.suspendAt ?? SUSPEND_AT, Math.ceil(tableRows / 2));
      for (const p of features) {
        read++;
        if (read === suspendAt) suspended.suspend();
        if (opts.maxFeatures !== undefined && read > opts.maxFeatures)
          throw new StoreError('invalid', `Nothing was imported: more than ${opts.maxFeatures} features (the configured cap).`);
        if (every && read % every === 0) opts.onProgress?.(read);
        const r = isBulkRow(p) ? p : bulkRow(layer, p);
        const [minx, miny, maxx, maxy] = r.bbox;
        const { tStart, tEnd, compact: c } = r;
        const id = Number(
          st.insert.run(layer, r.properties, r.geometry, minx, miny, maxx, maxy, tStart, tEnd, at, at, actor.name, actor.name, batchId, c.ward_code, c.category, c.status, c.day, c.severity, c.tile_key).lastInsertRowid,
        );
        if (suspended.active) suspended.extend(id, minx, miny, maxx, maxy, tStart, tEnd, c);
        firstId ??= id;
        lastId = id;
        inserted++;
      }
      suspended.restore();
      st.finish.run(inserted, batchId);
      if (every) opts.onProgress?.(read);
      result = { batchId, inserted, firstId, lastId };
      changes = firstId === null ? [] : [{ collection: layer, id: firstId, action: 'import', version: 1, at, actor: actor.name, batch: { id: batchId, count: inserted } }];
      if (isWards && inserted) changes.push(...rederivePoints(db, at, `derived properties re-computed after an import of ${inserted} wards by ${actor.name ?? 'system'}`));
    }).immediate();
  } finally {
    db.sqlite.pragma(`cache_size = ${cacheSize}`);
    db.sqlite.pragma(`temp_store = ${tempStore}`);
  }
  if (isWards) invalidateWards(db);
  db.bus.publish(changes);
  return result;
}

/** The recorded batches, newest first. */
export function listBatches(db: Db, limit = 100): BatchRecord[] {
  return db.sqlite.prepare('SELECT id, at, actor, address, collection, source, inserted, deleted, undone_at, undone_by FROM import_batches ORDER BY id DESC LIMIT ?').all(limit) as BatchRecord[];
}

/**
 * Undoes a batch: deletes the features it wrote that still exist (edited ones too: their edits
 * stay in the audit trail) and marks the batch undone, in one transaction, announced as one change.
 */
export function undoBatch(db: Db, batchId: number, actor: Actor): { deleted: number } {
  const at = new Date().toISOString();
  let deleted = 0;
  let batch: BatchRecord | undefined;
  db.sqlite.transaction(() => {
    batch = db.sqlite.prepare('SELECT * FROM import_batches WHERE id = ?').get(batchId) as BatchRecord | undefined;
    if (!batch) throw new StoreError('not_found', `There is no import batch ${batchId}.`);
    if (batch.undone_at) throw new StoreError('conflict', `Import batch ${batchId} was already undone at ${batch.undone_at} by ${batch.undone_by ?? 'unknown'}.`);
    deleted = db.sqlite.prepare('DELETE FROM features WHERE batch_id = ?').run(batchId).changes;
    db.sqlite.prepare('UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?').run(at, actor.name, batchId);
  }).immediate();
  if (batch!.collection === 'wards') invalidateWards(db);
  db.bus.publish([{ collection: batch!.collection, id: 0, action: 'delete', version: 0, at, actor: actor.name, batch: { id: batchId, count: deleted } }]);
  return { deleted };
}
