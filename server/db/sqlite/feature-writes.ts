/**
 * Changing operational features in SQLite. Each write is one IMMEDIATE transaction together
 * with its audit row(s); the changes are announced on the bus after it commits. Features
 * arrive prepared (server/features/prepare.ts): checked, rewound and derived.
 */
import { sql } from 'drizzle-orm';
import { LAYER_IDS, LAYERS, type LayerId } from '../../../core/layers.ts';
import { geometryBbox } from '../../../core/geometry/bbox.ts';
import { timeSpan } from '../../../core/time/in-force.ts';
import { compactColumns } from '../compact-columns.ts';
import { checkVersion, StoreError } from '../errors.ts';
import type { Db } from '../open.ts';
import { rowToFeature, rowToJson } from '../rows.ts';
import { audit, features } from '../schema.ts';
import type { Actor, Change, FeatureBody, FeatureRow, ImportResult, PreparedFeature, StoredFeature } from '../store.ts';
import { derivedFor } from '../ward-lookup.ts';
import { allRows, getRow, invalidateWards, wardLookup } from './feature-queries.ts';
import { featureHistory } from './history.ts';

const now = () => new Date().toISOString();

/** Layers with properties derived from the wards (every point layer, facilities included). */
const DERIVED_LAYERS = LAYER_IDS.filter((l) => LAYERS[l].derived.length > 0);

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
        .values({ id: p('id'), collection: p('collection'), properties: p('properties'), geometry: p('geometry'), minx: p('minx'), miny: p('miny'), maxx: p('maxx'), maxy: p('maxy'), tStart: p('tStart'), tEnd: p('tEnd'), version: p('version'), createdAt: p('at'), updatedAt: p('at'), createdBy: p('actor'), updatedBy: p('actor'), wardCode: p('ward_code'), category: p('category'), status: p('status'), day: p('day'), severity: p('severity'), tileKey: p('tile_key') })
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

function insertRow(db: Db, layer: LayerId, p: PreparedFeature, actor: Actor, at: string, id?: number, version = 1): FeatureRow {
  const [minx, miny, maxx, maxy] = geometryBbox(p.geometry);
  const { tStart, tEnd } = timeSpan(layer, p.properties);
  const props = JSON.stringify(p.properties);
  const geom = JSON.stringify(p.geometry);
  const row = statements(db).insert.get({ id: id ?? null, collection: layer, properties: props, geometry: geom, minx, miny, maxx, maxy, tStart, tEnd, version, at, actor: actor.name, ...compactColumns(layer, p.properties, tStart, p.geometry) })!;
  return { id: row.id, collection: layer, properties: props, geometry: geom, version, created_at: at, updated_at: at };
}

function updateRow(db: Db, layer: LayerId, old: FeatureRow, p: PreparedFeature, actor: Actor, at: string): FeatureRow {
  const [minx, miny, maxx, maxy] = geometryBbox(p.geometry);
  const { tStart, tEnd } = timeSpan(layer, p.properties);
  const props = JSON.stringify(p.properties);
  const geom = JSON.stringify(p.geometry);
  const version = old.version + 1;
  const c = compactColumns(layer, p.properties, tStart, p.geometry);
  db.orm.run(
    sql`UPDATE features SET properties = ${props}, geometry = ${geom}, minx = ${minx}, miny = ${miny}, maxx = ${maxx}, maxy = ${maxy},
        t_start = ${tStart}, t_end = ${tEnd}, version = ${version}, updated_at = ${at}, updated_by = ${actor.name},
        ward_code = ${c.ward_code}, category = ${c.category}, status = ${c.status}, day = ${c.day},
        severity = ${c.severity}, tile_key = ${c.tile_key} WHERE id = ${old.id}`,
  );
  return { ...old, properties: props, geometry: geom, version, updated_at: at };
}

/**
 * After wards change, the wards points stand in may change too: recompute the derived
 * properties of every point feature, bumping the version of those that changed so that
 * their ETags change with their representation.
 */
export function rederivePoints(db: Db, at: string, cause: string): Change[] {
  invalidateWards(db);
  const wards = wardLookup(db);
  const changes: Change[] = [];
  for (const layer of DERIVED_LAYERS) {
    for (const r of allRows(db, layer)) {
      const props = JSON.parse(r.properties);
      const geometry = JSON.parse(r.geometry);
      const derived = derivedFor(wards, layer, geometry, db.options.borderDistanceM);
      if (Object.entries(derived).every(([k, v]) => props[k] === v)) continue;
      const nextProps = { ...props, ...derived };
      const next = JSON.stringify(nextProps);
      // Only ward_code of the compact columns is derived; time, place and category stay as they are.
      const { ward_code } = compactColumns(layer, nextProps, null, geometry);
      db.orm.run(sql`UPDATE features SET properties = ${next}, ward_code = ${ward_code}, version = version + 1, updated_at = ${at} WHERE id = ${r.id}`);
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

export function createFeature(db: Db, layer: LayerId, p: PreparedFeature, actor: Actor): StoredFeature {
  return commit(db, (at) => {
    const row = insertRow(db, layer, p, actor, at);
    writeAudit(db, 'create', layer, row.id, 1, actor, at, null, rowToJson(row));
    return { result: rowToFeature(row), changes: [{ collection: layer, id: row.id, action: 'create', version: 1, at, actor: actor.name }] };
  });
}

export function updateFeature(db: Db, layer: LayerId, id: number, ifMatch: number, actor: Actor, change: (current: StoredFeature) => PreparedFeature): StoredFeature {
  return commit(db, (at) => {
    const old = checkVersion(getRow(db, layer, id), layer, id, ifMatch);
    const row = updateRow(db, layer, old, change(rowToFeature(old)), actor, at);
    writeAudit(db, 'update', layer, id, row.version, actor, at, rowToJson(old), rowToJson(row));
    return { result: rowToFeature(row), changes: [{ collection: layer, id, action: 'update', version: row.version, at, actor: actor.name }] };
  });
}

export function deleteFeature(db: Db, layer: LayerId, id: number, ifMatch: number, actor: Actor): void {
  commit(db, (at) => {
    const old = checkVersion(getRow(db, layer, id), layer, id, ifMatch);
    db.orm.run(sql`DELETE FROM features WHERE id = ${id}`);
    writeAudit(db, 'delete', layer, id, old.version, actor, at, rowToJson(old), null);
    return { result: undefined, changes: [{ collection: layer, id, action: 'delete', version: old.version, at, actor: actor.name }] };
  });
}

/** Many prepared features in one transaction; with `replace`, the layer's current ones are deleted first. */
export function importFeatures(db: Db, layer: LayerId, ready: PreparedFeature[], actor: Actor, opts: { replace?: boolean } = {}): ImportResult {
  return commit(db, (at) => {
    const changes: Change[] = [];
    let deleted = 0;
    if (opts.replace) {
      const old = allRows(db, layer);
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

/**
 * Brings back the state a feature had at `version` (as recorded in the audit trail),
 * as a new version — or re-creates it under the same id if it was deleted.
 */
export function restoreVersion(db: Db, layer: LayerId, id: number, version: number, actor: Actor, prepare: (state: FeatureBody) => PreparedFeature): StoredFeature {
  const entries = featureHistory(db, layer, id);
  const state = entries.filter((e) => e.after && e.version === version).map((e) => e.after!)[0] ?? entries.find((e) => e.before?.version === version)?.before;
  if (!state) throw new StoreError('not_found', `Feature ${id} of ${layer} has no recorded version ${version}.`);
  const body: FeatureBody = { type: 'Feature', geometry: state.geometry, properties: (state.properties ?? {}) as Record<string, unknown> };
  return commit(db, (at) => {
    const current = getRow(db, layer, id);
    const p = prepare(body);
    const row = current ? updateRow(db, layer, current, p, actor, at) : insertRow(db, layer, p, actor, at, id, (entries.at(-1)?.version ?? 0) + 1);
    writeAudit(db, 'restore', layer, id, row.version, actor, at, current ? rowToJson(current) : null, rowToJson(row));
    return { result: rowToFeature(row), changes: [{ collection: layer, id, action: 'restore', version: row.version, at, actor: actor.name }] };
  });
}
