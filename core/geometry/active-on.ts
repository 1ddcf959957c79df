/**
 * "As of" a date: is a feature part of the plan on that day?
 *
 * Checkpoints (active_from … active_to) and zones (starts_on … ends_on) carry validity intervals;
 * both ends are inclusive and an empty end is open, so a checkpoint with no dates is always in force.
 * Incidents are events: as of a day they exist once they have occurred (the date as written in the
 * timestamp's own offset, i.e. the local day it was reported for). Wards and polling stations are not
 * time-bound plans and are always shown.
 */
import type { LayerId } from '../layers.ts';

const day = (v: unknown): string | null => (typeof v === 'string' && v.length >= 10 ? v.slice(0, 10) : null);

export function activeOn(feature: { properties?: Record<string, unknown> | null }, layer: LayerId, date: string): boolean {
  const p = feature.properties ?? {};
  switch (layer) {
    case 'checkpoints':
      return within(day(p.active_from), day(p.active_to), date);
    case 'quarantine-zones':
      return within(day(p.starts_on), day(p.ends_on), date);
    case 'incidents': {
      const d = day(p.occurred_at);
      return d === null || d <= date;
    }
    default:
      return true;
  }
}

function within(from: string | null, to: string | null, date: string): boolean {
  return (from === null || from <= date) && (to === null || date <= to);
}
