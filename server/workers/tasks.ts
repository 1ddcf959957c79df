/** What the worker threads can do (server/workers/pool.ts): pure functions of structured-cloneable input. */
import { hotspotBody } from './hotspot-task.ts';
import { passwordStrength } from '../auth/password-strength.ts';

export const TASKS = {
  hotspots: hotspotBody,
  passwordStrength,
};

export type TaskName = keyof typeof TASKS;
export type TaskInput<T extends TaskName> = Parameters<(typeof TASKS)[T]>[0];
export type TaskOutput<T extends TaskName> = ReturnType<(typeof TASKS)[T]>;
