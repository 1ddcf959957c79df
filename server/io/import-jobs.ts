/**
 * Large HTTP imports run as jobs, as long prints do (server/routes/print.ts): POST answers 202
 * with the job and a Location to poll; the job reports the features read so far and, at the end,
 * the import report or the problem (status, detail, issues) the synchronous answer would have
 * been. Jobs live in this server's memory (the import itself is in the database); a finished
 * one is kept JOB_TTL_MS for its answer to be read.
 */
import { randomUUID } from 'node:crypto';
import { HttpProblem } from '../http/problem.ts';
import type { ImportReport } from './import.ts';

export interface ImportJob {
  id: string;
  layer: string;
  file: string;
  state: 'running' | 'done' | 'failed';
  /** Features read (and checked) so far; all of them are written in the one transaction at the end. */
  read: number;
  /** Features written: 0 until the transaction commits, then all of them. */
  written: number;
  report?: ImportReport;
  problem?: { status: number; detail: string; issues?: unknown[] };
  started_at: string;
  finished_at?: string;
}

export const JOB_TTL_MS = 60 * 60_000;
/** One import thread writes at a time per database anyway; a few more may wait their turn. */
export const MAX_RUNNING = 2;

export class ImportJobs {
  private jobs = new Map<string, ImportJob>();

  /** Starts `work` as a job; 429 while MAX_RUNNING imports run. */
  start(layer: string, file: string, work: (onProgress: (read: number) => void) => Promise<ImportReport>, toProblem: (e: unknown) => ImportJob['problem']): ImportJob {
    this.sweep();
    if ([...this.jobs.values()].filter((j) => j.state === 'running').length >= MAX_RUNNING)
      throw new HttpProblem(429, `${MAX_RUNNING} imports are already running; wait for one to finish and try again.`, { retryAfter: 30 });
    const job: ImportJob = { id: randomUUID(), layer, file, state: 'running', read: 0, written: 0, started_at: new Date().toISOString() };
    this.jobs.set(job.id, job);
    work((read) => (job.read = read))
      .then((report) => Object.assign(job, { state: 'done', report, read: report.read, written: report.imported, finished_at: new Date().toISOString() }))
      .catch((e: unknown) => Object.assign(job, { state: 'failed', problem: toProblem(e), finished_at: new Date().toISOString() }));
    return job;
  }

  get(id: string, layer: string): ImportJob {
    this.sweep();
    const j = this.jobs.get(id);
    if (!j || j.layer !== layer) throw new HttpProblem(404, `There is no import job "${id}" for ${layer} (finished jobs are kept ${JOB_TTL_MS / 60_000} minutes).`);
    return j;
  }

  private sweep() {
    const now = Date.now();
    for (const [id, j] of this.jobs) if (j.finished_at && now - Date.parse(j.finished_at) > JOB_TTL_MS) this.jobs.delete(id);
  }
}
