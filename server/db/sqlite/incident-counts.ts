/**
 * Incident counts for the commander (per Hanoi day and category, per ward and category) over
 * the whole city and any window, grouped by SQLite over the covering (collection, t_start,
 * category, ward_code, …) index: no row's GeoJSON is read.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../open.ts';
import type { IncidentCountQuery, IncidentCounts } from '../store.ts';

export function incidentCounts(db: Db, q: IncidentCountQuery): IncidentCounts {
  const where: SQL[] = [sql`collection = 'incidents'`];
  if (q.datetime?.start) where.push(sql`t_start >= ${q.datetime.start}`);
  if (q.datetime?.end) where.push(sql`t_start <= ${q.datetime.end}`);
  if (q.categories?.length) where.push(sql`category IN (${sql.join(q.categories.map((c) => sql`${c}`), sql`, `)})`);
  const w = sql.join(where, sql` AND `);
  // t_start is a UTC instant; the Hanoi day is seven hours on (Vietnam keeps no summer time).
  const byDay = db.orm.values<[string, string, number]>(sql`SELECT date(t_start, '+7 hours') AS day, category, count(*) FROM features WHERE ${w} GROUP BY day, category ORDER BY day, category`);
  const byWard = db.orm.values<[string | null, string, number]>(sql`SELECT ward_code, category, count(*) FROM features WHERE ${w} GROUP BY ward_code, category ORDER BY ward_code, category`);
  return { byDay: byDay.map(([day, category, n]) => ({ day, category, n })), byWard: byWard.map(([ward_code, category, n]) => ({ ward_code, category, n })) };
}
