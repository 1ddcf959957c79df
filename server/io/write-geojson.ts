/** GeoJSON out: one RFC 7946 FeatureCollection (WGS84 lon/lat, no `crs` member). */
import type { Feature, FeatureCollection } from 'geojson';

export function writeGeoJson(features: Feature[]): string {
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties ?? {} })),
  };
  return JSON.stringify(fc);
}
