/**
 * GIS clients sign in the ways they can: GDAL's OAPIF driver (what QGIS uses) with an API
 * token in an Authorization header, or with HTTP Basic as an open option; without either
 * it gets nothing.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTools } from '../support/tools.ts';
import { startServer, type RunningServer } from '../support/server.ts';

describe.skipIf(!hasTools('ogrinfo'))('GDAL against a server that requires sign-in', () => {
  let srv: RunningServer;
  let viewerToken: string;
  beforeAll(async () => {
    srv = await startServer();
    const admin = `Basic ${Buffer.from(`${srv.credentials.name}:${srv.credentials.password}`).toString('base64')}`;
    const json = { authorization: admin, 'content-type': 'application/json' };
    const made = await fetch(`${srv.url}/api/admin/users`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'qgis-viewer', role: 'viewer', password: 'viewer-password-1' }) });
    expect(made.status).toBe(201);
    const { user } = (await made.json()) as { user: { id: number } };
    const token = await fetch(`${srv.url}/api/admin/users/${user.id}/tokens`, { method: 'POST', headers: json, body: '{"name":"QGIS"}' });
    viewerToken = ((await token.json()) as { token: string }).token;
  });
  afterAll(() => srv?.stop());

  const ogrinfo = (args: string[], env: Record<string, string> = {}) => {
    try {
      return { ok: true, out: execFileSync('ogrinfo', ['-ro', '-so', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }) };
    } catch (e) {
      return { ok: false, out: String((e as { stderr?: string }).stderr ?? e) };
    }
  };

  it('reads with a bearer token (GDAL_HTTP_HEADERS)', () => {
    const r = ogrinfo([`OAPIF:${srv.url}/api`, 'checkpoints'], { GDAL_HTTP_HEADERS: `Authorization: Bearer ${viewerToken}` });
    expect(r.out).toMatch(/Geometry: Point/);
    expect(r.out).toMatch(/Feature Count: [1-9]\d*/);
  });

  it('reads with HTTP Basic given as the USERPWD open option', () => {
    const r = ogrinfo([`OAPIF:${srv.url}/api`, 'wards', '-oo', 'USERPWD=qgis-viewer:viewer-password-1']);
    expect(r.out).toMatch(/Geometry: (Multi )?Polygon/);
  });

  it('gets nothing without credentials, or with a wrong password', () => {
    const none = ogrinfo([`OAPIF:${srv.url}/api`]);
    expect(none.ok).toBe(false);
    expect(none.out).toMatch(/HTTP error code : 401/);
    const wrong = ogrinfo([`OAPIF:${srv.url}/api`, '-oo', 'USERPWD=qgis-viewer:not-the-password']);
    expect(wrong.ok).toBe(false);
    expect(wrong.out).toMatch(/401/);
  });
});
