/**
 * Response headers that tell the browser to run only our own code, and a per-address
 * request limit on the API.
 *
 * The Content-Security-Policy allows scripts only from this origin (the Vite build has no
 * inline script). MapLibre starts its worker from our own URL and may wrap it in a blob:
 * URL, hence worker-src 'self' blob:. Its canvas and markers set element styles, and
 * svelte's style: directives write style attributes, hence style-src 'unsafe-inline' —
 * styles cannot run code, scripts are what the policy keeps out.
 */
import type { MiddlewareHandler } from 'hono';
import { actorOf } from './request.ts';
import { problem } from './problem.ts';
import type { Throttle } from '../db/store.ts';
import { API_ROOT } from './endpoint.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const isTls = (url: string, proto: string | undefined) => url.startsWith('https:') || proto === 'https';

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(self), payment=()');
    if (isTls(c.req.url, c.req.header('x-forwarded-proto'))) h.set('Strict-Transport-Security', 'max-age=31536000');
    // Operational data must not linger in shared caches or on a borrowed computer's disk.
    if (c.req.path.startsWith(API_ROOT) && !h.has('Cache-Control')) h.set('Cache-Control', 'private, no-cache');
  };
}

/**
 * At most `perMinute` API requests per address (0: no limit); over it, 429 with Retry-After.
 * Counted by the store's request throttle: in this process on SQLite, in the database on PostgreSQL,
 * so that N servers behind a proxy enforce one limit, not N.
 */
export function rateLimit(perMinute: number, throttle: Throttle): MiddlewareHandler {
  return async (c, next) => {
    if (perMinute <= 0) return next();
    const wait = await throttle.hit(`request:${actorOf(c).address ?? 'unknown'}`, perMinute, 60_000);
    if (wait) return problem(c, 429, `Too many requests from your address; wait ${wait} s.`, {}, { 'Retry-After': String(wait) });
    return next();
  };
}
