/** The API definition (OpenAPI 3.0 JSON) and a readable HTML page generated from it. */
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { baseUrl, OPENAPI } from '../http/ogc.ts';
import { ERRORS, openApiDocument } from '../openapi.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/** `api` gives every record of the API, these two included: the document describes them all. */
export function apiDocEndpoints(deps: AppDeps, api: () => Endpoint[]): Endpoint[] {
  return [
    endpoint({
      method: 'GET',
      path: '/api',
      permission: 'read',
      doc: { tags: ['Capabilities'], summary: 'This API definition', operationId: 'getApiDefinition', responses: { '200': { description: 'OpenAPI 3.0', content: { [OPENAPI]: { schema: { type: 'object' } } } }, ...ERRORS } },
      handler: (c) => c.body(JSON.stringify(openApiDocument(baseUrl(c, deps), api())), 200, { 'Content-Type': OPENAPI }),
    }),

    endpoint({
      method: 'GET',
      path: '/api.html',
      permission: 'read',
      doc: { tags: ['Capabilities'], summary: 'API documentation (HTML)', operationId: 'getApiDocumentation', responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } }, ...ERRORS } },
      handler: (c) => {
        const doc = openApiDocument(baseUrl(c, deps), api()) as { paths: Record<string, Record<string, { summary?: string; parameters?: { name?: string; $ref?: string }[] }>> };
        const rows = Object.entries(doc.paths)
          .flatMap(([path, ops]) =>
            Object.entries(ops)
              .filter(([m]) => m !== 'parameters')
              .map(([m, op]) => `<tr><td>${m.toUpperCase()}</td><td><code>/api${esc(path)}</code></td><td>${esc(op.summary ?? '')}</td><td>${esc((op.parameters ?? []).map((p) => p.name ?? p.$ref?.split('/').pop() ?? '').join(', '))}</td></tr>`),
          )
          .join('\n');
        return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>opsmap API</title></head><body><h1>opsmap API</h1><p>OGC API – Features. Machine-readable definition: <a href="api">/api/api</a>.</p><table border="1" cellpadding="4"><tr><th>Method</th><th>Path</th><th>What</th><th>Parameters</th></tr>${rows}</table></body></html>`);
      },
    }),
  ];
}
