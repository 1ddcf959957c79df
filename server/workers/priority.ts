/**
 * Heavy work yields the CPU to the thread that answers requests. On 2 cores, a hot-spot analysis,
 * an atlas and an export on worker threads compete with the request thread at equal priority, and
 * a small GET waits for the scheduler behind them (p99 ~100 ms beside all of them at once,
 * `npm run bench -- event-loop`). Linux schedules threads one by one, so a worker thread raises
 * its own niceness (setpriority on its thread id): the request thread, at the server's niceness,
 * runs first whenever both want the CPU, and the work still takes every idle cycle. Raising one's
 * niceness needs no privilege. Elsewhere (no /proc/thread-self) it does nothing.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Lowers this thread's scheduling priority by `nice` (0–19) from the process's; returns the niceness set, or null where it cannot. */
export function lowerThisThread(nice: number): number | null {
  if (nice <= 0) return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const target = Math.min(19, getPriority(process.pid) + nice);
    setPriority(tid, target);
    return target;
  } catch {
    return null;
  }
}
