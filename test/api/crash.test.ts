/**
 * The real server process, killed with SIGKILL in the middle of a burst of writes, loses
 * none that it acknowledged: after a restart on the same database every feature whose
 * creation was answered 201 is there, with its audit row.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.ts';
import { checkpoint } from '../support/app.ts';

const running: RunningServer[] = [];
afterAll(async () => {
  for (const s of running.reverse()) await s.stop();
});

describe('SIGKILL during a burst of writes', () => {
  it('keeps every acknowledged write', async () => {
    const first = await startServer({ env: { OPSMAP_SEED: 'none', OPSMAP_RATE_LIMIT: '0' } });
    running.push(first);
    const basic = `Basic ${Buffer.from(`${first.credentials.name}:${first.credentials.password}`).toString('base64')}`;
    const made = await fetch(`${first.url}/api/auth/tokens`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' }, body: '{"name":"crash test"}' });
    expect(made.status).toBe(201);
    const { token } = (await made.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/geo+json' };

    const acknowledged: { id: number; name: string }[] = [];
    let stop = false;
    let failures = 0;
    // Eight writers in parallel, each sending one checkpoint after another until the process dies.
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const name = `Chốt ${w}-${i}`;
        try {
          const res = await fetch(`${first.url}/api/collections/checkpoints/items`, { method: 'POST', headers, body: JSON.stringify(checkpoint(105.77 + w * 0.002, 21.05 + (i % 100) * 0.0002, { name })) });
          if (res.status !== 201) throw new Error(`status ${res.status}: ${await res.text()}`);
          const f = (await res.json()) as { id: number };
          acknowledged.push({ id: f.id, name });
        } catch (e) {
          if (!stop && !/fetch failed|ECONNRESET|socket/i.test(String((e as Error).cause ?? e))) throw e;
          failures++;
          return;
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 5));
    await first.kill(); // mid-burst: requests are in flight
    stop = true;
    await Promise.all(writers);
    expect(failures).toBeGreaterThan(0); // some writes were indeed cut off

    const second = await startServer({ dir: first.dir, dbFile: first.dbFile, env: { OPSMAP_SEED: 'none' } });
    running.push(second);
    const res = await fetch(`${second.url}/api/collections/checkpoints/items?limit=10000`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const stored = new Map(((await res.json()) as { features: { id: number; properties: { name: string } }[] }).features.map((f) => [f.id, f.properties.name]));
    const lost = acknowledged.filter((a) => stored.get(a.id) !== a.name);
    expect(lost).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);

    const audit = await fetch(`${second.url}/api/admin/audit`, { headers: { authorization: `Bearer ${token}` } });
    const entries = ((await audit.json()) as { entries: { feature_id: number; action: string; actor: string }[] }).entries;
    const audited = new Set(entries.filter((e) => e.action === 'create' && e.actor === 'admin').map((e) => e.feature_id));
    expect(acknowledged.filter((a) => !audited.has(a.id))).toEqual([]);
    // The audit trail and the features agree: no row without the other, even for writes cut off.
    expect(audited.size).toBe(stored.size);
  });
});
