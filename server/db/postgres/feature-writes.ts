/**
 * Changing operational features in PostgreSQL. Each write is one transaction with its audit
 * row(s) and its NOTIFY; the change reaches this process's subscribers after the commit.
 *
 * Optimistic locking: the row is read FOR UPDATE and its version checked inside the
 * transaction, so two servers saving the same version cannot both win.
 *
 * Wards: a transaction that changes wards holds the wards' advisory lock exclusively and
 * re-derives every point in the same transaction; a write of a point holds it shared and
 * derives its ward inside the transaction from the wards as they are then (the ward index is
 * rebuilt when `ward_generation` moved). Prepared features arrive derived already, but
 * possibly against wards another server has changed since: deriving again under the lock is
 * what keeps every point's ward right with several servers writing.
 */
import type pg from 'pg';
import { LAYERS, type LayerId } from '../../../core/layers.ts';
import { geometryBbox } from '../../../core/geometry/validate.ts';
import { timeSpan } from '../../../core/time/in-force.ts';
import { checkVersion, StoreError } from '../errors.ts';
import { rowToFeature, rowToJson } from '../rows.ts';
import type { Actor, Change, FeatureBody, FeatureRow, ImportResult, PreparedFeature, StoredFeature, WardLookup } from '../store.ts';
import { derivedFor } from '../ward-lookup.ts';
import type { ChangeFeed } from './change-feed.ts';
import { allRows, getRow, loadWardLookup } from './feature-queries.ts';
import { featureHistory } from './history.ts';
import { transaction } from './tx.ts';

/** pg_advisory_xact_lock key of the wards (any constant shared by every opsmap server). */
const WARDS_LOCK = 0x77617264; // "ward"
/** Rows per multi-row statement in imports: well under the 65,535 parameters of one statement (arrays are one each). */
export const CHUNK = 5_000;

const now = () => new Date().toISOString();
const hasDerived = (layer: LayerId) => LAYERS[layer].derived.length > 0;

export interface WriteContext {
  pool: pg.Pool;
  feed: ChangeFeed;
  borderDistanceM: number;
  /** The ward index this process holds, and the ward generation it was built at. */
  wards: { generation: number; lookup: WardLookup } | null;
}

/** The ward index as of now, rebuilt when another transaction changed the wards (`generation`, read under the wards' lock). */
export async function wardsAt(ctx: WriteContext, c: Pick<pg.ClientBase, 'query'>, generation?: number): Promise<WardLookup> {
  generation ??= (await c.query<{ n: number }>('SELECT n FROM ward_generation')).rows[0].n;
  if (ctx.wards?.generation !== generation) ctx.wards = { generation, lookup: await loadWardLookup(c) };
  return ctx.wards.lookup;
}

export interface Row {
  id: number;
  props: string;
  geom: string;
  bbox: [number, number, number, number];
  tStart: string | null;
  tEnd: string | null;
}

/** The columns of a prepared feature, its derived properties taken again from `wards` (the wards as of this transaction). */
export function rowOf(ctx: WriteContext, wards: WardLookup | null, layer: LayerId, p: PreparedFeature): Omit<Row, 'id'> {
  let properties = p.properties;
  if (wards && hasDerived(layer) && p.geometry.type === 'Point') properties = { ...properties, ...derivedFor(wards, layer, p.geometry, ctx.borderDistanceM) };
  const { tStart, tEnd } = timeSpan(layer, properties);
  return { props: JSON.stringify(properties), geom: JSON.stringify(p.geometry), bbox: geometryBbox(p.geometry) as Row['bbox'], tStart, tEnd };
}

async function insertRow(ctx: WriteContext, c: Tx, layer: LayerId, p: PreparedFeature, actor: Actor, at: string, id?: number, version = 1): Promise<FeatureRow> {
  const r = rowOf(ctx, c.wards, layer, p);
  const cols = 'collection, properties, geometry, minx, miny, maxx, maxy, t_start, t_end, version, created_at, updated_at, created_by, updated_by';
  const values = [layer, r.props, r.geom, ...r.bbox, r.tStart, r.tEnd, version, at, at, actor.name, actor.name];
  const res =
    id === undefined
      ? await c.query<{ id: number }>(`INSERT INTO features (${cols}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`, values)
      : await c.query<{ id: number }>(`INSERT INTO features (id, ${cols}) VALUES ($15, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`, [...values, id]);
  return { id: res.rows[0].id, collection: layer, properties: r.props, geometry: r.geom, version, created_at: at, updated_at: at };
}

async function updateRow(ctx: WriteContext, c: Tx, layer: LayerId, old: FeatureRow, p: PreparedFeature, actor: Actor, at: string): Promise<FeatureRow> {
  const r = rowOf(ctx, c.wards, layer, p);
  const version = old.version + 1;
  await c.query(
    `UPDATE features SET properties = $1, geometry = $2, minx = $3, miny = $4, maxx = $5, maxy = $6, t_start = $7, t_end = $8, version = $9, updated_at = $10, updated_by = $11 WHERE id = $12`,
    [r.props, r.geom, ...r.bbox, r.tStart, r.tEnd, version, at, actor.name, old.id],
  );
  return { ...old, properties: r.props, geometry: r.geom, version, updated_at: at };
}

interface AuditRow {
  action: Change['action'];
  id: number;
  version: number;
  before: string | null;
  after: string | null;
}

/** Audit rows, many in one statement (an import writes one per feature). */
async function writeAudit(c: pg.ClientBase, layer: LayerId, actor: Actor, at: string, rows: AuditRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await c.query(
      `INSERT INTO audit (at, actor, address, action, collection, feature_id, version, before, after)
       SELECT $1, $2, $3, a.action, $4, a.id, a.version, a.before, a.after FROM unnest($5::text[], $6::int[], $7::int[], $8::text[], $9::text[]) AS a(action, id, version, before, after)`,
      [at, actor.name, actor.address, layer, part.map((r) => r.action), part.map((r) => r.id), part.map((r) => r.version), part.map((r) => r.before), part.map((r) => r.after)],
    );
  }
}

/**
 * After wards change: every point's derived properties against the new wards, in the same
 * transaction; those that changed get a new version (their ETag changes with them).
 */
async function rederivePoints(ctx: WriteContext, c: Tx, at: string, cause: string): Promise<Change[]> {
  await c.query('UPDATE ward_generation SET n = n + 1');
  ctx.wards = null;
  const wards = await wardsAt(ctx, c);
  const changes: Change[] = [];
  for (const layer of Object.keys(LAYERS) as LayerId[]) {
    if (!hasDerived(layer)) continue;
    const ids: number[] = [];
    const props: string[] = [];
    const audits: AuditRow[] = [];
    for (const r of await allRows(c, layer)) {
      const current = JSON.parse(r.properties);
      const geometry = JSON.parse(r.geometry);
      if (geometry.type !== 'Point') continue;
      const derived = derivedFor(wards, layer, geometry, ctx.borderDistanceM);
      if (Object.entries(derived).every(([k, v]) => current[k] === v)) continue;
      const next = JSON.stringify({ ...current, ...derived });
      ids.push(r.id);
      props.push(next);
      // Audited as a system change naming its cause, as on SQLite: history shows every version.
      audits.push({ action: 'update', id: r.id, version: r.version + 1, before: rowToJson(r), after: rowToJson({ ...r, properties: next, version: r.version + 1, updated_at: at }) });
      changes.push({ collection: layer, id: r.id, action: 'update', version: r.version + 1, at, actor: null });
    }
    await writeAudit(c, layer, { name: `system: ${cause}`, address: null }, at, audits);
    for (let i = 0; i < ids.length; i += CHUNK)
      await c.query(`UPDATE features f SET properties = u.p, version = f.version + 1, updated_at = $1 FROM unnest($2::int[], $3::text[]) AS u(id, p) WHERE f.id = u.id`, [at, ids.slice(i, i + CHUNK), props.slice(i, i + CHUNK)]);
  }
  return changes;
}

/** A transaction's connection, with the wards as of the transaction for layers that derive from them. */
export type Tx = pg.PoolClient & { wards: WardLookup | null };

export async function commit<T>(ctx: WriteContext, layer: LayerId, work: (c: Tx, at: string) => Promise<{ result: T; changes: Change[] }>): Promise<T> {
  const at = now();
  let wardsChanged = false;
  const out = await transaction(ctx.pool, async (client) => {
    const c = Object.assign(client, { wards: null as WardLookup | null });
    if (layer === 'wards') await c.query('SELECT pg_advisory_xact_lock($1)', [WARDS_LOCK]);
    else if (hasDerived(layer)) {
      // One round trip: the shared lock, then the generation read under it.
      const generation = (await c.query<{ n: number }>('SELECT n FROM (SELECT pg_advisory_xact_lock_shared($1)) l, ward_generation', [WARDS_LOCK])).rows[0].n;
      c.wards = await wardsAt(ctx, c, generation);
    }
    const done = await work(c, at);
    wardsChanged = done.changes.some((x) => x.collection === 'wards');
    if (wardsChanged) {
      const wardChanges = done.changes.filter((x) => x.collection === 'wards');
      const ids = wardChanges.slice(0, 5).map((x) => `${x.id} ${x.action}`).join(', ');
      const more = wardChanges.length > 5 ? ` and ${wardChanges.length - 5} more` : '';
      done.changes.push(...(await rederivePoints(ctx, c, at, `derived properties re-computed after wards ${ids}${more} by ${wardChanges[0].actor ?? 'system'}`)));
    }
    await ctx.feed.notify(c, done.changes);
    return done;
  }).catch((e: unknown) => {
    if (wardsChanged || layer === 'wards') ctx.wards = null; // built inside a transaction that did not commit
    throw e;
  });
  ctx.feed.committed(out.changes);
  return out.result;
}

export function createFeature(ctx: WriteContext, layer: LayerId, p: PreparedFeature, actor: Actor): Promise<StoredFeature> {
  return commit(ctx, layer, async (c, at) => {
    const row = await insertRow(ctx, c, layer, p, actor, at);
    await writeAudit(c, layer, actor, at, [{ action: 'create', id: row.id, version: 1, before: null, after: rowToJson(row) }]);
    return { result: rowToFeature(row), changes: [{ collection: layer, id: row.id, action: 'create', version: 1, at, actor: actor.name }] };
  });
}

export function updateFeature(ctx: WriteContext, layer: LayerId, id: number, ifMatch: number, actor: Actor, change: (current: StoredFeature) => PreparedFeature): Promise<StoredFeature> {
  return commit(ctx, layer, async (c, at) => {
    const old = checkVersion(await getRow(c, layer, id, true), layer, id, ifMatch);
    const row = await updateRow(ctx, c, layer, old, change(rowToFeature(old)), actor, at);
    await writeAudit(c, layer, actor, at, [{ action: 'update', id, version: row.version, before: rowToJson(old), after: rowToJson(row) }]);
    return { result: rowToFeature(row), changes: [{ collection: layer, id, action: 'update', version: row.version, at, actor: actor.name }] };
  });
}

export function deleteFeature(ctx: WriteContext, layer: LayerId, id: number, ifMatch: number, actor: Actor): Promise<void> {
  return commit(ctx, layer, async (c, at) => {
    const old = checkVersion(await getRow(c, layer, id, true), layer, id, ifMatch);
    await c.query('DELETE FROM features WHERE id = $1', [id]);
    await writeAudit(c, layer, actor, at, [{ action: 'delete', id, version: old.version, before: rowToJson(old), after: null }]);
    return { result: undefined, changes: [{ collection: layer, id, action: 'delete', version: old.version, at, actor: actor.name }] };
  });
}

/**
 * Many features in one transaction, inserted CHUNK rows per statement through unnest() with
 * ids drawn from the sequence first (the audit rows need them): 100,000 single-row INSERTs
 * would be 100,000 round trips.
 */
export function importFeatures(ctx: WriteContext, layer: LayerId, ready: PreparedFeature[], actor: Actor, opts: { replace?: boolean } = {}): Promise<ImportResult> {
  return commit(ctx, layer, async (c, at) => {
    const changes: Change[] = [];
    let deleted = 0;
    if (opts.replace) {
      const old = await allRows(c, layer, true);
      await c.query('DELETE FROM features WHERE collection = $1', [layer]);
      await writeAudit(c, layer, actor, at, old.map((r) => ({ action: 'delete', id: r.id, version: r.version, before: rowToJson(r), after: null })));
      for (const r of old) changes.push({ collection: layer, id: r.id, action: 'delete', version: r.version, at, actor: actor.name });
      deleted = old.length;
    }
    const ids: number[] = [];
    for (let i = 0; i < ready.length; i += CHUNK) {
      const part = ready.slice(i, i + CHUNK);
      const rows: Row[] = [];
      const newIds = (await c.query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('features', 'id'))::int AS id FROM generate_series(1, $1)`, [part.length])).rows;
      for (let k = 0; k < part.length; k++) rows.push({ id: newIds[k].id, ...rowOf(ctx, c.wards, layer, part[k]) });
      await c.query(
        `INSERT INTO features (id, collection, properties, geometry, minx, miny, maxx, maxy, t_start, t_end, version, created_at, updated_at, created_by, updated_by)
         SELECT u.id, $1, u.p, u.g, u.x0, u.y0, u.x1, u.y1, u.t0, u.t1, 1, $2, $2, $3, $3
         FROM unnest($4::int[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::text[], $12::text[]) AS u(id, p, g, x0, y0, x1, y1, t0, t1)`,
        [layer, at, actor.name, rows.map((r) => r.id), rows.map((r) => r.props), rows.map((r) => r.geom), ...[0, 1, 2, 3].map((j) => rows.map((r) => r.bbox[j])), rows.map((r) => r.tStart), rows.map((r) => r.tEnd)],
      );
      await writeAudit(
        c,
        layer,
        actor,
        at,
        rows.map((r) => ({ action: 'import', id: r.id, version: 1, before: null, after: rowToJson({ id: r.id, collection: layer, properties: r.props, geometry: r.geom, version: 1, created_at: at, updated_at: at }) })),
      );
      for (const r of rows) {
        ids.push(r.id);
        changes.push({ collection: layer, id: r.id, action: 'import', version: 1, at, actor: actor.name });
      }
    }
    return { result: { inserted: ids.length, deleted, ids }, changes };
  });
}

/**
 * Brings back the state a feature had at `version` (as recorded in the audit trail), as a new
 * version — or re-creates it under the same id if it was deleted.
 */
export async function restoreVersion(ctx: WriteContext, layer: LayerId, id: number, version: number, actor: Actor, prepare: (state: FeatureBody) => PreparedFeature): Promise<StoredFeature> {
  const entries = Number.isInteger(id) && Math.abs(id) <= 2_147_483_647 ? await featureHistory(ctx.pool, layer, id) : [];
  const state = entries.filter((e) => e.after && e.version === version).map((e) => e.after!)[0] ?? entries.find((e) => e.before?.version === version)?.before;
  if (!state) throw new StoreError('not_found', `Feature ${id} of ${layer} has no recorded version ${version}.`);
  const body: FeatureBody = { type: 'Feature', geometry: state.geometry, properties: (state.properties ?? {}) as Record<string, unknown> };
  try {
    return await commit(ctx, layer, async (c, at) => {
      const current = await getRow(c, layer, id, true);
      const p = prepare(body);
      const last = (await c.query<{ v: number | null }>('SELECT max(version) AS v FROM audit WHERE collection = $1 AND feature_id = $2', [layer, id])).rows[0].v ?? 0;
      const row = current ? await updateRow(ctx, c, layer, current, p, actor, at) : await insertRow(ctx, c, layer, p, actor, at, id, last + 1);
      await writeAudit(c, layer, actor, at, [{ action: 'restore', id, version: row.version, before: current ? rowToJson(current) : null, after: rowToJson(row) }]);
      return { result: rowToFeature(row), changes: [{ collection: layer, id, action: 'restore', version: row.version, at, actor: actor.name }] };
    });
  } catch (e) {
    // Two servers re-creating the same deleted feature at once: the second finds the id taken.
    if ((e as { code?: string }).code === '23505') throw new StoreError('conflict', `Feature ${id} of ${layer} was restored by someone else just now. Review it and try again.`);
    throw e;
  }
}
