/**
 * Routes, rules and documentation held together: every route the app answers is an endpoint
 * record, so it has a permission rule (the guard refuses a route without one) and an OpenAPI
 * operation, and every query parameter a record's schema accepts is declared in its operation
 * (OGC API – Features: an undeclared parameter must be refused, so the document must name all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_IDS, LAYERS } from '../../core/layers.ts';
import { isHandler } from '../../server/auth/guard.ts';
import { joinPath, Policy } from '../../server/auth/policy.ts';
import type { Endpoint } from '../../server/http/endpoint.ts';
import { acceptedOf } from '../../server/http/query.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';

type Op = { parameters?: { name?: string; in?: string; $ref?: string }[] };
let t: TestApp;
let doc: { paths: Record<string, Record<string, Op>>; components: { parameters: Record<string, { name: string; in: string }> } };
beforeAll(async () => {
  t = makeTestApp();
  doc = await (await t.req('/api/api')).json();
});
afterAll(() => t.close());

/** A Hono route path under /api as a pattern over OpenAPI paths: a `:param` segment matches any segment. */
function docPattern(honoPath: string): RegExp {
  const segs = honoPath.replace(/^\/api/, '').split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segs.join('/') || '/'}$`);
}

const apiRoutes = () => t.app.routes.filter(isHandler).filter((r) => r.path === '/api' || r.path.startsWith('/api/'));

describe('every endpoint', () => {
  it('has a permission rule', () => {
    const policy = new Policy(t.app.endpoints);
    const missing = t.app.routes.filter(isHandler).filter((r) => !policy.ruleFor(r.method, r.path));
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('under /api has an operation in the OpenAPI document', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter((r) => {
      const re = docPattern(r.path);
      return !Object.entries(doc.paths).some(([p, ops]) => re.test(p) && ops[r.method.toLowerCase()]);
    });
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('is the only way a route is registered: the app answers exactly its records', () => {
    const records = t.app.endpoints.flatMap(({ at, endpoints }) => endpoints.map((e) => `${e.method} ${joinPath(at, e.path)}`)).sort();
    const routes = [...new Set(t.app.routes.filter(isHandler).map((r) => `${r.method} ${r.path}`))].sort();
    expect(routes).toEqual(records);
  });

  it('declares in its operation exactly the query parameters its schema accepts', () => {
    const api = t.app.endpoints.find((m) => m.at === '/api')!.endpoints;
    const wrong: string[] = [];
    const names = (op: Op) =>
      (op.parameters ?? [])
        .map((p) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop()!] : p))
        .filter((p) => p.in === 'query')
        .map((p) => p.name!)
        .sort();
    for (const e of api as Endpoint[]) {
      if (!e.query || typeof e.query === 'function') continue; // per-collection items: declared per layer (features.test.ts checks refusals)
      const accepted = acceptedOf(e.query).sort();
      const ops = 'perCollection' in e.doc ? LAYER_IDS.map((l) => (e.doc as { perCollection: (l: string, t: string) => Op }).perCollection(l, LAYERS[l].title.en)) : [e.doc as Op];
      for (const op of ops) if (JSON.stringify(names(op)) !== JSON.stringify(accepted)) wrong.push(`${e.method} ${e.path}: accepts ${accepted}, declares ${names(op)}`);
    }
    expect(wrong).toEqual([]);
  });
});
