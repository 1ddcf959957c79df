/**
 * Where an area's name is written: its centre of mass, or a point on its surface when the centre
 * falls outside (a crescent, an L-shaped ward). One rule for the screen's area labels
 * (client/src/map/label-points.ts) and the city's ward list (core/wards/directory.ts), so a
 * ward's name sits in the same place whichever of them placed it.
 */
import { booleanPointInPolygon, centerOfMass, pointOnFeature } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';

/** The label point of a polygon or multipolygon; null for any other geometry (nothing to label). */
export function labelPoint(g: Geometry | null | undefined): Position | null {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return null;
  const area: Feature<Polygon | MultiPolygon> = { type: 'Feature', properties: {}, geometry: g };
  const at = centerOfMass(area).geometry;
  return booleanPointInPolygon(at, area) ? at.coordinates : pointOnFeature(area).geometry.coordinates;
}
