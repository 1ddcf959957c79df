/**
 * Nearest checkpoint to each polling station, with the great-circle distance.
 */
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { around } from 'geokdbush';
import { featureId, haversineM, listOf, pointIndex, prop, whereIn, type FeaturesIn } from './measure.ts';

export interface NearestOptions {
  /** Only checkpoints whose `status` is one of these (e.g. ['active']); all when absent. */
  checkpointStatuses?: readonly string[];
  /** Ignore checkpoints farther than this (metres); such stations get no match. */
  maxDistanceM?: number;
}

export interface NearestProps {
  station_id: string | number;
  station_code: string | null;
  station_name: string | null;
  checkpoint_id: string | number | null;
  checkpoint_name: string | null;
  /** Metres on the sphere; null when no checkpoint is within reach. */
  distance_m: number | null;
}

/**
 * For every polling station, the nearest checkpoint (geokdbush k-d tree, so O(log n) each).
 *
 * @param stations Point features (other geometries are ignored)
 * @param checkpoints Point features with `name`, `status`
 * @param options checkpointStatuses, maxDistanceM
 * @returns one feature per station, in input order: a LineString from the station to its
 *          checkpoint, or a null geometry when there is none; properties {station_id,
 *          station_code, station_name, checkpoint_id, checkpoint_name, distance_m}
 */
export function nearestCheckpoints(stations: FeaturesIn, checkpoints: FeaturesIn, options: NearestOptions = {}): FeatureCollection<LineString | null, NearestProps> {
  const all = listOf(checkpoints).map((f, i) => ({ f, i }));
  const allowed = new Set(whereIn(all.map((c) => c.f), 'status', options.checkpointStatuses));
  const points = all.filter(({ f }) => allowed.has(f) && f.geometry?.type === 'Point');
  const index = pointIndex(points.map(({ f }) => (f.geometry as Point).coordinates));
  const maxKm = options.maxDistanceM === undefined ? undefined : options.maxDistanceM / 1000;

  const out: Feature<LineString | null, NearestProps>[] = [];
  listOf(stations).forEach((s, i) => {
    if (s.geometry?.type !== 'Point') return;
    const p = s.geometry.coordinates;
    const [hit] = index ? around(index, p[0], p[1], 1, maxKm) : [];
    const base = { station_id: featureId(s, i), station_code: prop(s, 'code'), station_name: prop(s, 'name') };
    if (hit === undefined) {
      out.push({ type: 'Feature', id: s.id, properties: { ...base, checkpoint_id: null, checkpoint_name: null, distance_m: null }, geometry: null });
      return;
    }
    const c = points[hit];
    const q = (c.f.geometry as Point).coordinates;
    out.push({
      type: 'Feature',
      id: s.id,
      properties: { ...base, checkpoint_id: featureId(c.f, c.i), checkpoint_name: prop(c.f, 'name'), distance_m: haversineM(p, q) },
      geometry: { type: 'LineString', coordinates: [[p[0], p[1]], [q[0], q[1]]] },
    });
  });
  return { type: 'FeatureCollection', features: out };
}
