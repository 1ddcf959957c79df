/**
 * Counting events per key in a fixed window, in memory: the per-address request limit on
 * SQLite, where one server process serves the file. A restart forgets the counts.
 */
import { windowWait, type Throttle } from '../db/store.ts';

export class WindowCounter {
  private readonly hits = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one event; returns the seconds to wait when the key is over its limit, else 0. */
  hit(key: string, now = Date.now()): number {
    const wait = this.check(key, now);
    if (wait) return wait;
    const h = this.hits.get(key);
    if (!h || now - h.start >= this.windowMs) this.hits.set(key, { start: now, count: 1 });
    else h.count++;
    if (this.hits.size > 50_000) this.sweep(now);
    return 0;
  }

  /** Seconds to wait before `key` may act again (0: now). Does not count. */
  check(key: string, now = Date.now()): number {
    if (this.limit <= 0) return 0;
    const h = this.hits.get(key);
    if (!h || now - h.start >= this.windowMs || h.count < this.limit) return 0;
    return windowWait(h.start, this.windowMs, now);
  }

  /** Takes back one counted event (an attempt reserved as a failure that succeeded). */
  unhit(key: string): void {
    const h = this.hits.get(key);
    if (h && h.count > 0) h.count--;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number): void {
    for (const [k, h] of this.hits) if (now - h.start >= this.windowMs) this.hits.delete(k);
  }
}

/** A Throttle in this process: one WindowCounter per (limit, window), as the database throttles keep them. */
export function memoryThrottle(): Throttle {
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
