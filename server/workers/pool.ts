/**
 * Heavy work (hot spot analyses, print layouts, password strength) runs on a few worker threads
 * (piscina), never on the thread that answers requests: issue 15 #2 and #7 measured a 94 s
 * hot-spot request and a 20 s import freezing every other user. The queue in front of the
 * threads is bounded; when it is full the request is refused at once with 503 and Retry-After
 * instead of waiting behind work it cannot see. The threads run at a lower scheduling priority
 * than the request thread (./priority.ts), so on a busy machine the small requests run first.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { HttpProblem } from '../http/problem.ts';
import type { TaskName, TaskInput, TaskOutput } from './tasks.ts';

export interface WorkSettings {
  /** Worker threads; default: one fewer than the CPUs, at least one. */
  threads: number;
  /** Tasks that may wait for a thread; more are refused with 503. */
  queue: number;
  /** How much lower than the request thread's the workers' scheduling priority is (0–19; ./priority.ts). */
  nice: number;
}

export function loadWorkSettings(env: NodeJS.ProcessEnv): WorkSettings {
  const int = (key: string, fallback: number, min: number) => {
    const raw = env[key];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${key} must be a whole number ≥ ${min}, not "${raw}"`);
    return n;
  };
  return {
    threads: int('OPSMAP_WORKERS', Math.max(1, availableParallelism() - 1), 1),
    queue: int('OPSMAP_WORK_QUEUE', 16, 0),
    nice: Math.min(19, int('OPSMAP_WORKER_NICE', 10, 0)),
  };
}

export class WorkPool {
  private readonly pool: Piscina;

  constructor(private readonly settings: WorkSettings) {
    this.pool = new Piscina({
      filename: new URL('./worker.mjs', import.meta.url).href,
      minThreads: 0,
      maxThreads: settings.threads,
      // Threads end when idle, so tests and a quiet server hold no extra memory.
      idleTimeout: 30_000,
      workerData: { nice: settings.nice },
      // A young generation of 8 MB rather than V8's default 32 MB: a thread's tasks allocate a few
      // large arrays (old space) and short-lived small objects, and the young generation's pages,
      // once touched, stayed in the thread's memory while it lived (server RSS after the usual
      // screens 494–501 MB → 467–483 MB, issue 12); a month's hot spots took the same CPU.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
  }

  /** Runs a task on a worker thread; 503 at once when the queue is full. */
  async run<T extends TaskName>(task: T, input: TaskInput<T>, transferList?: Transferable[]): Promise<TaskOutput<T>> {
    if (this.pool.queueSize >= this.settings.queue) {
      throw new HttpProblem(503, `The server is busy with ${this.pool.queueSize} analyses, prints or imports waiting; try again in a few seconds.`, { retryAfter: 5 });
    }
    return this.pool.run({ task, input }, { transferList: transferList as never });
  }

  get waiting(): number {
    return this.pool.queueSize;
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** One pool per process, made on first use (routes of every app built in one test process share it). */
let shared: WorkPool | null = null;
export function workPool(settings: WorkSettings): WorkPool {
  shared ??= new WorkPool(settings);
  return shared;
}
