/** The API definition (OpenAPI 3.0 JSON) and a readable HTML page generated from it. */
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { openApiDocument } from '../openapi.ts';
import { baseUrl, OPENAPI } from './features.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

export function apiDocRoutes(deps: AppDeps) {
  const app = new Hono();
  app.get('/api', (c) => c.body(JSON.stringify(openApiDocument(baseUrl(c, deps))), 200, { 'Content-Type': OPENAPI }));
  app.get('/api.html', (c) => {
    const doc = openApiDocument(baseUrl(c, deps)) as { paths: Record<string, Record<string, { summary?: string; parameters?: { name?: string; $ref?: string }[] }>> };
    const rows = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([m]) => m !== 'parameters')
          .map(([m, op]) => `<tr><td>${m.toUpperCase()}</td><td><code>/api${esc(path)}</code></td><td>${esc(op.summary ?? '')}</td><td>${esc((op.parameters ?? []).map((p) => p.name ?? p.$ref?.split('/').pop() ?? '').join(', '))}</td></tr>`),
      )
      .join('\n');
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>opsmap API</title></head><body><h1>opsmap API</h1><p>OGC API – Features. Machine-readable definition: <a href="api">/api/api</a>.</p><table border="1" cellpadding="4"><tr><th>Method</th><th>Path</th><th>What</th><th>Parameters</th></tr>${rows}</table></body></html>`);
  });
  return app;
}
