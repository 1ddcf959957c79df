/**
 * Promise API for the analysis worker: `await runAnalysis('buffer', [features, { distances: [100, 500] }])`.
 * Heavy geometry runs in a module Web Worker so the map stays responsive; where no Worker exists
 * (tests, old browsers) the same core functions run in-thread, loaded on demand.
 */
import type { AnalysisArgs, AnalysisOp, AnalysisRequest, AnalysisResponse, AnalysisResult } from './analysis-worker.ts';

export type { AnalysisArgs, AnalysisOp, AnalysisResult } from './analysis-worker.ts';

/** What the client needs from a Worker (a real Worker, or a stand-in in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<AnalysisResponse>) => void): void;
  addEventListener(type: 'error', listener: (e: ErrorEvent | Event) => void): void;
  terminate(): void;
}

export interface RunOptions {
  /** Abort: the promise rejects with an AbortError and the late result is dropped. */
  signal?: AbortSignal;
}

export interface AnalysisClient {
  run<K extends AnalysisOp>(op: K, args: AnalysisArgs<K>, options?: RunOptions): Promise<AnalysisResult<K>>;
  /** Stop the worker; pending analyses reject. */
  terminate(): void;
}

/** An error raised by the analysis itself (e.g. a RangeError for a bad distance), with its name. */
export class AnalysisError extends Error {
  constructor(name: string, message: string, readonly op: string) {
    super(message);
    this.name = name;
  }
}

/**
 * A client over one worker. Requests are matched to answers by id, so several may be in flight.
 *
 * @param worker a started worker; null runs every request in this thread (no Worker support)
 */
export function createAnalysisClient(worker: WorkerLike | null): AnalysisClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; op: string }>();

  worker?.addEventListener('message', (e: MessageEvent<AnalysisResponse>) => {
    const msg = e.data;
    const p = pending.get(msg.id);
    if (!p) return; // aborted meanwhile
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new AnalysisError(msg.error.name, msg.error.message, p.op));
  });
  worker?.addEventListener('error', (e: ErrorEvent | Event) => {
    const message = 'message' in e && e.message ? e.message : 'the analysis worker failed to start or crashed';
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(new AnalysisError('WorkerError', message, p.op));
    }
  });

  return {
    run(op, args, options = {}) {
      const id = nextId++;
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(abortError());
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, op });
        signal?.addEventListener('abort', () => {
          if (pending.delete(id)) reject(abortError());
        });
        const req: AnalysisRequest = { id, op, args } as AnalysisRequest;
        if (worker) {
          worker.postMessage(req);
        } else {
          import('./analysis-worker.ts').then(({ handleRequest }) => {
            const msg = handleRequest(req);
            const p = pending.get(id);
            if (!p) return;
            pending.delete(id);
            if (msg.ok) p.resolve(msg.result);
            else p.reject(new AnalysisError(msg.error.name, msg.error.message, op));
          }, reject);
        }
      });
    },
    terminate() {
      worker?.terminate();
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new AnalysisError('WorkerError', 'the analysis worker was stopped', p.op));
      }
    },
  };
}

function abortError(): Error {
  return typeof DOMException === 'function' ? new DOMException('The analysis was aborted', 'AbortError') : Object.assign(new Error('The analysis was aborted'), { name: 'AbortError' });
}

let shared: AnalysisClient | null = null;

/** The app's one analysis worker, started on first use. */
export function analysisClient(): AnalysisClient {
  if (!shared) {
    // Vite bundles the worker from this exact `new Worker(new URL(…), { type: 'module' })` form.
    const worker = typeof Worker === 'function' ? new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module' }) : null;
    shared = createAnalysisClient(worker);
  }
  return shared;
}

/**
 * Run an analysis off the UI thread.
 *
 * @example const rings = await runAnalysis('buffer', [checkpoints, { distances: [100, 500], annuli: true }]);
 * @example const conflicts = await runAnalysis('conflicts', [stations, zones, { withinM: 500, zoneStatuses: ['active'] }]);
 */
export function runAnalysis<K extends AnalysisOp>(op: K, args: AnalysisArgs<K>, options?: RunOptions): Promise<AnalysisResult<K>> {
  return analysisClient().run(op, args, options);
}
