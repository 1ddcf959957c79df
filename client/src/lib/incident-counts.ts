/**
 * The commander's numbers from the server: incident counts per Hanoi day and per ward, by
 * category, over every incident of the city (GET /api/analysis/incident-counts), never from the
 * features the client happens to hold. Counts come per category, so a category filter is applied
 * here without asking again. The helpers below are pure.
 */
import { paths, request } from './api.ts';
import type { TimeWindow } from './commander.ts';

interface Entry {
  total: number;
  /** Counts by category (categories with none are left out). */
  counts: Record<string, number>;
}

export interface IncidentCounts {
  total: number;
  days: (Entry & { day: string })[];
  /** Ward code null: incidents outside every ward. `name` and `id` (the ward feature's) when the server gives them. */
  wards: (Entry & { ward_code: string | null; name?: string; id?: number })[];
}

/** Counts for a window (null: the whole period); an abort signal drops a superseded request. */
export async function fetchIncidentCounts(window: TimeWindow | null, signal?: AbortSignal): Promise<IncidentCounts> {
  const q = new URLSearchParams();
  if (window) q.set('datetime', window.start === window.end ? window.start : `${window.start}/${window.end}`);
  return (await request<IncidentCounts>('GET', paths.incidentCounts(q.toString()), { signal })).body;
}

/** An entry's count over the chosen categories (none chosen: all). */
export function countOf(e: Entry, categories: readonly string[]): number {
  if (!categories.length) return e.total;
  let n = 0;
  for (const c of categories) n += e.counts[c] ?? 0;
  return n;
}

/**
 * First and last day with incidents; null when there are none. Incidents without a time (written
 * outside the API) are counted in the whole period under the day '' (no day), which starts no span.
 */
export function dayRange(c: IncidentCounts | null): { first: string; last: string } | null {
  const days = (c?.days ?? []).map((d) => d.day).filter((d) => d !== '').sort();
  return days.length ? { first: days[0], last: days[days.length - 1] } : null;
}

/** Count per ward code over the chosen categories (outside every ward left out). */
export function wardCounts(c: IncidentCounts | null, categories: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of c?.wards ?? []) if (w.ward_code !== null) out.set(w.ward_code, countOf(w, categories));
  return out;
}

/** Ward names the server gave, by code. */
export function wardNames(...answers: (IncidentCounts | null)[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of answers) for (const w of a?.wards ?? []) if (w.ward_code !== null && w.name) out.set(w.ward_code, w.name);
  return out;
}
