/**
 * Printing area maps as vector PDF (server/print):
 *  - GET  /print                    the PDF, rendered while the client waits (a page takes about a second)
 *  - POST /print/jobs?<same query>  starts a long print (an atlas) and answers 202 with the job
 *  - GET  /print/jobs/{jobId}       progress: {state, done, total}
 *  - GET  /print/jobs/{jobId}/pdf   the PDF once the job is done (409 before)
 */
import type { Context } from 'hono';
import { MessageChannel } from 'node:worker_threads';
import { z } from 'zod';
import { LAYER_IDS, type LayerId } from '../../core/layers.ts';
import { printRequestSchema, type PrintRequest } from '../../core/print/request.ts';
import { STANDARD_SCALES } from '../../core/print/scale.ts';
import type { TimeRange } from '../db/store.ts';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { HttpProblem } from '../http/problem.ts';
import { parseDatetime } from '../http/query.ts';
import { param as q, problemResponse } from '../openapi.ts';
import { PrintJobs, type Job } from '../print/jobs.ts';
import { PrintNotFound } from '../print/plan.ts';
import { gatherPrint } from '../print/gather.ts';
import { PrintBudgetError } from '../print/budget.ts';
import { workPool } from '../workers/pool.ts';
import { readerLocation } from '../workers/reader.ts';

/** The print request (core/print/request.ts, shared with the dialog) and its time filter, both checked before any work starts. */
const PrintQuery = printRequestSchema.transform((r, ctx): { req: PrintRequest; datetime?: TimeRange } => {
  const req = r as PrintRequest;
  try {
    return { req, datetime: req.datetime ? parseDatetime(req.datetime) : undefined };
  } catch (e) {
    if (!(e instanceof HttpProblem)) throw e;
    ctx.addIssue({ code: 'custom', path: ['datetime'], message: e.detail });
    return z.NEVER;
  }
});

/** "Phường Xuân Đỉnh" → "phuong-xuan-dinh.pdf": file names survive every browser and OS. */
export function pdfFileName(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug || 'ban-do'}.pdf`;
}

let printing = 0;

/**
 * At most `caps.concurrentPrints` prints at once (OPSMAP_PRINTS); the next is refused with 503
 * and Retry-After. The print is read and drawn on a worker thread behind the pool's
 * bounded queue; the budget is checked before drawing (server/print/gather.ts).
 */
async function render(deps: AppDeps, req: PrintRequest, datetime: TimeRange | undefined, onProgress?: (done: number, total: number) => void): Promise<{ pdf: Buffer; title: string | null }> {
  if (printing >= deps.config.caps.concurrentPrints)
    throw new HttpProblem(503, `${printing} prints are being made, the most at once (OPSMAP_PRINTS); try again in a minute.`, { retryAfter: 30 });
  printing++;
  const channel = onProgress ? new MessageChannel() : null;
  try {
    channel?.port1.on('message', (m: { done: number; total: number }) => onProgress!(m.done, m.total));
    channel?.port1.unref();
    const budget = deps.config.budgets.printWork;
    const file = readerLocation(deps.store);
    const what = file ? { read: { file, req, datetime, budget } } : { data: await gatherPrint(req, deps.store, datetime, budget) };
    const out = await workPool(deps.config.work).run('print', { ...what, now: Date.now(), ...(channel ? { progress: channel.port2 } : {}) }, channel ? [channel.port2] : undefined);
    if ('refused' in out) throw out.refused === 'not-found' ? new PrintNotFound(out.param, out.message) : new PrintBudgetError(out.message);
    // The last page's message may come after the answer: the end is reported here too.
    onProgress?.(out.total, out.total);
    return { pdf: Buffer.from(out.pdf.buffer, out.pdf.byteOffset, out.pdf.byteLength), title: out.title };
  } catch (e) {
    if (e instanceof PrintNotFound) throw new HttpProblem(404, `${e.param}: ${e.message}`, { issues: [{ path: e.param, message: e.message }] });
    if (e instanceof PrintBudgetError) throw new HttpProblem(400, e.message);
    throw e;
  } finally {
    channel?.port1.close();
    printing--;
  }
}

function pdfResponse(c: Context, pdf: Buffer, title: string) {
  return c.body(new Uint8Array(pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `inline; filename="${pdfFileName(title)}"`,
    'Cache-Control': 'no-store',
  });
}

const jobJson = (j: Job) => ({
  id: j.id,
  state: j.state,
  done: j.done,
  total: j.total,
  ...(j.error ? { error: j.error } : {}),
  links: [
    { rel: 'self', href: `/api/print/jobs/${j.id}`, type: 'application/json' },
    ...(j.state === 'done' ? [{ rel: 'enclosure', href: `/api/print/jobs/${j.id}/pdf`, type: 'application/pdf', title: pdfFileName(j.title) }] : []),
  ],
});

const problemRef = problemResponse('Problem');

const PRINT_PARAMS = [
  q('area', 'What to print: `bbox:W,S,E,N` (WGS84 degrees), `ward:ID` (ward feature id or ward code) or `zone:ID` (quarantine zone id). Required unless atlas=wards.', { type: 'string', pattern: '^(bbox|ward|zone):.+$' }),
  q('paper', 'Paper size.', { type: 'string', enum: ['A4', 'A3'], default: 'A4' }),
  q('orientation', 'Page orientation.', { type: 'string', enum: ['portrait', 'landscape'], default: 'landscape' }),
  q('margin', 'Page margin, mm.', { type: 'number', minimum: 5, maximum: 30, default: 10 }),
  q('scale', 'Map scale denominator (1:N), or `fit` for the most detailed round scale that shows the whole area.', { type: 'string', enum: ['fit', ...STANDARD_SCALES.map(String)], default: 'fit' }),
  q('dpi', 'Resolution for raster parts. The map is all vectors and text today, so this only matters for raster sources.', { type: 'integer', enum: [150, 300], default: 300 }),
  q('title', 'Title; defaults to the area’s name.', { type: 'string', maxLength: 120 }),
  q('subtitle', 'Subtitle; defaults to the district and city of a ward, the level and status of a zone.', { type: 'string', maxLength: 200 }),
  q('classification', 'Classification line printed at the top and bottom, e.g. "Lưu hành nội bộ".', { type: 'string', maxLength: 80 }),
  q('layers', 'Visible layers, comma-separated; the legend shows only these. Default: all.', { type: 'string', example: LAYER_IDS.join(',') }),
  q('grid', 'Coordinate grid with labelled ticks: latitude/longitude or UTM zone 48N.', { type: 'string', enum: ['none', 'latlon', 'utm'], default: 'none' }),
  q('table', 'Add a table of the checkpoints and polling stations in the area (name, kind, status, staff, map reference), sorted by ward.', { type: 'boolean', default: false }),
  q('atlas', '`wards`: one page per ward (within `area` if it is a bbox), each at its best scale, with an overview inset.', { type: 'string', enum: ['wards'] }),
  q('rings', 'Buffer rings around a zone, metres, comma-separated (area=zone:ID only), e.g. 100,500.', { type: 'string', example: '100,500' }),
  q('lang', 'Language of the furniture and legend.', { type: 'string', enum: ['vi', 'en'], default: 'vi' }),
  q('datetime', 'Print the features in force at this instant or interval (as /items).', { type: 'string' }),
];

const pdfContent = { 'application/pdf': { schema: { type: 'string', format: 'binary' } } };

const jobId = { name: 'jobId', in: 'path', required: true, schema: { type: 'string' } };
const jobParams = z.object({ jobId: z.string() });
const tags = ['Print'];

export function printEndpoints(deps: AppDeps): Endpoint[] {
  const jobs = new PrintJobs(deps.store.printJobs);
  return [
    endpoint({
      method: 'GET',
      path: '/print',
      // Every role prints what it may read.
      permission: 'print',
      query: PrintQuery,
      doc: {
        tags,
        summary: 'A map of an area (or an atlas of wards) as a vector PDF at a true scale, with legend, scale bar, north arrow, grid and an optional table',
        operationId: 'getPrint',
        parameters: PRINT_PARAMS,
        responses: { '200': { description: 'The PDF', content: pdfContent }, '400': problemRef, '404': problemRef },
      },
      handler: async (c, { query: { req, datetime } }) => {
        const { pdf, title } = await render(deps, req, datetime);
        return pdfResponse(c, pdf, title ?? 'ban-do');
      },
    }),

    endpoint({
      method: 'POST',
      path: '/print/jobs',
      permission: 'print',
      query: PrintQuery,
      doc: {
        tags,
        summary: 'Start a print in the background (for an atlas); poll the job for progress',
        operationId: 'startPrintJob',
        parameters: PRINT_PARAMS,
        responses: { '202': { description: 'The job: {id, state, done, total, links}', content: { 'application/json': { schema: { type: 'object' } } } }, '400': problemRef, '429': problemRef },
      },
      handler: async (c, { query: { req, datetime } }) => {
        const job = await jobs.start(req.title ?? 'ban-do', async (onProgress) => {
          const { pdf, title } = await render(deps, req, datetime, onProgress);
          return { pdf, title: req.atlas ? (req.title ?? 'tap-ban-do') : (title ?? req.title ?? 'ban-do') };
        });
        return c.json(jobJson(job), 202, { Location: `/api/print/jobs/${job.id}` });
      },
    }),

    endpoint({
      method: 'GET',
      path: '/print/jobs/:jobId',
      permission: 'print',
      params: jobParams,
      doc: {
        tags,
        summary: 'Progress of a print job: state (running, done, failed), pages done and total; an enclosure link to the PDF when done',
        operationId: 'getPrintJob',
        parameters: [jobId],
        responses: { '200': { description: 'The job', content: { 'application/json': { schema: { type: 'object' } } } }, '404': problemRef },
      },
      handler: async (c, { params }) => c.json(jobJson(await jobs.get(params.jobId))),
    }),

    endpoint({
      method: 'GET',
      path: '/print/jobs/:jobId/pdf',
      permission: 'print',
      params: jobParams,
      doc: { tags, summary: 'The PDF of a finished print job', operationId: 'getPrintJobPdf', parameters: [jobId], responses: { '200': { description: 'The PDF', content: pdfContent }, '404': problemRef, '409': problemRef } },
      handler: async (c, { params }) => {
        const { job, pdf } = await jobs.pdf(params.jobId);
        return pdfResponse(c, pdf, job.title);
      },
    }),
  ];
}
