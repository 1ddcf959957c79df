/**
 * createApp(deps): composes middleware and routes, nothing else. Tests build an app on a
 * temporary database and call app.request() with no server and no port.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from './deps.ts';
import { StoreError } from './db/store.ts';
import { HttpProblem, problem } from './http/problem.ts';
import { apiDocRoutes } from './routes/api-doc.ts';
import { editRoutes } from './routes/edit.ts';
import { featureRoutes } from './routes/features.ts';
import { clientRoutes } from './routes/client.ts';
import { Authenticator } from './auth/authenticate.ts';
import { guard } from './auth/guard.ts';
import { securityHeaders, rateLimit } from './http/security.ts';
import { authRoutes } from './routes/auth.ts';
import { adminRoutes } from './routes/admin.ts';
import { referenceRoutes } from './routes/reference.ts';
import { printRoutes } from './routes/print.ts';
import { analysisRoutes } from './routes/analysis.ts';
import { liveRoutes } from './routes/live.ts';
import { ioRoutes } from './routes/io.ts';
import { DEFAULT_LIMITS, mib } from './io/limits.ts';

export type { AppDeps };

/** Largest JSON body accepted by the feature API (a detailed ward polygon fits many times). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof HttpProblem) return problem(c, err.status, err.detail, err.extra);
    if (err instanceof StoreError) {
      if (err.kind === 'not_found') return problem(c, 404, err.message);
      if (err.kind === 'conflict') return problem(c, 412, err.message, { current: err.current }, { ETag: `"${err.current!.version}"` });
      return problem(c, 400, err.message, { issues: err.issues });
    }
    console.error(err); // the details stay in the server log, never in the response
    return problem(c, 500, 'Something went wrong on the server; the change, if any, was not saved. Try again, and report it if it persists.');
  });

  // Before every route: security headers on every answer, the request limit, and the guard
  // (server/auth/policy.ts) that lets a request through only with the permission its route needs.
  const auth = new Authenticator(deps.db, deps.config.auth);
  app.use('*', securityHeaders());
  app.use('/api/*', rateLimit(deps.config.auth.requestsPerMinute));
  app.use('*', guard(auth));

  const api = new Hono();
  const jsonLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => problem(c, 413, `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`) });
  const fileLimit = bodyLimit({ maxSize: DEFAULT_LIMITS.maxFileBytes, onError: (c) => problem(c, 413, `The file is larger than ${mib(DEFAULT_LIMITS.maxFileBytes)}; split it, or import it with the command line.`) });
  // File imports (layers and reference layers) take files up to the import limit; everything else is JSON.
  api.use('*', (c, next) => (c.req.method === 'POST' && c.req.path.endsWith('/import') ? fileLimit : jsonLimit)(c, next));
  api.route('/', featureRoutes(deps));
  api.route('/', editRoutes(deps));
  api.route('/', referenceRoutes(deps));
  api.route('/', printRoutes(deps));
  api.route('/', analysisRoutes(deps));
  api.route('/', liveRoutes(deps));
  api.route('/', ioRoutes(deps));
  api.route('/', apiDocRoutes(deps));
  api.route('/', authRoutes(deps, auth));
  api.route('/', adminRoutes(deps));
  api.notFound((c) => problem(c, 404, `There is no API resource at ${new URL(c.req.url).pathname}. The API starts at /api.`));

  app.route('/api', api);
  app.route('/', clientRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
