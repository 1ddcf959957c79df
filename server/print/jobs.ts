/**
 * Long prints (an atlas of every ward) run in the background as jobs: started, polled for
 * progress, and their PDF fetched once done. Jobs live in this process's memory; a finished
 * one is kept JOB_TTL_MS for its PDF to be fetched, then forgotten.
 */
import { randomUUID } from 'node:crypto';
import { HttpProblem } from '../http/problem.ts';

export interface Job {
  id: string;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  title: string;
  pdf?: Buffer;
  error?: string;
  finishedAt?: number;
}

/** Finished jobs are kept this long for their PDF to be fetched. */
export const JOB_TTL_MS = 15 * 60_000;
/** Rendering is CPU-bound: a few at a time, so printing cannot starve the rest of the server. */
export const MAX_RUNNING = 2;

/** What a job runs: it reports progress, and gives the PDF and its final title. */
export type PrintWork = (onProgress: (done: number, total: number) => void) => Promise<{ pdf: Buffer; title: string }>;

export class PrintJobs {
  private jobs = new Map<string, Job>();

  /** Starts a job, or refuses with 429 while MAX_RUNNING are running. */
  start(title: string, work: PrintWork): Job {
    this.sweep();
    if ([...this.jobs.values()].filter((j) => j.state === 'running').length >= MAX_RUNNING)
      throw new HttpProblem(429, `${MAX_RUNNING} prints are already running; wait for one to finish and try again.`);
    const job: Job = { id: randomUUID(), state: 'running', done: 0, total: 0, title };
    this.jobs.set(job.id, job);
    work((done, total) => Object.assign(job, { done, total }))
      .then(({ pdf, title }) => Object.assign(job, { state: 'done', pdf, title, finishedAt: Date.now() }))
      .catch((e: unknown) => Object.assign(job, { state: 'failed', error: e instanceof HttpProblem ? e.detail : 'The print failed on the server.', finishedAt: Date.now() }));
    return job;
  }

  /** The job, or a 404 problem. */
  get(id: string): Job {
    const j = this.jobs.get(id);
    if (!j) throw new HttpProblem(404, `There is no print job "${id}" (finished jobs are kept ${JOB_TTL_MS / 60_000} minutes).`);
    return j;
  }

  private sweep() {
    const now = Date.now();
    for (const [id, j] of this.jobs) if (j.finishedAt && now - j.finishedAt > JOB_TTL_MS) this.jobs.delete(id);
  }
}
