/**
 * Small geodesic measures used by the analyses, and how features are named in their results.
 *
 * Distances use the same sphere as Turf and geokdbush (haversine, units.ts); distances to borders
 * and areas are core/wards/border-distance.ts's, the metric on_border uses too.
 */
import type { Feature, GeoJsonProperties, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import KDBush from 'kdbush';
import { EARTH_RADIUS_M, RAD } from './units.ts';
import { borderDistanceM } from '../wards/border-distance.ts';
import { wardAt } from '../wards/locate.ts';

/** Great-circle distance in metres (haversine). */
export function haversineM(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Length of a path in metres. */
export function pathLengthM(path: readonly Position[]): number {
  let sum = 0;
  for (let i = 1; i < path.length; i++) sum += haversineM(path[i - 1], path[i]);
  return sum;
}

/** Distance in metres from a point to an area: 0 inside or on the boundary, else to its nearest ring. */
export function pointAreaM(p: Position, area: Polygon | MultiPolygon): number {
  return wardAt(p, [{ geometry: area }]) ? 0 : borderDistanceM(p, [{ geometry: area }]);
}

/** The id a result points back to: the feature's id, else properties.id, else its index. */
export function featureId(f: Feature<Geometry | null, GeoJsonProperties>, index: number): string | number {
  const id = f.id ?? f.properties?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : index;
}

/** A property as a string, or null. */
export function prop(f: Feature<Geometry | null, GeoJsonProperties>, ...names: string[]): string | null {
  for (const n of names) {
    const v = f.properties?.[n];
    if (v !== undefined && v !== null && v !== '') return String(v);
  }
  return null;
}

/** Keep features whose property `name` is one of `allowed` (all when `allowed` is undefined). */
export function whereIn<F extends Feature<Geometry | null, GeoJsonProperties>>(features: readonly F[], name: string, allowed: readonly string[] | undefined): F[] {
  if (!allowed) return [...features];
  const set = new Set(allowed);
  return features.filter((f) => set.has(String(f.properties?.[name])));
}

export type FeaturesIn<G extends Geometry | null = Geometry | null> = readonly Feature<G, GeoJsonProperties>[] | { type: 'FeatureCollection'; features: Feature<G, GeoJsonProperties>[] };

/** Feature[] or FeatureCollection → Feature[]. */
export function listOf<G extends Geometry | null>(input: FeaturesIn<G>): readonly Feature<G, GeoJsonProperties>[] {
  return Array.isArray(input) ? input : (input as { features: Feature<G, GeoJsonProperties>[] }).features;
}

/** A k-d tree over positions for geokdbush queries; null when there are none. */
export function pointIndex(positions: readonly Position[]): KDBush | null {
  if (positions.length === 0) return null;
  const index = new KDBush(positions.length);
  for (const p of positions) index.add(p[0], p[1]);
  index.finish();
  return index;
}
