/**
 * The connection pool to a PostgreSQL database, from `OPSMAP_DATABASE_URL`. node-postgres
 * returns int8 (count(*), bigint ids) as strings to keep precision past 2^53; opsmap's counts
 * and ids stay far below that, so they are parsed as numbers, once, here.
 */
import pg from 'pg';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PoolOptions {
  /** Connections per server process; PostgreSQL's default max_connections (100) fits ~8 servers. */
  max?: number;
}

export function openPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, application_name: 'opsmap' });
  // An idle client losing its connection (a database restart) must not crash the server; the pool replaces it.
  pool.on('error', (e) => console.error(`opsmap: PostgreSQL connection lost: ${e.message}`));
  return pool;
}
