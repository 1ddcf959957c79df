/** What the worker threads can do (server/workers/pool.ts): pure functions of structured-cloneable input. */
import { hotspotBody, hotspotsFromFile } from './hotspot-task.ts';
import type { passwordStrength } from '../auth/password-strength.ts';
import type { ExportTask } from './export-task.ts';
import type { PlanTask } from './plan-task.ts';
import type { PrintTask } from './print-task.ts';

export const TASKS = {
  hotspots: hotspotBody,
  hotspotsRead: hotspotsFromFile,
  // The password dictionaries (zxcvbn) are loaded by the first password check a thread runs: they
  // were ~40 MB of every thread's memory (a thread booted at +80 MB RSS, +48 MB without them),
  // held by threads that only ever compute hot spots.
  passwordStrength: async (input: Parameters<typeof passwordStrength>[0]) => (await import('../auth/password-strength.ts')).passwordStrength(input),
  // The printer (pdfkit, fonts) is loaded by the first print a thread runs, not by every thread.
  print: async (task: PrintTask) => (await import('./print-task.ts')).printPdf(task),
  exportLayer: async (task: ExportTask) => (await import('./export-task.ts')).exportToTemp(task),
  planPdf: async (task: PlanTask) => (await import('./plan-task.ts')).planPdf(task),
};

export type TaskName = keyof typeof TASKS;
export type TaskInput<T extends TaskName> = Parameters<(typeof TASKS)[T]>[0];
export type TaskOutput<T extends TaskName> = Awaited<ReturnType<(typeof TASKS)[T]>>;
