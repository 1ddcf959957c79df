/**
 * KML 2.2 out: one Placemark per feature, its label as <name>, every property of the
 * contract as ExtendedData (typed by nothing: KML data values are text), the geometry as
 * Point, Polygon or MultiGeometry. Text is XML-escaped, and characters XML 1.0 forbids
 * are dropped, so any stored text yields a well-formed document. Written a Placemark at a time
 * (`kmlParts`), so a large layer is never one string.
 */
import type { Feature, Geometry, Position } from 'geojson';
import { LAYERS, outputPropertyNames, type LayerId } from '../../core/layers.ts';

// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(s: string): string {
  return s.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const coords = (ps: Position[]) => ps.map((p) => `${p[0]},${p[1]}`).join(' ');

function polygon(rings: Position[][]): string {
  const [outer, ...holes] = rings;
  const ring = (r: Position[]) => `<LinearRing><coordinates>${coords(r)}</coordinates></LinearRing>`;
  return `<Polygon><outerBoundaryIs>${ring(outer)}</outerBoundaryIs>${holes.map((h) => `<innerBoundaryIs>${ring(h)}</innerBoundaryIs>`).join('')}</Polygon>`;
}

function geometry(g: Geometry | null): string {
  if (!g) return '';
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${coords([g.coordinates])}</coordinates></Point>`;
    case 'Polygon':
      return polygon(g.coordinates);
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map(polygon).join('')}</MultiGeometry>`;
    case 'LineString':
      return `<LineString><coordinates>${coords(g.coordinates)}</coordinates></LineString>`;
    case 'MultiPoint':
      return `<MultiGeometry>${g.coordinates.map((p) => geometry({ type: 'Point', coordinates: p })).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${g.coordinates.map((l) => geometry({ type: 'LineString', coordinates: l })).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${g.geometries.map(geometry).join('')}</MultiGeometry>`;
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** The document in pieces: the opening, one Placemark per feature, the closing. */
export function* kmlParts(layer: LayerId, features: Iterable<Feature>): Generator<string> {
  const def = LAYERS[layer];
  const names = outputPropertyNames(layer);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${xmlEscape(def.title.vi)}</name>\n`;
  let first = true;
  for (const f of features) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const data = names
      .filter((k) => p[k] !== null && p[k] !== undefined)
      .map((k) => `<Data name="${xmlEscape(k)}"><value>${xmlEscape(text(p[k]))}</value></Data>`)
      .join('');
    const id = f.id === undefined ? '' : ` id="${xmlEscape(`${layer}.${f.id}`)}"`;
    const label = p[def.labelProp];
    yield `${first ? '' : '\n'}<Placemark${id}>${label === undefined || label === null ? '' : `<name>${xmlEscape(text(label))}</name>`}<ExtendedData>${data}</ExtendedData>${geometry(f.geometry)}</Placemark>`;
    first = false;
  }
  yield '\n</Document></kml>\n';
}

export const writeKml = (layer: LayerId, features: Iterable<Feature>): string => [...kmlParts(layer, features)].join('');
