/**
 * How far a station's plan looks: the zones, checkpoints and facilities within PLAN_REACH_M of
 * the station (a station farther than that from any hospital says "none"), and the incidents
 * within the plan's incident radius. The rule depends on the station and the feature alone, never
 * on the box that was read: a plan derived from the features read for that one station and from
 * those read once for a whole book (a box around every station's reach) is the same plan. The old
 * rule, "whatever a ±0.09° square around the station holds", gave a book that read a larger box
 * other facilities and checkpoints at the edge of the square.
 */
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Bbox } from '../geometry/bbox.ts';
import { haversineM, pointAreaM } from '../geometry/measure.ts';
import { metresToDegrees } from '../geometry/units.ts';
import { DEFAULT_PLAN_OPTIONS, type AnyFeature, type PlanLayers, type PlanOptions } from './derive.ts';

/** Zones, checkpoints and facilities farther than this from a station are not in its plan. */
export const PLAN_REACH_M = 10_000;

const incidentRadius = (o: PlanOptions) => o.incidentWithinM ?? DEFAULT_PLAN_OPTIONS.incidentWithinM;

/** A box holding every point within `m` metres of `at`, with 1 % to spare (so distances measured a little differently stay inside). */
function boxAround(at: Position, m: number): Bbox {
  const { dLat, dLon } = metresToDegrees(m * 1.01, at[1]);
  return [at[0] - dLon, at[1] - dLat, at[0] + dLon, at[1] + dLat];
}

/**
 * What a read must cover for `withinReach` to find everything it keeps: `near` for zones,
 * checkpoints and facilities, `incidents` for incidents (a feature meeting the box is read).
 */
export function reachBoxes(at: Position, options: PlanOptions = {}): { near: Bbox; incidents: Bbox } {
  return { near: boxAround(at, PLAN_REACH_M), incidents: boxAround(at, incidentRadius(options)) };
}

const pointIn = (at: Position, f: AnyFeature, m: number) => f.geometry?.type === 'Point' && haversineM(at, (f.geometry as Point).coordinates) <= m;
const areaIn = (at: Position, f: AnyFeature, m: number) => (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon') && pointAreaM(at, f.geometry as Polygon | MultiPolygon) <= m;

/** The layers as the station's plan sees them: wards and roads whole, the rest within reach, in layer order. */
export function withinReach(station: AnyFeature, layers: PlanLayers, options: PlanOptions = {}): PlanLayers {
  const at = (station.geometry as Point).coordinates;
  const r = incidentRadius(options);
  return {
    wards: layers.wards,
    zones: layers.zones.filter((z) => areaIn(at, z, PLAN_REACH_M)),
    checkpoints: layers.checkpoints.filter((c) => pointIn(at, c, PLAN_REACH_M)),
    facilities: layers.facilities.filter((f) => pointIn(at, f, PLAN_REACH_M)),
    incidents: layers.incidents.filter((i) => pointIn(at, i, r)),
    roads: layers.roads,
  };
}
