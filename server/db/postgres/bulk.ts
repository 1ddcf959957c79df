/**
 * Bulk writes on PostgreSQL, as server/db/sqlite/bulk.ts: one transaction, rows sent CHUNK at a
 * time through unnest(), ONE import_batches row as the audit entry, one change announced.
 */
import type { LayerId } from '../../../core/layers.ts';
import { StoreError } from '../errors.ts';
import type { Actor, BatchRecord, BulkOptions, BulkResult, BulkRow, PreparedFeature } from '../store.ts';
import { isBulkRow } from '../bulk-row.ts';
import { CHUNK, commit, rowOf, type Row, type WriteContext } from './feature-writes.ts';
import type pg from 'pg';

export function bulkInsert(ctx: WriteContext, layer: LayerId, features: Iterable<PreparedFeature | BulkRow>, actor: Actor, opts: BulkOptions): Promise<BulkResult> {
  const every = opts.progressEvery ?? 10_000;
  return commit(ctx, layer, async (c, at) => {
    const batchId = (await c.query<{ id: number }>('INSERT INTO import_batches (at, actor, address, collection, source, inserted) VALUES ($1, $2, $3, $4, $5, 0) RETURNING id', [at, actor.name, actor.address, layer, opts.source])).rows[0].id;
    // The kept incident counts (migration 0009) are added once at the end, not per chunk: per chunk,
    // this transaction would hold every touched day's counts locked for the whole import, and each
    // incident edit on those days would wait for it. set_config(…, true): this transaction only.
    if (layer === 'incidents') await c.query(`SELECT set_config('opsmap.incident_counts_deferred', 'on', true)`);
    let read = 0, inserted = 0, firstId: number | null = null, lastId: number | null = null;
    let chunk: Omit<Row, 'id'>[] = [];
    const flush = async () => {
      if (!chunk.length) return;
      const ids = (
        await c.query<{ id: number }>(
          `INSERT INTO features (collection, properties, geometry, minx, miny, maxx, maxy, t_start, t_end, version, created_at, updated_at, created_by, updated_by, batch_id)
           SELECT $1, u.p, u.g, u.x0, u.y0, u.x1, u.y1, u.t0, u.t1, 1, $2, $2, $3, $3, $4
           FROM unnest($5::text[], $6::text[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::text[], $12::text[]) AS u(p, g, x0, y0, x1, y1, t0, t1)
           RETURNING id`,
          [layer, at, actor.name, batchId, chunk.map((r) => r.props), chunk.map((r) => r.geom), ...[0, 1, 2, 3].map((j) => chunk.map((r) => r.bbox[j])), chunk.map((r) => r.tStart), chunk.map((r) => r.tEnd)],
        )
      ).rows.map((r) => r.id);
      for (const id of ids) {
        if (firstId === null || id < firstId) firstId = id;
        if (lastId === null || id > lastId) lastId = id;
      }
      inserted += ids.length;
      chunk = [];
    };
    for (const p of features) {
      read++;
      if (opts.maxFeatures !== undefined && read > opts.maxFeatures) throw new StoreError('invalid', `Nothing was imported: more than ${opts.maxFeatures} features (the configured cap).`);
      // Rows made before the transaction (read-ahead) would skip the ward derivation done here, inside it.
      if (isBulkRow(p)) throw new Error('PostgreSQL bulk writes take prepared features, not rows made before the transaction (writes.bulkTakesRows is false).');
      chunk.push(rowOf(ctx, c.wards, layer, p));
      if (chunk.length === CHUNK) await flush();
      if (every && read % every === 0) opts.onProgress?.(read);
    }
    await flush();
    if (layer === 'incidents') {
      await c.query(`SELECT set_config('opsmap.incident_counts_deferred', 'off', true)`);
      // Keys in order, as the triggers take them: concurrent upserts wait for each other, never deadlock.
      await c.query(
        `INSERT INTO incident_counts (day, ward_code, category, n)
           SELECT coalesce(day, ''), coalesce(ward_code, ''), coalesce(category, ''), count(*) FROM features WHERE batch_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
         ON CONFLICT (day, ward_code, category) DO UPDATE SET n = incident_counts.n + excluded.n`,
        [batchId],
      );
    }
    await c.query('UPDATE import_batches SET inserted = $1 WHERE id = $2', [inserted, batchId]);
    if (every) opts.onProgress?.(read);
    const changes = firstId === null ? [] : [{ collection: layer, id: firstId, action: 'import' as const, version: 1, at, actor: actor.name, batch: { id: batchId, count: inserted } }];
    return { result: { batchId, inserted, firstId, lastId }, changes };
  });
}

export async function listBatches(pool: pg.Pool, limit = 100): Promise<BatchRecord[]> {
  return (await pool.query<BatchRecord>('SELECT id, at, actor, address, collection, source, inserted, deleted, undone_at, undone_by FROM import_batches ORDER BY id DESC LIMIT $1', [limit])).rows;
}

export async function undoBatch(ctx: WriteContext, batchId: number, actor: Actor): Promise<{ deleted: number }> {
  const batch = (await ctx.pool.query<BatchRecord>('SELECT * FROM import_batches WHERE id = $1', [batchId])).rows[0];
  if (!batch) throw new StoreError('not_found', `There is no import batch ${batchId}.`);
  return commit(ctx, batch.collection as LayerId, async (c, at) => {
    const b = (await c.query<BatchRecord>('SELECT * FROM import_batches WHERE id = $1 FOR UPDATE', [batchId])).rows[0];
    if (b.undone_at) throw new StoreError('conflict', `Import batch ${batchId} was already undone at ${b.undone_at} by ${b.undone_by ?? 'unknown'}.`);
    const deleted = (await c.query('DELETE FROM features WHERE batch_id = $1', [batchId])).rowCount ?? 0;
    await c.query('UPDATE import_batches SET undone_at = $1, undone_by = $2 WHERE id = $3', [at, actor.name, batchId]);
    return { result: { deleted }, changes: [{ collection: b.collection, id: 0, action: 'delete' as const, version: 0, at, actor: actor.name, batch: { id: batchId, count: deleted } }] };
  });
}
