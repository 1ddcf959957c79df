/**
 * The role table, proven route by route: for every route the app registers and every role,
 * the guard lets the request through exactly when the table below says so. A route that
 * the table (or the policy derived from the endpoint records) does not list fails this
 * suite, so a new route cannot ship without a decision about who may use it.
 *
 * Requests carry no body: an allowed write then stops at the route's own validation (4xx
 * other than 401/403) and nothing is changed, while a refused one stops at the guard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_IDS } from '../../core/layers.ts';
import { isHandler } from '../../server/auth/guard.ts';
import { Policy } from '../../server/auth/policy.ts';
import { makeTestApp, type As, type TestApp } from '../support/app.ts';

type Who = As;
const ALL: Who[] = ['admin', 'planner', 'commander', 'viewer', 'team'];
const EVERYONE: Who[] = [...ALL, 'anonymous'];
const PLANNERS: Who[] = ['admin', 'planner'];
const COMMANDERS: Who[] = ['admin', 'commander'];
const ADMIN: Who[] = ['admin'];
const EXPORTERS: Who[] = ['admin', 'planner', 'commander'];
/** Election-day reports: a team only for its own stations, which the route checks after the guard. */
const REPORTERS: Who[] = ['admin', 'commander', 'team'];

/** Who may edit each layer: the role table. */
const EDIT_BY_LAYER = { wards: ADMIN, checkpoints: PLANNERS, 'quarantine-zones': PLANNERS, 'polling-stations': PLANNERS, incidents: COMMANDERS, facilities: PLANNERS };
/** Who may import files into each layer: a commander records incidents one by one. */
const IMPORT_BY_LAYER = { wards: ADMIN, checkpoints: PLANNERS, 'quarantine-zones': PLANNERS, 'polling-stations': PLANNERS, incidents: ADMIN, facilities: PLANNERS };

/** Who passes the guard, per route; a per-layer map where the route names a collection. */
const EXPECTED: Record<string, Who[] | Record<string, Who[]>> = {
  'GET /*': EVERYONE,
  'POST /api/auth/login': EVERYONE,
  'POST /api/auth/logout': ALL,
  'GET /api/auth/me': ALL,
  'GET /api/auth/tokens': ALL,
  'POST /api/auth/tokens': ALL,
  'DELETE /api/auth/tokens/:tokenId': ALL,
  'POST /api/auth/password': ALL,
  'GET /api/admin/users': ADMIN,
  'POST /api/admin/users': ADMIN,
  'PATCH /api/admin/users/:userId': ADMIN,
  'GET /api/admin/users/:userId/tokens': ADMIN,
  'POST /api/admin/users/:userId/tokens': ADMIN,
  'DELETE /api/admin/tokens/:tokenId': ADMIN,
  'GET /api/admin/audit': ADMIN,
  'GET /api': ALL,
  'GET /api/conformance': ALL,
  'GET /api/api': ALL,
  'GET /api/health': EVERYONE,
  'GET /api/api.html': ALL,
  'GET /api/collections': ALL,
  'GET /api/collections/:collectionId': ALL,
  'GET /api/collections/:collectionId/items': ALL,
  'GET /api/collections/:collectionId/items/:featureId': ALL,
  'GET /api/collections/:collectionId/tiles/:z/:x/:y{[0-9]+\\.pbf}': ALL,
  'GET /api/operational-tiles/:layers/:z/:x/:y{[0-9]+\\.pbf}': ALL,
  'GET /api/search': ALL,
  'GET /api/wards': ALL,
  'POST /api/collections/:collectionId/items': EDIT_BY_LAYER,
  'PUT /api/collections/:collectionId/items/:featureId': EDIT_BY_LAYER,
  'PATCH /api/collections/:collectionId/items/:featureId': EDIT_BY_LAYER,
  'DELETE /api/collections/:collectionId/items/:featureId': EDIT_BY_LAYER,
  'GET /api/collections/:collectionId/items/:featureId/history': EDIT_BY_LAYER,
  'POST /api/collections/:collectionId/items/:featureId/restore': EDIT_BY_LAYER,
  'POST /api/collections/:collectionId/import': IMPORT_BY_LAYER,
  'GET /api/collections/:collectionId/import/jobs/:jobId': IMPORT_BY_LAYER,
  'GET /api/collections/:collectionId/imports': IMPORT_BY_LAYER,
  'GET /api/collections/:collectionId/imports/:batchId': IMPORT_BY_LAYER,
  'POST /api/collections/:collectionId/imports/:batchId/undo': IMPORT_BY_LAYER,
  'GET /api/collections/:collectionId/export': EXPORTERS,
  'GET /api/reference': ALL,
  'GET /api/reference/:layer/items': ALL,
  'POST /api/reference/:layer/import': ADMIN,
  'GET /api/tiles/:layer/:z/:x/:y{[0-9]+\\.pbf}': ALL,
  'GET /api/basemap.pmtiles': ALL,
  'GET /api/analysis/crossings': ALL,
  'GET /api/analysis/hotspots': ALL,
  'GET /api/analysis/incident-counts': ALL,
  'GET /api/live': ALL,
  'GET /api/print': ALL,
  'POST /api/print/jobs': ALL,
  'GET /api/print/jobs/:jobId': ALL,
  'GET /api/print/jobs/:jobId/pdf': ALL,
  'GET /api/polling-stations/:stationId/plan': ALL,
  'PUT /api/polling-stations/:stationId/plan': PLANNERS,
  'GET /api/polling-stations/:stationId/plan/history': PLANNERS,
  'POST /api/polling-stations/:stationId/plan/restore': PLANNERS,
  'GET /api/polling-stations/:stationId/plan.pdf': ALL,
  'GET /api/plans/book.pdf': ALL,
  'GET /api/readiness': ALL,
  'GET /api/polling-stations/:stationId/reports': ALL,
  'POST /api/polling-stations/:stationId/reports': REPORTERS,
  'GET /api/election-day': ALL,
};

/** A concrete value for each path parameter the routes use. */
const SAMPLE: Record<string, string> = { featureId: '1', tokenId: '999999', userId: '1', layer: 'roads', layers: 'wards,incidents', z: '0', x: '0', y: '0.pbf', jobId: 'no-such-job', stationId: '999999', batchId: '999999' };

function concretePath(pattern: string, collection: string): string {
  return pattern
    .replace('/*', '/index.html')
    .split('/')
    .map((seg) => {
      const m = /^:([A-Za-z0-9_]+)/.exec(seg);
      if (!m) return seg;
      if (m[1] === 'collectionId') return collection;
      if (!(m[1] in SAMPLE)) throw new Error(`roles.test.ts: add a sample value for :${m[1]}`);
      return SAMPLE[m[1]];
    })
    .join('/');
}

let t: TestApp;
beforeAll(() => {
  t = makeTestApp();
});
afterAll(() => t.close());

const routes = () => {
  const seen = new Set<string>();
  return t.app.routes.filter(isHandler).filter((r) => {
    const key = `${r.method} ${r.path}`;
    return !seen.has(key) && seen.add(key);
  });
};

describe('every route has a rule', () => {
  it('in the policy derived from the endpoint records and in this test’s role table', () => {
    const policy = new Policy(t.app.endpoints);
    const keys = routes().map((r) => `${r.method} ${r.path}`);
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((k) => !policy.ruleFor(k.split(' ')[0], k.slice(k.indexOf(' ') + 1)))).toEqual([]);
    expect(keys.filter((k) => !(k in EXPECTED))).toEqual([]);
  });
});

describe('each role passes the guard exactly where the role table allows', () => {
  it('for every route, method, collection and role', async () => {
    const wrong: string[] = [];
    for (const r of routes()) {
      const spec = EXPECTED[`${r.method} ${r.path}`];
      if (!spec) continue; // reported by the test above
      const collections = r.path.includes(':collectionId') ? [...LAYER_IDS] : [''];
      for (const collection of collections) {
        const allowed = Array.isArray(spec) ? spec : (spec[collection] ?? []);
        for (const who of EVERYONE) {
          const path = concretePath(r.path, collection);
          const res = await t.req(path, { method: r.method, as: who });
          // A live stream never ends: its first byte is enough.
          const body = res.headers.get('content-type')?.startsWith('text/event-stream') ? (await res.body?.cancel(), '') : await res.text();
          const refused = res.status === 401 || res.status === 403;
          const expected = allowed.includes(who) ? 'through' : who === 'anonymous' ? 401 : 403;
          const got = refused ? res.status : 'through';
          if (expected !== got) wrong.push(`${r.method} ${path} as ${who}: expected ${expected}, got ${res.status} ${body.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a collection that does not exist to everyone but an admin, who learns it does not exist', async () => {
    expect((await t.req('/api/collections/roads/items', { method: 'POST', as: 'planner', json: {} })).status).toBe(403);
    expect((await t.req('/api/collections/roads/items', { method: 'POST', as: 'admin', json: {} })).status).toBe(404);
  });

  it('answers an unknown API path with a 404 problem, not the client page', async () => {
    const res = await t.req('/api/no-such-thing', { as: 'anonymous' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('says which role and which action was refused', async () => {
    const res = await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'viewer', json: {} });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ status: 403, detail: 'Your role (viewer) may not edit checkpoints.', permission: 'edit:checkpoints' });
  });
});
