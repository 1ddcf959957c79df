/**
 * Reference layers (roads, places of interest) in PostgreSQL. Not operational data: no audit,
 * no versions. Imports go in CHUNK rows per statement; a bbox read uses the GiST index on the
 * generated geometry (box against box, as SQLite's R*Tree read does).
 */
import type { Feature, Geometry } from 'geojson';
import type pg from 'pg';
import { geometryBbox } from '../../../core/geometry/validate.ts';
import { REFERENCE_LAYERS, type Bbox, type ReferenceLayer, type ReferenceLayerStats } from '../store.ts';
import type { ChangeFeed } from './change-feed.ts';
import { transaction } from './tx.ts';

const CHUNK = 5_000;
type Q = Pick<pg.ClientBase, 'query'>;

export async function importReference(pool: pg.Pool, feed: ChangeFeed, layer: ReferenceLayer, features: Feature[], opts: { append?: boolean } = {}): Promise<{ inserted: number; deleted: number }> {
  const at = new Date().toISOString();
  const out = await transaction(pool, async (c) => {
    const deleted = opts.append ? 0 : ((await c.query('DELETE FROM reference_features WHERE layer = $1', [layer])).rowCount ?? 0);
    for (let i = 0; i < features.length; i += CHUNK) {
      const part = features.slice(i, i + CHUNK);
      const boxes = part.map((f) => geometryBbox(f.geometry as Geometry));
      await c.query(
        `INSERT INTO reference_features (layer, properties, geometry, minx, miny, maxx, maxy, imported_at)
         SELECT $1, u.p, u.g, u.x0, u.y0, u.x1, u.y1, $2 FROM unnest($3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[]) WITH ORDINALITY AS u(p, g, x0, y0, x1, y1, n) ORDER BY u.n`,
        [layer, at, part.map((f) => JSON.stringify(f.properties ?? {})), part.map((f) => JSON.stringify(f.geometry)), ...[0, 1, 2, 3].map((j) => boxes.map((b) => b[j]))],
      );
    }
    await feed.notifyReference(c, layer);
    return { inserted: features.length, deleted };
  });
  feed.committed([], layer);
  return out;
}

export async function readReference(db: Q, layer: ReferenceLayer, bbox?: Bbox): Promise<Feature[]> {
  const rows = bbox
    ? (
        await db.query<{ id: number; properties: string; geometry: string }>(
          'SELECT id, properties, geometry FROM reference_features WHERE layer = $1 AND geom && ST_MakeEnvelope($2, $3, $4, $5, 4326) ORDER BY id',
          [layer, ...bbox],
        )
      ).rows
    : (await db.query<{ id: number; properties: string; geometry: string }>('SELECT id, properties, geometry FROM reference_features WHERE layer = $1 ORDER BY id', [layer])).rows;
  return rows.map((r) => ({ type: 'Feature', id: r.id, properties: JSON.parse(r.properties), geometry: JSON.parse(r.geometry) }));
}

export async function referenceLayerStats(db: Q): Promise<ReferenceLayerStats[]> {
  const out: ReferenceLayerStats[] = [];
  for (const id of REFERENCE_LAYERS) {
    const r = (
      await db.query<{ n: number; x0: number | null; y0: number; x1: number; y1: number; at: string | null }>(
        'SELECT count(*) AS n, min(minx) AS x0, min(miny) AS y0, max(maxx) AS x1, max(maxy) AS y1, max(imported_at) AS at FROM reference_features WHERE layer = $1',
        [id],
      )
    ).rows[0];
    out.push({ id, count: r.n, bbox: r.n ? [r.x0!, r.y0, r.x1, r.y1] : null, imported_at: r.at });
  }
  return out;
}

/** Count and highest id of a layer: every import changes it (ids come from a sequence, never reused). */
export async function referenceVersion(db: Q, layer: ReferenceLayer): Promise<string> {
  const r = (await db.query<{ n: number; m: number | null }>('SELECT count(*) AS n, max(id) AS m FROM reference_features WHERE layer = $1', [layer])).rows[0];
  return `${r.n}-${r.m ?? 0}`;
}
