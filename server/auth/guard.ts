/**
 * The one middleware that decides whether a request may reach its route: it finds the
 * route Hono will answer with, looks its permission up in the policy (derived from the
 * endpoint records), identifies the caller and checks the role, and for cookie-authenticated
 * writes the CSRF token.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { timingSafeEqual } from 'node:crypto';
import { HttpProblem, problem } from '../http/problem.ts';
import { API_ROOT } from '../http/endpoint.ts';
import type { Authenticator, Identity } from './authenticate.ts';
import { paramsOf, permissionFor, type Policy } from './policy.ts';
import { can, type Permission } from './roles.ts';

type RouterRoute = ReturnType<typeof matchedRoutes>[number];

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/** Middleware is registered with method ALL and takes (c, next); a handler answers. */
export const isHandler = (r: RouterRoute) => r.method !== 'ALL' || r.handler.length < 2;

function answeringRoute(c: Context): RouterRoute | undefined {
  return matchedRoutes(c)
    .slice(c.req.routeIndex + 1)
    .find(isHandler);
}

const WHAT: Record<string, string> = { read: 'read data', print: 'print', export: 'export', admin: 'manage users and the audit log', edit: 'edit', import: 'import into', history: 'see the history of or restore' };
export function describe(p: Permission): string {
  const [kind, layer] = p.split(':');
  return layer ? `${WHAT[kind] ?? kind} ${layer}` : (WHAT[kind] ?? kind);
}

/** The browser names the page a request comes from; a write from another site is refused whatever the credentials. */
function checkOrigin(c: Context) {
  if (c.req.header('sec-fetch-site') === 'cross-site') throw new HttpProblem(403, 'Cross-site request refused.');
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new HttpProblem(403, 'Cross-site request refused: the Origin header is not a URL.');
  }
  const expected = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? new URL(c.req.url).host;
  if (host !== expected) throw new HttpProblem(403, `Cross-site request refused: it comes from ${origin}.`);
}

function checkCsrf(c: Context, id: Identity) {
  if (id.via !== 'session') return; // tokens and Basic are sent deliberately, never attached by a browser to a forged form
  const sent = Buffer.from(c.req.header(CSRF_HEADER) ?? '');
  const expected = Buffer.from(id.session!.csrf);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
    throw new HttpProblem(403, 'Missing or wrong X-CSRF-Token header; it comes from GET /api/auth/me. Reload the page and try again.');
}

/** A challenge only for non-browser clients: a browser would pop up its own password dialog over the sign-in screen. */
function challenge(c: Context): Record<string, string> {
  return c.req.header('sec-fetch-mode') ? {} : { 'WWW-Authenticate': 'Basic realm="opsmap", charset="UTF-8"' };
}

export function guard(auth: Authenticator, policy: Policy): MiddlewareHandler {
  return async (c, next) => {
    const route = answeringRoute(c);
    const path = c.req.path;
    // Under /api, a path no API route answers is a problem document, not the client's page.
    if ((!route || route.path === '/*') && (path === API_ROOT || path.startsWith(`${API_ROOT}/`)))
      return problem(c, 404, `There is no API resource ${c.req.method} ${path}. The API starts at ${API_ROOT}.`);
    if (!route) return next(); // nothing answers: the not-found handler will
    const rule = policy.ruleFor(route.method, route.path);
    if (!rule) {
      console.error(`opsmap: no permission rule for ${route.method} ${route.path}; refused (register routes only as endpoint records, server/http/endpoint.ts)`);
      return problem(c, 403, 'This route has no permission rule yet, so it is refused for everyone.');
    }
    const permission = permissionFor(rule, paramsOf(route.path, path));
    if (!SAFE.has(c.req.method)) checkOrigin(c);
    if (permission === 'public') return next();
    let id: Identity | null;
    try {
      id = await auth.identify(c);
    } catch (e) {
      if (e instanceof HttpProblem && e.status === 401) return problem(c, 401, e.detail, e.extra, challenge(c));
      throw e;
    }
    if (!id) return problem(c, 401, 'Sign in first: this needs an account (a session, an API token, or HTTP Basic).', {}, challenge(c));
    if (!can(id.user.role, permission)) return problem(c, 403, `Your role (${id.user.role}) may not ${describe(permission)}.`, { permission });
    if (!SAFE.has(c.req.method)) checkCsrf(c, id);
    c.set('user' as never, id.user as never);
    c.set('identity' as never, id as never);
    return next();
  };
}

export function identityOf(c: Context): Identity | undefined {
  return (c.get as (k: string) => Identity | undefined)('identity');
}
