/**
 * GeoJSON out: one RFC 7946 FeatureCollection (WGS84 lon/lat, no `crs` member), written a
 * feature at a time (`geoJsonParts`) so that a layer of 200,000 features is never one string.
 */
import type { Feature } from 'geojson';

/** The text in pieces: the opening, one piece per feature, the closing; joined, JSON.stringify of the collection. */
export function* geoJsonParts(features: Iterable<Feature>): Generator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for (const f of features) {
    yield (first ? '' : ',') + JSON.stringify({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties ?? {} });
    first = false;
  }
  yield ']}';
}

export const writeGeoJson = (features: Iterable<Feature>): string => [...geoJsonParts(features)].join('');
