/**
 * Polling-station plans, the readiness board and election day (issue 14).
 *
 * A plan is read as one JSON document: the derived part (computed now from the layers) and the
 * written part (stored, versioned like a feature: ETag, If-Match on PUT, 412/428, history,
 * restore). Reports on election day are facts with a time; a situation is also recorded as an
 * incident carrying the station's id, so it shows on every map and in the hot spots. A `team`
 * account reports only for the stations its scope lists, checked here on the server.
 */
import { z } from 'zod';
import type { Context } from 'hono';
import { reportInput, checkReport, reportTime, ReportError, type Report } from '../../core/plan/election-day.ts';
import { readinessCsv } from '../../core/plan/readiness.ts';
import { applyWrite, writtenPlanInput } from '../../core/plan/written.ts';
import { formatZodError } from '../../core/layers.ts';
import type { AuthUser } from '../auth/accounts.ts';
import { createFeature } from '../features/edit.ts';
import { StoreError } from '../db/errors.ts';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { etagOf, featureIdOf, ifMatchVersion } from '../http/ogc.ts';
import { HttpProblem } from '../http/problem.ts';
import { fromParser } from '../http/query.ts';
import { actorOf, readJson } from '../http/request.ts';
import { ERRORS, param, problemResponse } from '../openapi.ts';
import { electionDayBoard, planOf, readinessBoard, stationOf, type StationFilter } from '../plans/service.ts';
import { workPool } from '../workers/pool.ts';
import { readerLocation } from '../workers/reader.ts';

const tags = ['Polling-station plans'];
const stationParams = z.object({ stationId: fromParser(featureIdOf) });
const stationIdParam = { name: 'stationId', in: 'path', required: true, schema: { type: 'string' }, description: 'Polling-station feature id.' };
const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'ETag of the plan version being changed (from GET; "0" before the first save).' };
const obj = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const EDIT_ERRORS = { ...ERRORS, '412': problemResponse('Someone changed the plan since you read it; the body has `current`.'), '428': problemResponse('If-Match is required.') };
const filterQuery = z.strictObject({ ward_code: z.string().min(1).optional(), district: z.string().min(1).optional(), format: z.enum(['json', 'csv']).optional(), lang: z.enum(['vi', 'en']).optional() });
const filterParams = [param('ward_code', 'Only stations of this ward (GSO code).', { type: 'string' }), param('district', 'Only stations of this district (name, e.g. "Quận Bắc Từ Liêm" or "Bắc Từ Liêm").', { type: 'string' })];

const invalid = (e: z.ZodError, input: unknown) => new StoreError('invalid', 'The plan is not valid: ' + formatZodError(e, '', input as Record<string, unknown>).map((i) => `${i.path || 'plan'} ${i.message}`).join('; '), formatZodError(e, '', input as Record<string, unknown>));

function userOf(c: Context): AuthUser | undefined {
  return (c.get as (k: string) => AuthUser | undefined)('user');
}

export function planEndpoints(deps: AppDeps): Endpoint[] {
  const store = deps.store;
  /** A plan or a plan book as PDF, read and drawn on a worker thread (server/workers/plan-task.ts); on the request thread only for an in-memory database. */
  const planDocument = async (what: { station: number } | { book: StationFilter; budget: number }, lang: 'vi' | 'en'): Promise<Uint8Array> => {
    const file = readerLocation(store);
    if (!file) {
      // Loaded only here: the renderer (pdfkit, its fonts, the map style) is ~75 MB of a thread's
      // memory, which the request thread need not hold when workers draw.
      const { renderPlanPdf, renderPlanBook } = await import('../print/plan-document.ts');
      return 'station' in what ? renderPlanPdf(store, what.station, lang) : renderPlanBook(store, what.book, lang, new Date(), what.budget);
    }
    const out = await workPool(deps.config.work).run('planPdf', { file, lang, now: Date.now(), ...what });
    if ('status' in out) throw new HttpProblem(out.status, out.detail);
    return out;
  };
  const plans = store.plans;
  const send = async (c: Context, id: number, status: 200 = 200) => {
    const doc = await planOf(store, id);
    return c.body(JSON.stringify(doc), status, { 'Content-Type': 'application/json', ETag: etagOf(doc.version) });
  };
  return [
    endpoint({
      method: 'GET',
      path: '/polling-stations/:stationId/plan',
      permission: 'read',
      params: stationParams,
      doc: { tags, summary: "A station's plan: the derived part (ward, zones, checkpoints, nearest facilities by road or straight line, recent incidents, mobile-ballot-box zones), the written part and its readiness", operationId: 'getStationPlan', parameters: [stationIdParam], responses: { '200': obj('The plan; ETag is its version'), ...ERRORS } },
      handler: (c, { params }) => send(c, params.stationId),
    }),

    endpoint({
      method: 'PUT',
      path: '/polling-stations/:stationId/plan',
      permission: 'edit:polling-stations',
      params: stationParams,
      doc: {
        tags,
        summary: 'Save the written part (forces, notes, scenarios, status draft|approved); approval records who and when',
        operationId: 'putStationPlan',
        parameters: [stationIdParam, ifMatch],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { forces: { type: 'array', items: { type: 'object' } }, entrances: { type: 'string' }, isolation_booth: { type: 'string' }, waiting_area: { type: 'string' }, mobile_box: { type: 'string' }, notes: { type: 'string' }, scenarios: { type: 'array', items: { type: 'object' } }, status: { type: 'string', enum: ['draft', 'approved'] } } } } } },
        responses: { '200': obj('The plan as saved'), ...EDIT_ERRORS },
      },
      handler: async (c, { params }) => {
        const id = params.stationId;
        await stationOf(store, id);
        const current = await plans.get(id);
        const version = await ifMatchVersion(c, async () => current.version);
        const body = await readJson(c);
        const parsed = writtenPlanInput.safeParse(body);
        if (!parsed.success) throw invalid(parsed.error, body);
        const actor = actorOf(c);
        await plans.save(id, version, actor, (cur) => applyWrite(cur.plan, parsed.data, actor.name ?? 'unknown', new Date().toISOString()));
        return send(c, id);
      },
    }),

    endpoint({
      method: 'GET',
      path: '/polling-stations/:stationId/plan/history',
      permission: 'history:polling-stations',
      params: stationParams,
      doc: { tags, summary: 'Every saved version of the written plan: who, when, before and after', operationId: 'getStationPlanHistory', parameters: [stationIdParam], responses: { '200': obj('History entries, oldest first'), ...ERRORS } },
      handler: async (c, { params }) => {
        await stationOf(store, params.stationId);
        return c.json({ station_id: params.stationId, entries: await plans.history(params.stationId) });
      },
    }),

    endpoint({
      method: 'POST',
      path: '/polling-stations/:stationId/plan/restore',
      permission: 'history:polling-stations',
      params: stationParams,
      doc: { tags, summary: 'Bring back a saved version of the written plan as a new version', operationId: 'restoreStationPlan', parameters: [stationIdParam], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['version'], properties: { version: { type: 'integer' } } } } } }, responses: { '200': obj('The plan as restored'), ...ERRORS } },
      handler: async (c, { params }) => {
        const id = params.stationId;
        await stationOf(store, id);
        const body = (await readJson(c)) as { version?: unknown };
        if (!body || typeof body !== 'object' || !Number.isInteger(body.version)) throw new HttpProblem(400, 'Send {"version": N}: the plan version to bring back, from the plan history.');
        const entry = (await plans.history(id)).find((e) => e.version === body.version);
        if (!entry) throw new HttpProblem(404, `The plan of station ${id} has no version ${body.version}.`);
        const current = await plans.get(id);
        await plans.save(id, current.version, actorOf(c), () => entry.after, 'restore');
        return send(c, id);
      },
    }),

    endpoint({
      method: 'GET',
      path: '/polling-stations/:stationId/plan.pdf',
      permission: 'print',
      params: stationParams,
      doc: { tags, summary: "The station's plan as an A4 PDF: map at true scale, forces and contacts, scenarios, classification line", operationId: 'getStationPlanPdf', parameters: [stationIdParam, param('lang', 'vi (default) or en', { type: 'string', enum: ['vi', 'en'] })], responses: { '200': { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...ERRORS } },
      query: z.strictObject({ lang: z.enum(['vi', 'en']).optional() }),
      handler: async (c, { params, query }) => {
        const pdf = await planDocument({ station: params.stationId }, query.lang ?? 'vi');
        // The station alone names the file: its plan (every layer around it) was read on the worker.
        const code = String((await stationOf(store, params.stationId)).properties?.code ?? params.stationId).replace(/[^A-Za-z0-9_-]/g, '_');
        return c.body(pdf as unknown as ArrayBuffer, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="plan-${code}.pdf"` });
      },
    }),

    endpoint({
      method: 'GET',
      path: '/plans/book.pdf',
      permission: 'print',
      query: z.strictObject({ ward_code: z.string().min(1).optional(), district: z.string().min(1).optional(), lang: z.enum(['vi', 'en']).optional() }),
      doc: { tags, summary: 'The plans of every station of a ward or district in one PDF, with a contents page', operationId: 'getPlanBook', parameters: [...filterParams, param('lang', 'vi (default) or en', { type: 'string', enum: ['vi', 'en'] })], responses: { '200': { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...ERRORS, '400': problemResponse('No ward_code or district, or the book is over its work budget (OPSMAP_PLAN_BOOK_BUDGET): `detail` says what to ask for instead.') } },
      handler: async (c, { query }) => {
        if (!query.ward_code && !query.district) throw new HttpProblem(400, 'Name a ward_code or a district: a book of the whole city is too large to print at once.');
        const pdf = await planDocument({ book: { ward_code: query.ward_code, district: query.district }, budget: deps.config.budgets.planBookWork }, query.lang ?? 'vi');
        return c.body(pdf as unknown as ArrayBuffer, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="plans.pdf"' });
      },
    }),

    endpoint({
      method: 'GET',
      path: '/readiness',
      permission: 'read',
      query: filterQuery,
      doc: { tags, summary: 'The readiness board: every station with its gaps (JSON, or CSV with format=csv)', operationId: 'getReadiness', parameters: [...filterParams, param('format', 'json (default) or csv', { type: 'string', enum: ['json', 'csv'] }), param('lang', 'Language of the gap words in the CSV', { type: 'string', enum: ['vi', 'en'] })], responses: { '200': { description: 'The board', content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } } }, ...ERRORS } },
      handler: async (c, { query }) => {
        const rows = await readinessBoard(store, query);
        if (query.format === 'csv') return c.body('\ufeff' + readinessCsv(rows, query.lang ?? 'vi'), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="readiness.csv"' });
        const counts = { ready: rows.filter((r) => r.level === 'ready').length, attention: rows.filter((r) => r.level === 'attention').length, gaps: rows.filter((r) => r.level === 'gaps').length };
        return c.json({ stations: rows.length, counts, rows });
      },
    }),

    endpoint({
      method: 'GET',
      path: '/polling-stations/:stationId/reports',
      permission: 'read',
      params: stationParams,
      doc: { tags, summary: "A station's election-day reports, in time order", operationId: 'getStationReports', parameters: [stationIdParam], responses: { '200': obj('Reports'), ...ERRORS } },
      handler: async (c, { params }) => {
        await stationOf(store, params.stationId);
        return c.json({ station_id: params.stationId, reports: (await plans.reports(params.stationId)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) });
      },
    }),

    endpoint({
      method: 'POST',
      path: '/polling-stations/:stationId/reports',
      permission: 'report',
      params: stationParams,
      doc: {
        tags,
        summary: 'Report a status, turnout (votes so far), a situation (recorded as an incident with the station id) or a situation resolved; a team account only for its own stations',
        operationId: 'postStationReport',
        parameters: [stationIdParam],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['status', 'turnout', 'situation', 'resolved'] }, status: { type: 'string', enum: ['not_open', 'open', 'paused', 'closed', 'counted', 'reported'] }, votes: { type: 'integer' }, category: { type: 'string' }, severity: { type: 'integer' }, description: { type: 'string' }, incident_id: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, note: { type: 'string' } } } } } },
        responses: { '201': obj('The report as recorded'), ...ERRORS, '409': problemResponse('The report does not follow from the station’s reports so far (e.g. counted before closed).') },
      },
      handler: async (c, { params }) => {
        const id = params.stationId;
        const station = await stationOf(store, id);
        const user = userOf(c);
        if (user?.role === 'team' && !(user.scope?.stations ?? []).includes(id)) throw new HttpProblem(403, `Your team account reports for station${(user.scope?.stations ?? []).length === 1 ? '' : 's'} ${(user.scope?.stations ?? []).join(', ') || '(none assigned)'}, not for station ${id}.`);
        const body = await readJson(c);
        const parsed = reportInput.safeParse(body);
        if (!parsed.success) throw invalid(parsed.error, body);
        const input = parsed.data;
        const at = reportTime(input.at, new Date());
        const voters = Number(station.properties?.voters ?? 0);
        const prior = await plans.reports(id);
        try {
          checkReport(input, at, prior, voters, String(station.properties?.election_date ?? '2021-05-23'));
        } catch (e) {
          if (e instanceof ReportError) throw new HttpProblem(409, e.message, { issues: [{ path: e.path, message: e.message }] });
          throw e;
        }
        const actor = actorOf(c);
        let report: Omit<Report, 'id'> = { station_id: id, type: input.type, at, actor: actor.name };
        if (input.type === 'status') report = { ...report, status: input.status, ...(input.note ? { note: input.note } : {}) };
        else if (input.type === 'turnout') report = { ...report, votes: input.votes, ...(input.note ? { note: input.note } : {}) };
        else if (input.type === 'resolved') {
          if (!prior.some((r) => r.type === 'situation' && r.incident_id === input.incident_id)) throw new HttpProblem(409, `Incident ${input.incident_id} is not a situation reported for station ${id}.`);
          report = { ...report, incident_id: input.incident_id, ...(input.note ? { note: input.note } : {}) };
        } else {
          const incident = await createFeature(deps.store, 'incidents', { type: 'Feature', geometry: station.geometry, properties: { category: input.category, severity: input.severity, occurred_at: at, description: input.description, station_id: id } }, actor);
          report = { ...report, incident_id: incident.id, category: input.category, severity: input.severity, description: input.description };
        }
        return c.json(await plans.addReport(report), 201);
      },
    }),

    endpoint({
      method: 'GET',
      path: '/election-day',
      permission: 'read',
      query: z.strictObject({ ward_code: z.string().min(1).optional(), district: z.string().min(1).optional() }),
      doc: { tags, summary: "The commander's election-day board: counts per status, stations with open situations, turnout by ward and in all, the day's timeline", operationId: 'getElectionDay', parameters: filterParams, responses: { '200': obj('The board'), ...ERRORS } },
      handler: async (c, { query }) => c.json(await electionDayBoard(store, query)),
    }),
  ];
}
