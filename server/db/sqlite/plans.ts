/** The SQLite PlanStore (see ../plans.ts). */
import { readStoredPlan, emptyPlan, type WrittenPlan } from '../../../core/plan/written.ts';
import type { Report } from '../../../core/plan/election-day.ts';
import type { Db } from '../open.ts';
import { StoreError } from '../errors.ts';
import { PLAN_COLLECTION, REPORT_COLLECTION, type PlanAuditEntry, type PlanStore, type StoredPlan } from '../plans.ts';

interface PlanRow {
  station_id: number;
  version: number;
  plan: string;
  updated_at: string;
  updated_by: string | null;
}

const toStored = (r: PlanRow): StoredPlan => ({ station_id: r.station_id, version: r.version, plan: readStoredPlan(JSON.parse(r.plan)), updated_at: r.updated_at, updated_by: r.updated_by });
const fresh = (stationId: number): StoredPlan => ({ station_id: stationId, version: 0, plan: emptyPlan(), updated_at: null, updated_by: null });

export function sqlitePlanStore(db: Db): PlanStore {
  const s = db.sqlite;
  const getRow = s.prepare<[number], PlanRow>('SELECT station_id, version, plan, updated_at, updated_by FROM station_plans WHERE station_id = ?');
  const allRows = s.prepare<[], PlanRow>('SELECT station_id, version, plan, updated_at, updated_by FROM station_plans');
  const upsert = s.prepare('INSERT INTO station_plans (station_id, version, plan, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(station_id) DO UPDATE SET version = excluded.version, plan = excluded.plan, status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by');
  const audit = s.prepare('INSERT INTO plan_audit (at, actor, address, action, station_id, version, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const historyRows = s.prepare<[number], { id: number; at: string; actor: string | null; address: string | null; action: string; station_id: number; version: number; before: string | null; after: string }>(
    'SELECT id, at, actor, address, action, station_id, version, before, after FROM plan_audit WHERE station_id = ? ORDER BY version, id',
  );
  type ReportRow = { id: number; station_id: number; type: string; at: string; body: string; incident_id: number | null; actor: string | null };
  const reportsOf = s.prepare<[number], ReportRow>('SELECT id, station_id, type, at, body, incident_id, actor FROM station_reports WHERE station_id = ? ORDER BY id');
  const allReports = s.prepare<[], ReportRow>('SELECT id, station_id, type, at, body, incident_id, actor FROM station_reports ORDER BY id');
  const insertReport = s.prepare('INSERT INTO station_reports (station_id, type, at, body, incident_id, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const toReport = (r: ReportRow): Report => ({ ...(JSON.parse(r.body) as object), id: r.id, station_id: r.station_id, type: r.type as Report['type'], at: r.at, ...(r.incident_id ? { incident_id: r.incident_id } : {}), actor: r.actor });

  return {
    async get(stationId) {
      const r = getRow.get(stationId);
      return r ? toStored(r) : fresh(stationId);
    },
    async all() {
      return new Map(allRows.all().map((r) => [r.station_id, toStored(r)]));
    },
    async save(stationId, ifMatch, actor, change, action = 'update') {
      const at = new Date().toISOString();
      let out!: StoredPlan;
      s.transaction(() => {
        const row = getRow.get(stationId);
        const current = row ? toStored(row) : fresh(stationId);
        if (current.version !== ifMatch)
          throw new StoreError('conflict', `The plan of station ${stationId} was changed by someone else (it is now at version ${current.version}, you edited version ${ifMatch}). Review the current plan and apply your change to it.`, [], current as never);
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
      return historyRows.all(stationId).map(
        (r): PlanAuditEntry => ({ id: r.id, at: r.at, actor: r.actor, address: r.address, action: r.action as PlanAuditEntry['action'], station_id: r.station_id, version: r.version, before: r.before ? readStoredPlan(JSON.parse(r.before)) : null, after: readStoredPlan(JSON.parse(r.after)) }),
      );
    },
    async reports(stationId) {
      return (stationId === undefined ? allReports.all() : reportsOf.all(stationId)).map(toReport);
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
