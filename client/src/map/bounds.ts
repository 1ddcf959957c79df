/** The bounding box of a GeoJSON geometry, for fitting the map to a feature. */
import type { Geometry, Position } from 'geojson';

export type Bounds = [number, number, number, number];

function extend(b: Bounds, c: unknown): void {
  if (typeof (c as Position)[0] === 'number') {
    const [x, y] = c as Position;
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  } else for (const p of c as unknown[]) extend(b, p);
}

export function geometryBounds(g: Geometry): Bounds {
  const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (x: Geometry): void => (x.type === 'GeometryCollection' ? x.geometries.forEach(walk) : extend(b, x.coordinates));
  walk(g);
  return b;
}
