/**
 * Long prints (an atlas of every ward) run in the background as jobs: started, polled for
 * progress, and their PDF fetched once done. The jobs' state is kept by the store
 * (store.printJobs): in this process's memory on SQLite, in the database on PostgreSQL, so that
 * with several servers any of them answers for a job and serves its PDF. The rendering itself
 * runs on the server that took the request.
 */
import { randomUUID } from 'node:crypto';
import type { PrintJob, PrintJobs as JobStore } from '../db/print-jobs.ts';
import { JOB_TTL_MS } from '../db/print-jobs.ts';
import { HttpProblem } from '../http/problem.ts';

export type Job = PrintJob;
export { JOB_TTL_MS };
/** Rendering is CPU-bound: a few at a time per server, so printing cannot starve the rest of it. */
export const MAX_RUNNING = 2;

/** What a job runs: it reports progress, and gives the PDF and its final title. */
export type PrintWork = (onProgress: (done: number, total: number) => void) => Promise<{ pdf: Buffer; title: string }>;

export class PrintJobs {
  constructor(private readonly store: JobStore) {}

  /** Starts a job, or refuses with 429 while MAX_RUNNING are running on this server. */
  async start(title: string, work: PrintWork): Promise<Job> {
    if ((await this.store.runningHere()) >= MAX_RUNNING) throw new HttpProblem(429, `${MAX_RUNNING} prints are already running; wait for one to finish and try again.`);
    const job: Job = { id: randomUUID(), state: 'running', done: 0, total: 0, title };
    await this.store.create(job);
    // Progress is noted page by page without waiting; a lost update only delays the bar.
    work((done, total) => void this.store.progress(job.id, done, total).catch(() => {}))
      .then(({ pdf, title }) => this.store.finish(job.id, pdf, title))
      .catch((e: unknown) => this.store.fail(job.id, e instanceof HttpProblem ? e.detail : 'The print failed on the server.'))
      .catch((e: unknown) => console.error(`opsmap: print job ${job.id} could not be recorded:`, e));
    return job;
  }

  /** The job, or a 404 problem. */
  async get(id: string): Promise<Job> {
    const j = await this.store.get(id);
    if (!j) throw new HttpProblem(404, `There is no print job "${id}" (finished jobs are kept ${JOB_TTL_MS / 60_000} minutes).`);
    return j;
  }

  /** The PDF of a finished job, or a 404 / 409 problem. */
  async pdf(id: string): Promise<{ job: Job; pdf: Buffer }> {
    const j = await this.get(id);
    const pdf = j.state === 'done' ? await this.store.pdf(id) : null;
    if (!pdf) throw new HttpProblem(409, j.state === 'failed' ? `The print failed: ${j.error}` : `The print is not finished yet (${j.done}/${j.total} pages).`);
    return { job: j, pdf };
  }
}
