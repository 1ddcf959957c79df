import { describe, expect, it } from 'vitest';
import type { Store } from '../db/store.ts';
import { ResponseCache } from './response-cache.ts';

/** Just what the cache reads of a store: the change stamp and the change feed. */
function fakeStore() {
  const subscribers: Array<() => void> = [];
  const state = { stamp: '1' };
  const store = { changes: { stamp: async () => state.stamp, subscribe: (fn: () => void) => (subscribers.push(fn), () => {}) } } as unknown as Store;
  return { store, state, announce: () => subscribers.forEach((fn) => fn()) };
}
const answer = (n: number) => ({ body: new Uint8Array(n), etag: `W/"${n}"` });

describe('ResponseCache', () => {
  it('keeps an answer at once by default, and drops it with a change announced or a new stamp', async () => {
    const { store, state, announce } = fakeStore();
    const cache = new ResponseCache(store, 1000);
    await cache.get('a');
    cache.set('a', answer(10));
    expect((await cache.get('a'))?.etag).toBe('W/"10"');
    announce();
    expect(await cache.get('a')).toBeUndefined();
    cache.set('a', answer(10));
    state.stamp = '2'; // committed by another connection, not announced
    expect(await cache.get('a')).toBeUndefined();
  });

  it('does not keep an answer built across a change (it may hold the data from before it)', async () => {
    const { store, state, announce } = fakeStore();
    const cache = new ResponseCache(store, 1000);
    expect(await cache.get('a')).toBeUndefined(); // the request starts reading
    announce(); // a commit lands meanwhile
    cache.set('a', answer(10));
    expect(await cache.get('a')).toBeUndefined();
    cache.set('a', answer(11)); // read after the change: kept
    expect((await cache.get('a'))?.etag).toBe('W/"11"');
    await cache.get('b');
    state.stamp = '2';
    await cache.get('c'); // a new stamp seen by another request empties the cache too
    cache.set('b', answer(12));
    expect(await cache.get('b')).toBeUndefined();
  });

  it('with admitOnSecondAsk, keeps an answer only when its key is asked for again', async () => {
    const { store } = fakeStore();
    const cache = new ResponseCache(store, 1000, { admitOnSecondAsk: true });
    cache.set('a', answer(10)); // first ask: only the key is remembered
    cache.set('b', answer(20));
    expect([await cache.get('a'), await cache.get('b'), cache.size]).toEqual([undefined, undefined, 0]);
    cache.set('a', answer(11)); // second ask: kept
    expect((await cache.get('a'))?.etag).toBe('W/"11"');
    expect(await cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
