/**
 * One label point per area feature (core/geometry/label-point.ts places it). The print places
 * area labels the same way (server/print/draw-map.ts), so a name sits in the same place on
 * screen and on paper.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { labelPoint } from '../../../core/geometry/label-point.ts';

export function labelPoints(fc: FeatureCollection): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const f of fc.features) {
    const at = labelPoint(f.geometry);
    if (at) features.push({ type: 'Feature', id: f.id, properties: f.properties, geometry: { type: 'Point', coordinates: at } });
  }
  return { type: 'FeatureCollection', features };
}
