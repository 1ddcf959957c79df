/**
 * The commander's summary, one row per ward: incidents in the window and their change against the
 * window of the same length before it (counted by the server over the whole city: see
 * lib/incident-counts.ts), checkpoints and quarantine zones in force during the window, and
 * polling stations in conflict with a lockdown zone (counted over what the client holds for the
 * map's view: a ward out of view gets null, shown as "–", never a wrong 0). Pure: the panel
 * computes the conflicts in the analysis worker and hands them in.
 */
import { booleanIntersects } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { compareVi } from '../../../../core/text/search.ts';
import { meetsDays } from '../../../../core/time/in-force.ts';
import { previousWindow, type TimeWindow } from '../../lib/commander.ts';

export interface WardRow {
  code: string;
  name: string;
  incidents: number;
  previous: number;
  /** Change in per cent against the previous window; null when there was nothing before, or no data for it. */
  change: number | null;
  /** Null: the ward is not in view, so what the client holds cannot count it. */
  checkpoints: number | null;
  zones: number | null;
  conflicts: number | null;
}

type AnyFeature = Feature<any, Record<string, unknown> | null>;

/** Does a validity interval (either end open) meet the window? */
export const overlaps = meetsDays;

/** Zones in force at some time in the window: declared active, and dated to meet it. */
export function zonesInForce(zones: readonly AnyFeature[], w: TimeWindow): AnyFeature[] {
  return zones.filter((z) => z.properties?.status === 'active' && overlaps(z.properties?.starts_on, z.properties?.ends_on, w));
}

/** Ward codes each zone touches (a zone on a border counts in both wards). */
export function zoneWards(zones: readonly AnyFeature[], wards: readonly AnyFeature[]): Map<AnyFeature, string[]> {
  const out = new Map<AnyFeature, string[]>();
  for (const z of zones) {
    if (z.geometry?.type !== 'Polygon' && z.geometry?.type !== 'MultiPolygon') continue;
    const codes: string[] = [];
    for (const w of wards)
      if ((w.geometry?.type === 'Polygon' || w.geometry?.type === 'MultiPolygon') && booleanIntersects(z as Feature<Polygon | MultiPolygon>, w as Feature<Polygon | MultiPolygon>))
        codes.push(String(w.properties?.code));
    out.set(z, codes);
  }
  return out;
}

export interface SummaryInput {
  /** Wards the client knows by code and name (those in view, and those the counts name). */
  wards: readonly { code: string; name: string }[];
  /** Incidents per ward code in the window and in the window before (the server's counts, filtered). */
  now: ReadonlyMap<string, number>;
  previous: ReadonlyMap<string, number>;
  /** Codes of the wards in view: only their checkpoints, zones and stations are held. */
  held: ReadonlySet<string>;
  checkpoints: readonly AnyFeature[];
  /** Zones in force in the window, with the wards each touches (see zonesInForce, zoneWards). */
  zoneWardCodes: ReadonlyMap<AnyFeature, readonly string[]>;
  /** Ward codes of the polling stations in conflict (one entry per station). */
  conflictWardCodes: readonly (string | null)[];
  window: TimeWindow;
  /** First day with data: a previous window reaching before it cannot be compared with. */
  firstDay?: string;
}

/** Can the window be compared with the one before it, i.e. is there data for all of that one? */
export function comparable(w: TimeWindow, firstDay: string | undefined): boolean {
  return firstDay === undefined || previousWindow(w).start >= firstDay;
}

export function wardSummary(input: SummaryInput): WardRow[] {
  const w = input.window;
  const compare = comparable(w, input.firstDay);
  const checkpoints = new Map<string, number>();
  for (const c of input.checkpoints) {
    const p = c.properties ?? {};
    if (p.status !== 'active' || !overlaps(p.active_from, p.active_to, w) || typeof p.ward_code !== 'string') continue;
    checkpoints.set(p.ward_code, (checkpoints.get(p.ward_code) ?? 0) + 1);
  }
  const zones = new Map<string, number>();
  for (const codes of input.zoneWardCodes.values()) for (const code of codes) zones.set(code, (zones.get(code) ?? 0) + 1);
  const conflicts = new Map<string, number>();
  for (const code of input.conflictWardCodes) if (code) conflicts.set(code, (conflicts.get(code) ?? 0) + 1);

  const names = new Map(input.wards.map((x) => [x.code, x.name]));
  for (const code of [...input.now.keys(), ...input.previous.keys()]) if (!names.has(code)) names.set(code, code);
  return [...names].map(([code, name]) => {
    const incidents = input.now.get(code) ?? 0;
    const previous = input.previous.get(code) ?? 0;
    const held = input.held.has(code);
    return {
      code,
      name,
      incidents,
      previous,
      change: previous === 0 || !compare ? null : ((incidents - previous) / previous) * 100,
      checkpoints: held ? (checkpoints.get(code) ?? 0) : null,
      zones: held ? (zones.get(code) ?? 0) : null,
      conflicts: held ? (conflicts.get(code) ?? 0) : null,
    };
  });
}

export type SortKey = keyof Omit<WardRow, 'code' | 'previous'>;

/**
 * Rows sorted by one column: names in Vietnamese alphabetical order, numbers by value; a change
 * that cannot be computed (nothing before) goes last whichever the direction. Ties go by name.
 */
export function sortRows(rows: readonly WardRow[], key: SortKey, dir: 'asc' | 'desc'): WardRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'name') return sign * compareVi(a.name, b.name);
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? compareVi(a.name, b.name) : x === null ? 1 : -1;
    return sign * (x - y) || compareVi(a.name, b.name);
  });
}
