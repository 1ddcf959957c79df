/**
 * Signing in and what each kind of credential may do: the session cookie and its CSRF
 * token, API tokens, HTTP Basic; wrong passwords, locked accounts, rate limits, expired
 * sessions, and the headers every answer carries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createToken, findUserByName } from '../../server/auth/accounts.ts';
import { ensureAdmin } from '../../server/auth/first-admin.ts';
import { verifyPassword } from '../../server/auth/password.ts';
import { loadAuthSettings } from '../../server/auth/settings.ts';
import { checkpoint, makeTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
afterEach(() => t?.close());

const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

async function login(app: TestApp, name: string, password: string, headers: Record<string, string> = {}) {
  return app.req('/api/auth/login', { method: 'POST', as: 'anonymous', json: { name, password }, headers });
}

/** Signs in and returns what a browser would send afterwards. */
async function session(app: TestApp, name = 'planner', password = 'planner-password-1') {
  const res = await login(app, name, password);
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

describe('signing in with name and password', () => {
  it('gives an HttpOnly, SameSite=Strict session cookie and the CSRF token', async () => {
    t = makeTestApp();
    const res = await login(t, 'planner', 'planner-password-1');
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^opsmap_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    const body = await res.json();
    expect(body.user).toEqual({ id: t.users.planner.id, name: 'planner', role: 'planner', scope: null });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const me = await t.req('/api/auth/me', { as: 'anonymous', headers: { cookie: setCookie.split(';')[0] } });
    expect(me.status).toBe(200);
    const who = await me.json();
    expect(who).toMatchObject({ user: { name: 'planner', role: 'planner' }, via: 'session', csrfToken: body.csrfToken });
    expect(who.permissions).toContain('edit:checkpoints');
    expect(who.permissions).not.toContain('edit:incidents');
  });

  it('marks the cookie Secure over TLS and when OPSMAP_SECURE_COOKIES=1', async () => {
    t = makeTestApp();
    const overTls = await t.app.request('https://opsmap.example/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'viewer', password: 'viewer-password-1' }) });
    expect(overTls.headers.get('set-cookie')).toMatch(/; Secure; SameSite=Strict$/);
    t.close();
    t = makeTestApp({ OPSMAP_SECURE_COOKIES: '1' });
    expect((await login(t, 'viewer', 'viewer-password-1')).headers.get('set-cookie')).toMatch(/; Secure; SameSite=Strict$/);
  });

  it('refuses a wrong password and an unknown name with the same message', async () => {
    t = makeTestApp();
    for (const [name, password] of [['planner', 'not-the-password'], ['nobody', 'planner-password-1']]) {
      const res = await login(t, name, password);
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.json()).toMatchObject({ status: 401, detail: 'Wrong user name or password.' });
    }
  });

  it('locks the account after 5 wrong passwords, says until when, and refuses even the right one', async () => {
    t = makeTestApp();
    for (let i = 1; i <= 4; i++) expect((await login(t, 'commander', `wrong-${i}`)).status).toBe(401);
    const fifth = await login(t, 'commander', 'wrong-5');
    expect(fifth.status).toBe(423);
    const lockedBody = await fifth.json();
    const until = Date.parse(lockedBody.lockedUntil);
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(lockedBody.detail).toMatch(/^Wrong password\. The account commander is now locked after 5 wrong passwords, until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);

    const right = await login(t, 'commander', 'commander-password-1');
    expect(right.status).toBe(423);
    expect(await right.json()).toMatchObject({ title: 'Account locked', detail: expect.stringMatching(/^The account commander is locked after 5 wrong passwords, until .* UTC\. Wait, or ask an admin to unlock it\.$/) });
    // HTTP Basic goes through the same lock.
    expect((await t.req('/api/collections', { as: 'anonymous', headers: { authorization: basic('commander', 'commander-password-1') } })).status).toBe(423);

    expect((await t.req(`/api/admin/users/${t.users.commander.id}`, { method: 'PATCH', json: { unlock: true } })).status).toBe(200);
    expect((await login(t, 'commander', 'commander-password-1')).status).toBe(200);
  });

  it('limits failed sign-ins per address, whatever the account names', async () => {
    t = makeTestApp({ OPSMAP_LOGIN_LIMIT_ADDRESS: '3' });
    const from = { 'x-forwarded-for': '10.1.2.3' };
    for (const name of ['a1', 'a2', 'a3']) expect((await login(t, name, 'guess-guess', from)).status).toBe(401);
    const limited = await login(t, 'viewer', 'viewer-password-1', from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    // Another address is not affected.
    expect((await login(t, 'viewer', 'viewer-password-1', { 'x-forwarded-for': '10.9.9.9' })).status).toBe(200);
  });

  it('limits failed sign-ins per account name, from any address', async () => {
    t = makeTestApp({ OPSMAP_LOGIN_LIMIT_ACCOUNT: '2' });
    expect((await login(t, 'ghost', 'guess-guess', { 'x-forwarded-for': '10.0.0.1' })).status).toBe(401);
    expect((await login(t, 'ghost', 'guess-guess', { 'x-forwarded-for': '10.0.0.2' })).status).toBe(401);
    expect((await login(t, 'ghost', 'guess-guess', { 'x-forwarded-for': '10.0.0.3' })).status).toBe(429);
  });

  it('refuses a disabled account', async () => {
    t = makeTestApp();
    expect((await t.req(`/api/admin/users/${t.users.viewer.id}`, { method: 'PATCH', json: { disabled: true } })).status).toBe(200);
    expect((await login(t, 'viewer', 'viewer-password-1')).status).toBe(403);
    expect((await t.req('/api/collections', { as: 'viewer' })).status).toBe(403); // its API token too
  });
});

describe('managing accounts over the API', () => {
  it('an admin creates a user with a generated password, who signs in with the role given', async () => {
    t = makeTestApp();
    const res = await t.req('/api/admin/users', { method: 'POST', json: { name: 'le.van.c', role: 'planner' } });
    expect(res.status).toBe(201);
    const { user, password } = await res.json();
    expect(user).toMatchObject({ name: 'le.van.c', role: 'planner', disabled: false, lockedUntil: null, scope: null });
    expect(JSON.stringify(user)).not.toContain('scrypt');
    expect((await login(t, 'le.van.c', password)).status).toBe(200);
    expect((await t.req('/api/admin/users', { method: 'POST', json: { name: 'le.van.c', role: 'viewer' } })).status).toBe(409);
    expect((await t.req('/api/admin/users', { method: 'POST', json: { name: 'x', role: 'chief' } })).status).toBe(400);
  });

  it('refuses to limit a user to wards, which the routes do not enforce yet', async () => {
    t = makeTestApp();
    const res = await t.req(`/api/admin/users/${t.users.planner.id}`, { method: 'PATCH', json: { scope: { wards: ['00611'] } } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ detail: 'Limiting a user to wards or a district is not supported yet; scope is null (everywhere) or {"stations": [ids]} (the polling stations a team account reports for).' });
  });
});

describe('sessions', () => {
  it('ends at expiry: the next request says the session expired', async () => {
    t = makeTestApp();
    const s = await session(t);
    expect((await t.req('/api/collections', { as: 'anonymous', headers: { cookie: s.cookie } })).status).toBe(200);
    await t.sql("UPDATE sessions SET expires_at = '2021-05-23T00:00:00.000Z'");
    const res = await t.req('/api/collections', { as: 'anonymous', headers: { cookie: s.cookie } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: 'Your session expired at 2021-05-23 00:00 UTC; sign in again.' });
    expect(Number((await t.sql<{ n: number }>('SELECT count(*) AS n FROM sessions'))[0].n)).toBe(0);
  });

  it('ends at sign-out', async () => {
    t = makeTestApp();
    const s = await session(t);
    const out = await t.req('/api/auth/logout', { method: 'POST', as: 'anonymous', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^opsmap_session=; Max-Age=0/);
    expect((await t.req('/api/collections', { as: 'anonymous', headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('ends when an admin resets the password', async () => {
    t = makeTestApp();
    const s = await session(t);
    expect((await t.req(`/api/admin/users/${t.users.planner.id}`, { method: 'PATCH', json: { password: 'a-brand-new-password' } })).status).toBe(200);
    expect((await t.req('/api/collections', { as: 'anonymous', headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await login(t, 'planner', 'a-brand-new-password')).status).toBe(200);
  });
});

describe('CSRF: a write with the session cookie', () => {
  const point = checkpoint(105.78, 21.06);

  it('needs the X-CSRF-Token header of that session', async () => {
    t = makeTestApp();
    const s = await session(t);
    const post = (headers: Record<string, string>) => t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'anonymous', json: point, headers: { cookie: s.cookie, ...headers } });
    const none = await post({});
    expect(none.status).toBe(403);
    expect(await none.json()).toMatchObject({ detail: 'Missing or wrong X-CSRF-Token header; it comes from GET /api/auth/me. Reload the page and try again.' });
    expect((await post({ 'x-csrf-token': s.csrf.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) })).status).toBe(403);
    const other = await session(t, 'admin', 'admin-password-1');
    expect((await post({ 'x-csrf-token': other.csrf })).status).toBe(403);
    expect(await t.store.features.count()).toBe(0);
    expect((await post({ 'x-csrf-token': s.csrf })).status).toBe(201);
  });

  it('is refused from another site even with the right token, and so is signing in', async () => {
    t = makeTestApp();
    const s = await session(t);
    const res = await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'anonymous', json: point, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ detail: 'Cross-site request refused: it comes from https://evil.example.' });
    expect((await t.req('/api/collections/checkpoints/items', { method: 'POST', json: point, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await login(t, 'planner', 'planner-password-1', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'anonymous', json: point, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'http://localhost' } })).status).toBe(201);
  });

  it('is not needed with an API token, which a browser never attaches by itself', async () => {
    t = makeTestApp();
    expect((await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'planner', json: point })).status).toBe(201);
  });
});

describe('API tokens and HTTP Basic', () => {
  it('a user creates a token for QGIS, uses it, and revokes it', async () => {
    t = makeTestApp();
    const made = await t.req('/api/auth/tokens', { method: 'POST', as: 'commander', json: { name: 'QGIS laptop', days: 30 } });
    expect(made.status).toBe(201);
    const { token, id } = await made.json();
    expect(token).toMatch(/^opsmap_[A-Za-z0-9_-]{43}$/);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.req('/api/auth/me', { as: 'anonymous', headers: bearer });
    expect(await me.json()).toMatchObject({ user: { name: 'commander' }, via: 'token' });
    const listed = await (await t.req('/api/auth/tokens', { as: 'commander' })).json();
    expect(listed.tokens.map((x: { name: string }) => x.name)).toEqual(['tests', 'QGIS laptop']);
    expect(JSON.stringify(listed)).not.toContain(token);
    // Only the hash is stored.
    expect(JSON.stringify(await t.sql('SELECT * FROM api_tokens'))).not.toContain(token);
    expect((await t.req(`/api/auth/tokens/${id}`, { method: 'DELETE', as: 'viewer' })).status).toBe(404); // not the viewer's
    expect((await t.req(`/api/auth/tokens/${id}`, { method: 'DELETE', as: 'commander' })).status).toBe(204);
    const revoked = await t.req('/api/auth/me', { as: 'anonymous', headers: bearer });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Basic realm="opsmap", charset="UTF-8"');
  });

  it('refuses an expired token', async () => {
    t = makeTestApp();
    const { token } = await createToken(t.store, t.users.viewer.id, 'old', 1, new Date('2021-05-01T00:00:00Z'));
    const res = await t.req('/api/collections', { as: 'anonymous', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: 'This API token expired at 2021-05-02 00:00 UTC; create a new one.' });
  });

  it('accepts HTTP Basic with the account password, and refuses a wrong one with a Basic challenge', async () => {
    t = makeTestApp();
    const ok = await t.req('/api/collections/checkpoints/items', { as: 'anonymous', headers: { authorization: basic('viewer', 'viewer-password-1') } });
    expect(ok.status).toBe(200);
    const wrong = await t.req('/api/collections', { as: 'anonymous', headers: { authorization: basic('viewer', 'viewer-password-2') } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="opsmap", charset="UTF-8"');
    // A password changed since is not accepted from the remembered pair.
    await t.req(`/api/admin/users/${t.users.viewer.id}`, { method: 'PATCH', json: { password: 'river-lantern-quay-9' } });
    expect((await t.req('/api/collections', { as: 'anonymous', headers: { authorization: basic('viewer', 'viewer-password-1') } })).status).toBe(401);
  });

  it('gives browsers no Basic challenge, so no password dialog covers the sign-in screen', async () => {
    t = makeTestApp();
    const res = await t.req('/api/collections', { as: 'anonymous', headers: { 'sec-fetch-mode': 'cors' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('refuses an unknown scheme', async () => {
    t = makeTestApp();
    expect((await t.req('/api/collections', { as: 'anonymous', headers: { authorization: 'Digest abc' } })).status).toBe(401);
  });
});

describe('without signing in', () => {
  it('the API answers no data, but the sign-in page and the login route are open', async () => {
    t = makeTestApp();
    for (const path of ['/api', '/api/collections', '/api/collections/checkpoints/items', '/api/collections/wards/items/1', '/api/admin/audit']) {
      const res = await t.req(path, { as: 'anonymous' });
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await t.req('/', { as: 'anonymous' })).status).not.toBe(401);
  });
});

describe('security headers', () => {
  it('every answer carries a strict Content-Security-Policy and the other headers', async () => {
    t = makeTestApp();
    for (const path of ['/', '/api/collections']) {
      const h = (await t.req(path)).headers;
      expect(h.get('content-security-policy')).toBe(
        "default-src 'self'; script-src 'self'; worker-src 'self' blob:; child-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('strict-transport-security')).toBeNull(); // plain HTTP: HSTS would be ignored
    }
    expect((await t.app.request('https://opsmap.example/api/collections')).headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('limits API requests per address when OPSMAP_RATE_LIMIT is set', async () => {
    t = makeTestApp({ OPSMAP_RATE_LIMIT: '5' });
    const from = { 'x-forwarded-for': '10.7.7.7' };
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.req('/api/collections', { headers: from })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect((await t.req('/api/collections', { headers: { 'x-forwarded-for': '10.7.7.8' } })).status).toBe(200);
  });
});

describe('first start', () => {
  it('creates admin from OPSMAP_ADMIN_PASSWORD, once', async () => {
    t = makeTestApp();
    await t.sql('DELETE FROM users');
    const settings = loadAuthSettings({ OPSMAP_ADMIN_PASSWORD: 'lantern-orchard-first-9' });
    expect(await ensureAdmin(t.store, settings)).toBe('opsmap: created user "admin" with the password from OPSMAP_ADMIN_PASSWORD.');
    const admin = (await findUserByName(t.store, 'admin'))!;
    expect(admin.role).toBe('admin');
    expect(admin.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('lantern-orchard-first-9', admin.passwordHash)).toBe(true);
    expect(await ensureAdmin(t.store, settings)).toBeNull();
  });

  it('generates a password and prints it, when none is given', async () => {
    t = makeTestApp();
    await t.sql('DELETE FROM users');
    const message = (await ensureAdmin(t.store, loadAuthSettings({})))!;
    const password = /with password (\S+)/.exec(message)![1];
    expect(password).toHaveLength(24);
    expect(await verifyPassword(password, (await findUserByName(t.store, 'admin'))!.passwordHash)).toBe(true);
  });
});
