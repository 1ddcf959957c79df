/**
 * CPU time next to wall time, for benchmarks on a shared machine: the load average says how busy
 * the machine was, and the CPU seconds a process tree used say what the work itself cost
 * (read from /proc; zero where there is no /proc).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { median } from './percentile.ts';

const TICKS_PER_S = 100; // USER_HZ on Linux

/** User + system CPU seconds of a process, 0 when it is gone. */
function procCpu(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS_PER_S; // utime, stime
  } catch {
    return 0;
  }
}

/** The parent process id, -1 when the process is gone. */
export function parentOf(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** CPU seconds used so far by a process and all its descendants alive now. */
export function treeCpu(root: number): number {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return 0;
  }
  const kids = new Map<number, number[]>();
  for (const p of pids) {
    const pp = parentOf(p);
    if (!kids.has(pp)) kids.set(pp, []);
    kids.get(pp)!.push(p);
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    total += procCpu(p);
    stack.push(...(kids.get(p) ?? []));
  }
  return total;
}

/** The 1-minute load average, as `uptime` prints it. */
export const load1 = () => loadavg()[0].toFixed(2);

export interface Timed {
  /** median wall time (ms) */
  wall: number;
  /** median CPU time of this process, every thread (the worker threads too), in ms */
  cpu: number;
  /** the 1-minute load average after the runs */
  load: number;
}

/** Median wall and CPU time of `runs` calls of `fn`, and how busy the machine was. */
export async function medianTime(fn: () => unknown, runs = 5): Promise<Timed> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu), load: loadavg()[0] };
}
