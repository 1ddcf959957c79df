/**
 * Where an area's name is written: its pole of inaccessibility, the point inside farthest from
 * the outline (Mapbox's polylabel). The centre of mass, used before, can lie inside an L-shaped
 * ward yet on its inner corner, so the name sat on a border line; a point on the surface
 * (turf's pointOnFeature) can touch the outline too. One rule for the screen's area labels
 * (client/src/map/label-points.ts), the city's ward list (core/wards/directory.ts) and the
 * printed map (server/print/draw-map.ts, on the part of the area inside the frame), so a ward's
 * name sits in the same place whichever of them placed it.
 */
import polylabel from 'polylabel';
import type { Geometry, Position } from 'geojson';
import { polygonsOf, ringArea2 } from '../wards/edges.ts';

/** Label point to this fraction of the area's larger side: ~1 m on a ward, a few ms for a detailed outline. */
const PRECISION = 1e-3;

/** The part of an area with the largest area net of its holes: the one a reader looks for the name on. */
function largestPart(parts: Position[][][]): Position[][] | null {
  let best: Position[][] | null = null;
  let bestArea = -1;
  for (const rings of parts) {
    if (!rings.length || rings[0].length < 4) continue;
    const area = Math.abs(ringArea2(rings[0])) - rings.slice(1).reduce((s, r) => s + Math.abs(ringArea2(r)), 0);
    if (area > bestArea) [best, bestArea] = [rings, area];
  }
  return best;
}

/** The label point of a polygon or multipolygon; null for any other geometry (nothing to label). */
export function labelPoint(g: Geometry | null | undefined): Position | null {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return null;
  const rings = largestPart(polygonsOf(g));
  if (!rings) return null;
  // Longitude degrees are shorter than latitude degrees away from the equator (by cos 21° ≈ 0.93
  // in Hanoi): distances are measured with longitudes scaled so "farthest from the outline" holds on the ground.
  let minY = Infinity, maxY = -Infinity, minX = Infinity, maxX = -Infinity;
  for (const [x, y] of rings[0]) {
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
  }
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180) || 1;
  const scaled = rings.map((ring) => ring.map(([x, y]) => [x * k, y]));
  const size = Math.max((maxX - minX) * k, maxY - minY);
  const [x, y] = polylabel(scaled, size * PRECISION || 1e-9);
  return [x / k, y];
}
