/**
 * GeoJSON in: a FeatureCollection, a single Feature, a geometry, or a JSON array of
 * features/geometries. Nesting depth is checked on the text before parsing, so a file
 * of a million nested brackets is refused cheaply.
 */
import { invalid, tooLarge } from './errors.ts';
import type { IoLimits } from './limits.ts';
import { checkFeatureCount, decodeUtf8, isPlainObject, type ReadResult, type SourceFeature } from './source.ts';

export const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** Deepest nesting of arrays and objects in JSON text, stopping as soon as `max` is passed. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** A legacy GeoJSON `crs` member naming anything but WGS84 longitude/latitude means projected or other-datum coordinates. */
export function checkCrs(doc: Record<string, unknown>): void {
  const crs = doc.crs as { properties?: { name?: unknown } } | undefined;
  if (!crs) return;
  const name = String(crs.properties?.name ?? '');
  if (/CRS84$|(EPSG::?4326)$/i.test(name)) return;
  throw invalid(`The file's coordinates are in ${name || 'an unnamed coordinate system'}, not longitude/latitude (WGS84). Reproject it to EPSG:4326 first, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`);
}

export function fromItem(item: unknown, index: number, context: string): SourceFeature {
  if (!isPlainObject(item)) throw invalid(`${context} ${index + 1} is not a GeoJSON object.`);
  if (item.type === 'Feature') {
    const props = item.properties ?? {};
    if (!isPlainObject(props)) throw invalid(`${context} ${index + 1}: "properties" must be an object or null.`);
    return { geometry: item.geometry ?? null, properties: props, where: item.id !== undefined ? `id ${JSON.stringify(item.id)}` : undefined };
  }
  if (typeof item.type === 'string' && GEOMETRY_TYPES.has(item.type)) return { geometry: item, properties: {} };
  throw invalid(`${context} ${index + 1} is neither a GeoJSON Feature nor a geometry (its type is ${JSON.stringify(item.type ?? null)}).`);
}

export function readGeoJson(data: Uint8Array, limits: IoLimits): ReadResult {
  const text = decodeUtf8(data, 'GeoJSON file');
  if (jsonDepthExceeds(text, limits.maxJsonDepth)) throw tooLarge(`The JSON is nested more than ${limits.maxJsonDepth} levels deep; GeoJSON never needs that many. The file is damaged or not GeoJSON.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw invalid(`The file is not valid JSON: ${(e as Error).message}.`);
  }
  let items: unknown[];
  let context = 'feature';
  if (Array.isArray(doc)) {
    items = doc;
    context = 'item';
  } else if (isPlainObject(doc)) {
    checkCrs(doc);
    if (doc.type === 'FeatureCollection') {
      if (!Array.isArray(doc.features)) throw invalid('The FeatureCollection has no "features" array.');
      items = doc.features;
    } else if (doc.type === 'GeometryCollection') {
      if (!Array.isArray(doc.geometries)) throw invalid('The GeometryCollection has no "geometries" array.');
      items = doc.geometries;
      context = 'geometry';
    } else if (doc.type === 'Feature' || (typeof doc.type === 'string' && GEOMETRY_TYPES.has(doc.type))) items = [doc];
    else
      throw invalid(
        `Expected a GeoJSON FeatureCollection, Feature, geometry or a list of them; this file's top-level type is ${JSON.stringify(doc.type ?? null)}.`,
      );
  } else throw invalid('Expected a GeoJSON object or a list of GeoJSON objects, not a bare JSON value.');
  checkFeatureCount(items.length, limits);
  return { format: 'geojson', features: items.map((it, i) => fromItem(it, i, context)), warnings: [] };
}
