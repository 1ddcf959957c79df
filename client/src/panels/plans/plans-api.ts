/** The plan, readiness and election-day endpoints as the panels call them (URLs in lib/api.ts). */
import type { ElectionDayBoard, PlanDocument, PlanHistoryEntry, ReadinessBoard, Report } from '../../../../core/api/types.ts';
import type { WrittenPlanInput } from '../../../../core/plan/written.ts';
import type { ReportInput } from '../../../../core/plan/election-day.ts';
import { paths, request } from '../../lib/api.ts';

export interface Scope {
  ward_code?: string;
  district?: string;
}

const query = (q: Record<string, string | undefined>) => new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString();

export async function getPlan(stationId: number, signal?: AbortSignal): Promise<PlanDocument> {
  return (await request<PlanDocument>('GET', paths.plan(stationId), { signal })).body;
}

/** Saves the written part if the plan is still at `version` (ApiError 412 otherwise). */
export async function savePlan(stationId: number, plan: WrittenPlanInput, version: number): Promise<PlanDocument> {
  return (await request<PlanDocument>('PUT', paths.plan(stationId), { body: plan, ifMatch: version })).body;
}

export async function planHistory(stationId: number): Promise<PlanHistoryEntry[]> {
  return (await request<{ entries: PlanHistoryEntry[] }>('GET', paths.planHistory(stationId))).body.entries;
}

export async function restorePlan(stationId: number, version: number): Promise<PlanDocument> {
  return (await request<PlanDocument>('POST', paths.planRestore(stationId), { body: { version } })).body;
}

export const planPdfUrl = (stationId: number, lang: string) => paths.planPdf(stationId, query({ lang }));

/** The plans of every station of a ward or district in one PDF (the server refuses the whole city). */
export const planBookUrl = (scope: Scope, lang: string) => paths.planBook(query({ ...scope, lang }));

export async function getReadiness(scope: Scope = {}, signal?: AbortSignal): Promise<ReadinessBoard> {
  return (await request<ReadinessBoard>('GET', paths.readiness(query({ ...scope })), { signal })).body;
}

export const readinessCsvUrl = (scope: Scope, lang: string) => paths.readiness(query({ ...scope, format: 'csv', lang }));

export async function getElectionDay(scope: Scope = {}, signal?: AbortSignal): Promise<ElectionDayBoard> {
  return (await request<ElectionDayBoard>('GET', paths.electionDay(query({ ...scope })), { signal })).body;
}

export async function stationReports(stationId: number): Promise<Report[]> {
  return (await request<{ reports: Report[] }>('GET', paths.stationReports(stationId))).body.reports;
}

export async function sendReport(stationId: number, report: ReportInput | Record<string, unknown>): Promise<Report> {
  return (await request<Report>('POST', paths.stationReports(stationId), { body: report })).body;
}
