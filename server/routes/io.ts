/**
 * Import a file into a layer (GeoJSON, CSV, KML, zipped Shapefile; one transaction, all or
 * nothing) and export a layer (GeoJSON, CSV, KML). The file is the raw request body.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { IoError } from '../io/errors.ts';
import { exportLayer } from '../io/export.ts';
import { EXPORT_FORMATS, IMPORT_FORMATS, isExportFormat } from '../io/format.ts';
import { importFile } from '../io/import.ts';
import { HttpProblem } from '../http/problem.ts';
import { actorOf } from '../http/request.ts';
import { extraPaths } from '../openapi.ts';
import { layerOf } from './features.ts';

const STATUS = { unsupported: 415, too_large: 413, invalid: 400 } as const;

function only(q: Record<string, string>, allowed: string[]) {
  const unknown = Object.keys(q).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new HttpProblem(400, `unknown query parameter ${unknown.map((k) => `"${k}"`).join(', ')}; accepted: ${allowed.join(', ')}`);
}

export function ioRoutes(deps: AppDeps) {
  const app = new Hono();

  // The body limit for files is set in app.ts, with the one for JSON bodies.
  app.post('/collections/:collectionId/import', async (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const q = c.req.query();
    only(q, ['format', 'filename', 'map', 'replace']);
    if (q.format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(q.format)) throw new HttpProblem(400, `format must be one of ${IMPORT_FORMATS.join(', ')}, not "${q.format}"`);
    if (q.replace !== undefined && q.replace !== 'true' && q.replace !== 'false') throw new HttpProblem(400, `replace must be true or false, not "${q.replace}"`);
    const data = new Uint8Array(await c.req.arrayBuffer());
    if (!data.length) throw new HttpProblem(400, 'The request body is empty: send the file itself as the body.');
    try {
      const report = await importFile(deps.db, layer, data, { format: q.format as never, filename: q.filename, map: q.map, replace: q.replace === 'true', actor: actorOf(c) });
      return c.json(report, 201);
    } catch (e) {
      if (e instanceof IoError) throw new HttpProblem(STATUS[e.kind], e.message);
      throw e;
    }
  });

  app.get('/collections/:collectionId/export', (c) => {
    const layer = layerOf(c.req.param('collectionId'));
    const q = c.req.query();
    only(q, ['format']);
    const format = q.format ?? 'geojson';
    if (!isExportFormat(format)) throw new HttpProblem(400, `format must be one of ${EXPORT_FORMATS.join(', ')}, not "${format}"`);
    const out = exportLayer(deps.db, layer, format);
    return c.body(out.body, 200, { 'Content-Type': out.contentType, 'Content-Disposition': `attachment; filename="${out.filename}"` });
  });

  return app;
}

extraPaths.push(() => ({
  ...ioOpenApiPaths(),
}));

function ioOpenApiPaths() {
  const id = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string' } };
  const problemRef = (d: string) => ({ description: d, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  return {
    '/collections/{collectionId}/import': {
      post: {
        tags: ['Import and export'],
        summary: 'Import a file into a layer (all or nothing)',
        operationId: 'importFile',
        parameters: [
          id,
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: [...IMPORT_FORMATS] }, description: 'Default: from filename' },
          { name: 'filename', in: 'query', required: false, schema: { type: 'string' }, description: 'Original file name (its extension gives the format)' },
          { name: 'map', in: 'query', required: false, schema: { type: 'string' }, description: 'property=column,… for files whose names differ' },
          { name: 'replace', in: 'query', required: false, schema: { type: 'boolean' }, description: 'Delete the layer’s features in the same transaction' },
        ],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'application/geo+json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } } },
        responses: { '201': { description: 'Import report', content: { 'application/json': { schema: { type: 'object' } } } }, '400': problemRef('A feature or the file is invalid; nothing was written'), '401': problemRef('Not signed in'), '403': problemRef('Not allowed'), '404': problemRef('No such layer'), '413': problemRef('File too large'), '415': problemRef('Format not supported') },
      },
    },
    '/collections/{collectionId}/export': {
      get: {
        tags: ['Import and export'],
        summary: 'Export a whole layer',
        operationId: 'exportLayer',
        parameters: [id, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: [...EXPORT_FORMATS], default: 'geojson' } }],
        responses: { '200': { description: 'The file', content: { 'application/geo+json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } }, 'application/vnd.google-earth.kml+xml': { schema: { type: 'string' } } } }, '400': problemRef('Bad format'), '401': problemRef('Not signed in'), '403': problemRef('Not allowed'), '404': problemRef('No such layer') },
      },
    },
  };
}
