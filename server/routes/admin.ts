/** For admins: accounts, their API tokens, and the audit log export (JSON or CSV). */
import type { Authenticator } from '../auth/authenticate.ts';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { AccountError, createToken, createUser, deleteToken, findUser, listTokens, listUsers, publicUser, setPassword, updateUser, type Scope } from '../auth/accounts.ts';
import { checkNewPassword, generatePassword } from '../auth/password.ts';
import { workPool } from '../workers/pool.ts';
import { isRole } from '../auth/roles.ts';
import type { AuditEntry } from '../db/store.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { HttpProblem } from '../http/problem.ts';
import { fromParser } from '../http/query.ts';
import { readJson } from '../http/request.ts';
import { dayEndMs, dayStartMs, isDate } from '../../core/time/hanoi-day.ts';

function accountProblem(e: unknown): never {
  if (e instanceof AccountError) throw new HttpProblem(e.kind === 'exists' ? 409 : e.kind === 'not_found' ? 404 : 400, e.message);
  throw e;
}

/**
 * Scoping a user to wards or a district would have to hold on every route that reads data
 * (items, export, analysis, print, tiles, live); until it does, it is refused rather than
 * stored and silently ignored.
 */
function scopeOf(v: unknown): Scope | null {
  if (v === null) return null;
  // The one scope that holds where it matters: the polling stations a team account reports for
  // (checked by POST /polling-stations/{id}/reports); reading stays city-wide.
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && Array.isArray((v as Scope).stations) && (v as Scope).stations!.every((x) => Number.isInteger(x) && x > 0))
    return { stations: [...new Set((v as Scope).stations)] };
  throw new HttpProblem(400, 'Limiting a user to wards or a district is not supported yet; scope is null (everywhere) or {"stations": [ids]} (the polling stations a team account reports for).');
}

function userIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new HttpProblem(404, `There is no user ${raw}.`);
  return id;
}
const userParams = z.object({ userId: fromParser(userIdOf) });

/** An instant from `since`/`until`: an ISO date (a day in Hanoi, UTC+7) or timestamp. */
function instant(v: string | undefined, name: string, endOfDay: boolean): string | undefined {
  if (v === undefined || v === '') return undefined;
  const day = isDate(v);
  const t = day ? (endOfDay ? dayEndMs(v) : dayStartMs(v)) : Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(t)) throw new HttpProblem(400, `${name} must be an ISO date or timestamp, e.g. 2021-05-23 or 2021-05-23T08:00:00+07:00 (not "${v}").`);
  return new Date(t).toISOString();
}

const AuditQuery = z.strictObject({
  since: fromParser((v) => instant(v, 'since', false)).optional(),
  until: fromParser((v) => instant(v, 'until', true)).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const CSV_COLUMNS = ['id', 'at', 'actor', 'address', 'action', 'collection', 'feature_id', 'version', 'before', 'after'] as const;

/** One CSV cell; text a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(entries: AuditEntry[]): string {
  return [CSV_COLUMNS.join(','), ...entries.map((e) => CSV_COLUMNS.map((k) => cell(e[k])).join(','))].join('\r\n') + '\r\n';
}

const userId = { name: 'userId', in: 'path', required: true, schema: { type: 'integer' } };
const adminOnly = { '401': { description: 'Not signed in' }, '403': { description: 'Not an admin' } };
const obj = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const body = (schema: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema } } });
const userFields = { role: { type: 'string', enum: ['admin', 'planner', 'commander', 'viewer', 'team'] }, password: { type: 'string', minLength: 10 }, scope: { type: 'object', nullable: true, description: 'null (everywhere), or {"stations": [ids]}: the polling stations a team account reports for.' } };
const tags = ['Administration'];

export function adminEndpoints(deps: AppDeps, auth: Authenticator): Endpoint[] {
  const { store } = deps;
  return [
    endpoint({
      method: 'GET',
      path: '/admin/users',
      permission: 'admin',
      doc: { tags, summary: 'All accounts', operationId: 'listUsers', responses: { '200': obj('Users'), ...adminOnly } },
      handler: async (c) => c.json({ users: (await listUsers(store)).map((u) => publicUser(u)) }),
    }),

    endpoint({
      method: 'POST',
      path: '/admin/users',
      permission: 'admin',
      doc: { tags, summary: 'Create an account (a password is generated if none is given)', operationId: 'createUser', requestBody: body({ type: 'object', required: ['name', 'role'], properties: { name: { type: 'string' }, ...userFields } }), responses: { '201': obj('The user, and the generated password'), '409': { description: 'Name taken' }, ...adminOnly } },
      handler: async (c) => {
        const body = (await readJson(c)) as Record<string, unknown> | null;
        if (!body || typeof body !== 'object') throw new HttpProblem(400, 'Send {"name", "role", "password"?}.');
        if (!isRole(body.role)) throw new HttpProblem(400, 'role is one of admin, planner, commander, viewer.');
        const generated = body.password === undefined;
        const password = generated ? generatePassword() : String(body.password);
        const why = generated ? null : await checkNewPassword(workPool(deps.config.work), password, String(body.name ?? ''));
        if (why) throw new HttpProblem(400, why);
        const user = await createUser(store, { name: String(body.name ?? ''), role: body.role, password, scope: body.scope === undefined ? null : scopeOf(body.scope) }).catch(accountProblem);
        return c.json({ user: publicUser(user), ...(generated ? { password } : {}) }, 201);
      },
    }),

    endpoint({
      method: 'PATCH',
      path: '/admin/users/:userId',
      permission: 'admin',
      params: userParams,
      doc: { tags, summary: 'Change role, password, scope; disable; unlock', operationId: 'updateUser', parameters: [userId], requestBody: body({ type: 'object', properties: { ...userFields, disabled: { type: 'boolean' }, unlock: { type: 'boolean' } } }), responses: { '200': obj('The user'), ...adminOnly } },
      handler: async (c, { params }) => {
        const id = params.userId;
        if (!(await findUser(store, id))) throw new HttpProblem(404, `There is no user ${id}.`);
        const body = (await readJson(c, ['application/merge-patch+json'])) as Record<string, unknown> | null;
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpProblem(400, 'Send an object with any of role, password, disabled, unlock, scope.');
        const unknown = Object.keys(body).filter((k) => !['role', 'password', 'disabled', 'unlock', 'scope'].includes(k));
        if (unknown.length) throw new HttpProblem(400, `Unknown field(s) ${unknown.join(', ')}; send role, password, disabled, unlock or scope.`);
        if (body.role !== undefined && !isRole(body.role)) throw new HttpProblem(400, 'role is one of admin, planner, commander, viewer.');
        if (body.disabled !== undefined && typeof body.disabled !== 'boolean') throw new HttpProblem(400, 'disabled is true or false.');
        if (body.password !== undefined) {
          const why = typeof body.password === 'string' ? await checkNewPassword(workPool(deps.config.work), body.password, (await findUser(store, id))!.name) : 'password is a string.';
          if (why) throw new HttpProblem(400, why);
        }
        const scope = body.scope === undefined ? undefined : scopeOf(body.scope);
        if (body.password !== undefined) await setPassword(store, id, body.password as string);
        const user = await updateUser(store, id, {
          ...(body.role !== undefined ? { role: body.role as string } : {}),
          ...(body.disabled !== undefined ? { disabled: body.disabled as boolean } : {}),
          ...(body.unlock === true ? { failedLogins: 0, lockedUntil: null } : {}),
          ...(scope !== undefined ? { scope: scope ? JSON.stringify(scope) : null } : {}),
        });
        // An unlock (or a new password) also lifts every address's delay for the account.
        if (body.unlock === true || body.password !== undefined) await auth.unlock(user.name);
        return c.json({ user: publicUser(user) });
      },
    }),

    endpoint({
      method: 'GET',
      path: '/admin/users/:userId/tokens',
      permission: 'admin',
      params: userParams,
      doc: { tags, summary: 'A user’s API tokens', operationId: 'listUserTokens', parameters: [userId], responses: { '200': obj('Tokens'), ...adminOnly } },
      handler: async (c, { params }) => {
        const id = params.userId;
        if (!(await findUser(store, id))) throw new HttpProblem(404, `There is no user ${id}.`);
        return c.json({ tokens: await listTokens(store, id) });
      },
    }),

    endpoint({
      method: 'POST',
      path: '/admin/users/:userId/tokens',
      permission: 'admin',
      params: userParams,
      doc: { tags, summary: 'Create an API token for a user (shown once)', operationId: 'createUserToken', parameters: [userId], requestBody: body({ type: 'object', properties: { name: { type: 'string' } } }), responses: { '201': obj('The token'), ...adminOnly } },
      handler: async (c, { params }) => {
        const id = params.userId;
        if (!(await findUser(store, id))) throw new HttpProblem(404, `There is no user ${id}.`);
        const body = (await readJson(c)) as Record<string, unknown> | null;
        const name = typeof body?.name === 'string' && body.name ? body.name.slice(0, 100) : 'API token';
        return c.json(await createToken(store, id, name), 201);
      },
    }),

    endpoint({
      method: 'DELETE',
      path: '/admin/tokens/:tokenId',
      permission: 'admin',
      doc: { tags, summary: 'Revoke any API token', operationId: 'revokeToken', parameters: [{ name: 'tokenId', in: 'path', required: true, schema: { type: 'integer' } }], responses: { '204': { description: 'Revoked' }, ...adminOnly } },
      handler: async (c) => {
        const id = Number(c.req.param('tokenId'));
        if (!Number.isInteger(id) || !(await deleteToken(store, id))) throw new HttpProblem(404, `There is no API token ${c.req.param('tokenId')}.`);
        return c.body(null, 204);
      },
    }),

    endpoint({
      method: 'GET',
      path: '/admin/audit',
      permission: 'admin',
      query: AuditQuery,
      doc: {
        tags,
        summary: 'The audit log: every change, who, when, from where, before and after',
        operationId: 'exportAudit',
        parameters: [
          { name: 'since', in: 'query', required: false, schema: { type: 'string' }, description: 'ISO date (a day in Hanoi) or timestamp' },
          { name: 'until', in: 'query', required: false, schema: { type: 'string' }, description: 'ISO date (through the end of that day in Hanoi) or timestamp' },
          { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
        ],
        responses: { '200': { description: 'Entries', content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } } }, ...adminOnly },
      },
      handler: async (c, { query: q }) => {
        const { format, since, until } = q;
        const entries: AuditEntry[] = [];
        for (let afterId = 0; ; ) {
          const batch = await store.history.log({ since, until, afterId, limit: 5000 });
          entries.push(...batch);
          if (batch.length < 5000) break;
          afterId = batch.at(-1)!.id;
        }
        const stamp = new Date().toISOString().slice(0, 10);
        if (format === 'csv') return c.body(auditCsv(entries), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="opsmap-audit-${stamp}.csv"` });
        return c.json({ since: since ?? null, until: until ?? null, count: entries.length, entries });
      },
    }),
  ];
}
