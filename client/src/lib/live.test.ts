/**
 * The live stream skips what this browser wrote itself: the write's answer is already the new
 * feature, so its event must not fetch it again — also when the event comes before the answer.
 * Others' changes, and ours at another version, are still reloaded.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Change } from '../../../core/api/types.ts';
import type { LayerId } from '../../../core/layers.ts';
import { createItem, deleteItem, replaceItem } from './api.ts';
import { startLive, type Changed, type EventSourceLike } from './live.ts';
import { OwnWrites, ownWrites } from './own-writes.ts';

/** An EventSource the test speaks through. */
class FakeStream implements EventSourceLike {
  readyState = 1;
  private listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();
  addEventListener(type: string, listener: (e: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.readyState = 2;
  }
  emit(type: string, data: unknown) {
    for (const l of this.listeners.get(type) ?? []) l({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
}

const change = (id: number, version: number, action: Change['action'] = 'update', collection = 'checkpoints'): Change => ({ collection, id, action, version, at: '2021-05-12T01:00:00Z', actor: 'someone' });
const feature = (id: number, version: number) => ({ type: 'Feature', id, version, geometry: { type: 'Point', coordinates: [105.76, 21.04] }, properties: { name: `C${id}` }, created_at: '2021-05-12T01:00:00Z', updated_at: '2021-05-12T01:00:00Z' });
const body = { type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [105.76, 21.04] }, properties: { name: 'C' } };

/** A fetch answering each request with the next of `answers` (a status and a body), or waiting for `release` when it is a promise. */
function stubFetch(answers: (() => Promise<{ status: number; body: unknown }>)[]) {
  const calls: { method: string; url: string }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ method: String(init.method), url });
    const a = await answers.shift()!();
    return new Response(a.body === null ? null : JSON.stringify(a.body), { status: a.status, headers: { ETag: '"1"' } });
  });
  return calls;
}

function listen(own: OwnWrites) {
  const stream = new FakeStream();
  const reloads: [LayerId, Changed[] | null][][] = [];
  const stop = startLive({ own, debounceMs: 10, connect: () => stream, reload: async (_layers, changed) => void reloads.push([...changed]) });
  stream.emit('hello', {});
  return { stream, reloads, stop };
}

describe('live updates and this browser’s own writes', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('does not reload a feature this browser created, updated or deleted', async () => {
    stubFetch([async () => ({ status: 201, body: feature(7, 1) }), async () => ({ status: 200, body: feature(7, 2) }), async () => ({ status: 204, body: null })]);
    const { stream, reloads, stop } = listen(ownWrites);
    await createItem('checkpoints', body);
    stream.emit('change', [change(7, 1, 'create')]);
    await vi.advanceTimersByTimeAsync(50);
    await replaceItem('checkpoints', 7, body, 1);
    stream.emit('change', [change(7, 2)]);
    await vi.advanceTimersByTimeAsync(50);
    await deleteItem('checkpoints', 7, 2);
    stream.emit('change', [change(7, 2, 'delete')]);
    await vi.advanceTimersByTimeAsync(50);
    expect(reloads).toEqual([]);
    stop();
  });

  it('skips our event even when it arrives before our write is answered', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    stubFetch([() => answered.then(() => ({ status: 201, body: feature(8, 1) }))]);
    const { stream, reloads, stop } = listen(ownWrites);
    const write = createItem('checkpoints', body);
    await vi.advanceTimersByTimeAsync(0);
    stream.emit('change', [change(8, 1, 'create')]); // the server publishes on commit, then answers
    await vi.advanceTimersByTimeAsync(50); // the debounce is over; the stream waits for the answer
    expect(reloads).toEqual([]);
    answer();
    await write;
    await vi.advanceTimersByTimeAsync(50);
    expect(reloads).toEqual([]);
    stop();
  });

  it('still reloads others’ changes, and a later version of a feature we wrote', async () => {
    const own = new OwnWrites();
    own.note({ collection: 'checkpoints', id: 7, version: 2, deleted: false });
    const { stream, reloads, stop } = listen(own);
    stream.emit('change', [change(7, 2), change(9, 4), change(5, 1, 'create', 'incidents')]);
    await vi.advanceTimersByTimeAsync(50);
    stream.emit('change', [change(7, 3)]);
    await vi.advanceTimersByTimeAsync(50);
    expect(reloads).toEqual([
      [
        ['checkpoints', [{ id: 9, deleted: false }]],
        ['incidents', [{ id: 5, deleted: false }]],
      ],
      [['checkpoints', [{ id: 7, deleted: false }]]],
    ]);
    stop();
  });

  it('reloads every layer, whole, after a reconnect', async () => {
    const { stream, reloads, stop } = listen(new OwnWrites());
    stream.emit('hello', {});
    await vi.advanceTimersByTimeAsync(50);
    expect(reloads).toHaveLength(1);
    expect(reloads[0].every(([, ids]) => ids === null)).toBe(true);
    expect(reloads[0].map(([l]) => l)).toContain('checkpoints');
    stop();
  });
});
