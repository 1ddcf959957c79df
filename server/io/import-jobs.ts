/**
 * Large HTTP imports run as jobs, as long prints do (server/routes/print.ts): POST answers 202
 * with the job and a Location to poll; the job reports the features read so far and, at the end,
 * the import report or the problem (status, detail, issues) the synchronous answer would have
 * been. Jobs are recorded in the database (server/db/import-jobs.ts), so any server of it
 * answers for any job; the server running a job also keeps it here, with its live progress. A
 * job whose server died is answered failed, with the reason, and recorded so. A finished job is
 * kept JOB_TTL_MS for its answer to be read.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { HttpProblem } from '../http/problem.ts';
import { HEARTBEAT_MS, JOB_TTL_MS, lostServer, type ImportJobProblem, type ImportJobRow, type ImportJobStore, type JobOwner } from '../db/import-jobs.ts';
import type { ImportReport } from './import.ts';

export type ImportJob = ImportJobRow & { report?: ImportReport };

/** One import thread writes at a time per database anyway; a few more may wait their turn. */
export const MAX_RUNNING = 2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ImportJobs {
  /** Jobs of this server that run, or ended and are not recorded yet. */
  private here = new Map<string, ImportJob>();
  private readonly owner: JobOwner = { server: randomUUID(), host: hostname(), pid: process.pid };
  private beating: NodeJS.Timeout | null = null;

  constructor(private store: ImportJobStore) {}

  /** Starts `work` as a job; 429 while MAX_RUNNING imports run on this server. */
  async start(layer: string, file: string, work: (onProgress: (read: number) => void) => Promise<ImportReport>, toProblem: (e: unknown) => ImportJobProblem): Promise<ImportJob> {
    if ([...this.here.values()].filter((j) => j.state === 'running').length >= MAX_RUNNING)
      throw new HttpProblem(429, `${MAX_RUNNING} imports are already running; wait for one to finish and try again.`, { retryAfter: 30 });
    const job: ImportJob = { id: randomUUID(), layer, file, state: 'running', read: 0, written: 0, started_at: new Date().toISOString() };
    let recorded = Promise.resolve();
    try {
      await this.store.create(job, this.owner);
    } catch (e) {
      // SQLite: another import holds the one write lock (for minutes). This one waits its turn
      // anyway (server/io/run-import.ts), so it is answered now and recorded when the lock is free;
      // until then only this server knows it, as it alone knows its progress on SQLite.
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
      recorded = this.retry(job, () => this.store.create(job, this.owner));
    }
    this.here.set(job.id, job);
    this.heartbeat();
    let written = 0;
    work((read) => {
      job.read = read;
      // Other servers see the progress too, once a second at most (where the backend writes it).
      if (!this.store.heartbeats || Date.now() - written < 1000) return;
      written = Date.now();
      void this.store.progress(job.id, read).catch(() => {});
    })
      .then((report) => this.end(job, recorded, { state: 'done', report, read: report.read, written: report.imported }))
      .catch((e: unknown) => this.end(job, recorded, { state: 'failed', problem: toProblem(e), read: job.read, written: 0 }));
    return job;
  }

  async get(id: string, layer: string): Promise<ImportJob> {
    const missing = () => new HttpProblem(404, `There is no import job "${id}" for ${layer} (finished jobs are kept ${JOB_TTL_MS / 60_000} minutes).`);
    const mine = this.here.get(id);
    if (mine) {
      if (mine.layer !== layer) throw missing();
      return mine;
    }
    const j = await this.store.get(id);
    if (!j || j.layer !== layer) throw missing();
    const { owner: _owner, heartbeat_at: _beat, ...job } = j;
    const lost = lostServer(j, Date.now(), { ...this.owner, heartbeats: this.store.heartbeats });
    if (!lost) return job as ImportJob;
    const end = { state: 'failed' as const, problem: { status: 500, detail: lost }, read: j.read, written: 0 };
    // Recorded for whoever asks next; if the write fails (SQLite busy), the next reader finds the same.
    await this.store.finish(id, end).catch(() => {});
    return { ...job, ...end, finished_at: new Date().toISOString() } as ImportJob;
  }

  /** The end of a job, kept here until it is recorded (after its start: the record may be waiting for SQLite's write lock). */
  private async end(job: ImportJob, recorded: Promise<void>, end: Pick<ImportJob, 'state' | 'report' | 'problem' | 'read' | 'written'>): Promise<void> {
    Object.assign(job, end, { finished_at: new Date().toISOString() });
    await recorded;
    await this.retry(job, () => this.store.finish(job.id, end));
    this.here.delete(job.id);
  }

  /** A write about `job`, tried again (250 ms, doubling up to 30 s) while it fails: on SQLite, another import may hold the write lock for minutes. */
  private async retry(job: ImportJob, write: () => Promise<void>): Promise<void> {
    const since = Date.now();
    for (let wait = 250; ; wait = Math.min(wait * 2, 30_000)) {
      try {
        return await write();
      } catch (e) {
        if (Date.now() - since > JOB_TTL_MS) return void console.error(`import job ${job.id} could not be recorded`, e);
        await sleep(wait);
      }
    }
  }

  /** A sign of life for this server's running jobs every HEARTBEAT_MS, while it has any. */
  private heartbeat(): void {
    if (!this.store.heartbeats || this.beating) return;
    this.beating = setInterval(() => {
      if (![...this.here.values()].some((j) => j.state === 'running')) {
        clearInterval(this.beating!);
        this.beating = null;
        return;
      }
      void this.store.heartbeat(this.owner.server).catch(() => {});
    }, HEARTBEAT_MS);
    this.beating.unref();
  }
}
