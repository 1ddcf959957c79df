/**
 * One label point per area feature: its centre of mass, or a point on its surface when the
 * centre falls outside (a crescent, an L-shaped ward). The print places area labels the same way
 * (server/print/draw-map.ts), so a ward's name sits in the same place on screen and on paper.
 */
import { booleanPointInPolygon, centerOfMass, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';

export function labelPoints(fc: FeatureCollection): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const f of fc.features) {
    const g = f.geometry as Geometry | null;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    const area = f as Feature<Polygon | MultiPolygon>;
    let at = centerOfMass(area).geometry;
    if (!booleanPointInPolygon(at, area)) at = pointOnFeature(area).geometry;
    features.push({ type: 'Feature', id: f.id, properties: f.properties, geometry: at });
  }
  return { type: 'FeatureCollection', features };
}
