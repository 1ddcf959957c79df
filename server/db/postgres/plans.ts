/**
 * The PlanStore on PostgreSQL (see ../plans.ts): the same tables and answers as SQLite's.
 *
 * A save is one transaction: the station's plan is locked (an advisory lock per station, which
 * also holds before the first save, when there is no row for FOR UPDATE to lock), its version
 * checked against If-Match, the new version written with its plan_audit row, and the change
 * NOTIFYed at commit so every server's live screens hear it.
 */
import type pg from 'pg';
import type { WrittenPlan } from '../../../core/plan/written.ts';
import type { Report } from '../../../core/plan/election-day.ts';
import { StoreError } from '../errors.ts';
import {
  PLAN_AUDIT_COLUMNS, PLAN_COLLECTION, PLAN_COLUMNS, REPORT_COLLECTION, REPORT_COLUMNS, auditEntryFromRow, noPlanYet, planConflict, planFromRow, reportFromRow,
  type PlanAuditRow, type PlanRow, type PlanStore, type ReportRow, type StoredPlan,
} from '../plans.ts';
import type { Change } from '../store.ts';
import type { ChangeFeed } from './change-feed.ts';
import { isKey } from './keys.ts';
import { transaction } from './tx.ts';

/** First key of the per-station advisory locks (pg_advisory_xact_lock(int, int)); any constant shared by every server. */
const PLAN_LOCK = 0x706c616e; // "plan"

export function postgresPlanStore(pool: pg.Pool, feed: ChangeFeed): PlanStore {
  return {
    async get(stationId) {
      if (!isKey(stationId)) return noPlanYet(stationId);
      const r = await pool.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM station_plans WHERE station_id = $1`, [stationId]);
      return r.rows[0] ? planFromRow(r.rows[0]) : noPlanYet(stationId);
    },
    async all() {
      const r = await pool.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM station_plans`);
      return new Map(r.rows.map((row) => [row.station_id, planFromRow(row)]));
    },
    async save(stationId, ifMatch, actor, change, action = 'update') {
      if (!isKey(stationId)) throw new StoreError('not_found', `There is no polling station ${stationId}.`);
      const at = new Date().toISOString();
      const { out, changes } = await transaction(pool, async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1, $2)', [PLAN_LOCK, stationId]);
        const row = (await c.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM station_plans WHERE station_id = $1`, [stationId])).rows[0];
        const current = row ? planFromRow(row) : noPlanYet(stationId);
        if (current.version !== ifMatch) throw planConflict(current, ifMatch);
        const plan: WrittenPlan = change(current);
        const version = current.version + 1;
        await c.query(
          `INSERT INTO station_plans (station_id, version, plan, status, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (station_id) DO UPDATE SET version = excluded.version, plan = excluded.plan, status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          [stationId, version, JSON.stringify(plan), plan.status, at, actor.name],
        );
        await c.query('INSERT INTO plan_audit (at, actor, address, action, station_id, version, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [at, actor.name, actor.address, action, stationId, version, row ? JSON.stringify(current.plan) : null, JSON.stringify(plan)]);
        const changes: Change[] = [{ collection: PLAN_COLLECTION, id: stationId, action: action === 'restore' ? 'restore' : 'update', version, at, actor: actor.name }];
        await feed.notify(c, changes);
        return { out: { station_id: stationId, version, plan, updated_at: at, updated_by: actor.name } satisfies StoredPlan, changes };
      });
      feed.committed(changes);
      return out;
    },
    async history(stationId) {
      if (!isKey(stationId)) return [];
      const r = await pool.query<PlanAuditRow>(`SELECT ${PLAN_AUDIT_COLUMNS} FROM plan_audit WHERE station_id = $1 ORDER BY version, id`, [stationId]);
      return r.rows.map(auditEntryFromRow);
    },
    async reports(stationId) {
      if (stationId !== undefined && !isKey(stationId)) return [];
      const r = stationId === undefined ? await pool.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM station_reports ORDER BY id`) : await pool.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM station_reports WHERE station_id = $1 ORDER BY id`, [stationId]);
      return r.rows.map(reportFromRow);
    },
    async addReport(report) {
      const { station_id, type, at, incident_id, actor, ...rest } = report;
      const created = new Date().toISOString();
      const { out, changes } = await transaction(pool, async (c) => {
        const r = await c.query<{ id: number }>('INSERT INTO station_reports (station_id, type, at, body, incident_id, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id', [station_id, type, at, JSON.stringify(rest), incident_id ?? null, actor, created]);
        const out = { ...report, id: r.rows[0].id } as Report;
        const changes: Change[] = [{ collection: REPORT_COLLECTION, id: out.id, action: 'create', version: 1, at: created, actor }];
        await feed.notify(c, changes);
        return { out, changes };
      });
      feed.committed(changes);
      return out;
    },
  };
}
