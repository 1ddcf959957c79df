/**
 * Reading operational features from PostgreSQL. Pages are assembled from the stored GeoJSON
 * text (no ST_AsGeoJSON: the text the API sends is already there); a bbox is answered by the
 * layer's GiST index with ST_Intersects, which rechecks the exact geometry — the index holds
 * float4 boxes rounded outward, so `&&` alone would let in points up to ~1 m outside the box.
 */
import { INDEXED_PROPERTIES, INSTANT_LAYERS, POINT_COLUMNS } from '../indexed-columns.ts';
import type pg from 'pg';
import type { WardFeature } from '../../../core/geometry/derive.ts';
import { LAYERS, type LayerId } from '../../../core/layers.ts';
import type { Bbox, FeatureRow, LayerExtent, ListQuery, PointColumns, PointOptions, WardLookup } from '../store.ts';
import { buildWardLookup } from '../ward-lookup.ts';
import { packedPairs, unpackPairs } from './packed-pairs.ts';
import { transaction } from './tx.ts';

export const COLUMNS = 'f.id, f.collection, f.properties, f.geometry, f.version, f.created_at, f.updated_at';

type Q = Pick<pg.ClientBase, 'query'>;

/** WHERE clauses and their parameters, numbered from $1. */
export function whereOf(layer: LayerId, q: Omit<ListQuery, 'limit' | 'offset'>): { where: string; params: unknown[] } {
  const params: unknown[] = [layer];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = ['f.collection = $1'];
  if (q.bbox) {
    const [w, s, e, n] = q.bbox;
    where.push(`ST_Intersects(f.geom, ST_MakeEnvelope(${p(w)}, ${p(s)}, ${p(e)}, ${p(n)}, 4326))`);
  }
  if (INSTANT_LAYERS.has(layer)) {
    // An instant is in the window when its start is: a range the time index answers alone.
    if (q.datetime?.end) where.push(`f.t_start <= ${p(q.datetime.end)}`);
    if (q.datetime?.start) where.push(`f.t_start >= ${p(q.datetime.start)}`);
  } else {
    if (q.datetime?.end) where.push(`(f.t_start IS NULL OR f.t_start <= ${p(q.datetime.end)})`);
    if (q.datetime?.start) where.push(`(f.t_end IS NULL OR f.t_end >= ${p(q.datetime.start)})`);
  }
  // jsonb equality compares typed values as SQLite's json_extract does: 4 = 4.0, "4" ≠ 4, true = true.
  // Text values of an indexed property use its generated column (and index) instead.
  for (const [k, v] of Object.entries(q.filters ?? {}))
    where.push(INDEXED_PROPERTIES.has(k) && typeof v === 'string' ? `f.${k} = ${p(v)}` : `(f.properties::jsonb -> ${p(k)}) = ${p(JSON.stringify(v))}::jsonb`);
  return { where: where.join(' AND '), params };
}

export async function listRows(db: Q, layer: LayerId, q: ListQuery = {}): Promise<{ rows: FeatureRow[]; numberMatched: number }> {
  const limit = q.limit ?? 10_000;
  const offset = q.offset ?? 0;
  const { where, params } = whereOf(layer, q);
  const n = params.length;
  const rows = (await db.query<FeatureRow>(`SELECT ${COLUMNS} FROM features f WHERE ${where} ORDER BY f.id LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, limit, offset])).rows;
  // A page shorter than the limit from the start is the whole answer: no second query.
  const numberMatched =
    offset === 0 && rows.length < limit ? rows.length : (await db.query<{ n: number }>(`SELECT count(*) AS n FROM features f WHERE ${where}`, params)).rows[0].n;
  return { rows, numberMatched };
}

export async function getRow(db: Q, layer: LayerId, id: number, forUpdate = false): Promise<FeatureRow | null> {
  if (!Number.isInteger(id) || Math.abs(id) > 2_147_483_647) return null; // not an integer key: no such row (writes get 'not_found')
  const r = await db.query<FeatureRow>(`SELECT ${COLUMNS} FROM features f WHERE f.collection = $1 AND f.id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [layer, id]);
  return r.rows[0] ?? null;
}

/** Every row of a layer, in id order (re-deriving, replacing imports). */
export async function allRows(db: Q, layer: LayerId, forUpdate = false): Promise<FeatureRow[]> {
  return (await db.query<FeatureRow>(`SELECT ${COLUMNS} FROM features f WHERE f.collection = $1 ORDER BY f.id${forUpdate ? ' FOR UPDATE' : ''}`, [layer])).rows;
}

/**
 * Coordinates and scalar properties as columns. The coordinates come from the stored bounding
 * box (a point's box is the point), so no geometry is decoded; properties are read with jsonb.
 * Booleans come back as 1 / 0, as SQLite's json_extract gives them, so analyses see the same
 * values on both backends.
 */
export async function pointColumns(db: Q, layer: LayerId, q: Omit<ListQuery, 'limit' | 'offset'>, props: string[], opts: PointOptions = {}): Promise<PointColumns> {
  const of = whereOf(layer, q);
  const { params } = of;
  const where = opts.only ? `${of.where} AND f.id = ANY($${params.push(opts.only)}::int[])` : of.where;
  // One row: the coordinates packed by SQL (./packed-pairs.ts) and the ids as int4 in one bytea,
  // the properties as JSON arrays, all aggregated from the same rows in the same order (id order
  // when ids are asked for: the sorted subquery). A million rows parsed one by one by node-postgres
  // were ~0.9 s of the reading thread's CPU.
  // Compact columns (ward_code, category, status, day) are read as they are stored: no jsonb parse.
  const extracts = props.map((p, k) => `, ${POINT_COLUMNS.has(p) ? `f.${p}` : `f.properties::jsonb -> $${params.push(p)}`} AS p${k}`).join('');
  const limit = opts.limit === undefined ? '' : ` LIMIT $${params.push(opts.limit)}`;
  const rows = `SELECT f.id, f.minx, f.miny${extracts} FROM features f WHERE ${where}${opts.ids === false ? '' : ' ORDER BY f.id'}${limit}`;
  const ids = opts.ids === false ? 'NULL' : `encode(string_agg(int4send(s.id), ''::bytea), 'base64')`;
  const aggregates = props.map((_, k) => `, json_agg(s.p${k})`).join('');
  const r = await db.query({ text: `SELECT ${packedPairs('s')}, ${ids}${aggregates} FROM (${rows}) s`, values: params, rowMode: 'array' });
  const [xy, idText, ...json] = r.rows[0] as [string | null, string | null, ...(unknown[] | null)[]];
  const pairs = unpackPairs(xy);
  const n = pairs.length / 2;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = pairs[2 * i];
    lat[i] = pairs[2 * i + 1];
  }
  const idBytes = idText ? Buffer.from(idText, 'base64') : null;
  const idList: number[] = [];
  if (idBytes) for (let i = 0; i < idBytes.byteLength; i += 4) idList.push(idBytes.readInt32BE(i));
  const values: Record<string, unknown[]> = Object.fromEntries(
    props.map((p, k) => [p, (json[k] ?? []).map((v) => (v === true ? 1 : v === false ? 0 : v))]),
  );
  return { ids: idList, lon, lat, values };
}

/**
 * Interleaved lon, lat of the features of `layer` matching `q`, in no particular order: the input
 * of hot spots, one array for a million points and no columns apart. Without the ids' sort, a
 * time window of incidents is read from the (t_start) INCLUDE (minx, miny) index alone (0010).
 */
export async function coordinates(db: Q, layer: LayerId, q: Omit<ListQuery, 'limit' | 'offset'>): Promise<Float64Array> {
  const { where, params } = whereOf(layer, q);
  const r = await db.query({ text: `SELECT ${packedPairs('f')} FROM features f WHERE ${where}`, values: params, rowMode: 'array' });
  return unpackPairs((r.rows[0] as [string | null])[0]);
}

/** A layer's delta rows are folded into one once a reader finds this many. */
const FOLD_AT = 64;
/** First key of the per-layer advisory lock taken to fold or recompute layer_stats (any constant shared by every server). */
const STATS_LOCK = 0x73746174; // "stat"

interface Stats {
  n: number;
  minx: number | null;
  miny: number;
  maxx: number;
  maxy: number;
  t0: string | null;
  t1: string | null;
  stale: boolean;
  rows: number;
}

const readStats = async (db: Q, layer: LayerId) =>
  (
    await db.query<Stats>(
      `SELECT coalesce(sum(n), 0)::bigint AS n, min(minx) AS minx, min(miny) AS miny, max(maxx) AS maxx, max(maxy) AS maxy, min(t0) AS t0, max(t1) AS t1,
              coalesce(bool_or(stale), false) AS stale, count(*) AS rows
       FROM layer_stats WHERE collection = $1`,
      [layer],
    )
  ).rows[0];

/**
 * A layer's count, box and time range from layer_stats (kept by triggers, migration 0007):
 * the sum of its delta rows. A reader folds them into one row when there are many, and
 * recomputes them by one scan of the layer when a delete or a move marked the extent stale.
 * Folding runs under a per-layer advisory lock, and its DELETE and INSERT are one statement
 * (one snapshot): a writer's delta committed meanwhile is neither deleted nor counted twice.
 */
async function layerStats(pool: pg.Pool, layer: LayerId): Promise<Stats> {
  const r = await readStats(pool, layer);
  if (!r.stale && r.rows <= FOLD_AT) return r;
  await transaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STATS_LOCK, layer]);
    const now = await readStats(c, layer);
    if (now.stale)
      await c.query(
        `WITH gone AS (DELETE FROM layer_stats WHERE collection = $1)
         INSERT INTO layer_stats (collection, n, minx, miny, maxx, maxy, t0, t1)
         SELECT $1, count(*), min(minx), min(miny), max(maxx), max(maxy), min(coalesce(t_start, '')), max(coalesce(t_end, '~')) FROM features WHERE collection = $1`,
        [layer],
      );
    else if (now.rows > FOLD_AT)
      await c.query(
        `WITH gone AS (DELETE FROM layer_stats WHERE collection = $1 RETURNING *)
         INSERT INTO layer_stats (collection, n, minx, miny, maxx, maxy, t0, t1, stale)
         SELECT $1, sum(n), min(minx), min(miny), max(maxx), max(maxy), min(t0), max(t1), bool_or(stale) FROM gone HAVING count(*) > 0`,
        [layer],
      );
  });
  return readStats(pool, layer);
}

/** Bounding box and time range of a layer, for collection metadata: from layer_stats, no scan of the layer. */
export async function layerExtent(pool: pg.Pool, layer: LayerId): Promise<LayerExtent> {
  const r = await layerStats(pool, layer);
  if (r.n === 0 || r.minx === null) return { bbox: null, interval: null };
  // An empty start or a missing end means open-ended: '' sorts first and '~' last (text compared bytewise, COLLATE "C").
  const open = (t: string | null, mark: string) => (t === null || t === mark ? null : t);
  return { bbox: [r.minx, r.miny, r.maxx, r.maxy], interval: LAYERS[layer].temporal ? [open(r.t0, ''), open(r.t1, '~')] : null };
}

/** How many features a layer (or every layer) holds: a sum over layer_stats' few rows, not a count over the table. */
export async function countFeatures(db: Q, layer?: LayerId): Promise<number> {
  const r = layer
    ? await db.query<{ n: number }>('SELECT coalesce(sum(n), 0)::bigint AS n FROM layer_stats WHERE collection = $1', [layer])
    : await db.query<{ n: number }>('SELECT coalesce(sum(n), 0)::bigint AS n FROM layer_stats');
  return r.rows[0].n;
}

/** The wards, indexed, as they are in the database `db` sees (inside a transaction: with its own changes). */
export async function loadWardLookup(db: Q): Promise<WardLookup> {
  const rows = (await db.query<{ properties: string; geometry: string; minx: number; miny: number; maxx: number; maxy: number }>(`SELECT properties, geometry, minx, miny, maxx, maxy FROM features WHERE collection = 'wards' ORDER BY id`)).rows;
  return buildWardLookup(rows.map((r) => ({ feature: { type: 'Feature', properties: JSON.parse(r.properties), geometry: JSON.parse(r.geometry) } as WardFeature, bbox: [r.minx, r.miny, r.maxx, r.maxy] as Bbox })));
}
