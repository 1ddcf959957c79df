/**
 * Derived properties, computed from geometry and never typed by a person:
 * `ward_code` (the ward a point stands in) and `on_border` (a checkpoint within a set
 * distance of a ward or district border). Both are core/wards' rules (locate.ts,
 * border-distance.ts), the ones crossings, gaps and the analyses use.
 */
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import { wardAt } from '../wards/locate.ts';
import { nearBorder } from '../wards/border-distance.ts';
import type { LayerId } from '../layers.ts';

export type WardFeature = Feature<Polygon | MultiPolygon, { code: string; [k: string]: unknown }>;

/**
 * Derived properties for a feature of `layer`; `wards` need only hold the wards near the
 * point (within the border distance), as found by the spatial index.
 */
export function deriveProps(layer: LayerId, geometry: { type: string; coordinates: unknown }, wards: WardFeature[], borderDistanceM: number): Record<string, unknown> {
  if (geometry.type !== 'Point') return {};
  const p = (geometry as Point).coordinates;
  if (layer === 'checkpoints') {
    const ward = wardAt(p, wards);
    return { ward_code: ward?.properties.code ?? null, on_border: wards.length > 0 && nearBorder(p, wards, borderDistanceM) };
  }
  if (layer === 'polling-stations' || layer === 'incidents' || layer === 'facilities') return { ward_code: wardAt(p, wards)?.properties.code ?? null };
  return {};
}
