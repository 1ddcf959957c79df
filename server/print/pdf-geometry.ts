/** GeoJSON geometries as pdfkit paths through a map view, in points. */
import type { Geometry, Position } from 'geojson';
import { toPage, type MapView } from '../../core/print/map-view.ts';
import { mmToPt } from '../../core/print/paper.ts';

export type Doc = PDFKit.PDFDocument;

/** Page position of a lon/lat in points. */
export function project(view: MapView, p: Position): [number, number] {
  const [x, y] = toPage(view, p[0], p[1]);
  return [mmToPt(x), mmToPt(y)];
}

function ring(doc: Doc, view: MapView, coords: Position[], close: boolean) {
  coords.forEach((c, i) => {
    const [x, y] = project(view, c);
    if (i === 0) doc.moveTo(x, y);
    else doc.lineTo(x, y);
  });
  if (close) doc.closePath();
}

/** Adds the geometry's outline to the current path (polygons closed, lines open); false if nothing was added. */
export function geometryPath(doc: Doc, view: MapView, g: Geometry | null): boolean {
  if (!g) return false;
  switch (g.type) {
    case 'Polygon':
      g.coordinates.forEach((r) => ring(doc, view, r, true));
      return g.coordinates.length > 0;
    case 'MultiPolygon':
      g.coordinates.forEach((p) => p.forEach((r) => ring(doc, view, r, true)));
      return g.coordinates.length > 0;
    case 'LineString':
      ring(doc, view, g.coordinates, false);
      return g.coordinates.length > 1;
    case 'MultiLineString':
      g.coordinates.forEach((l) => ring(doc, view, l, false));
      return g.coordinates.length > 0;
    default:
      return false;
  }
}

export const isArea = (g: Geometry | null) => g?.type === 'Polygon' || g?.type === 'MultiPolygon';

export function pointsOf(g: Geometry | null): Position[] {
  if (!g) return [];
  if (g.type === 'Point') return [g.coordinates];
  if (g.type === 'MultiPoint') return g.coordinates;
  return [];
}
