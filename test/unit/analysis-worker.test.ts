/**
 * The analysis worker's protocol, end to end through a MessageChannel standing in for the
 * Worker boundary (structured cloning included): ids, concurrency, errors, abort.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { point } from '@turf/turf';
import { area } from '@turf/turf';
import { handleRequest, type AnalysisRequest } from '../../client/src/lib/analysis-worker.ts';
import { createAnalysisClient, AnalysisError, type WorkerLike } from '../../client/src/lib/analysis-client.ts';

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => (c.port1.close(), c.port2.close())));

/** A fake Worker: messages cross a real MessageChannel, the far side runs handleRequest. */
function channelWorker(): WorkerLike & { received: AnalysisRequest[] } {
  const ch = new MessageChannel();
  channels.push(ch);
  const received: AnalysisRequest[] = [];
  ch.port2.onmessage = (e) => {
    received.push(e.data);
    ch.port2.postMessage(handleRequest(e.data));
  };
  return {
    received,
    postMessage: (m) => ch.port1.postMessage(m),
    addEventListener: (type: string, h: (e: never) => void) => {
      if (type === 'message') ch.port1.addEventListener('message', h as never);
    },
    terminate: () => ch.port1.close(),
  } as WorkerLike & { received: AnalysisRequest[] };
}

const hanoi = point([105.78, 21.05], { name: 'Chốt 1', status: 'active' });

describe('handleRequest', () => {
  it('runs a core function and reports its result and time', () => {
    const res = handleRequest({ id: 4, op: 'parseDistances', args: ['100 m; 1,5 km'] });
    expect(res).toMatchObject({ id: 4, ok: true, result: [100, 1500] });
    expect(res.ok && res.ms).toBeGreaterThanOrEqual(0);
  });

  it('turns a thrown error into {ok: false} with its name and message', () => {
    expect(handleRequest({ id: 5, op: 'buffer', args: [[hanoi], { distances: 0 }] })).toEqual({
      id: 5,
      ok: false,
      error: { name: 'RangeError', message: 'a buffer distance must be a positive number of metres, got 0' },
    });
  });

  it('refuses an unknown operation and arguments that are not a list', () => {
    const unknown = handleRequest({ id: 6, op: 'toString' as never, args: [] as never });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error.message).toMatch(/unknown analysis "toString"; known: buffer, dissolve/);
    expect(handleRequest({ id: 7, op: 'buffer', args: {} as never })).toMatchObject({ ok: false, error: { name: 'TypeError' } });
  });
});

describe('createAnalysisClient over a message channel', () => {
  it('resolves each request with its own result when several are in flight', async () => {
    const worker = channelWorker();
    const client = createAnalysisClient(worker);
    const [rings, distances] = await Promise.all([
      client.run('buffer', [[hanoi], { distances: [100, 500], annuli: true }]),
      client.run('parseDistances', ['0.1, 0.5 km']),
    ]);
    expect(distances).toEqual([100, 500]);
    expect(rings.features.map((f) => f.properties)).toEqual([
      { distance_m: 100, inner_m: 0, ring: 1 },
      { distance_m: 500, inner_m: 100, ring: 2 },
    ]);
    expect(Math.abs(area(rings.features[1]) - Math.PI * (500 ** 2 - 100 ** 2)) / (Math.PI * (500 ** 2 - 100 ** 2))).toBeLessThan(0.01);
    expect(worker.received.map((r) => [r.id, r.op])).toEqual([
      [1, 'buffer'],
      [2, 'parseDistances'],
    ]);
  });

  it('rejects with the analysis error, keeping its name', async () => {
    const client = createAnalysisClient(channelWorker());
    const err = await client.run('coverage', [[], [], { distanceM: -5 }]).catch((e) => e);
    expect(err).toBeInstanceOf(AnalysisError);
    expect(err).toMatchObject({ name: 'RangeError', op: 'coverage', message: 'distanceM must be a positive number of metres, got -5' });
  });

  it('rejects an aborted request with an AbortError', async () => {
    const client = createAnalysisClient(channelWorker());
    const ctl = new AbortController();
    const p = client.run('parseDistances', ['500 m'], { signal: ctl.signal });
    ctl.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('runs in this thread when there is no worker', async () => {
    const client = createAnalysisClient(null);
    await expect(client.run('parseDistances', ['2 km'])).resolves.toEqual([2000]);
    await expect(client.run('parseDistances', ['far'])).rejects.toMatchObject({ name: 'DistanceError' });
  });
});
