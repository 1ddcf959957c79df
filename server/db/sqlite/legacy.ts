/**
 * (Being split into server/db/sqlite/*, behind the Store interface of ../store.ts.)
 * All access to operational features. Every function takes the database handle first,
 * so another backend (PostGIS for a city-wide deployment) can implement the same
 * functions without touching the routes. Each write runs in one transaction together
 * with its audit row, and is announced on the change bus after it commits.
 */
import { INDEXED_PROPERTIES, INSTANT_LAYERS } from '../indexed-columns.ts';
import { sql, type SQL } from 'drizzle-orm';
import type { Feature, Geometry } from 'geojson';
import rewind from '@turf/rewind';
import booleanIntersects from '@turf/boolean-intersects';
import bboxPolygon from '@turf/bbox-polygon';
import { LAYERS, type Issue, type LayerId } from '../../../core/layers.ts';
import { parseFeatureInput, mergeProperties } from '../../../core/feature-input.ts';
import { geometryBbox } from '../../../core/geometry/validate.ts';
import { timeSpan } from '../../../core/time/in-force.ts';
import type { Actor, AuditEntry, Bbox, Change, FeatureRow, ImportResult, ListQuery, StoredFeature } from '../store.ts';
import { StoreError } from '../errors.ts';
import type { Db } from '../open.ts';
import { audit, features } from '../schema.ts';
import { derivedFor, invalidateWards } from '../wards-index.ts';

const now = () => new Date().toISOString();

// ---- reading ---------------------------------------------------------------

const rtreeOf = (layer: LayerId) => sql.raw(`features_rtree_${layer.replace('-', '_')}`);

/** The R*Tree's boxes are 32-bit floats rounded outward, so it can only propose candidates. */
function candidates(layer: LayerId, [w, s, e, n]: Bbox): SQL {
  return sql`SELECT id FROM ${rtreeOf(layer)} WHERE minx <= ${e} AND maxx >= ${w} AND miny <= ${n} AND maxy >= ${s}`;
}

function whereClauses(layer: LayerId, q: ListQuery): SQL[] {
  const where: SQL[] = [sql`f.collection = ${layer}`];
  if (q.bbox) {
    const [w, s, e, n] = q.bbox;
    where.push(sql`f.id IN (${candidates(layer, q.bbox)})`, sql`f.minx <= ${e} AND f.maxx >= ${w} AND f.miny <= ${n} AND f.maxy >= ${s}`);
  }
  if (INSTANT_LAYERS.has(layer)) {
    // An instant is in the window when its start is: a range the time index answers alone.
    if (q.datetime?.end) where.push(sql`f.t_start <= ${q.datetime.end}`);
    if (q.datetime?.start) where.push(sql`f.t_start >= ${q.datetime.start}`);
  } else {
    if (q.datetime?.end) where.push(sql`(f.t_start IS NULL OR f.t_start <= ${q.datetime.end})`);
    if (q.datetime?.start) where.push(sql`(f.t_end IS NULL OR f.t_end >= ${q.datetime.start})`);
  }
  for (const [k, v] of Object.entries(q.filters ?? {})) {
    if (INDEXED_PROPERTIES.has(k) && typeof v === 'string') where.push(sql`f.${sql.raw(k)} = ${v}`); // text columns: text values only
    else where.push(sql`json_extract(f.properties, ${`$.${k}`}) = ${typeof v === 'boolean' ? (v ? 1 : 0) : v}`);
  }
  return where;
}

const COLUMNS = sql`f.id, f.collection, f.properties, f.geometry, f.version, f.created_at, f.updated_at`;
const isPointLayer = (layer: LayerId) => LAYERS[layer].geometryTypes.every((t) => t === 'Point');

/**
 * Ids of the points in a box, in id order, answered by the R*Tree alone except for the few
 * whose rounded box straddles an edge of the query box: those are checked against their
 * exact coordinates. This keeps a bbox query on 100,000 incidents from touching every row.
 */
function pointIdsInBox(db: Db, layer: LayerId, [w, s, e, n]: Bbox, limit: number, offset: number): { ids: number[]; numberMatched: number } {
  // Raw rows (arrays): thousands of candidates per query, objects would double the cost.
  const boxes = db.orm.values<[number, number, number, number, number]>(
    sql`SELECT id, minx, maxx, miny, maxy FROM ${rtreeOf(layer)} WHERE minx <= ${e} AND maxx >= ${w} AND miny <= ${n} AND maxy >= ${s}`,
  );
  const ids: number[] = [];
  const straddling: number[] = [];
  for (const [id, minx, maxx, miny, maxy] of boxes) (minx >= w && maxx <= e && miny >= s && maxy <= n ? ids : straddling).push(id);
  if (straddling.length)
    for (const [id] of db.orm.values<[number]>(sql`SELECT f.id FROM json_each(${JSON.stringify(straddling)}) j JOIN features f ON f.id = j.value WHERE f.minx <= ${e} AND f.maxx >= ${w} AND f.miny <= ${n} AND f.maxy >= ${s}`)) ids.push(id);
  ids.sort((a, b) => a - b);
  return { ids: ids.slice(offset, offset + limit), numberMatched: ids.length };
}

/** Rows by id, in id order; the ids travel as one JSON parameter, however many there are. */
function rowsById(db: Db, ids: number[]): FeatureRow[] {
  if (!ids.length) return [];
  return db.orm
    .values<[number, string, string, string, number, string, string]>(
      sql`SELECT f.id, f.collection, f.properties, f.geometry, f.version, f.created_at, f.updated_at FROM json_each(${JSON.stringify(ids)}) j JOIN features f ON f.id = j.value ORDER BY f.id`,
    )
    .map(([id, collection, properties, geometry, version, created_at, updated_at]) => ({ id, collection, properties, geometry, version, created_at, updated_at }));
}

/**
 * Features of a layer matching a query, one page of them, and how many match in all.
 * Other geometries than points are checked against the box itself, so a polygon whose
 * envelope merely overlaps the box is left out.
 */
export function listFeatureRows(db: Db, layer: LayerId, q: ListQuery): { rows: FeatureRow[]; numberMatched: number } {
  const limit = q.limit ?? 10_000;
  const offset = q.offset ?? 0;
  const simple = !q.datetime && !Object.keys(q.filters ?? {}).length;
  if (q.bbox && simple && isPointLayer(layer)) {
    const { ids, numberMatched } = pointIdsInBox(db, layer, q.bbox, limit, offset);
    return { rows: rowsById(db, ids), numberMatched };
  }
  const where = sql.join(whereClauses(layer, q), sql` AND `);
  if (!q.bbox || isPointLayer(layer)) {
    const rows = db.orm.all<FeatureRow>(sql`SELECT ${COLUMNS} FROM features f WHERE ${where} ORDER BY f.id LIMIT ${limit} OFFSET ${offset}`);
    const numberMatched =
      offset === 0 && rows.length < limit ? rows.length : db.orm.get<{ n: number }>(sql`SELECT count(*) AS n FROM features f WHERE ${where}`)!.n;
    return { rows, numberMatched };
  }
  const [w, s, e, n] = q.bbox;
  const box = bboxPolygon(q.bbox);
  // A feature whose envelope lies inside the box surely intersects it; only the others need the shape test.
  const all = db.orm
    .all<FeatureRow & { minx: number; miny: number; maxx: number; maxy: number }>(sql`SELECT ${COLUMNS}, f.minx, f.miny, f.maxx, f.maxy FROM features f WHERE ${where} ORDER BY f.id`)
    .filter((r) => (r.minx >= w && r.maxx <= e && r.miny >= s && r.maxy <= n) || booleanIntersects(box, JSON.parse(r.geometry)));
  return { rows: all.slice(offset, offset + limit), numberMatched: all.length };
}

/**
 * Coordinates and a few scalar properties of the points matching a query, as columns: the
 * input of analyses over 100,000 incidents, without building (or parsing) a feature each.
 */
export function pointValues(db: Db, layer: LayerId, q: Omit<ListQuery, 'limit' | 'offset'>, props: string[]): { ids: number[]; lon: Float64Array; lat: Float64Array; values: Record<string, unknown[]> } {
  const where = sql.join(whereClauses(layer, q), sql` AND `);
  const extracts = props.map((p) => (INDEXED_PROPERTIES.has(p) ? sql`, f.${sql.raw(p)}` : sql`, json_extract(f.properties, ${`$.${p}`})`));
  const rows = db.orm.values<unknown[]>(sql`SELECT f.id, f.minx, f.miny${sql.join(extracts, sql``)} FROM features f WHERE ${where} ORDER BY f.id`);
  const lon = new Float64Array(rows.length);
  const lat = new Float64Array(rows.length);
  const ids: number[] = new Array(rows.length);
  const values: Record<string, unknown[]> = Object.fromEntries(props.map((p) => [p, new Array(rows.length)]));
  rows.forEach((r, i) => {
    ids[i] = r[0] as number;
    lon[i] = r[1] as number; // a point's bounding box is the point
    lat[i] = r[2] as number;
    props.forEach((p, k) => (values[p][i] = r[3 + k]));
  });
  return { ids, lon, lat, values };
}

/** GeoJSON text of a row, built without re-serialising the stored JSON (the hot path). */
export function rowToJson(r: FeatureRow): string {
  return `{"type":"Feature","id":${r.id},"geometry":${r.geometry},"properties":${r.properties},"version":${r.version},"created_at":"${r.created_at}","updated_at":"${r.updated_at}"}`;
}

function rowToFeature(r: FeatureRow): StoredFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: JSON.parse(r.geometry),
    properties: JSON.parse(r.properties),
    version: r.version,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function listFeatures(db: Db, layer: LayerId, q: ListQuery = {}): { features: StoredFeature[]; numberMatched: number } {
  const { rows, numberMatched } = listFeatureRows(db, layer, q);
  return { features: rows.map(rowToFeature), numberMatched };
}

export function getFeatureRow(db: Db, layer: LayerId, id: number): FeatureRow | undefined {
  return db.orm.get<FeatureRow>(sql`SELECT ${COLUMNS} FROM features f WHERE f.collection = ${layer} AND f.id = ${id}`);
}

export function getFeature(db: Db, layer: LayerId, id: number): StoredFeature | null {
  const r = getFeatureRow(db, layer, id);
  return r ? rowToFeature(r) : null;
}

export { countFeatures, layerExtent } from './feature-queries.ts';

// ---- writing ---------------------------------------------------------------

interface Prepared {
  properties: Record<string, unknown>;
  geometry: Geometry;
}

function prepare(db: Db, layer: LayerId, body: unknown, where = ''): Prepared {
  const r = parseFeatureInput(layer, body);
  if (!r.ok) throw new StoreError('invalid', `The feature${where} is not valid for ${layer}.`, r.issues);
  // RFC 7946: exterior rings counter-clockwise, holes clockwise, whatever the client sent.
  const geometry = r.value.geometry.type === 'Point' ? r.value.geometry : (rewind(r.value.geometry as never) as Geometry);
  return { properties: { ...r.value.properties, ...derivedFor(db, layer, geometry) }, geometry };
}

/**
 * The two writes every change makes, prepared once per database through drizzle's
 * placeholders: an import of 100,000 features then prepares no statement per row.
 */
function statements(db: Db) {
  let st = prepared.get(db);
  if (!st) {
    const p = (name: string) => sql.placeholder(name);
    st = {
      insert: db.orm
        .insert(features)
        .values({ id: p('id'), collection: p('collection'), properties: p('properties'), geometry: p('geometry'), minx: p('minx'), miny: p('miny'), maxx: p('maxx'), maxy: p('maxy'), tStart: p('tStart'), tEnd: p('tEnd'), version: p('version'), createdAt: p('at'), updatedAt: p('at'), createdBy: p('actor'), updatedBy: p('actor') })
        .returning({ id: features.id })
        .prepare(),
      audit: db.orm
        .insert(audit)
        .values({ at: p('at'), actor: p('actor'), address: p('address'), action: p('action'), collection: p('collection'), featureId: p('featureId'), version: p('version'), before: p('before'), after: p('after') })
        .prepare(),
    };
    prepared.set(db, st);
  }
  return st;
}
const prepared = new WeakMap<Db, { insert: { get(v: Record<string, unknown>): { id: number } | undefined }; audit: { run(v: Record<string, unknown>): unknown } }>();

function writeAudit(db: Db, action: Change['action'], layer: LayerId, id: number, version: number, actor: Actor, at: string, before: string | null, after: string | null) {
  statements(db).audit.run({ at, actor: actor.name, address: actor.address, action, collection: layer, featureId: id, version, before, after });
}

function insertRow(db: Db, layer: LayerId, p: Prepared, actor: Actor, at: string, id?: number, version = 1): FeatureRow {
  const [minx, miny, maxx, maxy] = geometryBbox(p.geometry);
  const { tStart, tEnd } = timeSpan(layer, p.properties);
  const props = JSON.stringify(p.properties);
  const geom = JSON.stringify(p.geometry);
  const row = statements(db).insert.get({ id: id ?? null, collection: layer, properties: props, geometry: geom, minx, miny, maxx, maxy, tStart, tEnd, version, at, actor: actor.name })!;
  return { id: row.id, collection: layer, properties: props, geometry: geom, version, created_at: at, updated_at: at };
}

function updateRow(db: Db, layer: LayerId, old: FeatureRow, p: Prepared, actor: Actor, at: string): FeatureRow {
  const [minx, miny, maxx, maxy] = geometryBbox(p.geometry);
  const { tStart, tEnd } = timeSpan(layer, p.properties);
  const props = JSON.stringify(p.properties);
  const geom = JSON.stringify(p.geometry);
  const version = old.version + 1;
  db.orm.run(
    sql`UPDATE features SET properties = ${props}, geometry = ${geom}, minx = ${minx}, miny = ${miny}, maxx = ${maxx}, maxy = ${maxy},
        t_start = ${tStart}, t_end = ${tEnd}, version = ${version}, updated_at = ${at}, updated_by = ${actor.name} WHERE id = ${old.id}`,
  );
  return { ...old, properties: props, geometry: geom, version, updated_at: at };
}

/**
 * After wards change, the wards points stand in may change too: recompute the derived
 * properties of every point feature, bumping the version of those that changed so that
 * their ETags change with their representation.
 */
function rederivePoints(db: Db, at: string, cause: string): Change[] {
  invalidateWards(db);
  const changes: Change[] = [];
  for (const layer of ['checkpoints', 'polling-stations', 'incidents'] as const) {
    const rows = db.orm.all<FeatureRow>(sql`SELECT ${COLUMNS} FROM features f WHERE f.collection = ${layer}`);
    for (const r of rows) {
      const props = JSON.parse(r.properties);
      const derived = derivedFor(db, layer, JSON.parse(r.geometry));
      if (Object.entries(derived).every(([k, v]) => props[k] === v)) continue;
      const next = JSON.stringify({ ...props, ...derived });
      db.orm.run(sql`UPDATE features SET properties = ${next}, version = version + 1, updated_at = ${at} WHERE id = ${r.id}`);
      // Audited as a system change naming its cause, so history shows every version and a
      // restore of one finds it (issue 15 #5: 331 points were bumped with no audit row).
      const after = { ...r, properties: next, version: r.version + 1, updated_at: at };
      writeAudit(db, 'update', layer, r.id, r.version + 1, { name: `system: ${cause}`, address: null }, at, rowToJson(r), rowToJson(after));
      changes.push({ collection: layer, id: r.id, action: 'update', version: r.version + 1, at, actor: null });
    }
  }
  return changes;
}

/** "ward_code and on_border re-derived after wards 12 update by admin" (the first few ids). */
function derivedCause(wardChanges: Change[]): string {
  const ids = wardChanges.slice(0, 5).map((c) => `${c.id} ${c.action}`).join(', ');
  const more = wardChanges.length > 5 ? ` and ${wardChanges.length - 5} more` : '';
  return `derived properties re-computed after wards ${ids}${more} by ${wardChanges[0].actor ?? 'system'}`;
}

function commit<T>(db: Db, work: (at: string) => { result: T; changes: Change[] }): T {
  const at = now();
  let out!: { result: T; changes: Change[] };
  db.sqlite.transaction(() => {
    out = work(at);
    const wardChanges = out.changes.filter((c) => c.collection === 'wards');
    if (wardChanges.length) out.changes.push(...rederivePoints(db, at, derivedCause(wardChanges)));
  }).immediate();
  db.bus.publish(out.changes);
  return out.result;
}

function checkVersion(row: FeatureRow | undefined, layer: LayerId, id: number, ifMatch: number): FeatureRow {
  if (!row) throw new StoreError('not_found', `There is no feature ${id} in ${layer}.`);
  if (row.version !== ifMatch)
    throw new StoreError('conflict', `Feature ${id} was changed by someone else (it is now at version ${row.version}, you edited version ${ifMatch}). Review the current version and apply your change to it.`, [], rowToFeature(row));
  return row;
}

export function createFeature(db: Db, layer: LayerId, body: unknown, actor: Actor): StoredFeature {
  return commit(db, (at) => {
    const row = insertRow(db, layer, prepare(db, layer, body), actor, at);
    writeAudit(db, 'create', layer, row.id, 1, actor, at, null, rowToJson(row));
    return { result: rowToFeature(row), changes: [{ collection: layer, id: row.id, action: 'create', version: 1, at, actor: actor.name }] };
  });
}

export function replaceFeature(db: Db, layer: LayerId, id: number, body: unknown, ifMatch: number, actor: Actor): StoredFeature {
  return commit(db, (at) => {
    const old = checkVersion(getFeatureRow(db, layer, id), layer, id, ifMatch);
    const row = updateRow(db, layer, old, prepare(db, layer, body), actor, at);
    writeAudit(db, 'update', layer, id, row.version, actor, at, rowToJson(old), rowToJson(row));
    return { result: rowToFeature(row), changes: [{ collection: layer, id, action: 'update', version: row.version, at, actor: actor.name }] };
  });
}

/** PATCH: properties merged (RFC 7396), geometry replaced only if given. */
export function patchFeature(db: Db, layer: LayerId, id: number, body: unknown, ifMatch: number, actor: Actor): StoredFeature {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new StoreError('invalid', 'A PATCH body must be a partial GeoJSON Feature object.', [{ path: '', message: 'must be an object' }]);
  const patch = body as { type?: unknown; properties?: unknown; geometry?: unknown };
  if (patch.properties !== undefined && (patch.properties === null || typeof patch.properties !== 'object' || Array.isArray(patch.properties)))
    throw new StoreError('invalid', 'properties must be an object.', [{ path: 'properties', message: 'must be an object' }]);
  const row = getFeatureRow(db, layer, id);
  const current = row ? rowToFeature(row) : null;
  const merged = {
    type: 'Feature',
    geometry: patch.geometry ?? current?.geometry,
    properties: mergeProperties((current?.properties ?? {}) as Record<string, unknown>, (patch.properties ?? {}) as Record<string, unknown>),
  };
  return replaceFeature(db, layer, id, merged, ifMatch, actor);
}

export function deleteFeature(db: Db, layer: LayerId, id: number, ifMatch: number, actor: Actor): void {
  commit(db, (at) => {
    const old = checkVersion(getFeatureRow(db, layer, id), layer, id, ifMatch);
    db.orm.run(sql`DELETE FROM features WHERE id = ${id}`);
    writeAudit(db, 'delete', layer, id, old.version, actor, at, rowToJson(old), null);
    return { result: undefined, changes: [{ collection: layer, id, action: 'delete', version: old.version, at, actor: actor.name }] };
  });
}

/**
 * Writes many features in one transaction: every feature is checked first, and a single
 * bad one means nothing is written (the error names each bad feature and why).
 * With `replace`, the layer's current features are deleted in the same transaction.
 */
export function importFeatures(db: Db, layer: LayerId, bodies: unknown[], actor: Actor, opts: { replace?: boolean; label?: (i: number) => string } = {}): ImportResult {
  const label = opts.label ?? ((i: number) => `feature ${i + 1}`);
  const issues: Issue[] = [];
  const ready: Prepared[] = [];
  let bad = 0;
  const isWards = layer === 'wards';
  // Points are derived against the wards as they will be after the import when wards are replaced.
  bodies.forEach((b, i) => {
    try {
      ready.push(isWards ? preparePlain(layer, b, ` (${label(i)})`) : prepare(db, layer, b, ` (${label(i)})`));
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      bad++;
      for (const x of e.issues) if (issues.length < 100) issues.push({ path: `${label(i)}: ${x.path}`, message: x.message });
    }
  });
  if (bad) throw new StoreError('invalid', `Nothing was imported: ${bad} of ${bodies.length} feature(s) are not valid for ${layer}${issues.length >= 100 ? ' (the first 100 problems are listed)' : ''}.`, issues);
  return commit(db, (at) => {
    const changes: Change[] = [];
    let deleted = 0;
    if (opts.replace) {
      const old = db.orm.all<FeatureRow>(sql`SELECT ${COLUMNS} FROM features f WHERE f.collection = ${layer}`);
      for (const r of old) {
        db.orm.run(sql`DELETE FROM features WHERE id = ${r.id}`);
        writeAudit(db, 'delete', layer, r.id, r.version, actor, at, rowToJson(r), null);
        changes.push({ collection: layer, id: r.id, action: 'delete', version: r.version, at, actor: actor.name });
      }
      deleted = old.length;
    }
    const ids: number[] = [];
    for (const p of ready) {
      const row = insertRow(db, layer, p, actor, at);
      writeAudit(db, 'import', layer, row.id, 1, actor, at, null, rowToJson(row));
      changes.push({ collection: layer, id: row.id, action: 'import', version: 1, at, actor: actor.name });
      ids.push(row.id);
    }
    return { result: { inserted: ids.length, deleted, ids }, changes };
  });
}

function preparePlain(layer: LayerId, body: unknown, where: string): Prepared {
  const r = parseFeatureInput(layer, body);
  if (!r.ok) throw new StoreError('invalid', `The feature${where} is not valid for ${layer}.`, r.issues);
  return { properties: r.value.properties, geometry: rewind(r.value.geometry as never) as Geometry };
}

// ---- history ---------------------------------------------------------------

type AuditRow = Omit<AuditEntry, 'before' | 'after'> & { before: string | null; after: string | null };
const parseAudit = (r: AuditRow): AuditEntry => ({ ...r, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null });

/** Every recorded change of one feature, oldest first. */
export function featureHistory(db: Db, layer: LayerId, id: number): AuditEntry[] {
  return db.orm
    .all<AuditRow>(sql`SELECT id, at, actor, address, action, collection, feature_id, version, before, after FROM audit WHERE collection = ${layer} AND feature_id = ${id} ORDER BY id`)
    .map(parseAudit);
}

export function auditLog(db: Db, q: { since?: string; until?: string; limit?: number; afterId?: number } = {}): AuditEntry[] {
  const where: SQL[] = [sql`1 = 1`];
  if (q.since) where.push(sql`at >= ${q.since}`);
  if (q.until) where.push(sql`at <= ${q.until}`);
  if (q.afterId) where.push(sql`id > ${q.afterId}`);
  return db.orm
    .all<AuditRow>(sql`SELECT id, at, actor, address, action, collection, feature_id, version, before, after FROM audit WHERE ${sql.join(where, sql` AND `)} ORDER BY id LIMIT ${q.limit ?? 10_000}`)
    .map(parseAudit);
}

/**
 * Brings back the state a feature had at `version` (as recorded in the audit trail),
 * as a new version — or re-creates it under the same id if it was deleted.
 */
export function restoreVersion(db: Db, layer: LayerId, id: number, version: number, actor: Actor): StoredFeature {
  const entries = featureHistory(db, layer, id);
  const state = entries.filter((e) => e.after && e.version === version).map((e) => e.after!)[0] ?? entries.find((e) => e.before?.version === version)?.before;
  if (!state) throw new StoreError('not_found', `Feature ${id} of ${layer} has no recorded version ${version}.`);
  const body = { type: 'Feature', geometry: state.geometry, properties: stripDerived(layer, state.properties ?? {}) };
  return commit(db, (at) => {
    const current = getFeatureRow(db, layer, id);
    const p = prepare(db, layer, body);
    const row = current ? updateRow(db, layer, current, p, actor, at) : insertRow(db, layer, p, actor, at, id, (entries.at(-1)?.version ?? 0) + 1);
    writeAudit(db, 'restore', layer, id, row.version, actor, at, current ? rowToJson(current) : null, rowToJson(row));
    return { result: rowToFeature(row), changes: [{ collection: layer, id, action: 'restore', version: row.version, at, actor: actor.name }] };
  });
}

function stripDerived(layer: LayerId, p: Record<string, unknown>): Record<string, unknown> {
  const out = { ...p };
  for (const k of LAYERS[layer].derived) delete out[k];
  return out;
}
