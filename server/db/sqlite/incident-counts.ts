/**
 * Incident counts for the commander (per Hanoi day and category, per ward and category) over the
 * whole city and any window. The whole Hanoi days inside the window are read from
 * incident_counts (counts per day, ward and category, kept by triggers: a few thousand rows for a
 * month of a million incidents); what is left of the window — part of a day at either end — is
 * grouped from the covering (collection, t_start, category, ward_code, …) index. No row's GeoJSON
 * is read, and no million-row GROUP BY is sorted.
 */
import { sql, type SQL } from 'drizzle-orm';
import { dayNumber } from '../../../core/time/calendar.ts';
import type { Db } from '../open.ts';
import { countsOf, splitWindow, Tally } from '../incident-count-window.ts';
import type { IncidentCountQuery, IncidentCounts } from '../store.ts';

/**
 * The kept rows of whole days, as four JSON columns. The (day, ward_code, category) index finds a
 * window's rows but then reads each row from the table; when the window spans much of the kept
 * days a plain scan is several times faster (a month of the city: 70,000 rows, ~10 ms against
 * ~60 ms of CPU), so the query says which: a window open at both ends is all the kept days, and
 * any other is measured against the kept days' span (see keptSpan).
 */
function keptRows(db: Db, days: [string | null, string | null], cats: SQL | null, timed: boolean): [string[], string[], string[], number[]] {
  const where: SQL[] = [sql`n > 0`];
  // Incidents without a time ('' day) fall in no window, only in the whole layer.
  if (timed) where.push(sql`day <> ''`);
  if (days[0] !== null) where.push(sql`day >= ${days[0]}`);
  if (days[1] !== null) where.push(sql`day <= ${days[1]}`);
  if (cats) where.push(sql`category IN (${cats})`);
  const from = days[0] === null && days[1] === null || spanShare(db, days) >= 1 / 4 ? sql`incident_counts NOT INDEXED` : sql`incident_counts`;
  const [row] = db.orm.values<[string, string, string, string]>(
    sql`SELECT json_group_array(day), json_group_array(ward_code), json_group_array(category), json_group_array(n) FROM ${from} WHERE ${sql.join(where, sql` AND `)}`,
  );
  return [JSON.parse(row[0]), JSON.parse(row[1]), JSON.parse(row[2]), JSON.parse(row[3])];
}

/**
 * The first and last Hanoi day with kept counts. Each end is its own min() or max() so that SQLite
 * reads it from one end of the (day, …) index: both in one SELECT, or min() under `day <> ''`,
 * scanned all 70,000 rows of a city's month (~6 ms of each request's ~20).
 */
function keptSpan(db: Db): { first: string; last: string } | null {
  const span = db.orm.get<{ first: string | null; last: string | null }>(
    sql`SELECT (SELECT min(day) FROM incident_counts WHERE day > '') AS first, (SELECT max(day) FROM incident_counts WHERE day > '') AS last`,
  );
  return span?.first && span.last ? { first: span.first, last: span.last } : null;
}

/** What share of the kept days' span the window's whole days cover (0 when nothing is kept). */
function spanShare(db: Db, days: [string | null, string | null]): number {
  const span = keptSpan(db);
  if (!span) return 0;
  const daysOf = (a: string, b: string) => Math.max(0, dayNumber(b) - dayNumber(a) + 1);
  const first = days[0] !== null && days[0] > span.first ? days[0] : span.first;
  const last = days[1] !== null && days[1] < span.last ? days[1] : span.last;
  return daysOf(first, last) / daysOf(span.first, span.last);
}

export function incidentCounts(db: Db, q: IncidentCountQuery): IncidentCounts {
  const cats = q.categories?.length ? sql.join(q.categories.map((c) => sql`${c}`), sql`, `) : null;
  const { days, edges } = splitWindow(q.datetime?.start ?? null, q.datetime?.end ?? null);
  const byDay = new Tally();
  const byWard = new Tally();
  if (days) {
    const [day, ward, category, n] = keptRows(db, days, cats, q.datetime !== undefined);
    for (let i = 0; i < n.length; i++) {
      byDay.add(day[i], category[i], n[i]);
      byWard.add(ward[i], category[i], n[i]);
    }
  }
  for (const [from, to] of edges) {
    const where: SQL[] = [sql`collection = 'incidents'`];
    if (from !== null) where.push(sql`t_start >= ${from}`);
    if (to !== null) where.push(sql`t_start < ${to}`);
    if (cats) where.push(sql`category IN (${cats})`);
    // date(t_start, '+7 hours') (the Hanoi day) rather than `day`: the index holds t_start, not day.
    for (const [day, ward, category, n] of db.orm.values<[string, string, string, number]>(
      sql`SELECT date(t_start, '+7 hours'), coalesce(ward_code, ''), coalesce(category, ''), count(*) FROM features WHERE ${sql.join(where, sql` AND `)} GROUP BY 1, 2, 3`,
    )) {
      byDay.add(day, category, n);
      byWard.add(ward, category, n);
    }
  }
  return countsOf(byDay, byWard);
}
