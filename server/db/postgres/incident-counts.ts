/** Incident counts per Hanoi day and per ward, by category, as server/db/sqlite/incident-counts.ts. */
import type pg from 'pg';
import type { IncidentCountQuery, IncidentCounts } from '../store.ts';

export async function incidentCounts(db: Pick<pg.ClientBase, 'query'>, q: IncidentCountQuery): Promise<IncidentCounts> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = [`collection = 'incidents'`];
  if (q.datetime?.start) where.push(`t_start >= ${p(q.datetime.start)}`);
  if (q.datetime?.end) where.push(`t_start <= ${p(q.datetime.end)}`);
  if (q.categories?.length) where.push(`category = ANY(${p(q.categories)}::text[])`);
  const w = where.join(' AND ');
  const byDay = await db.query<{ day: string; category: string; n: number }>(
    // day: the stored Hanoi day (migration 0006), not a conversion of t_start on every row.
    `SELECT day, category, count(*)::int AS n FROM features WHERE ${w} GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );
  const byWard = await db.query<{ ward_code: string | null; category: string; n: number }>(`SELECT ward_code, category, count(*)::int AS n FROM features WHERE ${w} GROUP BY 1, 2 ORDER BY 1, 2`, params);
  return { byDay: byDay.rows, byWard: byWard.rows };
}
