/**
 * Import jobs in SQLite's import_jobs table (see ../import-jobs.ts). Progress and heartbeats are
 * not written: the import thread holds the database's one write lock while it runs, and every
 * server sharing a SQLite file runs on its host, so a dead server is told by its process id.
 */
import { expired, expiredBefore, jobOfRow, storedEnd, type ImportJobStore, type StoredJobRow } from '../import-jobs.ts';
import type { Db } from '../open.ts';

export function sqliteImportJobs(db: Db): ImportJobStore {
  const now = () => new Date().toISOString();
  return {
    heartbeats: false,
    async create(job, owner) {
      const at = now();
      db.sqlite.prepare('DELETE FROM import_jobs WHERE finished_at < ?').run(expiredBefore());
      db.sqlite
        .prepare(`INSERT INTO import_jobs (id, layer, file, state, n_read, n_written, server, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, 'running', 0, 0, ?, ?, ?, ?, ?)`)
        .run(job.id, job.layer, job.file, owner.server, owner.host, owner.pid, job.started_at, at);
    },
    async progress() {},
    async heartbeat() {},
    async finish(id, end) {
      const at = now();
      db.sqlite
        .prepare(`UPDATE import_jobs SET state = ?, n_read = ?, n_written = ?, report = ?, problem = ?, finished_at = ?, heartbeat_at = ? WHERE id = ?`)
        .run(...storedEnd(end), at, at, id);
    },
    async get(id) {
      const r = db.sqlite.prepare('SELECT * FROM import_jobs WHERE id = ?').get(id) as StoredJobRow | undefined;
      return r && !expired(r.finished_at) ? jobOfRow(r) : null;
    },
  };
}
