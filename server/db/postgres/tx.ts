/**
 * One transaction on a pooled connection. A deadlock or serialization failure (two servers
 * writing the same rows in opposite orders) rolls back and runs the work again, a few times:
 * the work is a function of the database state it reads, so re-running it is safe.
 */
import type pg from 'pg';

const RETRY = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure

export async function transaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      if (attempt < 5 && RETRY.has((e as { code?: string }).code ?? '')) continue;
      throw e;
    } finally {
      c.release();
    }
  }
}
