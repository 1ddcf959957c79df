/**
 * What signing in costs: one scrypt password check at the production cost (the price of a
 * sign-in, and of a Basic request the first time), and requests to GET /api/collections
 * authenticated by API token, session cookie and Basic (remembered after the first check),
 * as ratios against the same request with an API token (the baseline).
 */
import { performance } from 'node:perf_hooks';
import { hashPassword, verifyPassword } from '../../server/auth/password.ts';
import { makeTestApp } from '../support/app.ts';

async function timeEach(n: number, f: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await f(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f();
  return (performance.now() - t0) / n;
}

export async function bench(): Promise<void> {
  const hash = await hashPassword('a-realistic-password');
  const scrypt = await timeEach(5, () => verifyPassword('a-realistic-password', hash));
  console.log(`scrypt check (N=2^15, r=8, p=1; 32 MiB): ${scrypt.toFixed(0)} ms per sign-in`);

  const t = makeTestApp();
  try {
    const login = await t.req('/api/auth/login', { method: 'POST', as: 'anonymous', json: { name: 'viewer', password: 'viewer-password-1' } });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const basic = `Basic ${Buffer.from('viewer:viewer-password-1').toString('base64')}`;
    const n = 2000;
    const get = (headers: Record<string, string>) => async () => (await t.req('/api/collections', { as: 'anonymous', headers })).arrayBuffer();
    // Interleaved rounds, best of each: the machine is shared, and the first round pays for JIT warm-up.
    const kinds = { token: get({ authorization: `Bearer ${t.users.viewer.token}` }), session: get({ cookie }), basic: get({ authorization: basic }), anonymous: get({}) };
    const best: Record<string, number> = {};
    for (let round = 0; round < 4; round++) for (const [k, f] of Object.entries(kinds)) best[k] = Math.min(best[k] ?? Infinity, await timeEach(n / 4, f));
    const { token, session, basic: basicCached, anonymous } = best;
    const row = (name: string, ms: number) => console.log(`${name.padEnd(28)} ${(ms * 1000).toFixed(0).padStart(6)} µs/request  ×${(ms / token).toFixed(2)} of token`);
    row('API token (baseline)', token);
    row('session cookie', session);
    row('Basic, remembered', basicCached);
    row('no credentials (401)', anonymous);
  } finally {
    t.close();
  }
}
