// Entry of an import's reading thread (./read-ahead-thread.ts). Like ./import-thread.mjs, tsx's API
// loads the module; if it cannot, the error is posted where the writer waits for rows.
import { tsImport } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

try {
  await tsImport('./read-ahead-thread.ts', import.meta.url);
} catch (e) {
  const control = new Int32Array(workerData.control);
  workerData.port.postMessage({ type: 'error', error: { class: 'Error', message: `The import's reading thread did not start: ${e?.message ?? e}` } });
  Atomics.add(control, 0, 1);
  Atomics.notify(control, 0);
}
