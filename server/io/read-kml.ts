/**
 * KML in, through @tmcw/togeojson on an @xmldom/xmldom document. Placemark names,
 * descriptions and ExtendedData become properties; MultiGeometry of polygons becomes a
 * MultiPolygon; altitudes are dropped (opsmap is two-dimensional).
 */
import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import type { Geometry, Position } from 'geojson';
import { invalid } from './errors.ts';
import type { IoLimits } from './limits.ts';
import { checkFeatureCount, type ReadResult } from './source.ts';

function decodeXml(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\ufeff/, '');
  } catch {
    const declared = /^<\?xml[^>]*encoding=["']([A-Za-z0-9_-]+)["']/.exec(new TextDecoder('latin1').decode(data.subarray(0, 200)))?.[1];
    try {
      if (declared) return new TextDecoder(declared).decode(data);
    } catch {
      /* unknown label: fall through */
    }
    throw invalid(`The KML file is not UTF-8${declared ? ` and its declared encoding "${declared}" is not supported` : ''}. Save it as UTF-8.`);
  }
}

const flat = (p: Position): Position => [p[0], p[1]];

/** 2D, and a GeometryCollection made of one kind of part turned into that Multi type (or the single part). */
function normalise(g: Geometry | null): Geometry | null {
  if (!g) return null;
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: flat(g.coordinates) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(flat)) };
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map(flat) };
    case 'GeometryCollection': {
      const parts = g.geometries.map(normalise).filter((x): x is Geometry => x !== null);
      if (parts.length === 1) return parts[0];
      if (parts.length > 0 && parts.every((x) => x.type === 'Polygon' || x.type === 'MultiPolygon'))
        return { type: 'MultiPolygon', coordinates: parts.flatMap((x) => (x.type === 'Polygon' ? [x.coordinates] : (x as { coordinates: Position[][][] }).coordinates)) };
      if (parts.length > 0 && parts.every((x) => x.type === 'Point')) return { type: 'MultiPoint', coordinates: parts.map((x) => (x as { coordinates: Position }).coordinates) };
      return { type: 'GeometryCollection', geometries: parts };
    }
    default:
      return g;
  }
}

export function readKml(data: Uint8Array, limits: IoLimits): ReadResult {
  const text = decodeXml(data);
  let doc: Document;
  try {
    doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (e) {
    throw invalid(`The file is not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'kml') throw invalid(`The file is not KML: its root element is <${root?.nodeName ?? 'none'}>, not <kml>.`);
  checkFeatureCount(doc.getElementsByTagName('Placemark').length, limits);
  const fc = kml(doc);
  return {
    format: 'kml',
    features: fc.features.map((f, i) => {
      const name = (f.properties as Record<string, unknown> | null)?.name;
      return {
        geometry: normalise(f.geometry as Geometry | null),
        properties: { ...(f.properties ?? {}) },
        where: `placemark ${i + 1}${typeof name === 'string' && name ? ` “${name}”` : ''}`,
      };
    }),
    warnings: [],
  };
}
