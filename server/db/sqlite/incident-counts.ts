/**
 * Incident counts for the commander (per Hanoi day and category, per ward and category) over the
 * whole city and any window. The whole Hanoi days inside the window are read from
 * incident_counts (counts per day, ward and category, kept by triggers: a few thousand rows for a
 * month of a million incidents); what is left of the window — part of a day at either end — is
 * grouped from the covering (collection, t_start, category, ward_code, …) index. No row's GeoJSON
 * is read, and no million-row GROUP BY is sorted.
 */
import { sql, type SQL } from 'drizzle-orm';
import { dayEndMs, dayStartMs, hanoiDay } from '../../../core/time/hanoi-day.ts';
import type { Db } from '../open.ts';
import type { IncidentCountQuery, IncidentCounts } from '../store.ts';

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

export function incidentCounts(db: Db, q: IncidentCountQuery): IncidentCounts {
  const cats = q.categories?.length ? sql.join(q.categories.map((c) => sql`${c}`), sql`, `) : null;
  const { days, edges } = splitWindow(q.datetime?.start ?? null, q.datetime?.end ?? null);
  const rows: [string, string, string, number][] = [];
  if (days) {
    const where: SQL[] = [sql`n > 0`];
    // Incidents without a time ('' day) fall in no window, only in the whole layer.
    if (q.datetime) where.push(sql`day <> ''`);
    if (days[0] !== null) where.push(sql`day >= ${days[0]}`);
    if (days[1] !== null) where.push(sql`day <= ${days[1]}`);
    if (cats) where.push(sql`category IN (${cats})`);
    rows.push(...db.orm.values<[string, string, string, number]>(sql`SELECT day, ward_code, category, n FROM incident_counts WHERE ${sql.join(where, sql` AND `)}`));
  }
  for (const [from, to] of edges) {
    const where: SQL[] = [sql`collection = 'incidents'`];
    if (from !== null) where.push(sql`t_start >= ${from}`);
    if (to !== null) where.push(sql`t_start < ${to}`);
    if (cats) where.push(sql`category IN (${cats})`);
    // date(t_start, '+7 hours') (the Hanoi day) rather than `day`: the index holds t_start, not day.
    rows.push(
      ...db.orm.values<[string, string, string, number]>(
        sql`SELECT date(t_start, '+7 hours'), coalesce(ward_code, ''), coalesce(category, ''), count(*) FROM features WHERE ${sql.join(where, sql` AND `)} GROUP BY 1, 2, 3`,
      ),
    );
  }
  const byDay = new Map<string, number>();
  const byWard = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const [day, ward, category, n] of rows) {
    add(byDay, `${day}\u0000${category}`, n);
    add(byWard, `${ward}\u0000${category}`, n);
  }
  const split = (k: string) => k.split('\u0000') as [string, string];
  const order = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  return {
    byDay: [...byDay].map(([k, n]) => [split(k), n] as const).sort((a, b) => order(a[0], b[0])).map(([[day, category], n]) => ({ day, category, n })),
    // '' sorts first, as SQL sorts the null it stands for; a missing ward is null on the wire.
    byWard: [...byWard].map(([k, n]) => [split(k), n] as const).sort((a, b) => order(a[0], b[0])).map(([[w, category], n]) => ({ ward_code: w === '' ? null : w, category, n })),
  };
}
