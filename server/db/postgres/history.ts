/** The audit trail in PostgreSQL: each feature's changes, and the log of all of them. */
import type pg from 'pg';
import type { LayerId } from '../../../core/layers.ts';
import type { AuditEntry, AuditQuery } from '../store.ts';

type Q = Pick<pg.ClientBase, 'query'>;
type AuditRow = Omit<AuditEntry, 'before' | 'after'> & { before: string | null; after: string | null };
const parseAudit = (r: AuditRow): AuditEntry => ({ ...r, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null });
const COLUMNS = 'id, at, actor, address, action, collection, feature_id, version, before, after';

export async function featureHistory(db: Q, layer: LayerId, id: number): Promise<AuditEntry[]> {
  return (await db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit WHERE collection = $1 AND feature_id = $2 ORDER BY id`, [layer, id])).rows.map(parseAudit);
}

export async function auditLog(db: Q, q: AuditQuery = {}): Promise<AuditEntry[]> {
  const params: unknown[] = [];
  const where = ['true'];
  if (q.since) where.push(`at >= $${params.push(q.since)}`);
  if (q.until) where.push(`at <= $${params.push(q.until)}`);
  if (q.afterId) where.push(`id > $${params.push(q.afterId)}`);
  const limit = `$${params.push(q.limit ?? 10_000)}`;
  return (await db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${limit}`, params)).rows.map(parseAudit);
}
