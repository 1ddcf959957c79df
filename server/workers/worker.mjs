// Entry of a worker thread of the pool (server/workers/pool.ts). A worker thread does not inherit
// the TypeScript loader of every parent (vitest's forks load TypeScript their own way), so tsx's
// API loads the task modules here; under `tsx server/main.ts` it is the same loader.
import { workerData } from 'piscina';
import { tsImport } from 'tsx/esm/api';

const { TASKS } = await tsImport('./tasks.ts', import.meta.url);
const { lowerThisThread } = await tsImport('./priority.ts', import.meta.url);
lowerThisThread(workerData?.nice ?? 0);

export default function run({ task, input }) {
  return TASKS[task](input);
}
