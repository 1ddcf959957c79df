/**
 * The wards, parsed once and indexed, for deriving `ward_code` / `on_border` of points: a
 * store builds one from its ward rows and rebuilds it after any ward change, so an import of
 * 100,000 incidents does not parse ward geometry 100,000 times. No SQL: every backend uses it.
 */
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import { deriveProps, type WardFeature } from '../../core/geometry/derive.ts';
import type { LayerId } from '../../core/layers.ts';
import { metresToDegrees } from '../../core/geometry/units.ts';
import type { Bbox, WardLookup } from './store.ts';

/** An index over wards given with their bounding boxes. */
export function buildWardLookup(wards: ReadonlyArray<{ feature: WardFeature; bbox: Bbox }>): WardLookup {
  if (!wards.length) return { near: () => [], wards };
  const index = new Flatbush(wards.length);
  for (const { bbox } of wards) index.add(bbox[0], bbox[1], bbox[2], bbox[3]);
  index.finish();
  return {
    wards,
    near(p: Position, metres: number): WardFeature[] {
      const { dLat: dy, dLon: dx } = metresToDegrees(metres, p[1]);
      return index.search(p[0] - dx, p[1] - dy, p[0] + dx, p[1] + dy).map((i) => wards[i].feature);
    },
  };
}

/** The derived properties of a feature of `layer`, from the wards near it. */
export function derivedFor(wards: WardLookup, layer: LayerId, geometry: Geometry, borderDistanceM: number): Record<string, unknown> {
  if (geometry.type !== 'Point') return {};
  return deriveProps(layer, geometry, wards.near(geometry.coordinates, borderDistanceM), borderDistanceM);
}
