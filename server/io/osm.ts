/**
 * OSM XML (.osm, as written by JOSM, the OSM API or osmium) in: road lines and places of interest.
 *
 * A one-pass tokenizer over the text instead of a DOM: a city extract holds millions of elements
 * and a DOM of it would take several times the file's size. Node coordinates are kept in a map
 * by id (ways refer to them), tags only while their element is open.
 * Relations (multipolygons, routes) are not read: roads and places are ways and nodes.
 */
import { invalid } from './errors.ts';
import type { IoLimits } from './limits.ts';
import { checkFeatureCount, decodeUtf8, type SourceFeature } from './source.ts';

export interface OsmReadResult {
  roads: SourceFeature[];
  pois: SourceFeature[];
  warnings: string[];
}

/** Tags copied onto a road. */
export const ROAD_TAGS = ['highway', 'name', 'ref', 'oneway', 'bridge', 'tunnel', 'layer'] as const;

/** Places kept as POIs, by amenity; plus bus stops and government offices (UBND). */
export const POI_AMENITIES = ['school', 'kindergarten', 'college', 'university', 'hospital', 'clinic', 'doctors', 'pharmacy', 'police', 'fire_station', 'townhall', 'community_centre', 'marketplace'] as const;

/** Highway values that are not lines one drives or walks along. */
const NOT_A_ROAD = new Set(['bus_stop', 'platform', 'street_lamp', 'traffic_signals', 'crossing', 'stop', 'give_way', 'turning_circle', 'elevator', 'rest_area', 'services', 'emergency_access_point']);

/** The category a tagged element counts as, or null when it is not a place we keep. */
export function poiCategory(tags: Record<string, string>): string | null {
  if (tags.amenity && (POI_AMENITIES as readonly string[]).includes(tags.amenity)) return tags.amenity;
  if (tags.highway === 'bus_stop' || (tags.public_transport === 'platform' && tags.bus === 'yes')) return 'bus_stop';
  if (tags.office === 'government') return 'townhall';
  if (tags.healthcare && ['hospital', 'clinic', 'doctor', 'centre'].includes(tags.healthcare)) return tags.healthcare === 'doctor' ? 'doctors' : tags.healthcare === 'centre' ? 'clinic' : tags.healthcare;
  return null;
}

/**
 * OSM amenity (or healthcare) values as facility kinds. `doctors` (a doctor's practice) counts as a
 * clinic: for a polling station's plan both are "medical care nearby that is not a hospital".
 * OSM has no tag for a commune health station or a COVID isolation facility; those come from
 * GeoJSON/CSV files with a `kind` column.
 */
export const FACILITY_KIND_OF_AMENITY: Record<string, 'hospital' | 'clinic' | 'police' | 'fire_station'> = {
  hospital: 'hospital',
  clinic: 'clinic',
  doctors: 'clinic',
  doctor: 'clinic',
  centre: 'clinic',
  police: 'police',
  fire_station: 'fire_station',
};

/** The facility kind of a place read from OSM tags or a POI file's columns (amenity, healthcare, category); null when it is no facility. */
export function facilityKind(tags: Record<string, unknown>): string | null {
  for (const key of ['amenity', 'healthcare', 'category']) {
    const v = tags[key];
    if (typeof v === 'string' && FACILITY_KIND_OF_AMENITY[v.trim().toLowerCase()]) return FACILITY_KIND_OF_AMENITY[v.trim().toLowerCase()];
  }
  return null;
}

function poiProps(tags: Record<string, string>, category: string, id: string, type: 'node' | 'way'): Record<string, unknown> {
  return {
    category,
    name: tags.name ?? null,
    amenity: tags.amenity ?? null,
    healthcare: tags.healthcare ?? null,
    addr_street: tags['addr:street'] ?? null,
    addr_housenumber: tags['addr:housenumber'] ?? null,
    phone: tags.phone ?? tags['contact:phone'] ?? null,
    osm_type: type,
    osm_id: Number(id),
  };
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** A numeric reference must name a Unicode scalar value; `&#x110000;` is not XML (and used to throw a RangeError, a 500). */
function codePoint(ref: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) throw invalid(`The file has a character reference ${ref} that names no character; it is not well-formed XML.`);
  return String.fromCodePoint(n);
}
const unescape = (s: string) =>
  s.includes('&') ? s.replace(ENTITY, (ref, hex, dec, name) => (hex ? codePoint(ref, parseInt(hex, 16)) : dec ? codePoint(ref, Number(dec)) : NAMED[name])) : s;

const ATTR = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(ATTR)) out[m[1]] = unescape(m[2] ?? m[3]);
  return out;
}

const TAG = /<(\/?)(osm|node|way|nd|tag|relation|member|bounds)\b([^>]*?)(\/?)>/g;

export function readOsmXml(data: Uint8Array, limits: IoLimits): OsmReadResult {
  const text = decodeUtf8(data, 'OSM XML file').replace(/<!--[\s\S]*?-->/g, '');
  if (!/<osm[\s>]/.test(text.slice(0, 4096))) throw invalid('The file is not OSM XML: it has no <osm> element at the start. Export it from JOSM, the OSM website or osmium as .osm (XML), not .pbf.');
  const coords = new Map<string, [number, number]>();
  const roads: SourceFeature[] = [];
  const pois: SourceFeature[] = [];
  let missingNodes = 0;
  let relations = 0;

  let kind: 'node' | 'way' | 'relation' | null = null;
  let id = '';
  let tags: Record<string, string> = {};
  let nds: string[] = [];
  let nodeAt: [number, number] | null = null;

  const closeNode = () => {
    const cat = poiCategory(tags);
    if (cat && nodeAt) pois.push({ geometry: { type: 'Point', coordinates: nodeAt }, properties: poiProps(tags, cat, id, 'node'), where: `node ${id}` });
  };
  const closeWay = () => {
    const line: [number, number][] = [];
    for (const ref of nds) {
      const p = coords.get(ref);
      if (p) line.push(p);
      else missingNodes++;
    }
    if (line.length < 2) return;
    const closed = nds.length > 3 && nds[0] === nds[nds.length - 1];
    if (tags.highway && !NOT_A_ROAD.has(tags.highway) && tags.area !== 'yes') {
      const props: Record<string, unknown> = { osm_id: Number(id) };
      for (const k of ROAD_TAGS) props[k] = tags[k] ?? null;
      roads.push({ geometry: { type: 'LineString', coordinates: line }, properties: props, where: `way ${id}` });
    }
    const cat = poiCategory(tags);
    if (cat && closed) {
      // a building or site drawn as an outline: the place is its centre (vertex mean; fine at building size)
      const ring = line.slice(0, -1);
      const c: [number, number] = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
      pois.push({ geometry: { type: 'Point', coordinates: [Math.round(c[0] * 1e7) / 1e7, Math.round(c[1] * 1e7) / 1e7] }, properties: poiProps(tags, cat, id, 'way'), where: `way ${id}` });
    }
  };

  for (const m of text.matchAll(TAG)) {
    const [, closing, name, rest, selfClosing] = m;
    if (closing) {
      if (name === 'node' && kind === 'node') closeNode();
      else if (name === 'way' && kind === 'way') closeWay();
      if (name === kind) kind = null;
      continue;
    }
    switch (name) {
      case 'node': {
        const a = attrs(rest);
        const lon = Number(a.lon), lat = Number(a.lat);
        id = a.id;
        if (a.id && Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90) {
          nodeAt = [lon, lat];
          coords.set(a.id, nodeAt);
        } else nodeAt = null;
        tags = {};
        kind = selfClosing ? null : 'node';
        break;
      }
      case 'way':
        id = attrs(rest).id;
        tags = {};
        nds = [];
        kind = selfClosing ? null : 'way';
        break;
      case 'relation':
        relations++;
        kind = selfClosing ? null : 'relation';
        break;
      case 'nd':
        if (kind === 'way') nds.push(attrs(rest).ref);
        break;
      case 'tag':
        if (kind === 'node' || kind === 'way') {
          const a = attrs(rest);
          if (a.k !== undefined) tags[a.k] = a.v ?? '';
        }
        break;
    }
    if (roads.length + pois.length > limits.maxFeatures) checkFeatureCount(roads.length + pois.length, limits);
  }
  if (coords.size === 0) throw invalid('The OSM XML file holds no nodes, so there is nothing to draw.');
  const warnings: string[] = [];
  if (missingNodes) warnings.push(`${missingNodes} node references point outside the file (the extract cut some ways); those ways were shortened or skipped.`);
  if (relations) warnings.push(`${relations} relations were not read; roads and places come from ways and nodes.`);
  return { roads, pois, warnings };
}
