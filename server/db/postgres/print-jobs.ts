/**
 * Print jobs in PostgreSQL: progress and the finished PDF (bytea) in `print_jobs`, so a client
 * polling through a load balancer may ask any server. A job whose server died stays 'running'
 * without progress: jobs not touched for JOB_STALE_MS are reported failed.
 */
import type pg from 'pg';
import { JOB_TTL_MS, type PrintJob, type PrintJobs } from '../print-jobs.ts';

/** Rendering reports progress page by page; a job silent this long has lost its server. */
const JOB_STALE_MS = 5 * 60_000;

export function postgresPrintJobs(pool: pg.Pool, server: string): PrintJobs {
  const now = () => new Date().toISOString();
  return {
    async create({ id, title }) {
      await pool.query(`DELETE FROM print_jobs WHERE finished_at < $1`, [new Date(Date.now() - JOB_TTL_MS).toISOString()]);
      await pool.query(`INSERT INTO print_jobs (id, state, title, server, created_at, updated_at) VALUES ($1, 'running', $2, $3, $4, $4)`, [id, title, server, now()]);
    },
    async progress(id, done, total) {
      await pool.query('UPDATE print_jobs SET done = $2, total = $3, updated_at = $4 WHERE id = $1', [id, done, total, now()]);
    },
    async finish(id, pdf, title) {
      await pool.query(`UPDATE print_jobs SET state = 'done', pdf = $2, title = $3, finished_at = $4, updated_at = $4 WHERE id = $1`, [id, pdf, title, now()]);
    },
    async fail(id, error) {
      await pool.query(`UPDATE print_jobs SET state = 'failed', error = $2, finished_at = $3, updated_at = $3 WHERE id = $1`, [id, error, now()]);
    },
    async get(id) {
      const r = await pool.query<PrintJob & { updated_at: string; finished_at: string | null }>('SELECT id, state, done, total, title, error, updated_at, finished_at FROM print_jobs WHERE id = $1', [id]);
      const j = r.rows[0];
      if (!j || (j.finished_at && Date.now() - Date.parse(j.finished_at) > JOB_TTL_MS)) return null;
      if (j.state === 'running' && Date.now() - Date.parse(j.updated_at) > JOB_STALE_MS) return { id: j.id, state: 'failed', done: j.done, total: j.total, title: j.title, error: 'The server rendering this print stopped; start the print again.' };
      return { id: j.id, state: j.state, done: j.done, total: j.total, title: j.title, ...(j.error ? { error: j.error } : {}) };
    },
    async pdf(id) {
      const r = await pool.query<{ pdf: Buffer | null }>(`SELECT pdf FROM print_jobs WHERE id = $1 AND state = 'done'`, [id]);
      return r.rows[0]?.pdf ?? null;
    },
    async runningHere() {
      const r = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM print_jobs WHERE server = $1 AND state = 'running'`, [server]);
      return r.rows[0].n;
    },
  };
}
