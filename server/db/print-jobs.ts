/**
 * Print jobs (an atlas rendered in the background): their progress and, once done, their PDF.
 * Behind an interface so that with several servers any of them can answer for a job another
 * one renders and serve its PDF (PostgreSQL: ./postgres/print-jobs.ts); one SQLite server
 * keeps them in its memory (`memoryPrintJobs`), as before.
 */

export interface PrintJob {
  id: string;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  title: string;
  error?: string;
}

export interface PrintJobs {
  /** Registers a running job of this server. */
  create(job: { id: string; title: string }): Promise<void>;
  progress(id: string, done: number, total: number): Promise<void>;
  finish(id: string, pdf: Buffer, title: string): Promise<void>;
  fail(id: string, error: string): Promise<void>;
  /** The job, or null when there is none (or it finished more than `ttlMs` ago). */
  get(id: string): Promise<PrintJob | null>;
  pdf(id: string): Promise<Buffer | null>;
  /** Jobs this server is rendering now. */
  runningHere(): Promise<number>;
}

/** Finished jobs are kept this long for their PDF to be fetched. */
export const JOB_TTL_MS = 15 * 60_000;

export function memoryPrintJobs(): PrintJobs {
  const jobs = new Map<string, PrintJob & { pdf?: Buffer; finishedAt?: number }>();
  const sweep = () => {
    const now = Date.now();
    for (const [id, j] of jobs) if (j.finishedAt && now - j.finishedAt > JOB_TTL_MS) jobs.delete(id);
  };
  const strip = ({ pdf: _pdf, finishedAt: _at, ...j }: PrintJob & { pdf?: Buffer; finishedAt?: number }): PrintJob => j;
  return {
    async create({ id, title }) {
      sweep();
      jobs.set(id, { id, title, state: 'running', done: 0, total: 0 });
    },
    async progress(id, done, total) {
      const j = jobs.get(id);
      if (j) Object.assign(j, { done, total });
    },
    async finish(id, pdf, title) {
      const j = jobs.get(id);
      if (j) Object.assign(j, { state: 'done', pdf, title, finishedAt: Date.now() });
    },
    async fail(id, error) {
      const j = jobs.get(id);
      if (j) Object.assign(j, { state: 'failed', error, finishedAt: Date.now() });
    },
    async get(id) {
      sweep();
      const j = jobs.get(id);
      return j ? strip(j) : null;
    },
    async pdf(id) {
      return jobs.get(id)?.pdf ?? null;
    },
    async runningHere() {
      return [...jobs.values()].filter((j) => j.state === 'running').length;
    },
  };
}
