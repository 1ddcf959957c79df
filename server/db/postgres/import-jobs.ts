/**
 * Import jobs in PostgreSQL's import_jobs table (see ../import-jobs.ts): written when a job starts,
 * as it reads (progress doubles as a heartbeat) and when it ends; a heartbeat every HEARTBEAT_MS
 * for each running job of this server, so that a server on another host can tell it is alive.
 */
import type pg from 'pg';
import { expired, expiredBefore, jobOfRow, storedEnd, type ImportJobStore, type StoredJobRow } from '../import-jobs.ts';

export function postgresImportJobs(pool: pg.Pool): ImportJobStore {
  const now = () => new Date().toISOString();
  return {
    heartbeats: true,
    async create(job, owner) {
      const at = now();
      await pool.query('DELETE FROM import_jobs WHERE finished_at < $1', [expiredBefore()]);
      await pool.query(
        `INSERT INTO import_jobs (id, layer, file, state, n_read, n_written, server, host, pid, started_at, heartbeat_at) VALUES ($1, $2, $3, 'running', 0, 0, $4, $5, $6, $7, $8)`,
        [job.id, job.layer, job.file, owner.server, owner.host, owner.pid, job.started_at, at],
      );
    },
    async progress(id, read) {
      await pool.query(`UPDATE import_jobs SET n_read = $2, heartbeat_at = $3 WHERE id = $1 AND state = 'running'`, [id, read, now()]);
    },
    async heartbeat(server) {
      await pool.query(`UPDATE import_jobs SET heartbeat_at = $2 WHERE server = $1 AND state = 'running'`, [server, now()]);
    },
    async finish(id, end) {
      const at = now();
      await pool.query(`UPDATE import_jobs SET state = $2, n_read = $3, n_written = $4, report = $5, problem = $6, finished_at = $7, heartbeat_at = $7 WHERE id = $1`, [id, ...storedEnd(end), at]);
    },
    async get(id) {
      const r = (await pool.query<StoredJobRow>('SELECT * FROM import_jobs WHERE id = $1', [id])).rows[0];
      return r && !expired(r.finished_at) ? jobOfRow(r) : null;
    },
  };
}
