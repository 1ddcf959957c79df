/**
 * Web Worker entry for the planner's analyses: buffers, dissolve, conflicts, nearest checkpoint,
 * coverage, gaps and search run here, off the UI thread (the budget: the UI never blocks
 * for more than 100 ms). The client talks to it only through analysis-client.ts.
 *
 * Protocol: the page posts {id, op, args}; the worker answers {id, ok: true, result, ms} or
 * {id, ok: false, error: {name, message}}. `args` are the core function's arguments, as a tuple.
 */
import { bufferFeatures } from '../../../core/geometry/buffer.ts';
import { dissolveFeatures } from '../../../core/geometry/dissolve.ts';
import { findConflicts } from '../../../core/geometry/conflicts.ts';
import { nearestCheckpoints } from '../../../core/geometry/nearest.ts';
import { wardCoverage } from '../../../core/geometry/coverage.ts';
import { borderGaps } from '../../../core/geometry/gaps.ts';
import { parseDistances } from '../../../core/geometry/distance.ts';
import { searchFeatures } from '../../../core/text/search.ts';

/** Every operation the worker runs: the shared core functions themselves, nothing re-implemented. */
export const analysisOps = {
  buffer: bufferFeatures,
  dissolve: dissolveFeatures,
  conflicts: findConflicts,
  nearest: nearestCheckpoints,
  coverage: wardCoverage,
  gaps: borderGaps,
  parseDistances,
  search: searchFeatures,
};

export type AnalysisOps = typeof analysisOps;
export type AnalysisOp = keyof AnalysisOps;
export type AnalysisArgs<K extends AnalysisOp> = Parameters<AnalysisOps[K]>;
export type AnalysisResult<K extends AnalysisOp> = ReturnType<AnalysisOps[K]>;

export interface AnalysisRequest<K extends AnalysisOp = AnalysisOp> {
  id: number;
  op: K;
  args: AnalysisArgs<K>;
}

export type AnalysisResponse =
  | { id: number; ok: true; result: unknown; ms: number }
  | { id: number; ok: false; error: { name: string; message: string } };

/**
 * Run one request and describe the outcome; never throws (an error becomes {ok: false}).
 * Exported so that the client can run it in-thread where no Worker exists, and for tests.
 */
export function handleRequest(req: AnalysisRequest): AnalysisResponse {
  const id = req?.id;
  const fn = (analysisOps as Record<string, (...a: unknown[]) => unknown>)[req?.op];
  if (typeof fn !== 'function' || !Object.hasOwn(analysisOps, req.op)) {
    return { id, ok: false, error: { name: 'TypeError', message: `unknown analysis "${String(req?.op)}"; known: ${Object.keys(analysisOps).join(', ')}` } };
  }
  if (!Array.isArray(req.args)) return { id, ok: false, error: { name: 'TypeError', message: 'args must be an array of the function’s arguments' } };
  const t0 = performance.now();
  try {
    const result = fn(...req.args);
    return { id, ok: true, result, ms: performance.now() - t0 };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { id, ok: false, error: { name: err.name, message: err.message } };
  }
}

// Register only when loaded as a worker, so that tests and the in-thread fallback can import this module.
declare const WorkerGlobalScope: { new (): unknown } | undefined;
if (typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined' && self instanceof WorkerGlobalScope) {
  const scope = self as unknown as { onmessage: ((e: MessageEvent<AnalysisRequest>) => void) | null; postMessage(m: AnalysisResponse): void };
  scope.onmessage = (e) => scope.postMessage(handleRequest(e.data));
  // The first Clipper union runs cold (several times slower until the JIT has seen it); pay that
  // here, in the worker's idle start, rather than in the planner's first buffer. Requests that
  // arrive meanwhile simply queue behind it.
  setTimeout(warmUp, 0);
}

function warmUp(): void {
  const points = Array.from({ length: 300 }, (_, i) => ({
    type: 'Feature' as const,
    properties: {},
    geometry: { type: 'Point' as const, coordinates: [105.7 + ((i * 7919) % 1000) * 1.2e-4, 21.02 + ((i * 104729) % 997) * 0.9e-4] },
  }));
  bufferFeatures(points, { distances: [100, 500], annuli: true });
}
