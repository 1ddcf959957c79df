/** The border-crossing analysis as the panel asks for it, and turning a crossing into a checkpoint. */
import type { FeatureCollection, Point } from 'geojson';
import type { WardCrossingSummary } from '../../../../core/geometry/crossing-coverage.ts';
import { createItem, paths, request } from '../../lib/api.ts';

export interface CrossingFilters {
  mainOnly: boolean;
  districtOnly: boolean;
  /** Only crossings with no checkpoint within this many metres; null = all. */
  uncoveredWithin: number | null;
  coverM: number;
  /** YYYY-MM-DD, or '' for the plan as it stands. */
  asOf: string;
}

export interface CrossingProps {
  from_code: string;
  from_name: string;
  to_code: string;
  to_name: string;
  district_border: boolean;
  road_name: string | null;
  road_ref: string | null;
  road_class: string;
  main_road: boolean;
  nearest_checkpoint_name: string | null;
  nearest_checkpoint_m: number | null;
  covered: boolean;
  suggested: { type: 'Feature'; geometry: Point; properties: Record<string, unknown>; ward: { code: string; name: string } };
}

/** The server's per-ward summary (core/geometry/crossing-coverage.ts). */
export type WardSummary = WardCrossingSummary;

export type CrossingsAnswer = FeatureCollection<Point, CrossingProps> & { total: number; cover_m: number; summary: WardSummary[] };

export function crossingsQuery(f: CrossingFilters): string {
  const q = new URLSearchParams();
  if (f.mainOnly) q.set('main_only', 'true');
  if (f.districtOnly) q.set('district_only', 'true');
  if (f.uncoveredWithin !== null) q.set('uncovered_within', String(f.uncoveredWithin));
  q.set('cover_m', String(f.coverM));
  if (f.asOf) q.set('as_of', f.asOf);
  return q.toString();
}

export async function fetchCrossings(f: CrossingFilters): Promise<CrossingsAnswer> {
  return (await request<CrossingsAnswer>('GET', paths.crossings(crossingsQuery(f)))).body;
}

/** The suggested checkpoint, in force from the plan date when one is chosen. */
export async function createCheckpointFrom(c: CrossingProps, asOf: string) {
  const props = { ...c.suggested.properties, ...(asOf ? { active_from: asOf } : {}) };
  return (await createItem('checkpoints', { type: 'Feature', geometry: c.suggested.geometry, properties: props })).body;
}
