/**
 * What both backends' incident-count readers share (sqlite/incident-counts.ts,
 * postgres/incident-counts.ts): how a window splits into whole Hanoi days, read from the kept
 * incident_counts, and partial-day edges, grouped from features; and the sums, sorted the same
 * way on both, so both answer alike.
 */
import { dayEndMs, dayStartMs, hanoiDay } from '../../core/time/hanoi-day.ts';
import type { IncidentCounts } from './store.ts';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => hanoiDay(new Date(ms).toISOString())!;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The whole Hanoi days within [start, end] (null ends: open), and the parts of the window outside
 * them as UTC ranges [from, to) — at most one at each end, or the whole window when it holds no
 * whole day.
 */
export function splitWindow(start: string | null, end: string | null): { days: [string | null, string | null] | null; edges: [string | null, string | null][] } {
  const s = start === null ? null : Date.parse(start);
  const e = end === null ? null : Date.parse(end) + 1; // exclusive
  const firstStart = s === null ? null : dayStartMs(dayOf(s)) === s ? s : dayStartMs(dayOf(s)) + DAY_MS;
  const lastEnd = e === null ? null : dayEndMs(dayOf(e - 1)) + 1 === e ? e : dayStartMs(dayOf(e - 1));
  if (firstStart !== null && lastEnd !== null && firstStart >= lastEnd) return { days: null, edges: [[start, e === null ? null : iso(e)]] };
  const edges: [string | null, string | null][] = [];
  if (s !== null && firstStart! > s) edges.push([start, iso(firstStart!)]);
  if (e !== null && lastEnd! < e) edges.push([iso(lastEnd!), iso(e)]);
  return { days: [firstStart === null ? null : dayOf(firstStart), lastEnd === null ? null : dayOf(lastEnd - 1)], edges };
}

/** Counts summed by key and category: key → category → n. */
export class Tally {
  readonly m = new Map<string, Map<string, number>>();
  add(key: string, category: string, n: number) {
    let c = this.m.get(key);
    if (!c) this.m.set(key, (c = new Map()));
    c.set(category, (c.get(category) ?? 0) + n);
  }
  /** Sorted by key, then category ('' first, as SQL sorts the null it stands for). */
  rows(): [string, string, number][] {
    const out: [string, string, number][] = [];
    for (const key of [...this.m.keys()].sort()) for (const category of [...this.m.get(key)!.keys()].sort()) out.push([key, category, this.m.get(key)!.get(category)!]);
    return out;
  }
}


/** The answer from the sums per day and per ward: a missing ward ('') is null on the wire. */
export function countsOf(byDay: Tally, byWard: Tally): IncidentCounts {
  return {
    byDay: byDay.rows().map(([day, category, n]) => ({ day, category, n })),
    byWard: byWard.rows().map(([w, category, n]) => ({ ward_code: w === '' ? null : w, category, n })),
  };
}
