/**
 * A backup of a PostgreSQL database is pg_dump's custom format (restore with pg_restore): a
 * consistent snapshot taken while the servers keep writing. The counts returned are read just
 * after the dump, for the operator's log.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import type { BackupInfo } from '../store.ts';

const run = promisify(execFile);

export async function pgDump(pool: pg.Pool, url: string, out: string): Promise<BackupInfo> {
  if (existsSync(out)) throw new Error(`${out} exists already; choose another name.`);
  mkdirSync(dirname(out), { recursive: true });
  try {
    await run('pg_dump', ['--format=custom', `--file=${out}`, `--dbname=${url}`], { maxBuffer: 16 << 20 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') throw new Error('pg_dump is not installed on this machine (Debian: apt-get install postgresql-client).');
    throw new Error(`pg_dump failed: ${(e as { stderr?: string }).stderr ?? (e as Error).message}`);
  }
  const r = await pool.query<{ features: number; users: number; audit: number }>('SELECT (SELECT count(*) FROM features) AS features, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM audit) AS audit');
  return { file: out, ...r.rows[0] };
}
