/**
 * The wards, parsed once and indexed, for deriving `ward_code` / `on_border` of points.
 * Rebuilt lazily after any ward change, so an import of 100,000 incidents does not parse
 * ward geometry 100,000 times.
 */
import Flatbush from 'flatbush';
import { sql } from 'drizzle-orm';
import type { Geometry, Position } from 'geojson';
import { deriveProps, type WardFeature } from '../../core/geometry/derive.ts';
import type { LayerId } from '../../core/layers.ts';
import { metresToDegrees } from '../../core/geometry/units.ts';
import type { Db } from './open.ts';

interface WardIndex {
  wards: WardFeature[];
  index: Flatbush | null;
}

const cache = new WeakMap<Db, WardIndex>();

export function invalidateWards(db: Db): void {
  cache.delete(db);
}

function load(db: Db): WardIndex {
  let w = cache.get(db);
  if (w) return w;
  const rows = db.orm.all<{ properties: string; geometry: string; minx: number; miny: number; maxx: number; maxy: number }>(
    sql`SELECT properties, geometry, minx, miny, maxx, maxy FROM features WHERE collection = 'wards' ORDER BY id`,
  );
  const wards = rows.map((r) => ({ type: 'Feature', properties: JSON.parse(r.properties), geometry: JSON.parse(r.geometry) }) as WardFeature);
  let index: Flatbush | null = null;
  if (rows.length) {
    index = new Flatbush(rows.length);
    for (const r of rows) index.add(r.minx, r.miny, r.maxx, r.maxy);
    index.finish();
  }
  w = { wards, index };
  cache.set(db, w);
  return w;
}

/** Wards whose bounding box lies within `metres` of the point. */
export function wardsNear(db: Db, p: Position, metres: number): WardFeature[] {
  const { wards, index } = load(db);
  if (!index) return [];
  const { dLat: dy, dLon: dx } = metresToDegrees(metres, p[1]);
  return index.search(p[0] - dx, p[1] - dy, p[0] + dx, p[1] + dy).map((i) => wards[i]);
}

export function derivedFor(db: Db, layer: LayerId, geometry: Geometry): Record<string, unknown> {
  if (geometry.type !== 'Point') return {};
  const near = wardsNear(db, geometry.coordinates, db.options.borderDistanceM);
  return deriveProps(layer, geometry, near, db.options.borderDistanceM);
}
