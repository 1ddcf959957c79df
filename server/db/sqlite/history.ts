/** The audit trail in SQLite: one feature's changes, and every change by time or after an entry. */
import { sql, type SQL } from 'drizzle-orm';
import type { LayerId } from '../../../core/layers.ts';
import type { Db } from '../open.ts';
import type { AuditEntry, AuditQuery } from '../store.ts';

type AuditRow = Omit<AuditEntry, 'before' | 'after'> & { before: string | null; after: string | null };
const parseAudit = (r: AuditRow): AuditEntry => ({ ...r, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null });

/** Every recorded change of one feature, oldest first. */
export function featureHistory(db: Db, layer: LayerId, id: number): AuditEntry[] {
  return db.orm
    .all<AuditRow>(sql`SELECT id, at, actor, address, action, collection, feature_id, version, before, after FROM audit WHERE collection = ${layer} AND feature_id = ${id} ORDER BY id`)
    .map(parseAudit);
}

export function auditLog(db: Db, q: AuditQuery = {}): AuditEntry[] {
  const where: SQL[] = [sql`1 = 1`];
  if (q.since) where.push(sql`at >= ${q.since}`);
  if (q.until) where.push(sql`at <= ${q.until}`);
  if (q.afterId) where.push(sql`id > ${q.afterId}`);
  return db.orm
    .all<AuditRow>(sql`SELECT id, at, actor, address, action, collection, feature_id, version, before, after FROM audit WHERE ${sql.join(where, sql` AND `)} ORDER BY id LIMIT ${q.limit ?? 10_000}`)
    .map(parseAudit);
}
