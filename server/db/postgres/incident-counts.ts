/**
 * Incident counts per Hanoi day and per ward, by category, as server/db/sqlite/incident-counts.ts:
 * the whole Hanoi days inside the window are summed from incident_counts (kept by the triggers of
 * migration 0009: a few tens of thousands of rows for a month of a million incidents), once per
 * day and once per ward in one GROUPING SETS query; what is left of the window — part of a day at
 * either end — is grouped from features through the (collection, t_start, category, ward_code, …)
 * index. No million-row GROUP BY per request.
 */
import type pg from 'pg';
import { countsOf, splitWindow, Tally } from '../incident-count-window.ts';
import type { IncidentCountQuery, IncidentCounts } from '../store.ts';

type Query = Pick<pg.ClientBase, 'query'>;

/** The kept counts of whole days [first, last] (null: open), summed per day and per ward. */
async function keptCounts(db: Query, days: [string | null, string | null], categories: readonly string[] | undefined, timed: boolean) {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = ['n > 0'];
  // Incidents without a time ('' day) fall in no window, only in the whole layer.
  if (timed) where.push(`day <> ''`);
  if (days[0] !== null) where.push(`day >= ${p(days[0])}`);
  if (days[1] !== null) where.push(`day <= ${p(days[1])}`);
  if (categories?.length) where.push(`category = ANY(${p(categories)}::text[])`);
  return (
    await db.query<{ per_day: boolean; key: string; category: string; n: number }>(
      `SELECT grouping(ward_code) = 1 AS per_day, coalesce(day, ward_code) AS key, category, sum(n)::int AS n
       FROM incident_counts WHERE ${where.join(' AND ')} GROUP BY GROUPING SETS ((day, category), (ward_code, category))`,
      params,
    )
  ).rows;
}

/** Incidents with t_start in [from, to) (null: open), grouped by day, ward and category. */
async function edgeCounts(db: Query, from: string | null, to: string | null, categories: readonly string[] | undefined) {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = [`collection = 'incidents'`];
  if (from !== null) where.push(`t_start >= ${p(from)}`);
  if (to !== null) where.push(`t_start < ${p(to)}`);
  if (categories?.length) where.push(`category = ANY(${p(categories)}::text[])`);
  return (
    await db.query<{ day: string; ward: string; category: string; n: number }>(
      `SELECT coalesce(day, '') AS day, coalesce(ward_code, '') AS ward, coalesce(category, '') AS category, count(*)::int AS n
       FROM features WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`,
      params,
    )
  ).rows;
}

export async function incidentCounts(db: Query, q: IncidentCountQuery): Promise<IncidentCounts> {
  const { days, edges } = splitWindow(q.datetime?.start ?? null, q.datetime?.end ?? null);
  const [kept, ...parts] = await Promise.all([days ? keptCounts(db, days, q.categories, q.datetime !== undefined) : [], ...edges.map(([from, to]) => edgeCounts(db, from, to, q.categories))]);
  const byDay = new Tally();
  const byWard = new Tally();
  for (const r of kept) (r.per_day ? byDay : byWard).add(r.key, r.category, r.n);
  for (const rows of parts)
    for (const r of rows) {
      byDay.add(r.day, r.category, r.n);
      byWard.add(r.ward, r.category, r.n);
    }
  return countsOf(byDay, byWard);
}
