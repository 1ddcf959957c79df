/**
 * Reference layers (roads, places of interest) drawn beneath the operational layers: read from
 * OSM-derived GeoJSON or OSM XML and reduced to the properties the map uses; the store
 * (store.reference) keeps them for tiles and the crossings analysis.
 * They are not operational data: no audit, no versions; an import replaces the layer.
 */
import type { Feature, Geometry, LineString, MultiLineString, Point } from 'geojson';
import { invalid } from './errors.ts';
import type { IoLimits } from './limits.ts';
import { readGeoJson } from './read-geojson.ts';
import { poiCategory, readOsmXml, ROAD_TAGS } from './osm.ts';
import type { SourceFeature } from './source.ts';
import { geometryBbox } from '../../core/geometry/bbox.ts';

import { REFERENCE_LAYERS, type ReferenceLayer, type ReferenceLayerStats, type Store } from '../db/store.ts';

export { REFERENCE_LAYERS, type ReferenceLayer };
export const isReferenceLayer = (s: string): s is ReferenceLayer => (REFERENCE_LAYERS as readonly string[]).includes(s);

export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

export interface ReferenceRead {
  features: Feature[];
  skipped: number;
  warnings: string[];
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

function roadProps(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ROAD_TAGS) out[k] = str(p[k]);
  if (p.osm_id !== undefined && p.osm_id !== null) out.osm_id = Number(p.osm_id);
  return out;
}

function poiProps(p: Record<string, unknown>): Record<string, unknown> | null {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (v !== null && v !== undefined) tags[k] = String(v);
  const category = str(p.category) ?? poiCategory(tags);
  if (!category) return null;
  return {
    category,
    name: str(p.name),
    amenity: str(p.amenity),
    healthcare: str(p.healthcare),
    addr_street: str(p.addr_street ?? p['addr:street']),
    addr_housenumber: str(p.addr_housenumber ?? p['addr:housenumber']),
    ...(p.osm_id !== undefined && p.osm_id !== null ? { osm_id: Number(p.osm_id) } : {}),
  };
}

const finite = (c: unknown): c is [number, number] => Array.isArray(c) && c.length >= 2 && Number.isFinite(c[0]) && Number.isFinite(c[1]) && Math.abs(c[0] as number) <= 180 && Math.abs(c[1] as number) <= 90;

/** Coordinates of a line: checked shape by shape, since a hostile file can put anything there. */
const isLine = (c: unknown): boolean => Array.isArray(c) && c.length >= 2 && c.every(finite);

/** Keep what fits the layer: lines for roads, points for places; everything else is counted as skipped. */
export function toReference(layer: ReferenceLayer, source: SourceFeature[]): ReferenceRead {
  const features: Feature[] = [];
  let skipped = 0;
  for (const s of source) {
    const g = s.geometry as Geometry | null;
    if (layer === 'roads') {
      const ok =
        (g?.type === 'LineString' && isLine(g.coordinates)) ||
        (g?.type === 'MultiLineString' && Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(isLine));
      if (!ok) {
        skipped++;
        continue;
      }
      features.push({ type: 'Feature', properties: roadProps(s.properties), geometry: g as LineString | MultiLineString });
    } else {
      const props = poiProps(s.properties);
      if (g?.type !== 'Point' || !finite(g.coordinates) || !props) {
        skipped++;
        continue;
      }
      features.push({ type: 'Feature', properties: props, geometry: g as Point });
    }
  }
  const warnings = skipped ? [`${skipped} feature(s) were skipped: a ${layer === 'roads' ? 'road must be a line' : 'place must be a point with a category (school, hospital, bus_stop, …)'}.`] : [];
  return { features, skipped, warnings };
}

/** A reference file: OSM XML when it is named .osm or starts like one, else GeoJSON. */
export function readReferenceFile(layer: ReferenceLayer, data: Uint8Array, limits: IoLimits, filename = ''): ReferenceRead {
  const head = new TextDecoder().decode(data.subarray(0, 512)).trimStart();
  const isOsm = /\.osm$/i.test(filename) || head.startsWith('<?xml') || head.startsWith('<osm');
  if (isOsm) {
    const r = readOsmXml(data, limits);
    const out = toReference(layer, layer === 'roads' ? r.roads : r.pois);
    return { ...out, warnings: [...r.warnings, ...out.warnings] };
  }
  if (head.startsWith('<')) throw invalid('The file is XML but not OSM XML; reference layers are read from GeoJSON or OSM XML (.osm).');
  return toReference(layer, readGeoJson(data, limits).features);
}

export interface ReferenceLayerInfo extends ReferenceLayerStats {
  attribution: string;
}

/** Count, extent, import time and attribution of each reference layer. */
export async function referenceLayers(store: Store): Promise<ReferenceLayerInfo[]> {
  return (await store.reference.layers()).map((l) => ({ ...l, attribution: OSM_ATTRIBUTION }));
}
