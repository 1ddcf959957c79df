/**
 * Border crossings against the checkpoint plan: which crossings are guarded, which are not,
 * per ward, and the checkpoint a planner would put on an unguarded one.
 */
import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';
import type { Feature, Point } from 'geojson';
import { activeOn } from '../time/in-force.ts';
import { isMainRoad, type Crossing } from './crossings.ts';

export interface CheckpointRef {
  id: number | string;
  name: string;
  coordinates: [number, number];
}

export interface CoveredCrossing extends Crossing {
  /** The nearest checkpoint in force, or null when there is none at all. */
  nearest: { id: number | string; name: string; distance_m: number } | null;
}

type CheckpointFeature = Feature<Point, Record<string, unknown> | null> & { id?: number | string };

/**
 * The checkpoints that guard anything on a given day: not closed, and in force that day when a
 * date is given (planned ones count: a plan for election day is made of planned checkpoints).
 */
export function checkpointsInForce(features: readonly CheckpointFeature[], asOf?: string): CheckpointRef[] {
  const out: CheckpointRef[] = [];
  for (const f of features) {
    if (!f.geometry || f.geometry.type !== 'Point') continue;
    const p = f.properties ?? {};
    if (p.status === 'closed') continue;
    if (asOf && !activeOn(f, 'checkpoints', asOf)) continue;
    const [x, y] = f.geometry.coordinates;
    out.push({ id: f.id ?? out.length, name: String(p.name ?? ''), coordinates: [x, y] });
  }
  return out;
}

/** Each crossing with its nearest checkpoint and the great-circle distance to it, in metres. */
export function withNearestCheckpoint(crossings: readonly Crossing[], checkpoints: readonly CheckpointRef[]): CoveredCrossing[] {
  if (checkpoints.length === 0) return crossings.map((c) => ({ ...c, nearest: null }));
  const index = new KDBush(checkpoints.length);
  for (const c of checkpoints) index.add(c.coordinates[0], c.coordinates[1]);
  index.finish();
  return crossings.map((c) => {
    const [i] = around(index, c.coordinates[0], c.coordinates[1], 1) as number[];
    const k = checkpoints[i];
    const d = distance(c.coordinates[0], c.coordinates[1], k.coordinates[0], k.coordinates[1]) * 1000;
    return { ...c, nearest: { id: k.id, name: k.name, distance_m: Math.round(d * 10) / 10 } };
  });
}

export const isCovered = (c: CoveredCrossing, withinMetres: number): boolean => c.nearest !== null && c.nearest.distance_m <= withinMetres;

export interface CrossingFilter {
  /** Only trunk/primary/secondary/tertiary (and motorway) roads with their links. */
  mainOnly?: boolean;
  /** Only crossings between wards of different districts. */
  districtOnly?: boolean;
  /** Only crossings with no checkpoint within this many metres. */
  uncoveredWithin?: number;
}

export function filterCrossings(list: readonly CoveredCrossing[], f: CrossingFilter): CoveredCrossing[] {
  return list.filter(
    (c) =>
      (!f.mainOnly || isMainRoad(c.road.class)) &&
      (!f.districtOnly || c.district_border) &&
      (f.uncoveredWithin === undefined || !isCovered(c, f.uncoveredWithin)),
  );
}

export interface WardCrossingSummary {
  code: string;
  name: string;
  district: string;
  crossings: number;
  covered: number;
  uncovered_main: number;
}

/** Per ward: crossings on its border, those guarded within `coverMetres`, main-road ones not guarded. A crossing counts for both wards it joins. */
export function summariseByWard(list: readonly CoveredCrossing[], coverMetres: number): WardCrossingSummary[] {
  const rows = new Map<string, WardCrossingSummary>();
  for (const c of list) {
    const covered = isCovered(c, coverMetres);
    for (const w of [c.from, c.to]) {
      let r = rows.get(w.code);
      if (!r) rows.set(w.code, (r = { code: w.code, name: w.name, district: w.district, crossings: 0, covered: 0, uncovered_main: 0 }));
      r.crossings++;
      if (covered) r.covered++;
      else if (isMainRoad(c.road.class)) r.uncovered_main++;
    }
  }
  return [...rows.values()].sort((a, b) => b.uncovered_main - a.uncovered_main || b.crossings - a.crossings || a.code.localeCompare(b.code));
}

/** "Quận Cầu Giấy" → "Cầu Giấy", "Phường Mễ Trì" → "Mễ Trì": the name people say. */
export function shortPlaceName(s: string): string {
  return s.replace(/^(Quận|Huyện|Thị xã|Thành phố|Phường|Xã|Thị trấn)\s+/u, '');
}

export interface SuggestedCheckpoint {
  type: 'Feature';
  geometry: Point;
  properties: { name: string; kind: 'traffic' | 'epidemic'; status: 'planned'; staff: number; notes: string };
  /** The ward it stands in (the server derives ward_code from the point; this is for display). */
  ward: { code: string; name: string };
}

/**
 * A checkpoint for a crossing, standing a few metres inside `wardCode` (default: the ward the road
 * comes from) so the server places it in that ward and not on the line. Named after the road and
 * what lies beyond: the neighbouring district on a district border, else the neighbouring ward.
 * Main roads get traffic checkpoints; smaller roads epidemic-control ones.
 */
export function suggestCheckpoint(c: Crossing, wardCode?: string): SuggestedCheckpoint {
  const here = wardCode === c.to.code ? c.to : c.from;
  const there = here === c.to ? c.from : c.to;
  const at = here === c.to ? c.inside.to : c.inside.from;
  const road = c.road.name ?? c.road.ref ?? 'đường không tên';
  const beyond = shortPlaceName(c.district_border ? there.district : there.name);
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [Math.round(at[0] * 1e7) / 1e7, Math.round(at[1] * 1e7) / 1e7] },
    properties: {
      name: `Chốt ${road} – giáp ${beyond}`,
      kind: isMainRoad(c.road.class) ? 'traffic' : 'epidemic',
      status: 'planned',
      staff: 0,
      notes: `Giao cắt ranh giới ${here.name} / ${there.name}${c.district_border ? ` (${shortPlaceName(here.district)} / ${shortPlaceName(there.district)})` : ''}`,
    },
    ward: { code: here.code, name: here.name },
  };
}
