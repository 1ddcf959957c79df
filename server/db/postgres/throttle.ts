/**
 * Fixed-window counters in the database, so that every server counts the same sign-in attempts
 * (and requests): a lockout or limit reached through server A holds on server B. One
 * INSERT … ON CONFLICT per hit is atomic, so two servers cannot both take the last attempt.
 * Same semantics as SQLite's sqliteThrottle and the in-memory WindowCounter: a key is counted per
 * (limit, window), a hit over the limit is refused, and the window starts at the first hit.
 */
import type pg from 'pg';
import { windowWait, type Throttle } from '../store.ts';

type Q = Pick<pg.ClientBase, 'query'>;


export function dbThrottle(db: Q, prefix = 'login'): Throttle {
  const scope = (limit: number, windowMs: number) => `${prefix}:${limit}/${windowMs}`;
  return {
    async hit(key, limit, windowMs, now = Date.now()) {
      if (limit <= 0) return 0;
      // Counting a refused hit too keeps this one statement: past the limit the key stays
      // refused until its window ends either way, exactly as when the count stops at the limit.
      const r = await db.query<{ window_start: number; count: number }>(
        `INSERT INTO counters AS c (scope, key, window_start, count) VALUES ($1, $2, $3, 1)
         ON CONFLICT (scope, key) DO UPDATE SET
           window_start = CASE WHEN $3 - c.window_start >= $4 THEN $3 ELSE c.window_start END,
           count = CASE WHEN $3 - c.window_start >= $4 THEN 1 ELSE c.count + 1 END
         RETURNING window_start, count`,
        [scope(limit, windowMs), key, now, windowMs],
      );
      const h = r.rows[0];
      return h.count > limit ? windowWait(h.window_start, windowMs, now) : 0;
    },
    async check(key, limit, windowMs, now = Date.now()) {
      if (limit <= 0) return 0;
      const r = await db.query<{ window_start: number; count: number }>('SELECT window_start, count FROM counters WHERE scope = $1 AND key = $2', [scope(limit, windowMs), key]);
      const h = r.rows[0];
      if (!h || now - h.window_start >= windowMs || h.count < limit) return 0;
      return windowWait(h.window_start, windowMs, now);
    },
    async reset(key) {
      await db.query('DELETE FROM counters WHERE key = $1', [key]);
    },
    async unhit(key, limit, windowMs) {
      if (limit <= 0) return;
      await db.query('UPDATE counters SET count = count - 1 WHERE scope = $1 AND key = $2 AND count > 0', [scope(limit, windowMs), key]);
    },
  };
}
