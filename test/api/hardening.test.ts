/**
 * Issue 15, probed as an attacker and as a field user on a bad network would: one regression
 * test per finding, each of which failed before its fix.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpoint, makeTestApp, WARD_A, type TestApp, onSqlite } from '../support/app.ts';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const problemOf = async (r: Response) => ({ status: r.status, type: r.headers.get('content-type'), body: await r.json() });

describe('#6 the inputs that answered 500', () => {
  it('refuses items?offset=9223372036854775808 with a 400 naming offset', async () => {
    const p = await problemOf(await t.req('/api/collections/checkpoints/items?offset=9223372036854775808'));
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(p.body.detail).toContain('offset');
  });

  it.each(['/%', '/%00', '/a%E0%A4%A', '/%2e%2e%00'])('refuses GET %s without signing in with a 400 problem', async (path) => {
    const p = await problemOf(await t.req(path, { as: 'anonymous' }));
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
  });

  it.each(['&#x110000;', '&#1114112;', '&#xD800;', '&#0;', '&#99999999999999999999;'])('refuses an OSM file with %s as not well-formed, importing nothing', async (ref) => {
    const osm = `<?xml version="1.0"?><osm version="0.6"><node id="1" lat="21.05" lon="105.77"><tag k="amenity" v="school"/><tag k="name" v="A${ref}"/></node></osm>`;
    const r = await t.req('/api/reference/pois/import', { method: 'POST', body: osm, headers: { 'content-type': 'application/xml' } });
    const p = await problemOf(r);
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(p.body.detail).toContain(ref);
    expect((await t.store.reference.layers()).map((l) => l.count)).toEqual([0, 0]);
  });

  it('refuses reference items?limit=-5 instead of answering numberReturned: -1', async () => {
    const p = await problemOf(await t.req('/api/reference/roads/items?limit=-5'));
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(p.body.detail).toContain('limit');
  });
});

describe('#2 the hot-spot request that froze every user', () => {
  it('refuses cell_size=100&distance_band=100000&study_area=wards before starting, naming the parameters to change', async () => {
    expect((await t.req('/api/collections/wards/items', { method: 'POST', json: WARD_A })).status).toBe(201);
    for (let i = 0; i < 40; i++) {
      const incident = { type: 'Feature', properties: { category: 'traffic', occurred_at: '2021-05-23T09:15:00+07:00', severity: 1 }, geometry: { type: 'Point', coordinates: [105.771 + (i % 8) * 0.0024, 21.051 + Math.floor(i / 8) * 0.0035] } };
      expect((await t.req('/api/collections/incidents/items', { method: 'POST', json: incident })).status).toBe(201);
    }
    const p = await problemOf(await t.req('/api/analysis/hotspots?cell_size=100&distance_band=100000&study_area=wards'));
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(p.body.detail).toMatch(/larger cell_size or a smaller distance_band/);
    // The same analysis at a sane size is answered (on a worker thread).
    const ok = await t.req('/api/analysis/hotspots?cell_size=300&distance_band=600&study_area=wards');
    expect(ok.status).toBe(200);
    expect((await ok.json()).parameters.gi_status).toBe('ok');
  });
});

describe('#7 what one user could hold open or keep busy', () => {
  it('caps live connections per user (OPSMAP_SSE_PER_USER) and in all (OPSMAP_SSE_TOTAL)', async () => {
    t.close();
    t = makeTestApp({ OPSMAP_SSE_PER_USER: '2', OPSMAP_SSE_TOTAL: '3' });
    const a = [await t.req('/api/live', { as: 'viewer' }), await t.req('/api/live', { as: 'viewer' })];
    for (const r of a) expect(r.status).toBe(200);
    const third = await problemOf(await t.req('/api/live', { as: 'viewer' }));
    expect(third).toMatchObject({ status: 429, type: 'application/problem+json' });
    expect(third.body.detail).toContain('OPSMAP_SSE_PER_USER');
    const other = await t.req('/api/live', { as: 'planner' });
    expect(other.status).toBe(200);
    const full = await problemOf(await t.req('/api/live', { as: 'commander' }));
    expect(full).toMatchObject({ status: 503 });
    for (const r of [...a, other]) await r.body!.cancel();
    await new Promise((r) => setTimeout(r, 50));
    const again = await t.req('/api/live', { as: 'viewer' });
    expect(again.status).toBe(200);
    await again.body!.cancel();
  });

  it('renders at most OPSMAP_PRINTS prints at once; the next gets 503 with Retry-After', async () => {
    t.close();
    t = makeTestApp({ OPSMAP_PRINTS: '1' });
    expect((await t.req('/api/collections/wards/items', { method: 'POST', json: WARD_A })).status).toBe(201);
    const [first, second] = await Promise.all([t.req('/api/print?area=ward:00611'), t.req('/api/print?area=ward:00611')]);
    expect([first.status, second.status].sort()).toEqual([200, 503]);
    const busy = first.status === 503 ? first : second;
    expect(busy.headers.get('retry-after')).toBe('30');
    expect(busy.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a print over its budget (OPSMAP_PRINT_BUDGET) before drawing, saying what to change', async () => {
    t.close();
    t = makeTestApp({ OPSMAP_PRINT_BUDGET: '1' });
    expect((await t.req('/api/collections/wards/items', { method: 'POST', json: WARD_A })).status).toBe(201);
    expect((await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) })).status).toBe(201);
    const p = await problemOf(await t.req('/api/print?area=ward:00611'));
    expect(p).toMatchObject({ status: 400, type: 'application/problem+json' });
    expect(p.body.detail).toMatch(/OPSMAP_PRINT_BUDGET.*smaller area/);
  });

  it('streams an export from the worker\'s temporary file (with its length), byte for byte what the layer writes', async () => {
    const { exportLayer } = await import('../../server/io/export.ts');
    for (const [x, y] of [[105.78, 21.06], [105.775, 21.055]]) expect((await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(x, y) })).status).toBe(201);
    for (const format of ['geojson', 'csv', 'kml'] as const) {
      const r = await t.req(`/api/collections/checkpoints/export?format=${format}`, { as: 'commander' });
      expect(r.status).toBe(200);
      const body = Buffer.from(await r.arrayBuffer());
      expect(body).toEqual(Buffer.from((await exportLayer(t.store, 'checkpoints', format)).body));
      expect(r.headers.get('content-length')).toBe(String(body.length));
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="checkpoints.${format}"`);
    }
  });

  it('answers an upload slower than the request timeout with a 408 problem, not plain text', async () => {
    const { createServer } = await import('node:http');
    const { connect } = await import('node:net');
    const { answerClientErrors, timeoutOptions } = await import('../../server/http/timeouts.ts');
    const server = createServer(timeoutOptions(0.3), (req, res) => req.resume().on('end', () => res.end('ok')));
    answerClientErrors(server, 0.3);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const answer = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write('POST /api/collections/wards/import HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc'));
      let text = '';
      s.on('data', (d) => (text += d));
      s.on('close', () => resolve(text));
    });
    server.close();
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(answer).toContain('application/problem+json');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 408 });
  });
});

describe('#8 accounts, names, files, conditional writes', () => {
  it.each([
    ['aaaaaaaaaa', 'easy to guess'],
    ['1234567890', 'easy to guess'],
    ['nguyenvana-2021', 'user name'],
  ])('refuses the password %s', async (password, why) => {
    const p = await problemOf(await t.req('/api/admin/users', { method: 'POST', json: { name: 'nguyenvana', role: 'viewer', password } }));
    expect(p.status).toBe(400);
    expect(p.body.detail).toContain(why);
    const ok = await t.req('/api/admin/users', { method: 'POST', json: { name: 'nguyenvana', role: 'viewer', password: 'sông Hồng chảy về đông 7' } });
    expect(ok.status).toBe(201);
  });

  it.each(['\u202E\u202D', '\u200B\u200C\u2060', '\u0007\u0008', '\u00A0\u2028'])('refuses a name made only of control, format or bidi characters (%j)', async (name) => {
    const p = await problemOf(await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06, { name }) }));
    expect(p.status).toBe(400);
    // Separators are trimmed away first, and then the name is simply empty.
    expect(JSON.stringify(p.body)).toMatch(/visible character|must not be empty/);
  });

  it.skipIf(!onSqlite)('creates the database and its backups readable by the owner only (0600)', async () => {
    const { statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { backup } = await import('../../server/db/sqlite/backup.ts');
    expect(statSync(t.config.dbFile).mode & 0o777).toBe(0o600);
    const out = join(t.dir, 'copy.sqlite');
    await backup(t.config.dbFile, out);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('takes If-Match: * as "any current version" (RFC 9110), and 412 when there is none', async () => {
    const created = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) })).json();
    const r = await t.req(`/api/collections/checkpoints/items/${created.id}`, { method: 'PATCH', headers: { 'if-match': '*', 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ properties: { staff: 6 } }) });
    expect(r.status).toBe(200);
    expect((await r.json()).properties.staff).toBe(6);
    const gone = await t.req('/api/collections/checkpoints/items/99999', { method: 'PUT', headers: { 'if-match': '*' }, json: checkpoint(105.78, 21.06) });
    expect(gone.status).toBe(412);
  });

  it('answers /api/health without signing in', async () => {
    const r = await t.req('/api/health', { as: 'anonymous' });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });
});

describe('per-address limits behind a reverse proxy (OPSMAP_TRUST_PROXY)', () => {
  /** GET /api/health through a socket from `peer` (a proxy) with X-Forwarded-For `client`. */
  const via = (app: TestApp, peer: string, client: string) =>
    app.app.request('http://localhost/api/health', { headers: { 'x-forwarded-for': client } }, { incoming: { socket: { remoteAddress: peer } } } as never);

  it('counts each client behind a trusted proxy on its own, and believes X-Forwarded-For from no one else', async () => {
    t.close();
    t = makeTestApp({ OPSMAP_RATE_LIMIT: '2', OPSMAP_TRUST_PROXY: '10.0.0.0/8' });
    expect((await via(t, '10.0.0.5', '203.0.113.7')).status).toBe(200);
    expect((await via(t, '10.0.0.5', '203.0.113.7')).status).toBe(200);
    expect((await via(t, '10.0.0.5', '203.0.113.7')).status).toBe(429);
    // Another office behind the same proxy is not refused for the first one's requests.
    expect((await via(t, '10.0.0.5', '203.0.113.8')).status).toBe(200);
    // A client that is not the proxy cannot choose its address by writing the header.
    expect((await via(t, '198.51.100.1', '203.0.113.9')).status).toBe(200);
    expect((await via(t, '198.51.100.1', '203.0.113.10')).status).toBe(200);
    expect((await via(t, '198.51.100.1', '203.0.113.11')).status).toBe(429);
  });

  it('without the setting, everyone behind the proxy shares its address (as before)', async () => {
    t.close();
    t = makeTestApp({ OPSMAP_RATE_LIMIT: '2' });
    expect((await via(t, '10.0.0.5', '203.0.113.7')).status).toBe(200);
    expect((await via(t, '10.0.0.5', '203.0.113.8')).status).toBe(200);
    expect((await via(t, '10.0.0.5', '203.0.113.9')).status).toBe(429);
  });
});

describe('#3 sign-in throttling under concurrency (OWASP: per account and address, growing delays)', () => {
  const login = (name: string, password: string, from = '10.6.6.6') =>
    t.req('/api/auth/login', { method: 'POST', as: 'anonymous', json: { name, password }, headers: { 'x-forwarded-for': from } });
  const row = async (name: string) => {
    const u = (await t.store.accounts.users.byName(name))!;
    return { failed: u.failedLogins, locked: u.lockedUntil };
  };

  it('counts 20 parallel wrong passwords as 20: at most 5 are checked, and the account locks', async () => {
    const statuses = (await Promise.all(Array.from({ length: 20 }, (_, i) => login('commander', `wrong-guess-${i}`)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.every((s) => [401, 423, 429].includes(s))).toBe(true);
    expect((await row('commander')).locked).not.toBeNull();
    // The right password from the guesser's address is refused too: 423 (locked) or, when the
    // address's growing delay is checked first, 429 — which one comes first depends on timing.
    expect([423, 429]).toContain((await login('commander', 'commander-password-1')).status);
  });

  it('does not let a guesser elsewhere lock the owner out at the address they sign in from', async () => {
    expect((await login('commander', 'commander-password-1', '10.0.0.5')).status).toBe(200);
    await Promise.all(Array.from({ length: 20 }, (_, i) => login('commander', `wrong-guess-${i}`, '10.6.6.6')));
    expect((await row('commander')).locked).not.toBeNull();
    expect((await login('commander', 'commander-password-1', '10.0.0.5')).status).toBe(200);
  });

  it('does not refuse colleagues behind the same NAT address because one of them keeps failing', async () => {
    t.close();
    t = makeTestApp({ OPSMAP_LOGIN_LIMIT_ADDRESS: '3' });
    const office = '10.20.30.40';
    expect((await login('viewer', 'viewer-password-1', office)).status).toBe(200);
    for (let i = 0; i < 6; i++) await login('planner', `wrong-guess-${i}`, office);
    expect((await login('viewer', 'viewer-password-1', office)).status).toBe(200);
  });

  it('slows the same account and address with growing delays, said in Retry-After', async () => {
    for (let i = 0; i < 4; i++) expect((await login('planner', `wrong-guess-${i}`, '10.0.0.9')).status).toBe(401);
    expect((await login('planner', 'wrong-guess-5', '10.0.0.9')).status).toBe(423);
    // From an address where it has signed in before, the owner is not locked but still slowed after failures.
    expect((await login('viewer', 'viewer-password-1', '10.0.0.8')).status).toBe(200);
    for (let i = 0; i < 5; i++) await login('viewer', `wrong-guess-${i}`, '10.0.0.8');
    const slowed = await login('viewer', 'viewer-password-1', '10.0.0.8');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('revokes API tokens when the password changes (#8)', async () => {
    const changed = await t.req('/api/auth/password', { method: 'POST', as: 'planner', json: { current: 'planner-password-1', password: 'lantern-orchard-kettle-3' } });
    expect(changed.status).toBe(204);
    expect((await t.req('/api/collections', { as: 'planner' })).status).toBe(401);
  });
});

describe('#4 restore goes through If-Match like every other write', () => {
  it('refuses a restore without If-Match (428) or with a stale one (412), and restores with the current one', async () => {
    const created = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', as: 'planner', json: checkpoint(105.78, 21.06, { staff: 1 }) })).json();
    const other = await t.req(`/api/collections/checkpoints/items/${created.id}`, { method: 'PATCH', as: 'admin', json: { properties: { staff: 2 } }, headers: { 'if-match': '"1"' } });
    expect(other.status).toBe(200);
    const restore = (ifMatch?: string) =>
      t.req(`/api/collections/checkpoints/items/${created.id}/restore`, { method: 'POST', as: 'planner', json: { version: 1 }, headers: ifMatch ? { 'if-match': ifMatch } : {} });
    expect((await restore()).status).toBe(428);
    const stale = await restore('"1"');
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    const current = (await (await t.req(`/api/collections/checkpoints/items/${created.id}`)).json()).properties.staff;
    expect(current).toBe(2); // the other planner's change is still there
    const ok = await restore('"2"');
    expect(ok.status).toBe(200);
    expect((await ok.json()).properties.staff).toBe(1);
  });
});

describe('#5 derived changes are audited', () => {
  it('writes a system audit row naming its cause for each point re-derived by a ward write; history and restore find those versions', async () => {
    const ids: number[] = [];
    for (const lon of [105.775, 105.78, 105.785]) ids.push((await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(lon, 21.06) })).json()).id);
    const ward = await t.req('/api/collections/wards/items', { method: 'POST', json: WARD_A });
    expect(ward.status).toBe(201);
    for (const id of ids) {
      const f = await (await t.req(`/api/collections/checkpoints/items/${id}`)).json();
      expect(f.properties.ward_code).toBe('00611');
      expect(f.version).toBe(2);
      const history = await (await t.req(`/api/collections/checkpoints/items/${id}/history`)).json();
      expect(history.entries.map((e: { version: number }) => e.version)).toEqual([1, 2]);
      expect(history.entries[1].actor).toMatch(/^system: .*wards .*create by admin/);
    }
    const restored = await t.req(`/api/collections/checkpoints/items/${ids[0]}/restore`, { method: 'POST', json: { version: 2 }, headers: { 'if-match': '"2"' } });
    expect(restored.status).toBe(200);
  });
});
