/**
 * Polling stations inside or near quarantine zones: conflicts to resolve before election day.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { bboxOf } from './polygon-ops.ts';
import { featureId, listOf, pointAreaM, prop, whereIn, type FeaturesIn } from './measure.ts';
import { metresToDegrees } from './units.ts';

export interface ConflictOptions {
  /** Report stations up to this many metres outside a zone (default 0: inside only). */
  withinM?: number;
  /** Only zones whose `status` is one of these (e.g. ['active']); all when absent. */
  zoneStatuses?: readonly string[];
  /** Only zones whose `level` is one of these (e.g. ['lockdown']); all when absent. */
  zoneLevels?: readonly string[];
}

export interface ConflictZone {
  zone_id: string | number;
  name: string | null;
  level: string | null;
  status: string | null;
  /** 0 inside the zone (or on its edge), else metres to its edge. */
  distance_m: number;
}

export interface ConflictProps {
  station_id: string | number;
  station_code: string | null;
  station_name: string | null;
  /** Distance to the nearest conflicting zone: 0 when inside one. */
  distance_m: number;
  inside: boolean;
  /** Every zone within reach, nearest first. */
  zones: ConflictZone[];
}

/**
 * Find polling stations inside or within `withinM` metres of a quarantine zone.
 *
 * @param stations Point features (polling stations); other geometries are ignored
 * @param zones Polygon/MultiPolygon features with `name`, `level`, `status`
 * @param options withinM, zoneStatuses, zoneLevels
 * @returns one Point feature per station in conflict, sorted by distance then station name;
 *          properties {station_id, station_code, station_name, distance_m, inside, zones[]}
 */
export function findConflicts(stations: FeaturesIn, zones: FeaturesIn, options: ConflictOptions = {}): FeatureCollection<Point, ConflictProps> {
  const withinM = options.withinM ?? 0;
  if (!(Number.isFinite(withinM) && withinM >= 0)) throw new RangeError(`withinM must be 0 or more metres, got ${withinM}`);
  let candidates = listOf(zones).map((f, i) => ({ f, i })).filter(({ f }) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon');
  if (options.zoneStatuses) {
    const keep = new Set(whereIn(candidates.map((c) => c.f), 'status', options.zoneStatuses));
    candidates = candidates.filter((c) => keep.has(c.f));
  }
  if (options.zoneLevels) {
    const keep = new Set(whereIn(candidates.map((c) => c.f), 'level', options.zoneLevels));
    candidates = candidates.filter((c) => keep.has(c.f));
  }
  const zoneList = candidates.map(({ f, i }) => ({ f, id: featureId(f, i), geometry: f.geometry as Polygon | MultiPolygon, bbox: bboxOf([f.geometry as Polygon | MultiPolygon]) }));

  const out: Feature<Point, ConflictProps>[] = [];
  listOf(stations).forEach((s, i) => {
    if (s.geometry?.type !== 'Point') return;
    const p = s.geometry.coordinates;
    const { dLat, dLon } = metresToDegrees(withinM, p[1]);
    const hits: ConflictZone[] = [];
    for (const z of zoneList) {
      // Cheap rejection by the zone's box grown by the reach.
      if (p[0] < z.bbox[0] - dLon || p[0] > z.bbox[2] + dLon || p[1] < z.bbox[1] - dLat || p[1] > z.bbox[3] + dLat) continue;
      const d = pointAreaM(p, z.geometry);
      if (d <= withinM) hits.push({ zone_id: z.id, name: prop(z.f, 'name'), level: prop(z.f, 'level'), status: prop(z.f, 'status'), distance_m: d });
    }
    if (hits.length === 0) return;
    hits.sort((a, b) => a.distance_m - b.distance_m);
    out.push({
      type: 'Feature',
      id: s.id,
      properties: { station_id: featureId(s, i), station_code: prop(s, 'code'), station_name: prop(s, 'name'), distance_m: hits[0].distance_m, inside: hits[0].distance_m === 0, zones: hits },
      geometry: { type: 'Point', coordinates: [p[0], p[1]] },
    });
  });
  out.sort((a, b) => a.properties.distance_m - b.properties.distance_m || String(a.properties.station_name).localeCompare(String(b.properties.station_name), 'vi'));
  return { type: 'FeatureCollection', features: out };
}
