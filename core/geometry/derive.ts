/**
 * Derived properties, computed from geometry and never typed by a person:
 * `ward_code` (the ward a point stands in) and `on_border` (a checkpoint within a set
 * distance of a ward or district border).
 */
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import pointToLineDistance from '@turf/point-to-line-distance';
import { lineString } from '@turf/helpers';
import type { LayerId } from '../layers.ts';

export type WardFeature = Feature<Polygon | MultiPolygon, { code: string; [k: string]: unknown }>;

/** The ward containing the point, or null outside every ward. */
export function wardAt(point: Position, wards: WardFeature[]): WardFeature | null {
  for (const w of wards) if (booleanPointInPolygon(point, w)) return w;
  return null;
}

/** Geodesic distance in metres from a point to the nearest ward boundary among `wards`. */
export function distanceToBorder(point: Position, wards: WardFeature[]): number {
  let best = Infinity;
  for (const w of wards) {
    const polys = w.geometry.type === 'Polygon' ? [w.geometry.coordinates] : w.geometry.coordinates;
    for (const rings of polys)
      for (const ring of rings) {
        const d = pointToLineDistance(point, lineString(ring), { units: 'meters' });
        if (d < best) best = d;
      }
  }
  return best;
}

/**
 * Derived properties for a feature of `layer`; `wards` need only hold the wards near the
 * point (within the border distance), as found by the spatial index.
 */
export function deriveProps(layer: LayerId, geometry: { type: string; coordinates: unknown }, wards: WardFeature[], borderDistanceM: number): Record<string, unknown> {
  if (geometry.type !== 'Point') return {};
  const p = (geometry as Point).coordinates;
  if (layer === 'checkpoints') {
    const ward = wardAt(p, wards);
    return { ward_code: ward?.properties.code ?? null, on_border: wards.length > 0 && distanceToBorder(p, wards) <= borderDistanceM };
  }
  if (layer === 'polling-stations' || layer === 'incidents' || layer === 'facilities') return { ward_code: wardAt(p, wards)?.properties.code ?? null };
  return {};
}
