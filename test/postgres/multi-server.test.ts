/**
 * Two opsmap server processes on one PostgreSQL database, as behind a load balancer: any of
 * them answers any request. A session made on A works on B; a change made on A reaches an SSE
 * client on B within a second; a sign-in limit reached on A holds on B; A killed with SIGKILL
 * in a burst of writes loses none it acknowledged, and B keeps serving them. GDAL's OAPIF
 * driver reads every layer from a PostgreSQL-backed server.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_IDS } from '../../core/layers.ts';
import { checkpoint } from '../support/app.ts';
import { hasPostgres, stopOwnCluster, testDatabase } from '../support/postgres.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { hasTools } from '../support/tools.ts';

const PASSWORD = 'two-servers-one-database';

describe.skipIf(!hasPostgres())('two servers on one PostgreSQL database', () => {
  let a: RunningServer;
  let b: RunningServer;
  let drop: () => Promise<void>;
  let token: string;
  const bearer = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    const db = await testDatabase();
    drop = db.drop;
    const env = { OPSMAP_DATABASE_URL: db.url, OPSMAP_ADMIN_PASSWORD: PASSWORD, OPSMAP_RATE_LIMIT: '0', OPSMAP_LOGIN_LIMIT_ADDRESS: '8', OPSMAP_LOCK_AFTER: '3' };
    // Both start at once on the fresh database: one migrates and seeds, the other waits.
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
    const basic = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
    const made = await fetch(`${a.url}/api/auth/tokens`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' }, body: '{"name":"multi-server test"}' });
    expect(made.status).toBe(201);
    token = ((await made.json()) as { token: string }).token;
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await drop?.();
    await stopOwnCluster();
  });

  it('both serve the same seeded demo: seeded once, though they started together', async () => {
    const counts = await Promise.all(
      [a, b].map(async (s) => ((await (await fetch(`${s.url}/api/collections/checkpoints/items?limit=1`, { headers: bearer() })).json()) as { numberMatched: number }).numberMatched),
    );
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  });

  it('a session made on A is good on B, and signing out on B ends it on A', async () => {
    const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: a.url }, body: JSON.stringify({ name: 'admin', password: PASSWORD }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const me = await fetch(`${b.url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe('admin');
    const out = await fetch(`${b.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, origin: b.url } });
    expect(out.status).toBeLessThan(300);
    expect((await fetch(`${a.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('a change made on A reaches an SSE client on B within a second', async () => {
    const live = await fetch(`${b.url}/api/live`, { headers: bearer() });
    expect(live.status).toBe(200);
    const reader = live.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: hello')) text += (await reader.read()).value ?? '';
    const sent = Date.now();
    const res = await fetch(`${a.url}/api/collections/checkpoints/items`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/geo+json' }, body: JSON.stringify(checkpoint(105.78, 21.06, { name: 'Chốt qua hai máy' })) });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const deadline = sent + 1000;
    while (!new RegExp(`"id":${id}\\b`).test(text)) {
      const left = deadline - Date.now();
      expect(left, `no change event on B within a second; got:\n${text}`).toBeGreaterThan(0);
      const chunk = await Promise.race([reader.read(), new Promise<{ value: string }>((r) => setTimeout(() => r({ value: '' }), left))]);
      text += chunk.value ?? '';
    }
    expect(text).toMatch(/event: change/);
    await reader.cancel();
  });

  // Every request of these tests comes from 127.0.0.1: one address, so its limit (8 here) is
  // shared by the next two tests, which run in this order.
  it('a login lockout set on A is enforced on B; an unlock on B lifts it on A; a pair known on A is known on B', async () => {
    const admin = (s: RunningServer, path: string, init: RequestInit = {}) => fetch(`${s.url}/api${path}`, { ...init, headers: { ...bearer(), 'content-type': 'application/json' } });
    const made = await admin(a, '/admin/users', { method: 'POST', body: JSON.stringify({ name: 'lan', role: 'viewer', password: 'tram-Sen-hai-may-7Qx' }) });
    expect(made.status, await made.clone().text()).toBe(201);
    const id = ((await made.json()) as { user: { id: number } }).user.id;
    const login = (s: RunningServer, password: string) =>
      fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: s.url }, body: JSON.stringify({ name: 'lan', password }) });
    const wrong = async (s: RunningServer, n: number) => {
      const statuses: number[] = [];
      for (let i = 0; i < n; i++) statuses.push((await login(s, `wrong-${i}-password`)).status);
      return statuses;
    };
    // Three wrong passwords through A lock the account (OPSMAP_LOCK_AFTER=3) …
    expect(await wrong(a, 3)).toEqual([401, 401, 423]);
    // … and B refuses even the right password, saying why.
    const onB = await login(b, 'tram-Sen-hai-may-7Qx');
    expect(onB.status).toBe(423);
    expect(((await onB.json()) as { detail: string }).detail).toMatch(/locked after 3 wrong passwords/);
    // An admin's unlock through B lifts it on A.
    expect((await admin(b, `/admin/users/${id}`, { method: 'PATCH', body: JSON.stringify({ unlock: true }) })).status).toBe(200);
    expect((await login(a, 'tram-Sen-hai-may-7Qx')).status).toBe(200);
    // That good sign-in on A made the account-and-address pair known: B too slows it instead of
    // locking it out (a server that did not know would answer 423 on the third).
    expect(await wrong(b, 3)).toEqual([401, 401, 401]);
  });

  it('a sign-in limit reached on A holds on B', async () => {
    const attempt = (s: RunningServer) =>
      fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: s.url }, body: JSON.stringify({ name: 'nobody', password: 'wrong-password-1' }) });
    // The address already spent part of its limit in the test above: A answers 401 until it is reached.
    const onA: number[] = [];
    while (onA.at(-1) !== 429 && onA.length < 10) onA.push((await attempt(a)).status);
    expect(onA.slice(0, -1).every((s) => s === 401) && onA.length > 1).toBe(true);
    expect(onA.at(-1)).toBe(429);
    const onB = await attempt(b);
    expect(onB.status).toBe(429);
    expect(Number(onB.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('A killed mid-burst loses no acknowledged write, and B serves them all', async () => {
    const acknowledged: { id: number; name: string }[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `Chốt ${w}-${i}`;
        try {
          const res = await fetch(`${a.url}/api/collections/checkpoints/items`, { method: 'POST', headers: { ...bearer(), 'content-type': 'application/geo+json' }, body: JSON.stringify(checkpoint(105.77 + w * 0.002, 21.05 + (i % 100) * 0.0002, { name })) });
          if (res.status !== 201) throw new Error(`status ${res.status}: ${await res.text()}`);
          acknowledged.push({ id: ((await res.json()) as { id: number }).id, name });
        } catch (e) {
          if (!stop && !/fetch failed|ECONNRESET|socket/i.test(String((e as Error).cause ?? e))) throw e;
          return;
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acknowledged.length < 100) await new Promise((r) => setTimeout(r, 5));
    await a.kill();
    stop = true;
    await Promise.all(writers);
    const res = await fetch(`${b.url}/api/collections/checkpoints/items?limit=10000`, { headers: bearer() });
    expect(res.status).toBe(200);
    const stored = new Map(((await res.json()) as { features: { id: number; properties: { name: string } }[] }).features.map((f) => [f.id, f.properties.name]));
    expect(acknowledged.filter((x) => stored.get(x.id) !== x.name)).toEqual([]);
  });

  it.skipIf(!hasTools('ogrinfo'))('GDAL’s OAPIF driver reads every layer from the PostgreSQL-backed server', () => {
    for (const layer of LAYER_IDS) {
      const out = execFileSync('ogrinfo', ['-ro', '-so', `OAPIF:${b.url}/api`, layer], { encoding: 'utf8', env: { ...process.env, GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}` } });
      expect(out, layer).toMatch(/Feature Count: [1-9]\d*/);
    }
  });
});
