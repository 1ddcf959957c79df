/** The SQLite PlanStore (see ../plans.ts). */
import type { WrittenPlan } from '../../../core/plan/written.ts';
import type { Db } from '../open.ts';
import {
  PLAN_AUDIT_COLUMNS, PLAN_COLLECTION, PLAN_COLUMNS, REPORT_COLLECTION, REPORT_COLUMNS, auditEntryFromRow, noPlanYet, planConflict, planFromRow, reportFromRow,
  type PlanAuditRow, type PlanRow, type PlanStore, type ReportRow, type StoredPlan,
} from '../plans.ts';

export function sqlitePlanStore(db: Db): PlanStore {
  const s = db.sqlite;
  const getRow = s.prepare<[number], PlanRow>(`SELECT ${PLAN_COLUMNS} FROM station_plans WHERE station_id = ?`);
  const allRows = s.prepare<[], PlanRow>(`SELECT ${PLAN_COLUMNS} FROM station_plans`);
  const upsert = s.prepare('INSERT INTO station_plans (station_id, version, plan, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(station_id) DO UPDATE SET version = excluded.version, plan = excluded.plan, status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by');
  const audit = s.prepare('INSERT INTO plan_audit (at, actor, address, action, station_id, version, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const historyRows = s.prepare<[number], PlanAuditRow>(`SELECT ${PLAN_AUDIT_COLUMNS} FROM plan_audit WHERE station_id = ? ORDER BY version, id`);
  const reportsOf = s.prepare<[number], ReportRow>(`SELECT ${REPORT_COLUMNS} FROM station_reports WHERE station_id = ? ORDER BY id`);
  const allReports = s.prepare<[], ReportRow>(`SELECT ${REPORT_COLUMNS} FROM station_reports ORDER BY id`);
  const insertReport = s.prepare('INSERT INTO station_reports (station_id, type, at, body, incident_id, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');

  return {
    async get(stationId) {
      const r = getRow.get(stationId);
      return r ? planFromRow(r) : noPlanYet(stationId);
    },
    async all() {
      return new Map(allRows.all().map((r) => [r.station_id, planFromRow(r)]));
    },
    async save(stationId, ifMatch, actor, change, action = 'update') {
      const at = new Date().toISOString();
      let out!: StoredPlan;
      s.transaction(() => {
        const row = getRow.get(stationId);
        const current = row ? planFromRow(row) : noPlanYet(stationId);
        if (current.version !== ifMatch) throw planConflict(current, ifMatch);
        const plan: WrittenPlan = change(current);
        const version = current.version + 1;
        upsert.run(stationId, version, JSON.stringify(plan), plan.status, at, actor.name);
        audit.run(at, actor.name, actor.address, action, stationId, version, row ? JSON.stringify(current.plan) : null, JSON.stringify(plan));
        out = { station_id: stationId, version, plan, updated_at: at, updated_by: actor.name };
      }).immediate();
      db.bus.publish([{ collection: PLAN_COLLECTION, id: stationId, action: action === 'restore' ? 'restore' : 'update', version: out.version, at, actor: actor.name }]);
      return out;
    },
    async history(stationId) {
      return historyRows.all(stationId).map(auditEntryFromRow);
    },
    async reports(stationId) {
      return (stationId === undefined ? allReports.all() : reportsOf.all(stationId)).map(reportFromRow);
    },
    async addReport(report) {
      const { station_id, type, at, incident_id, actor, ...rest } = report;
      const created = new Date().toISOString();
      const info = insertReport.run(station_id, type, at, JSON.stringify(rest), incident_id ?? null, actor, created);
      const out = { ...report, id: Number(info.lastInsertRowid) };
      db.bus.publish([{ collection: REPORT_COLLECTION, id: out.id, action: 'create', version: 1, at: created, actor }]);
      return out;
    },
  };
}
