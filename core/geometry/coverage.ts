/**
 * Per ward: the share of its area within N metres of an active checkpoint.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { area as turfArea } from '@turf/turf';
import { bufferGeometry } from './buffer.ts';
import { Plane, intersectPaths, unionPaths, type Area } from './polygon-ops.ts';
import { featureId, listOf, prop, whereIn, type FeaturesIn } from './measure.ts';

export interface CoverageOptions {
  /** Reach of a checkpoint, metres. */
  distanceM: number;
  /** Checkpoints that count, by `status` (default ['active']; null for all). */
  checkpointStatuses?: readonly string[] | null;
}

export interface CoverageProps {
  ward_id: string | number;
  ward_code: string | null;
  ward_name: string | null;
  /** Ward area, m². */
  area_m2: number;
  /** Part of the ward within reach, m². */
  covered_m2: number;
  /** covered_m2 / area_m2, 0…1. */
  share: number;
}

/**
 * Coverage of each ward: area of (ward ∩ dissolved checkpoint buffers) / ward area.
 *
 * @param wards Polygon/MultiPolygon features with `code` (or `ward_code`) and `name`
 * @param checkpoints Point features with `status`
 * @param options distanceM, checkpointStatuses (default active only)
 * @returns one feature per ward, in input order, whose geometry is the covered part (null when
 *          nothing is covered); properties {ward_id, ward_code, ward_name, area_m2, covered_m2, share}
 */
export function wardCoverage(wards: FeaturesIn, checkpoints: FeaturesIn, options: CoverageOptions): FeatureCollection<Area | null, CoverageProps> {
  const { distanceM } = options;
  if (!(Number.isFinite(distanceM) && distanceM > 0)) throw new RangeError(`distanceM must be a positive number of metres, got ${distanceM}`);
  const statuses = options.checkpointStatuses === undefined ? ['active'] : (options.checkpointStatuses ?? undefined);
  const cps = whereIn(listOf(checkpoints), 'status', statuses).filter((f) => f.geometry?.type === 'Point') as Feature<Point>[];
  const discs = cps.flatMap((f) => bufferGeometry(f.geometry, distanceM));
  const wardList = listOf(wards).map((f, i) => ({ f, i })).filter(({ f }) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon');
  const wardAreas = wardList.map(({ f }) => f.geometry as Area);
  const plane = Plane.around([...wardAreas, ...discs]);
  const reach = unionPaths(discs.map((d) => plane.toPaths(d)));

  const out = wardList.map(({ f, i }, k) => {
    const wardArea = turfArea(wardAreas[k]);
    const covered = plane.toArea(intersectPaths(plane.toPaths(wardAreas[k]), reach));
    const coveredArea = covered ? Math.min(turfArea(covered), wardArea) : 0;
    const feature: Feature<Area | null, CoverageProps> = {
      type: 'Feature',
      id: f.id,
      properties: { ward_id: featureId(f, i), ward_code: prop(f, 'code', 'ward_code'), ward_name: prop(f, 'name', 'ward_name'), area_m2: wardArea, covered_m2: coveredArea, share: wardArea > 0 ? coveredArea / wardArea : 0 },
      geometry: covered,
    };
    return feature;
  });
  return { type: 'FeatureCollection', features: out };
}
