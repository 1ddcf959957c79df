/**
 * Sign-in counts and account-and-address pairs in the database file (tables sign_in_counters and
 * sign_in_pairs), as PostgreSQL keeps them: `npm run user -- unlock`, another process, must lift
 * a running server's delays, and a restart must not forget a guesser. Each hit or failure is one
 * upsert, atomic like the PostgreSQL statements; sign-in already writes the user row, so these
 * writes add no new kind of lock wait.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../open.ts';
import { SIGN_IN_PAIR_FORGOTTEN_MS, windowWait, type Throttle, type SignInPair, type SignInPairs } from '../store.ts';


type Counter = { window_start: number; count: number };

/** Fixed windows per (limit, window): see Throttle and PostgreSQL's dbThrottle. */
export function sqliteThrottle(db: Db): Throttle {
  const scope = (limit: number, windowMs: number) => `login:${limit}/${windowMs}`;
  const s = db.sqlite;
  const hit = s.prepare(
    `INSERT INTO sign_in_counters (scope, key, window_start, count) VALUES (?, ?, ?, 1)
     ON CONFLICT (scope, key) DO UPDATE SET
       count = CASE WHEN excluded.window_start - window_start >= ? THEN 1 ELSE count + 1 END,
       window_start = CASE WHEN excluded.window_start - window_start >= ? THEN excluded.window_start ELSE window_start END
     RETURNING window_start, count`,
  ) as Statement<unknown[], Counter>;
  const get = s.prepare('SELECT window_start, count FROM sign_in_counters WHERE scope = ? AND key = ?') as Statement<unknown[], Counter>;
  const reset = s.prepare('DELETE FROM sign_in_counters WHERE key = ?');
  const unhit = s.prepare('UPDATE sign_in_counters SET count = count - 1 WHERE scope = ? AND key = ? AND count > 0');
  return {
    async hit(key, limit, windowMs, now = Date.now()) {
      if (limit <= 0) return 0;
      // SQLite evaluates every SET expression against the row as it was, so the order above is safe.
      const h = hit.get(scope(limit, windowMs), key, now, windowMs, windowMs)!;
      return h.count > limit ? windowWait(h.window_start, windowMs, now) : 0;
    },
    async check(key, limit, windowMs, now = Date.now()) {
      if (limit <= 0) return 0;
      const h = get.get(scope(limit, windowMs), key);
      if (!h || now - h.window_start >= windowMs || h.count < limit) return 0;
      return windowWait(h.window_start, windowMs, now);
    },
    async reset(key) {
      reset.run(key);
    },
    async unhit(key, limit, windowMs) {
      if (limit > 0) unhit.run(scope(limit, windowMs), key);
    },
  };
}


type PairRow = { failures: number; last: number; known_until: number };
const toPair = (r: PairRow): SignInPair => ({ failures: r.failures, last: r.last, knownUntil: r.known_until });

export function sqliteSignInPairs(db: Db): SignInPairs {
  const s = db.sqlite;
  const get = s.prepare('SELECT failures, last, known_until FROM sign_in_pairs WHERE account = ? AND address = ?') as Statement<unknown[], PairRow>;
  const fail = s.prepare(
    `INSERT INTO sign_in_pairs (account, address, failures, last) VALUES (?, ?, 1, ?)
     ON CONFLICT (account, address) DO UPDATE SET failures = failures + 1, last = excluded.last
     RETURNING failures, last, known_until`,
  ) as Statement<unknown[], PairRow>;
  const sweep = s.prepare('DELETE FROM sign_in_pairs WHERE known_until < ? AND last < ?');
  const succeed = s.prepare(
    `INSERT INTO sign_in_pairs (account, address, failures, last, known_until) VALUES (?, ?, 0, 0, ?)
     ON CONFLICT (account, address) DO UPDATE SET failures = 0, last = 0, known_until = excluded.known_until`,
  );
  const forgive = s.prepare('UPDATE sign_in_pairs SET failures = 0, last = 0 WHERE account = ?');
  let fails = 0;
  return {
    async get(account, address) {
      const r = get.get(account, address);
      return r ? toPair(r) : null;
    },
    async fail(account, address, now) {
      // Swept now and then, by the writes that add rows: made-up names from many addresses must not pile up.
      if (++fails % 100 === 0) sweep.run(now - SIGN_IN_PAIR_FORGOTTEN_MS, now - SIGN_IN_PAIR_FORGOTTEN_MS);
      return toPair(fail.get(account, address, now)!);
    },
    async succeed(account, address, knownUntil) {
      succeed.run(account, address, knownUntil);
    },
    async forgive(account) {
      forgive.run(account);
    },
  };
}
