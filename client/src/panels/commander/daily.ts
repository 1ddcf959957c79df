/**
 * Incidents per day by category, for the small chart beside the time slider, from the server's
 * counts over the whole city (lib/incident-counts.ts). Pure.
 */
import { INCIDENT_CATEGORIES } from '../../../../core/layers.ts';
import type { IncidentCounts } from '../../lib/incident-counts.ts';

export type Category = (typeof INCIDENT_CATEGORIES)[number];

export interface DayCounts {
  day: string;
  total: number;
  /** Counts by category, in INCIDENT_CATEGORIES order. */
  byCategory: Record<Category, number>;
}

/** One entry per day in `days` (days without incidents included), over the chosen categories (none chosen: all). */
export function dailyCounts(counts: IncidentCounts | null, days: readonly string[], categories: readonly string[]): DayCounts[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const out: DayCounts[] = days.map((day) => ({ day, total: 0, byCategory: Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [c, 0])) as Record<Category, number> }));
  for (const d of counts?.days ?? []) {
    const i = index.get(d.day);
    if (i === undefined) continue;
    for (const c of INCIDENT_CATEGORIES) {
      if (categories.length && !categories.includes(c)) continue;
      const n = d.counts[c] ?? 0;
      out[i].byCategory[c] += n;
      out[i].total += n;
    }
  }
  return out;
}
