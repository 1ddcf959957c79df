/**
 * Sign-in counters and account-and-address pairs in process memory, for the SQLite store: one
 * server process per database file, so there is no other server to share them with. A restart
 * forgets them; the account lock, in the database, it does not.
 */
import { WindowCounter } from '../../auth/limiter.ts';
import type { LoginThrottle, SignInPair, SignInPairs } from '../store.ts';

/** Fixed windows per (limit, window), as the database throttle of a shared backend keeps them. */
export function memoryThrottle(): LoginThrottle {
  const counters = new Map<string, WindowCounter>();
  const counter = (limit: number, windowMs: number) => {
    const k = `${limit}/${windowMs}`;
    let c = counters.get(k);
    if (!c) counters.set(k, (c = new WindowCounter(limit, windowMs)));
    return c;
  };
  return {
    hit: async (key, limit, windowMs, now) => counter(limit, windowMs).hit(key, now),
    check: async (key, limit, windowMs, now) => counter(limit, windowMs).check(key, now),
    reset: async (key) => counters.forEach((c) => c.reset(key)),
    unhit: async (key, limit, windowMs) => counter(limit, windowMs).unhit(key),
  };
}

/** Past this many pairs the oldest memory is dropped whole: a flood of made-up names cannot fill the heap. */
const MAX_PAIRS = 100_000;

export function memorySignInPairs(): SignInPairs {
  const pairs = new Map<string, SignInPair>();
  const key = (account: string, address: string) => `${account}\0${address}`;
  const put = (k: string, p: SignInPair) => {
    if (pairs.size >= MAX_PAIRS && !pairs.has(k)) pairs.clear();
    pairs.set(k, p);
  };
  return {
    get: async (account, address) => {
      const p = pairs.get(key(account, address));
      return p ? { ...p } : null;
    },
    fail: async (account, address, now) => {
      const k = key(account, address);
      const p = pairs.get(k) ?? { failures: 0, last: 0, knownUntil: 0 };
      const after = { ...p, failures: p.failures + 1, last: now };
      put(k, after);
      return { ...after };
    },
    succeed: async (account, address, knownUntil) => put(key(account, address), { failures: 0, last: 0, knownUntil }),
    forgive: async (account) => {
      for (const [k, p] of pairs) if (k.startsWith(`${account}\0`)) pairs.set(k, { ...p, failures: 0, last: 0 });
    },
  };
}
