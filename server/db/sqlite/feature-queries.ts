/**
 * Reading operational features from SQLite: pages with bbox, time and property filters,
 * single features, point columns for analyses, extents and counts. A bbox query on points
 * is answered through the layer's R*Tree.
 */
import { INDEXED_PROPERTIES, INSTANT_LAYERS, POINT_COLUMNS } from '../indexed-columns.ts';
import { sql, type SQL } from 'drizzle-orm';
import booleanIntersects from '@turf/boolean-intersects';
import bboxPolygon from '@turf/bbox-polygon';
import { LAYERS, type LayerId } from '../../../core/layers.ts';
import type { WardFeature } from '../../../core/geometry/derive.ts';
import type { Db } from '../open.ts';
import type { Bbox, FeaturePage, FeatureRow, LayerExtent, ListQuery, PointColumns, PointOptions, WardLookup } from '../store.ts';
import { pageOfRows } from '../rows.ts';
import { buildWardLookup } from '../ward-lookup.ts';
import { unpackXy, xyPairs, withXyBlob, XY_BLOB } from './coordinate-blob.ts';
import type { ReadThread } from './read-thread.ts';
import { idsInOrder, readPointPage, type PointPageSql } from './point-page.mjs';
import { statement } from './statements.ts';

const rtreeName = (layer: LayerId) => `features_rtree_${layer.replace('-', '_')}`;
const rtreeOf = (layer: LayerId) => sql.raw(rtreeName(layer));

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

export const COLUMNS = sql`f.id, f.collection, f.properties, f.geometry, f.version, f.created_at, f.updated_at`;
const isPointLayer = (layer: LayerId) => LAYERS[layer].geometryTypes.every((t) => t === 'Point');

/**
 * The ids of a layer's points in the box @w @s @e @n, as one JSON array in no order: answered by
 * the R*Tree alone except for the few whose rounded box straddles an edge of the query box, which
 * are checked against their exact coordinates. This keeps a bbox query on a million incidents from
 * touching every row; the ids come over as one text (thousands of R*Tree rows as JS arrays cost
 * more than the search) and are sorted in JavaScript (point-page.mjs).
 */
const pointIdsSql = (layer: LayerId) => `SELECT json_group_array(r.id) FROM ${rtreeName(layer)} r
  WHERE r.minx <= @e AND r.maxx >= @w AND r.miny <= @n AND r.maxy >= @s
    AND ((r.minx >= @w AND r.maxx <= @e AND r.miny >= @s AND r.maxy <= @n)
      OR EXISTS (SELECT 1 FROM features f WHERE f.id = r.id AND f.minx <= @e AND f.maxx >= @w AND f.miny <= @n AND f.maxy >= @s))`;

const boxOf = ([w, s, e, n]: Bbox) => ({ w, s, e, n });

/** Ids of the points in a box, one page of them in id order, and how many there are. */
function pointIdsInBox(db: Db, layer: LayerId, box: Bbox, limit: number, offset: number): { ids: number[]; numberMatched: number } {
  const ids = idsInOrder(statement(db, pointIdsSql(layer)).pluck().get(boxOf(box)) as string);
  return { ids: Array.from(ids.subarray(Math.min(offset, ids.length), Math.min(offset + limit, ids.length))), numberMatched: ids.length };
}

/** Rows by id, in id order; the ids travel as one JSON parameter, however many there are. */
function rowsById(db: Db, ids: number[]): FeatureRow[] {
  if (!ids.length) return [];
  return (statement(db, `SELECT f.id, f.collection, f.properties, f.geometry, f.version, f.created_at, f.updated_at FROM json_each(?) j JOIN features f ON f.id = j.value ORDER BY f.id`)
    .raw()
    .all(JSON.stringify(ids)) as [number, string, string, string, number, string, string][])
    .map(([id, collection, properties, geometry, version, created_at, updated_at]) => ({ id, collection, properties, geometry, version, created_at, updated_at }));
}

/**
 * A feature's GeoJSON text written by SQLite: the same bytes as rowToJson (server/db/rows.ts; a
 * test holds the two together), from the stored JSON texts as they are. One format() rather than
 * a chain of || (each a new copy of the growing text): ~8% less of the page's time.
 */
const FEATURE_TEXT = `format('{"type":"Feature","id":%d,"geometry":%s,"properties":%s,"version":%d,"created_at":"%s","updated_at":"%s"}',
  f.id, f.geometry, f.properties, f.version, f.created_at, f.updated_at)`;

const isSimple = (q: ListQuery) => !q.datetime && !Object.keys(q.filters ?? {}).length;

/**
 * Spaces the page's BLOB holds before and after its feature texts (each followed or preceded by
 * the separating comma): room for the caller to write the FeatureCollection around the texts in
 * place (FeaturePage.room) instead of copying ~380 KB into a new body on the request thread —
 * a copy whose memory, with the BLOB's, made V8 run a full collection every ~90 pages.
 */
const ROOM = { before: 2048, after: 64 };

/**
 * The two statements of a layer's point page (point-page.mjs), written once rather than on every
 * request. The rows: a run of spaces, the texts in the ids' order, a run of spaces, joined by
 * commas (UNION ALL gives its arms in order; CROSS JOIN keeps the ids' order as the outer loop).
 */
const pageSql = new Map<LayerId, PointPageSql>();
function pointPageSql(layer: LayerId): PointPageSql {
  let q = pageSql.get(layer);
  if (!q)
    pageSql.set(layer, (q = {
      ids: pointIdsSql(layer),
      rows: `SELECT CAST(group_concat(t, ',') AS BLOB) FROM (SELECT printf('%${ROOM.before}s', '') AS t
        UNION ALL SELECT ${FEATURE_TEXT} FROM json_each(?) j CROSS JOIN features f ON f.id = j.value
        UNION ALL SELECT printf('%${ROOM.after}s', ''))`,
    }));
  return q;
}

/**
 * One page of features as GeoJSON text (server/db/rows.ts pageOfRows), and how many match.
 * A bbox on a point layer, the map's and GIS clients' usual page, is written by SQLite: the ids
 * in the box, then the page's feature texts joined into one UTF-8 BLOB (point-page.mjs), so no
 * row, string or number crosses into JavaScript one by one (a cold page of 1,000 incidents:
 * ~1.3 ms of CPU against ~4.5 ms through rows), with room around them for the page's frame
 * (ROOM). With `thread` (read-thread.ts) the reads run there,
 * beside the thread answering HTTP.
 */
export async function listPage(db: Db, layer: LayerId, q: ListQuery = {}, thread?: ReadThread | null): Promise<FeaturePage> {
  const limit = q.limit ?? 10_000;
  const offset = q.offset ?? 0;
  if (!(q.bbox && isSimple(q) && isPointLayer(layer))) return pageOfRows(listRows(db, layer, q));
  const sql = pointPageSql(layer);
  const box = boxOf(q.bbox);
  // On the read thread when it is running (read-thread.ts), else on this connection.
  const [numberMatched, blob] = (await thread?.page(sql, box, limit, offset)) ?? readPointPage((text) => statement(db, text), sql, box, limit, offset, db.sqlite.inTransaction);
  const numberReturned = Math.max(0, Math.min(limit, numberMatched - offset));
  if (!blob) return { features: new Uint8Array(0), numberReturned, numberMatched };
  // spaces, comma, the texts, comma, spaces: the commas are room too
  const room = { before: ROOM.before + 1, after: ROOM.after + 1 };
  return { features: blob.subarray(room.before, blob.byteLength - room.after), room, numberReturned, numberMatched };
}

/**
 * Features of a layer matching a query, one page of them, and how many match in all.
 * Other geometries than points are checked against the box itself, so a polygon whose
 * envelope merely overlaps the box is left out.
 */
export function listRows(db: Db, layer: LayerId, q: ListQuery = {}): { rows: FeatureRow[]; numberMatched: number } {
  const limit = q.limit ?? 10_000;
  const offset = q.offset ?? 0;
  if (q.bbox && isSimple(q) && isPointLayer(layer)) {
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

/** Every row of a layer, in id order. */
export function allRows(db: Db, layer: LayerId): FeatureRow[] {
  return db.orm.all<FeatureRow>(sql`SELECT ${COLUMNS} FROM features f WHERE f.collection = ${layer} ORDER BY f.id`);
}

/**
 * Coordinates and a few scalar properties of the points matching a query, as columns, in no
 * particular order. SQLite hands each column over as one value: the coordinates as a BLOB of
 * doubles (coordinate-blob.ts), the others as JSON arrays (json_group_array, whose numbers
 * round-trip exactly); a million rows cost one parse per column instead of a million row objects
 * (measured: 0.3 s against 0.6–1.5 s). Indexed properties come from their columns, so a window
 * over incidents is read from the (collection, t_start, …) index alone.
 */
export function pointColumns(db: Db, layer: LayerId, q: Omit<ListQuery, 'limit' | 'offset'>, props: string[], opts: PointOptions = {}): PointColumns {
  const clauses = whereClauses(layer, q);
  if (opts.only) clauses.push(sql`f.id IN (SELECT value FROM json_each(${JSON.stringify(opts.only)}))`);
  const where = sql.join(clauses, sql` AND `);
  const cols = [
    opts.ids === false ? sql`'[]'` : sql`json_group_array(f.id)`,
    ...props.map((p) => sql`json_group_array(${SQLITE_POINT_COLUMNS.has(p) ? sql`f.${sql.raw(p)}` : sql`json_extract(f.properties, ${`$.${p}`})`})`),
  ];
  // The coordinates as one BLOB of doubles (a point's bounding box is the point): see coordinate-blob.ts.
  withXyBlob(db.sqlite);
  const [[blob, ...json]] = db.orm.values<[Uint8Array | null, ...string[]]>(
    opts.limit === undefined
      ? sql`SELECT ${sql.raw(XY_BLOB)}(f.minx, f.miny), ${sql.join(cols, sql`, `)} FROM features f WHERE ${where}`
      : sql`SELECT ${sql.raw(XY_BLOB)}(f.minx, f.miny), ${sql.join(cols, sql`, `)} FROM (SELECT * FROM features f WHERE ${where} LIMIT ${opts.limit}) f`,
  );
  const ids = JSON.parse(json[0]) as number[];
  const values: Record<string, unknown[]> = Object.fromEntries(props.map((p, k) => [p, JSON.parse(json[1 + k]) as unknown[]]));
  const { xs: lon, ys: lat } = unpackXy(blob);
  return { ids, lon, lat, values };
}

/**
 * The compact columns points() reads here: POINT_COLUMNS and `severity`, which SQLite also keeps
 * (migration 0010; numbers only, as json_extract gives the numbers the filters and tiles use). A
 * whole layer of incidents with category, day and severity (the tiles' one read at start) is then
 * one covering index (features_tile_points) instead of a million rows' JSON: ~0.4 s against ~0.9 s.
 */
const SQLITE_POINT_COLUMNS = new Set([...POINT_COLUMNS, 'severity']);

/**
 * Interleaved lon, lat of the features of `layer` matching `q`, in no particular order: the input
 * of hot spots, a view of the BLOB SQLite returns (coordinate-blob.ts), not two columns copied
 * out of it and interleaved again (48 MB of copies for a month of the city's incidents).
 */
export function coordinates(db: Db, layer: LayerId, q: Omit<ListQuery, 'limit' | 'offset'>): Float64Array {
  withXyBlob(db.sqlite);
  const [[blob]] = db.orm.values<[Uint8Array | null]>(sql`SELECT ${sql.raw(XY_BLOB)}(f.minx, f.miny) FROM features f WHERE ${sql.join(whereClauses(layer, q), sql` AND `)}`);
  return xyPairs(blob);
}

export function getRow(db: Db, layer: LayerId, id: number): FeatureRow | null {
  return db.orm.get<FeatureRow>(sql`SELECT ${COLUMNS} FROM features f WHERE f.collection = ${layer} AND f.id = ${id}`) ?? null;
}

/**
 * Bounding box and time range of a layer, for collection metadata: read from layer_stats
 * (kept by triggers, migration 0003), recomputed by one scan only after a delete or a move
 * marked it stale.
 */
export function layerExtent(db: Db, layer: LayerId): LayerExtent {
  type Stats = { n: number; minx: number | null; miny: number; maxx: number; maxy: number; t0: string | null; t1: string | null; stale: number };
  const read = () => db.orm.get<Stats>(sql`SELECT n, minx, miny, maxx, maxy, t0, t1, stale FROM layer_stats WHERE collection = ${layer}`);
  let r = read();
  if (r?.stale) {
    db.orm.run(sql`UPDATE layer_stats SET (minx, miny, maxx, maxy, t0, t1, stale) =
      (SELECT min(minx), min(miny), max(maxx), max(maxy), min(coalesce(t_start, '')), max(coalesce(t_end, '~')), 0 FROM features WHERE collection = ${layer})
      WHERE collection = ${layer}`);
    r = read();
  }
  if (!r || r.n === 0 || r.minx === null) return { bbox: null, interval: null };
  // An empty start or a missing end means open-ended: '' sorts first and '~' last.
  const open = (t: string | null, mark: string) => (t === null || t === mark ? null : t);
  return { bbox: [r.minx, r.miny, r.maxx, r.maxy], interval: LAYERS[layer].temporal ? [open(r.t0, ''), open(r.t1, '~')] : null };
}

/** How many features a layer (or every layer) holds: a lookup in layer_stats, not a count over the table. */
export function countFeatures(db: Db, layer?: LayerId): number {
  return (layer
    ? db.orm.get<{ n: number }>(sql`SELECT n FROM layer_stats WHERE collection = ${layer}`)
    : db.orm.get<{ n: number }>(sql`SELECT coalesce(sum(n), 0) AS n FROM layer_stats`))?.n ?? 0;
}

/** Count and revision of a layer (layer_stats, kept by triggers): changes with every write to it, and costs one lookup. */
export function layerStamp(db: Db, layer: LayerId): string {
  const r = statement(db, 'SELECT n, rev FROM layer_stats WHERE collection = ?').get(layer) as { n: number; rev: number } | undefined;
  return r ? `${r.n}-${r.rev}` : '0-0';
}

// The ward index of each database, dropped by the writes when wards change.
const wardCache = new WeakMap<Db, WardLookup>();

export function invalidateWards(db: Db): void {
  wardCache.delete(db);
}

export function wardLookup(db: Db): WardLookup {
  let w = wardCache.get(db);
  if (!w) {
    const rows = db.orm.all<{ properties: string; geometry: string; minx: number; miny: number; maxx: number; maxy: number }>(
      sql`SELECT properties, geometry, minx, miny, maxx, maxy FROM features WHERE collection = 'wards' ORDER BY id`,
    );
    w = buildWardLookup(rows.map((r) => ({ feature: { type: 'Feature', properties: JSON.parse(r.properties), geometry: JSON.parse(r.geometry) } as WardFeature, bbox: [r.minx, r.miny, r.maxx, r.maxy] })));
    wardCache.set(db, w);
  }
  return w;
}
