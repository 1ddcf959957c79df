/**
 * Reference layers (roads, places of interest) in SQLite's `reference_features`, with an
 * R*Tree for bbox reads. Not operational data: no audit, no versions; an import replaces the layer.
 */
import type { Feature, Geometry } from 'geojson';
import { geometryBbox } from '../../../core/geometry/bbox.ts';
import type { Db } from '../open.ts';
import { REFERENCE_LAYERS, type Bbox, type ReferenceLayer, type ReferenceLayerStats } from '../store.ts';

// In-process imports do not change SQLite's data_version (it only moves for other connections' commits).
const localImports = new WeakMap<Db, number>();

/**
 * A stamp that changes whenever the reference layers may have changed, from this process or
 * another (the CLI importing while the server runs). Cheap enough to check on every tile request.
 */
export function referenceStamp(db: Db): string {
  return `${db.sqlite.pragma('data_version', { simple: true })}:${localImports.get(db) ?? 0}`;
}

/** Replaces a reference layer (or appends to it) in one transaction. */
export function importReference(db: Db, layer: ReferenceLayer, features: Feature[], opts: { append?: boolean } = {}): { inserted: number; deleted: number } {
  const at = new Date().toISOString();
  const del = db.sqlite.prepare('DELETE FROM reference_features WHERE layer = ?');
  const ins = db.sqlite.prepare('INSERT INTO reference_features (layer, properties, geometry, minx, miny, maxx, maxy, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const result = db.sqlite.transaction(() => {
    const deleted = opts.append ? 0 : del.run(layer).changes;
    for (const f of features) {
      const [x0, y0, x1, y1] = geometryBbox(f.geometry as Geometry);
      ins.run(layer, JSON.stringify(f.properties ?? {}), JSON.stringify(f.geometry), x0, y0, x1, y1, at);
    }
    return { inserted: features.length, deleted };
  })();
  localImports.set(db, (localImports.get(db) ?? 0) + 1);
  return result;
}

/** The layer's features, optionally only those whose box meets `bbox` (through the R*Tree). */
export function readReference(db: Db, layer: ReferenceLayer, bbox?: Bbox): Feature[] {
  const rows = bbox
    ? (db.sqlite
        .prepare('SELECT f.id, f.properties, f.geometry FROM reference_features f JOIN reference_rtree r ON r.id = f.id WHERE f.layer = ? AND r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ? ORDER BY f.id')
        .all(layer, bbox[0], bbox[2], bbox[1], bbox[3]) as { id: number; properties: string; geometry: string }[])
    : (db.sqlite.prepare('SELECT id, properties, geometry FROM reference_features WHERE layer = ? ORDER BY id').all(layer) as { id: number; properties: string; geometry: string }[]);
  return rows.map((r) => ({ type: 'Feature', id: r.id, properties: JSON.parse(r.properties), geometry: JSON.parse(r.geometry) }));
}

export function referenceLayerStats(db: Db): ReferenceLayerStats[] {
  return REFERENCE_LAYERS.map((id) => {
    const r = db.sqlite
      .prepare('SELECT count(*) AS n, min(minx) AS x0, min(miny) AS y0, max(maxx) AS x1, max(maxy) AS y1, max(imported_at) AS at FROM reference_features WHERE layer = ?')
      .get(id) as { n: number; x0: number | null; y0: number; x1: number; y1: number; at: string | null };
    return { id, count: r.n, bbox: r.n ? [r.x0!, r.y0, r.x1, r.y1] : null, imported_at: r.at };
  });
}

/** Count and highest id of a layer: every import changes it. */
export function referenceVersion(db: Db, layer: ReferenceLayer): string {
  const r = db.sqlite.prepare('SELECT count(*) AS n, max(id) AS m FROM reference_features WHERE layer = ?').get(layer) as { n: number; m: number | null };
  return `${r.n}-${r.m ?? 0}`;
}
