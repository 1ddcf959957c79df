/**
 * "In force on a date": the one rule by which the plan is read as of a day, shared by the
 * server's `datetime` filter (through timeSpan), the crossings analysis and the commander view.
 *
 * Checkpoints (active_from … active_to) and zones (starts_on … ends_on) carry validity intervals
 * of Hanoi days; both ends are inclusive and an empty end is open, so a checkpoint with no dates is
 * always in force. Incidents are events: as of a day they exist once they have occurred, on the
 * Hanoi day of their timestamp. Wards and polling stations are not time-bound plans and are
 * always shown.
 */
import { LAYERS, type LayerId } from '../layers.ts';
import { dayEnd, dayStart, hanoiDay } from './hanoi-day.ts';

/** A run of whole Hanoi days, both ends included. */
export interface DayRange {
  start: string;
  end: string;
}

/** Does a validity interval of days (either end open: null, or anything that is not a date) meet the days of `w`? */
export function meetsDays(from: unknown, to: unknown, w: DayRange): boolean {
  const a = hanoiDay(from);
  const b = hanoiDay(to);
  return (a === null || a <= w.end) && (b === null || w.start <= b);
}

/** Is a feature part of the plan as of the Hanoi day `date` (YYYY-MM-DD)? */
export function activeOn(feature: { properties?: Record<string, unknown> | null }, layer: LayerId, date: string): boolean {
  const p = feature.properties ?? {};
  switch (layer) {
    case 'checkpoints':
    case 'quarantine-zones': {
      const t = LAYERS[layer].temporal!;
      return meetsDays(p[t.start], p[t.end!], { start: date, end: date });
    }
    case 'incidents': {
      const d = hanoiDay(p.occurred_at);
      return d === null || d <= date;
    }
    default:
      return true;
  }
}

/**
 * The interval a feature occupies in time as UTC instants, for the server's `datetime` filter;
 * null = unbounded. A timestamp is an instant; a date is its whole Hanoi day, so a filter on day D
 * matches exactly the features activeOn-style day comparisons would (from ≤ D ≤ to).
 */
export function timeSpan(layer: LayerId, p: Record<string, unknown>): { tStart: string | null; tEnd: string | null } {
  const t = LAYERS[layer].temporal;
  if (!t) return { tStart: null, tEnd: null };
  const start = p[t.start] as string | null | undefined;
  if (!t.end) {
    if (!start) return { tStart: null, tEnd: null };
    if (start.includes('T')) {
      const iso = new Date(start).toISOString();
      return { tStart: iso, tEnd: iso };
    }
    return { tStart: dayStart(start), tEnd: dayEnd(start) };
  }
  const end = p[t.end] as string | null | undefined;
  return { tStart: start ? dayStart(start) : null, tEnd: end ? dayEnd(end) : null };
}
