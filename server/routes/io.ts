/**
 * Import a file into a layer (GeoJSON, CSV, KML, zipped Shapefile; one transaction, all or
 * nothing) and export a layer (GeoJSON, CSV, KML). The file is the raw request body.
 */
import { z } from 'zod';
import { onLayer } from '../auth/policy.ts';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { collectionParams } from '../http/ogc.ts';
import { HttpProblem } from '../http/problem.ts';
import { actorOf } from '../http/request.ts';
import { IoError } from '../io/errors.ts';
import { exportLayer } from '../io/export.ts';
import { EXPORT_FORMATS, IMPORT_FORMATS } from '../io/format.ts';
import { importFile } from '../io/import.ts';
import { problemResponse as problemRef } from '../openapi.ts';

const STATUS = { unsupported: 415, too_large: 413, invalid: 400 } as const;

const ImportQuery = z.strictObject({
  format: z.enum(IMPORT_FORMATS).optional(),
  filename: z.string().optional(),
  map: z.string().optional(),
  replace: z.enum(['true', 'false']).optional(),
});
const ExportQuery = z.strictObject({ format: z.enum(EXPORT_FORMATS).default('geojson') });

const collectionId = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string' } };
const tags = ['Import and export'];

export function ioEndpoints(deps: AppDeps): Endpoint[] {
  return [
    endpoint({
      method: 'POST',
      path: '/collections/:collectionId/import',
      permission: onLayer('import'),
      params: collectionParams,
      query: ImportQuery,
      doc: {
        tags,
        summary: 'Import a file into a layer (all or nothing)',
        operationId: 'importFile',
        parameters: [
          collectionId,
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: [...IMPORT_FORMATS] }, description: 'Default: from filename' },
          { name: 'filename', in: 'query', required: false, schema: { type: 'string' }, description: 'Original file name (its extension gives the format)' },
          { name: 'map', in: 'query', required: false, schema: { type: 'string' }, description: 'property=column,… for files whose names differ' },
          { name: 'replace', in: 'query', required: false, schema: { type: 'boolean' }, description: 'Delete the layer’s features in the same transaction' },
        ],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'application/geo+json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } } },
        responses: { '201': { description: 'Import report', content: { 'application/json': { schema: { type: 'object' } } } }, '400': problemRef('A feature or the file is invalid; nothing was written'), '401': problemRef('Not signed in'), '403': problemRef('Not allowed'), '404': problemRef('No such layer'), '413': problemRef('File too large'), '415': problemRef('Format not supported') },
      },
      // The body limit for files is set in app.ts, with the one for JSON bodies.
      handler: async (c, { params, query: q }) => {
        const layer = params.collectionId;
        const data = new Uint8Array(await c.req.arrayBuffer());
        if (!data.length) throw new HttpProblem(400, 'The request body is empty: send the file itself as the body.');
        try {
          const report = await importFile(deps.store, layer, data, { format: q.format, filename: q.filename, map: q.map, replace: q.replace === 'true', actor: actorOf(c) });
          return c.json(report, 201);
        } catch (e) {
          if (e instanceof IoError) throw new HttpProblem(STATUS[e.kind], e.message);
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
        const out = await exportLayer(deps.store, params.collectionId, q.format);
        return c.body(out.body, 200, { 'Content-Type': out.contentType, 'Content-Disposition': `attachment; filename="${out.filename}"` });
      },
    }),
  ];
}
