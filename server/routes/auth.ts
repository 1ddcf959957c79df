/**
 * Signing in and out, who am I, and one's own API tokens (for QGIS, GDAL and scripts).
 * The session cookie is HttpOnly (scripts on the page cannot read it), SameSite=Strict
 * (other sites cannot send it) and Secure over TLS; writes made with it also need the
 * CSRF token that /api/auth/me and the sign-in answer give.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../deps.ts';
import { createSession, createToken, deleteSession, deleteToken, listTokens, setPassword, findUser } from '../auth/accounts.ts';
import { addressOf, SESSION_COOKIE, type Authenticator } from '../auth/authenticate.ts';
import { identityOf } from '../auth/guard.ts';
import { checkNewPassword, verifyPassword } from '../auth/password.ts';
import { workPool } from '../workers/pool.ts';
import { ROLE_PERMISSIONS, type Role } from '../auth/roles.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { HttpProblem, problem } from '../http/problem.ts';
import { readJson } from '../http/request.ts';
import { problemResponse as problemRef } from '../openapi.ts';

const str = (v: unknown, what: string, max = 1024): string => {
  if (typeof v !== 'string' || !v || v.length > max) throw new HttpProblem(400, `Send ${what} as a non-empty string.`);
  return v;
};

function secure(c: Context, deps: AppDeps) {
  return deps.config.auth.secureCookies || c.req.url.startsWith('https:') || c.req.header('x-forwarded-proto') === 'https';
}

export function meBody(c: Context) {
  const id = identityOf(c)!;
  return {
    user: { id: id.user.id, name: id.user.name, role: id.user.role, scope: id.user.scope },
    via: id.via,
    permissions: id.user.role === 'admin' ? ['*'] : [...ROLE_PERMISSIONS[id.user.role as Role]],
    ...(id.session ? { csrfToken: id.session.csrf, expiresAt: id.session.expiresAt } : {}),
  };
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const tokenId = { name: 'tokenId', in: 'path', required: true, schema: { type: 'integer' } };
const tags = ['Accounts'];

export function authEndpoints(deps: AppDeps, auth: Authenticator): Endpoint[] {
  const { store } = deps;
  return [
    endpoint({
      method: 'POST',
      path: '/auth/login',
      permission: 'public',
      doc: {
        tags,
        summary: 'Sign in: sets the session cookie',
        operationId: 'login',
        security: [],
        requestBody: { required: true, content: json({ type: 'object', required: ['name', 'password'], properties: { name: { type: 'string' }, password: { type: 'string' } } }) },
        responses: {
          '200': { description: 'Signed in; the body has the CSRF token for writes', content: json({ type: 'object' }) },
          '401': problemRef('Wrong user name or password'),
          '403': problemRef('Account disabled, or a cross-site request'),
          '423': problemRef('Account locked after too many wrong passwords; `lockedUntil` says until when'),
          '429': problemRef('Too many failed sign-ins from this address or for this name'),
        },
      },
      handler: async (c) => {
        const body = (await readJson(c)) as Record<string, unknown> | null;
        if (!body || typeof body !== 'object') throw new HttpProblem(400, 'Send {"name": ..., "password": ...}.');
        const name = str(body.name, 'name', 64);
        const password = str(body.password, 'password');
        let user;
        try {
          user = await auth.signIn(name, password, addressOf(c));
        } catch (e) {
          if (e instanceof HttpProblem && e.status === 429) return problem(c, 429, e.detail, {}, { 'Retry-After': String(e.extra.retryAfter) });
          throw e;
        }
        const s = await createSession(store, user.id, deps.config.auth.sessionHours, addressOf(c));
        setCookie(c, SESSION_COOKIE, s.cookie, { path: '/', httpOnly: true, sameSite: 'Strict', secure: secure(c, deps), maxAge: Math.round(deps.config.auth.sessionHours * 3600) });
        return c.json({ user: { id: user.id, name: user.name, role: user.role, scope: user.scope ? JSON.parse(user.scope) : null }, csrfToken: s.csrf, expiresAt: s.expiresAt });
      },
    }),

    endpoint({
      method: 'POST',
      path: '/auth/logout',
      permission: 'read',
      doc: { tags, summary: 'Sign out', operationId: 'logout', responses: { '204': { description: 'Signed out' } } },
      handler: async (c) => {
        const cookie = getCookie(c, SESSION_COOKIE);
        if (cookie) await deleteSession(store, cookie);
        deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c, deps) });
        return c.body(null, 204);
      },
    }),

    endpoint({
      method: 'GET',
      path: '/auth/me',
      permission: 'read',
      doc: { tags, summary: 'Who is signed in, their permissions and CSRF token', operationId: 'me', responses: { '200': { description: 'The user', content: json({ type: 'object' }) }, '401': problemRef('Not signed in') } },
      handler: (c) => c.json(meBody(c)),
    }),

    endpoint({
      method: 'POST',
      path: '/auth/password',
      permission: 'read',
      doc: { tags, summary: 'Change one’s own password', operationId: 'changePassword', requestBody: { required: true, content: json({ type: 'object', required: ['current', 'password'], properties: { current: { type: 'string' }, password: { type: 'string', minLength: 10 } } }) }, responses: { '204': { description: 'Changed; other sessions ended' }, '403': problemRef('Present password wrong') } },
      handler: async (c) => {
        const id = identityOf(c)!;
        const body = (await readJson(c)) as Record<string, unknown> | null;
        const current = str(body?.current, 'current (your present password)');
        const next = str(body?.password, 'password (the new one)');
        const user = (await findUser(store, id.user.id))!;
        if (!(await verifyPassword(current, user.passwordHash))) throw new HttpProblem(403, 'The present password is wrong.');
        const why = await checkNewPassword(workPool(deps.config.work), next, user.name);
        if (why) throw new HttpProblem(400, why);
        await setPassword(store, user.id, next);
        return c.body(null, 204);
      },
    }),

    endpoint({
      method: 'GET',
      path: '/auth/tokens',
      permission: 'read',
      doc: { tags, summary: 'One’s own API tokens (without the secrets)', operationId: 'listOwnTokens', responses: { '200': { description: 'Tokens', content: json({ type: 'object' }) } } },
      handler: async (c) => c.json({ tokens: await listTokens(store, identityOf(c)!.user.id) }),
    }),

    endpoint({
      method: 'POST',
      path: '/auth/tokens',
      permission: 'read',
      doc: { tags, summary: 'Create an API token (shown once)', operationId: 'createOwnToken', requestBody: { required: false, content: json({ type: 'object', properties: { name: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 3650 } } }) }, responses: { '201': { description: 'The token', content: json({ type: 'object' }) } } },
      handler: async (c) => {
        const body = (await readJson(c)) as Record<string, unknown> | null;
        const name = body?.name === undefined ? 'API token' : str(body.name, 'name', 100);
        const days = body?.days === undefined ? null : Number(body.days);
        if (days !== null && !(Number.isInteger(days) && days > 0 && days <= 3650)) throw new HttpProblem(400, 'days is a whole number of days from 1 to 3650.');
        const t = await createToken(store, identityOf(c)!.user.id, name, days);
        return c.json({ ...t, note: 'Shown once: keep it secret. Send it as "Authorization: Bearer <token>".' }, 201);
      },
    }),

    endpoint({
      method: 'DELETE',
      path: '/auth/tokens/:tokenId',
      permission: 'read',
      doc: { tags, summary: 'Revoke one of one’s API tokens', operationId: 'revokeOwnToken', parameters: [tokenId], responses: { '204': { description: 'Revoked' }, '404': problemRef('No such token of yours') } },
      handler: async (c) => {
        const tokenId = Number(c.req.param('tokenId'));
        if (!Number.isInteger(tokenId) || !(await deleteToken(store, tokenId, identityOf(c)!.user.id))) throw new HttpProblem(404, `You have no API token ${c.req.param('tokenId')}.`);
        return c.body(null, 204);
      },
    }),
  ];
}
