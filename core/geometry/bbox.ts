/**
 * Bounding boxes, [west, south, east, north] in degrees (GeoJSON's order). The one place that
 * walks coordinates for a box: geometry validation, the store's spatial index, reference-layer
 * import, polygon operations and the demo generator all ask here.
 */
import type { Geometry, Position } from 'geojson';

export type Bbox = [number, number, number, number];

/** An empty box: extending it by any position gives that position's box. */
export const emptyBbox = (): Bbox => [Infinity, Infinity, -Infinity, -Infinity];

/** Grow `box` (in place) to hold position `p`; returns `box`. */
export function extendBbox(box: Bbox, p: Position | readonly number[]): Bbox {
  if (p[0] < box[0]) box[0] = p[0];
  if (p[1] < box[1]) box[1] = p[1];
  if (p[0] > box[2]) box[2] = p[0];
  if (p[1] > box[3]) box[3] = p[1];
  return box;
}

/** Grow `box` (in place) to hold box `other` as well; returns `box`. */
export function unionBbox(box: Bbox, other: readonly number[]): Bbox {
  return extendBbox(extendBbox(box, other), [other[2], other[3]]);
}

/** The box of some positions; emptyBbox() (infinite, inside out) when there are none. */
export function positionsBbox(positions: Iterable<Position | readonly number[]>): Bbox {
  const box = emptyBbox();
  for (const p of positions) extendBbox(box, p);
  return box;
}

/**
 * The box of every position of a geometry, at any depth (GeometryCollection included).
 *
 * @example geometryBbox({ type: 'LineString', coordinates: [[105.8, 21.1], [105.7, 21]] }) // [105.7, 21, 105.8, 21.1]
 */
export function geometryBbox(g: Geometry): Bbox {
  const box = emptyBbox();
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') extendBbox(box, c as number[]);
    else for (const d of c as unknown[]) visit(d);
  };
  const walk = (x: Geometry): void => (x.type === 'GeometryCollection' ? x.geometries.forEach(walk) : visit(x.coordinates));
  walk(g);
  return box;
}
