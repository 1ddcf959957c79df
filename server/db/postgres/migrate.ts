/**
 * Applies the PostgreSQL migrations (./migrations/*.sql, in name order) that a database has not
 * had yet, each in its own transaction. Plain SQL rather than drizzle-kit output: this backend
 * is written in SQL (PostGIS functions, FOR UPDATE, advisory locks, a generated geometry column
 * drizzle's PostGIS type cannot decode), so a schema in drizzle's pg dialect would describe
 * tables no query uses through it. One history per backend: ../migrations is SQLite's.
 *
 * Several servers starting at once against a fresh database is the normal case behind a load
 * balancer: a session-level advisory lock makes the first apply and the others wait and skip.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const DIR = fileURLToPath(new URL('./migrations', import.meta.url));
/** Any constant, shared by every opsmap server: pg_advisory_lock takes a bigint key. */
const LOCK = 0x6f70736d6170; // "opsmap"

export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS opsmap_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM opsmap_migrations')).rows.map((r) => r.name));
    for (const file of readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort()) {
      if (done.has(file)) continue;
      await client.query('BEGIN');
      try {
        await client.query(readFileSync(`${DIR}/${file}`, 'utf8'));
        await client.query('INSERT INTO opsmap_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`PostgreSQL migration ${file} failed: ${(e as Error).message}${/postgis|geometry/i.test((e as Error).message) ? ' — is PostGIS installed? As a superuser: CREATE EXTENSION postgis;' : ''}`, { cause: e });
      }
      applied.push(file);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => {});
    client.release();
  }
  return applied;
}
