/**
 * Import a file into a layer (GeoJSON, CSV, KML, zipped Shapefile; one transaction, all or
 * nothing, recorded as one batch), follow a large import as a job, undo a batch, and export a
 * layer (GeoJSON, CSV, KML). The file is the raw request body, written to a temporary file as it
 * arrives (memory holds a chunk of it, whatever its size), then imported off the request thread.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context } from 'hono';
import { z } from 'zod';
import { onLayer } from '../auth/policy.ts';
import { storeLocation } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { collectionParams } from '../http/ogc.ts';
import { HttpProblem } from '../http/problem.ts';
import { actorOf } from '../http/request.ts';
import { IoError } from '../io/errors.ts';
import { exportLayer, exportNames } from '../io/export.ts';
import { temporaryFileBody } from '../http/file-body.ts';
import { workPool } from '../workers/pool.ts';
import { readerLocation } from '../workers/reader.ts';
import { EXPORT_FORMATS, IMPORT_FORMATS } from '../io/format.ts';
import type { ImportReport } from '../io/import.ts';
import { ImportJobs, type ImportJob } from '../io/import-jobs.ts';
import { runImport } from '../io/run-import.ts';
import { StoreError } from '../db/store.ts';
import type { LayerId } from '../../core/layers.ts';
import { problemResponse as problemRef } from '../openapi.ts';

const STATUS = { unsupported: 415, too_large: 413, invalid: 400 } as const;

const ImportQuery = z.strictObject({
  format: z.enum(IMPORT_FORMATS).optional(),
  filename: z.string().optional(),
  map: z.string().optional(),
  replace: z.enum(['true', 'false']).optional(),
});

/** From this size on, an import answers 202 with a job at once (also with `Prefer: respond-async`). */
export const ASYNC_BYTES = 8 * 1024 * 1024;

const jobParams = z.object({ collectionId: collectionParams.shape.collectionId, jobId: z.string().uuid() });
const batchParams = z.object({ collectionId: collectionParams.shape.collectionId, batchId: z.coerce.number().int().positive().max(2 ** 31) });
const batchTag = (b: { id: number; undone_at: string | null }) => `"batch-${b.id}${b.undone_at ? '-undone' : ''}"`;

/** The request body into a temporary file; the caller removes the folder. */
async function saveBody(c: Context): Promise<{ dir: string; path: string; size: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-import-'));
  const path = join(dir, 'upload');
  const body = c.req.raw.body;
  try {
    await pipeline(body ? Readable.fromWeb(body as never) : Readable.from([]), createWriteStream(path, { mode: 0o600 }));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, path, size: statSync(path).size };
}

const problemOf = (e: unknown): { status: number; detail: string; issues?: unknown[] } => {
  if (e instanceof IoError) return { status: STATUS[e.kind], detail: e.message };
  if (e instanceof StoreError) return { status: e.kind === 'invalid' ? 400 : e.kind === 'not_found' ? 404 : 409, detail: e.message, issues: e.issues };
  if (e instanceof HttpProblem) return { status: e.status, detail: e.detail };
  console.error(e);
  return { status: 500, detail: 'The import failed on the server; nothing was imported.' };
};

const jobJson = (j: ImportJob) => ({ ...j, links: [{ rel: 'self', href: `/api/collections/${j.layer}/import/jobs/${j.id}`, type: 'application/json' }] });
const ExportQuery = z.strictObject({ format: z.enum(EXPORT_FORMATS).default('geojson') });

const collectionId = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string' } };
const tags = ['Import and export'];

export function ioEndpoints(deps: AppDeps): Endpoint[] {
  const jobs = new ImportJobs(deps.store.importJobs);
  /** The batch, if it wrote into `layer` (another layer's batch is a 404: the permission was for this one). */
  const batchOf = async (layer: LayerId, id: number) => {
    // The store lists batches newest first; a batch older than the last 10,000 is not undone from here.
    const b = (await deps.store.history.batches(10_000)).find((x) => x.id === id);
    if (!b || b.collection !== layer) throw new HttpProblem(404, `There is no import batch ${id} in ${layer}.`);
    return b;
  };
  return [
    endpoint({
      method: 'POST',
      path: '/collections/:collectionId/import',
      permission: onLayer('import'),
      params: collectionParams,
      query: ImportQuery,
      doc: {
        tags,
        summary: 'Import a file into a layer (all or nothing, one audited batch)',
        operationId: 'importFile',
        parameters: [
          collectionId,
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: [...IMPORT_FORMATS] }, description: 'Default: from filename' },
          { name: 'filename', in: 'query', required: false, schema: { type: 'string' }, description: 'Original file name (its extension gives the format)' },
          { name: 'map', in: 'query', required: false, schema: { type: 'string' }, description: 'property=column,… for files whose names differ' },
          { name: 'replace', in: 'query', required: false, schema: { type: 'boolean' }, description: 'Delete the layer’s features in the same transaction' },
          { name: 'Prefer', in: 'header', required: false, schema: { type: 'string' }, description: 'respond-async: answer 202 with a job at once' },
        ],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'application/geo+json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } } },
        responses: { '201': { description: 'Import report (with the batch id to undo it)', content: { 'application/json': { schema: { type: 'object' } } } }, '202': { description: `A job, for files of ${ASYNC_BYTES / 1024 / 1024} MiB or more or with Prefer: respond-async; poll its Location`, content: { 'application/json': { schema: { type: 'object' } } } }, '400': problemRef('A feature or the file is invalid; nothing was written'), '401': problemRef('Not signed in'), '403': problemRef('Not allowed'), '404': problemRef('No such layer'), '413': problemRef('File too large, or more features than the cap (the problem names it)'), '415': problemRef('Format not supported'), '429': problemRef('Too many imports running') },
      },
      // The body limit for files is set in app.ts (OPSMAP_IMPORT_MAX_BYTES), with the one for JSON bodies.
      handler: async (c, { params, query: q }) => {
        const layer = params.collectionId;
        const saved = await saveBody(c);
        const cleanup = () => rmSync(saved.dir, { recursive: true, force: true });
        if (!saved.size) {
          cleanup();
          throw new HttpProblem(400, 'The request body is empty: send the file itself as the body.');
        }
        const opts = { format: q.format, filename: q.filename, map: q.map, replace: q.replace === 'true', actor: actorOf(c), limits: deps.config.importLimits };
        const where = { location: storeLocation(deps.config), borderDistanceM: deps.config.borderDistanceM };
        const work = (onProgress?: (read: number) => void): Promise<ImportReport> => runImport(deps.store, where, layer, saved.path, { ...opts, onProgress }).finally(cleanup);
        if (saved.size >= ASYNC_BYTES || /respond-async/i.test(c.req.header('prefer') ?? '')) {
          let job: ImportJob;
          try {
            job = await jobs.start(layer, q.filename ?? 'upload', work, problemOf);
          } catch (e) {
            cleanup();
            throw e;
          }
          return c.json(jobJson(job), 202, { Location: `/api/collections/${layer}/import/jobs/${job.id}` });
        }
        try {
          return c.json(await work(), 201);
        } catch (e) {
          const p = problemOf(e);
          if (p.status === 500) throw e;
          throw new HttpProblem(p.status as never, p.detail, p.issues ? { issues: p.issues } : {});
        }
      },
    }),

    endpoint({
      method: 'GET',
      path: '/collections/:collectionId/import/jobs/:jobId',
      permission: onLayer('import'),
      params: jobParams,
      doc: {
        tags,
        summary: 'Progress of a large import: state (running, done, failed), features read and written; the report or the problem when finished',
        operationId: 'getImportJob',
        parameters: [collectionId, { name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '200': { description: 'The job', content: { 'application/json': { schema: { type: 'object' } } } }, '401': problemRef('Not signed in'), '403': problemRef('Not allowed'), '404': problemRef('No such job') },
      },
      handler: async (c, { params }) => c.json(jobJson(await jobs.get(params.jobId, params.collectionId))),
    }),

    endpoint({
      method: 'GET',
      path: '/collections/:collectionId/imports',
      permission: onLayer('import'),
      params: collectionParams,
      doc: {
        tags,
        summary: 'The import batches of a layer, newest first (the last 10,000 of all layers): file, who, when, counts, undone',
        operationId: 'listImportBatches',
        parameters: [collectionId],
        responses: { '200': { description: '{batches: [...]}', content: { 'application/json': { schema: { type: 'object' } } } }, '401': problemRef('Not signed in'), '403': problemRef('Not allowed') },
      },
      handler: async (c, { params }) => c.json({ batches: (await deps.store.history.batches(10_000)).filter((b) => b.collection === params.collectionId) }),
    }),

    endpoint({
      method: 'GET',
      path: '/collections/:collectionId/imports/:batchId',
      permission: onLayer('import'),
      params: batchParams,
      doc: {
        tags,
        summary: 'An import batch as the audit trail records it (file, who, when, counts, undone); its ETag is what undo needs',
        operationId: 'getImportBatch',
        parameters: [collectionId, { name: 'batchId', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: 'The batch', content: { 'application/json': { schema: { type: 'object' } } } }, '401': problemRef('Not signed in'), '403': problemRef('Not allowed'), '404': problemRef('No such batch') },
      },
      handler: async (c, { params }) => {
        const b = await batchOf(params.collectionId, params.batchId);
        return c.json(b, 200, { ETag: batchTag(b) });
      },
    }),

    endpoint({
      method: 'POST',
      path: '/collections/:collectionId/imports/:batchId/undo',
      permission: onLayer('import'),
      params: batchParams,
      doc: {
        tags,
        summary: 'Undo an import batch: delete, in one transaction, every feature it wrote that still exists; recorded on the batch (who, when)',
        operationId: 'undoImportBatch',
        parameters: [
          collectionId,
          { name: 'batchId', in: 'path', required: true, schema: { type: 'integer' } },
          { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The batch’s ETag (GET the batch): confirms which batch, and that it is not undone yet' },
        ],
        responses: { '200': { description: '{batch, deleted}', content: { 'application/json': { schema: { type: 'object' } } } }, '401': problemRef('Not signed in'), '403': problemRef('Not allowed'), '404': problemRef('No such batch'), '412': problemRef('Stale If-Match, or already undone'), '428': problemRef('If-Match missing') },
      },
      handler: async (c, { params }) => {
        const b = await batchOf(params.collectionId, params.batchId);
        const h = c.req.header('if-match');
        if (!h) throw new HttpProblem(428, `Send If-Match: ${batchTag(b)} (the ETag of GET on the batch) to confirm that batch ${b.id} (${b.inserted} features from ${b.source}) is to be undone.`);
        if (h.replace(/^W\//, '') !== batchTag(b))
          throw new HttpProblem(412, b.undone_at ? `Import batch ${b.id} was already undone at ${b.undone_at} by ${b.undone_by ?? 'unknown'}.` : `If-Match ${h} is not the ETag of batch ${b.id} (${batchTag(b)}).`);
        try {
          const r = await deps.store.writes.undoBatch(b.id, actorOf(c));
          return c.json({ batch: b.id, deleted: r.deleted }, 200);
        } catch (e) {
          if (e instanceof StoreError && e.kind === 'conflict') throw new HttpProblem(412, e.message);
          throw e;
        }
      },
    }),

    endpoint({
      method: 'GET',
      path: '/collections/:collectionId/export',
      permission: 'export',
      params: collectionParams,
      query: ExportQuery,
      doc: {
        tags,
        summary: 'Export a whole layer',
        operationId: 'exportLayer',
        parameters: [collectionId, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: [...EXPORT_FORMATS], default: 'geojson' } }],
        responses: { '200': { description: 'The file', content: { 'application/geo+json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } }, 'application/vnd.google-earth.kml+xml': { schema: { type: 'string' } } } }, '400': problemRef('Bad format'), '401': problemRef('Not signed in'), '403': problemRef('Not allowed'), '404': problemRef('No such layer') },
      },
      handler: async (c, { params, query: q }) => {
        // A worker thread reads the layer and writes it to a temporary file (server/workers/export-task.ts);
        // it is streamed out from there. Only an in-memory database is written here, at once.
        const file = readerLocation(deps.store);
        const layer = params.collectionId;
        const names = exportNames(layer, q.format);
        const headers = { 'Content-Type': names.contentType, 'Content-Disposition': `attachment; filename="${names.filename}"` };
        if (!file) return c.body((await exportLayer(deps.store, layer, q.format)).body, 200, headers);
        const out = await workPool(deps.config.work).run('exportLayer', { file, layer, format: q.format });
        return c.body(await temporaryFileBody(out.path), 200, { ...headers, 'Content-Length': String(out.bytes) });
      },
    }),
  ];
}
