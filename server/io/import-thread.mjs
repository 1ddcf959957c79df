// Entry of an import thread (./import-thread.ts). Like server/workers/worker.mjs: a worker thread
// does not inherit the parent's TypeScript loader, so tsx's API loads the module here.
import { tsImport } from 'tsx/esm/api';

await tsImport('./import-thread.ts', import.meta.url);
