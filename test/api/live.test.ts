/**
 * Live updates: an open map hears of every committed change, and a closed one leaves
 * nothing behind on the server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveConnections } from '../../server/routes/live.ts';
import { checkpoint, makeTestApp, WARD_A, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = makeTestApp();
  await t.req('/api/collections/wards/items', { method: 'POST', json: WARD_A });
});
afterEach(() => t.close());

/** Reads server-sent events from a response until `until` accepts one. */
async function nextEvent(reader: ReadableStreamDefaultReader<Uint8Array>, until: (e: { event: string; data: string }) => boolean, timeoutMs = 2000) {
  const dec = new TextDecoder();
  let buf = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { value, done } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), deadline - Date.now()))]);
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      if (until({ event, data })) return { event, data };
    }
  }
  throw new Error('no matching event in time');
}

describe('GET /api/live', () => {
  it('streams each create, update and delete as it commits', async () => {
    const res = await t.req('/api/live', { as: 'viewer' });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    await nextEvent(reader, (e) => e.event === 'hello');

    const f = await (await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) })).json();
    const created = JSON.parse((await nextEvent(reader, (e) => e.event === 'change')).data);
    expect(created).toEqual([expect.objectContaining({ collection: 'checkpoints', id: f.id, action: 'create', version: 1, actor: 'admin' })]);

    await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'PATCH', headers: { 'If-Match': '"1"' }, json: { properties: { staff: 8 } } });
    expect(JSON.parse((await nextEvent(reader, (e) => e.event === 'change')).data)[0]).toMatchObject({ id: f.id, action: 'update', version: 2 });

    await t.req(`/api/collections/checkpoints/items/${f.id}`, { method: 'DELETE', headers: { 'If-Match': '"2"' } });
    expect(JSON.parse((await nextEvent(reader, (e) => e.event === 'change')).data)[0]).toMatchObject({ id: f.id, action: 'delete' });
    await reader.cancel();
  });

  it('sends nothing for a refused write', async () => {
    const reader = (await t.req('/api/live')).body!.getReader();
    await nextEvent(reader, (e) => e.event === 'hello');
    await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 95) });
    await expect(nextEvent(reader, (e) => e.event === 'change', 300)).rejects.toThrow('no matching event');
    await reader.cancel();
  });

  it('releases its listener when the client goes away', async () => {
    const before = liveConnections();
    const readers = await Promise.all([1, 2, 3].map(async () => (await t.req('/api/live')).body!.getReader()));
    for (const r of readers) await nextEvent(r, (e) => e.event === 'hello');
    expect(liveConnections()).toBe(before + 3);
    for (const r of readers) await r.cancel();
    await t.req('/api/collections/checkpoints/items', { method: 'POST', json: checkpoint(105.78, 21.06) }); // wakes the streams so they notice
    await new Promise((r) => setTimeout(r, 100));
    expect(liveConnections()).toBe(before);
  });

  it('needs an account', async () => {
    expect((await t.req('/api/live', { as: 'anonymous' })).status).toBe(401);
  });
});
