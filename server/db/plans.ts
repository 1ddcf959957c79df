/**
 * Data access for polling-station plans and election-day reports, as an async interface like
 * `Store` (server/db/store.ts), so a PostgreSQL implementation can follow; server/db/sqlite/plans.ts
 * implements it on SQLite. Writes are one transaction with their audit row, announced on the
 * change bus after the commit as collection `station-plans` / `station-reports` (live screens).
 */
import type { WrittenPlan } from '../../core/plan/written.ts';
import type { Report } from '../../core/plan/election-day.ts';
import type { Actor } from './store.ts';
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
