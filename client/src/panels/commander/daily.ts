/**
 * Incidents per day by category, for the small chart beside the time slider. Pure.
 */
import type { Feature } from 'geojson';
import { INCIDENT_CATEGORIES } from '../../../../core/layers.ts';
import { hanoiDay, passesFilters, type HotspotSettings } from '../../lib/commander.ts';

export type Category = (typeof INCIDENT_CATEGORIES)[number];

export interface DayCounts {
  day: string;
  total: number;
  /** Counts by category, in INCIDENT_CATEGORIES order. */
  byCategory: Record<Category, number>;
}

/** One entry per day in `days` (days without incidents included), filtered by category and severity. */
export function dailyCounts(incidents: readonly Feature[], days: readonly string[], filters: Pick<HotspotSettings, 'categories' | 'severities'>): DayCounts[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const out: DayCounts[] = days.map((day) => ({ day, total: 0, byCategory: Object.fromEntries(INCIDENT_CATEGORIES.map((c) => [c, 0])) as Record<Category, number> }));
  for (const f of incidents) {
    const p = f.properties;
    if (!passesFilters(p, filters)) continue;
    const i = index.get(hanoiDay(p?.occurred_at) ?? '');
    const c = p?.category as Category;
    if (i === undefined || !(c in out[i].byCategory)) continue;
    out[i].byCategory[c]++;
    out[i].total++;
  }
  return out;
}
