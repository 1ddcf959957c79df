/**
 * Dissolve polygon features into one area, or one area per value of a property
 * (e.g. wards into districts by `district`).
 */
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import { unionAreas, type Area } from './polygon-ops.ts';

export interface DissolveProps {
  /** Value of the grouping property, or null when everything was dissolved together. */
  group: string | number | boolean | null;
  /** How many source features went into this area. */
  count: number;
}

/**
 * Merge overlapping and touching polygons (cascaded Clipper2 union, see polygon-ops.ts).
 * Non-areal features and null geometries are ignored.
 *
 * @param input polygon features (Feature[] or FeatureCollection)
 * @param by optional property name: one output area per distinct value
 * @returns FeatureCollection of (Multi)Polygons with {group, count}, groups in first-seen order
 */
export function dissolveFeatures(
  input: readonly Feature<Geometry | null, GeoJsonProperties>[] | FeatureCollection<Geometry | null, GeoJsonProperties>,
  by?: string,
): FeatureCollection<Area, DissolveProps> {
  const features = Array.isArray(input) ? (input as readonly Feature<Geometry | null>[]) : (input as FeatureCollection<Geometry | null>).features;
  const groups = new Map<DissolveProps['group'], Area[]>();
  for (const f of features) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const raw = by ? f.properties?.[by] : null;
    const key = raw === undefined || raw === null || typeof raw === 'object' ? null : (raw as string | number | boolean);
    const list = groups.get(key) ?? [];
    list.push(g);
    groups.set(key, list);
  }
  const out: Feature<Area, DissolveProps>[] = [];
  for (const [group, areas] of groups) {
    const geometry = unionAreas(areas);
    if (geometry) out.push({ type: 'Feature', properties: { group, count: areas.length }, geometry });
  }
  return { type: 'FeatureCollection', features: out };
}
