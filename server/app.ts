/**
 * createApp(deps): composes middleware and routes, nothing else. Routes are endpoint records
 * (server/http/endpoint.ts); the guard's permissions and the OpenAPI document are derived from
 * them. Tests build an app on a temporary database and call app.request() with no server and
 * no port.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Authenticator } from './auth/authenticate.ts';
import { guard } from './auth/guard.ts';
import { Policy, type Mounted } from './auth/policy.ts';
import { StoreError } from './db/store.ts';
import type { AppDeps } from './deps.ts';
import { API_ROOT, mount, type Endpoint } from './http/endpoint.ts';
import { HttpProblem, problem } from './http/problem.ts';
import { rateLimit, securityHeaders } from './http/security.ts';
import { clientAddresses } from './http/client-address.ts';
import { mib } from './io/limits.ts';
import { adminEndpoints } from './routes/admin.ts';
import { analysisEndpoints } from './routes/analysis.ts';
import { apiDocEndpoints } from './routes/api-doc.ts';
import { authEndpoints } from './routes/auth.ts';
import { clientEndpoints } from './routes/client.ts';
import { crossingsEndpoints } from './routes/crossings.ts';
import { editEndpoints } from './routes/edit.ts';
import { featureEndpoints } from './routes/features.ts';
import { healthEndpoints } from './routes/health.ts';
import { ioEndpoints } from './routes/io.ts';
import { liveEndpoints } from './routes/live.ts';
import { planEndpoints } from './routes/plans.ts';
import { printEndpoints } from './routes/print.ts';
import { referenceEndpoints } from './routes/reference.ts';
import { searchEndpoints } from './routes/search.ts';
import { tileEndpoints } from './routes/tiles.ts';
import { OperationalTiles } from './tiles/operational-tiles.ts';
import { wardEndpoints } from './routes/wards.ts';

/** Largest JSON body accepted by the feature API (a detailed ward polygon fits many times). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
const BODILESS = new Set(['GET', 'HEAD']);

/** Every API endpoint, one route module per area; mounted under /api and described by /api/api. */
function apiEndpoints(deps: AppDeps, auth: Authenticator): Endpoint[] {
  const tiles = new OperationalTiles(deps.store, deps.config.caches.tileBytes);
  void tiles.warm(); // at start, not on the first request: see warm()
  const all: Endpoint[] = [
    ...featureEndpoints(deps),
    ...editEndpoints(deps),
    ...ioEndpoints(deps),
    ...referenceEndpoints(deps),
    ...tileEndpoints(tiles),
    ...searchEndpoints(deps),
    ...wardEndpoints(deps),
    ...crossingsEndpoints(deps),
    ...analysisEndpoints(deps),
    ...printEndpoints(deps),
    ...planEndpoints(deps),
    ...liveEndpoints(deps),
    ...authEndpoints(deps, auth),
    ...adminEndpoints(deps, auth),
    ...healthEndpoints(deps, tiles),
    ...apiDocEndpoints(deps, () => all),
  ];
  return all;
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  const auth = new Authenticator(deps.store, deps.config.auth);
  const api = apiEndpoints(deps, auth);
  const client = clientEndpoints(deps);
  const endpoints: Mounted[] = [
    { at: API_ROOT, endpoints: api },
    { at: '', endpoints: client },
  ];

  app.onError((err, c) => {
    if (err instanceof HttpProblem) return problem(c, err.status, err.detail, err.extra, typeof err.extra.retryAfter === 'number' ? { 'Retry-After': String(err.extra.retryAfter) } : {});
    if (err instanceof StoreError) {
      if (err.kind === 'not_found') return problem(c, 404, err.message);
      if (err.kind === 'conflict') return problem(c, 412, err.message, { current: err.current }, { ETag: `"${err.current!.version}"` });
      return problem(c, 400, err.message, { issues: err.issues });
    }
    // SQLite has one writer: a large import written by its own thread (server/io/import-thread.ts)
    // holds the write lock until it commits; a write that waited busy_timeout for it is told so.
    if ((err as { code?: string }).code === 'SQLITE_BUSY')
      return problem(c, 503, 'The database is busy writing a large import (one writer at a time); nothing was changed. Try again when it is done.', {}, { 'Retry-After': '10' });
    console.error(err); // the details stay in the server log, never in the response
    return problem(c, 500, 'Something went wrong on the server; the change, if any, was not saved. Try again, and report it if it persists.');
  });

  // Before every route: whose address it is (X-Forwarded-For only from OPSMAP_TRUST_PROXY),
  // security headers on every answer, the request limit, and the guard
  // that lets a request through only with the permission its route's record names.
  app.use('*', clientAddresses(deps.config.trustProxy));
  app.use('*', securityHeaders());
  app.use(`${API_ROOT}/*`, rateLimit(deps.config.auth.requestsPerMinute, deps.store.requests));
  app.use('*', guard(auth, new Policy(endpoints)));

  const apiApp = new Hono();
  const jsonLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => problem(c, 413, `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`) });
  const fileCap = deps.config.importLimits.maxFileBytes;
  const fileLimit = bodyLimit({ maxSize: fileCap, onError: (c) => problem(c, 413, `The file is larger than ${mib(fileCap)} (the cap OPSMAP_IMPORT_MAX_BYTES); split it, or import it with the command line.`) });
  // File imports (layers and reference layers) take files up to the import limit; everything else is JSON.
  // A GET or HEAD has no body to limit (and asking Hono for it builds a whole Request: ~0.2 ms a request).
  apiApp.use('*', (c, next) => (BODILESS.has(c.req.method) ? next() : (c.req.method === 'POST' && c.req.path.endsWith('/import') ? fileLimit : jsonLimit)(c, next)));
  mount(apiApp, api);
  apiApp.notFound((c) => problem(c, 404, `There is no API resource at ${new URL(c.req.url).pathname}. The API starts at ${API_ROOT}.`));

  app.route(API_ROOT, apiApp);
  mount(app, client);
  // The records the app was built from, for tests that hold routes, rules and documentation together.
  return Object.assign(app, { endpoints });
}

export type App = ReturnType<typeof createApp>;
