/**
 * Account-and-address sign-in records in PostgreSQL (see SignInPairs in ../store.ts), so that
 * a delay earned through server A holds on B, and an admin's unlock on either lifts it on all.
 * A failure is one INSERT … ON CONFLICT: two servers counting the same pair at once both count.
 */
import type pg from 'pg';
import { SIGN_IN_PAIR_FORGOTTEN_MS, type SignInPair, type SignInPairs } from '../store.ts';

type Q = Pick<pg.ClientBase, 'query'>;
type Row = { failures: number; last: string; known_until: string };


const toPair = (r: Row): SignInPair => ({ failures: r.failures, last: Number(r.last), knownUntil: Number(r.known_until) });

export function dbSignInPairs(db: Q): SignInPairs {
  let fails = 0;
  return {
    async get(account, address) {
      const r = await db.query<Row>('SELECT failures, last, known_until FROM sign_in_pairs WHERE account = $1 AND address = $2', [account, address]);
      return r.rows[0] ? toPair(r.rows[0]) : null;
    },
    async fail(account, address, now) {
      // Swept now and then, by the writes that add rows: made-up names from many addresses must not pile up.
      if (++fails % 100 === 0) await db.query('DELETE FROM sign_in_pairs WHERE known_until < $1 AND last < $1', [now - SIGN_IN_PAIR_FORGOTTEN_MS]);
      const r = await db.query<Row>(
        `INSERT INTO sign_in_pairs AS p (account, address, failures, last) VALUES ($1, $2, 1, $3)
         ON CONFLICT (account, address) DO UPDATE SET failures = p.failures + 1, last = $3
         RETURNING failures, last, known_until`,
        [account, address, now],
      );
      return toPair(r.rows[0]);
    },
    async succeed(account, address, knownUntil) {
      await db.query(
        `INSERT INTO sign_in_pairs (account, address, failures, last, known_until) VALUES ($1, $2, 0, 0, $3)
         ON CONFLICT (account, address) DO UPDATE SET failures = 0, last = 0, known_until = $3`,
        [account, address, knownUntil],
      );
    },
    async forgive(account) {
      await db.query('UPDATE sign_in_pairs SET failures = 0, last = 0 WHERE account = $1', [account]);
    },
  };
}
