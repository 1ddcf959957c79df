/**
 * Data access for polling-station plans and election-day reports, as an async interface like
 * `Store` (server/db/store.ts), so a PostgreSQL implementation can follow; server/db/sqlite/plans.ts
 * implements it on SQLite. Writes are one transaction with their audit row, announced on the
 * change bus after the commit as collection `station-plans` / `station-reports` (live screens).
 */
import { emptyPlan, readStoredPlan, type WrittenPlan } from '../../core/plan/written.ts';
import type { Report } from '../../core/plan/election-day.ts';
import type { Actor } from './store.ts';
import { StoreError } from './errors.ts';
import type { PlanHistoryEntry } from '../../core/api/types.ts';

export interface StoredPlan {
  station_id: number;
  /** 0 when nothing was saved yet (the plan is the catalogue's defaults). */
  version: number;
  plan: WrittenPlan;
  updated_at: string | null;
  updated_by: string | null;
}

/** One saved version of a plan, as GET …/plan/history sends it: the wire type is the stored one. */
export type PlanAuditEntry = PlanHistoryEntry;

export interface PlanStore {
  /** The stored plan, or version 0 with the default plan. */
  get(stationId: number): Promise<StoredPlan>;
  /** Every station's stored plan (stations without one are absent). */
  all(): Promise<Map<number, StoredPlan>>;
  /**
   * Saves the next version if the stored one is still `ifMatch` (StoreError 'conflict' with the
   * current plan otherwise); `change` gives the plan to store from the current one.
   */
  save(stationId: number, ifMatch: number, actor: Actor, change: (current: StoredPlan) => WrittenPlan, action?: 'update' | 'restore'): Promise<StoredPlan>;
  history(stationId: number): Promise<PlanAuditEntry[]>;
  /** Reports of one station, or of all stations, in time order. */
  reports(stationId?: number): Promise<Report[]>;
  addReport(report: Omit<Report, 'id'>): Promise<Report>;
}

export const PLAN_COLLECTION = 'station-plans';
export const REPORT_COLLECTION = 'station-reports';

/*
 * The rows both backends read (the same columns, JSON kept as text) and how they become the
 * interface's values: one reading, whichever database holds them.
 */
export interface PlanRow {
  station_id: number;
  version: number;
  plan: string;
  updated_at: string;
  updated_by: string | null;
}
export interface PlanAuditRow {
  id: number;
  at: string;
  actor: string | null;
  address: string | null;
  action: string;
  station_id: number;
  version: number;
  before: string | null;
  after: string;
}
export interface ReportRow {
  id: number;
  station_id: number;
  type: string;
  at: string;
  body: string;
  incident_id: number | null;
  actor: string | null;
}

export const PLAN_COLUMNS = 'station_id, version, plan, updated_at, updated_by';
export const PLAN_AUDIT_COLUMNS = 'id, at, actor, address, action, station_id, version, before, after';
export const REPORT_COLUMNS = 'id, station_id, type, at, body, incident_id, actor';

export const planFromRow = (r: PlanRow): StoredPlan => ({ station_id: r.station_id, version: r.version, plan: readStoredPlan(JSON.parse(r.plan)), updated_at: r.updated_at, updated_by: r.updated_by });
/** A station nobody has written a plan for: version 0, the catalogue's defaults. */
export const noPlanYet = (stationId: number): StoredPlan => ({ station_id: stationId, version: 0, plan: emptyPlan(), updated_at: null, updated_by: null });
export const auditEntryFromRow = (r: PlanAuditRow): PlanAuditEntry => ({ id: r.id, at: r.at, actor: r.actor, address: r.address, action: r.action as PlanAuditEntry['action'], station_id: r.station_id, version: r.version, before: r.before ? readStoredPlan(JSON.parse(r.before)) : null, after: readStoredPlan(JSON.parse(r.after)) });
export const reportFromRow = (r: ReportRow): Report => ({ ...(JSON.parse(r.body) as object), id: r.id, station_id: r.station_id, type: r.type as Report['type'], at: r.at, ...(r.incident_id ? { incident_id: r.incident_id } : {}), actor: r.actor });

/** The refusal of a save whose If-Match is not the stored version; it carries the current plan. */
export const planConflict = (current: StoredPlan, ifMatch: number): StoreError =>
  new StoreError('conflict', `The plan of station ${current.station_id} was changed by someone else (it is now at version ${current.version}, you edited version ${ifMatch}). Review the current plan and apply your change to it.`, [], current as never);
