/**
 * Worker threads run at a lower scheduling priority than the thread answering requests
 * (server/workers/priority.ts), so heavy work yields the CPU to a small GET. Linux only: the
 * niceness of each thread is read from /proc.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadWorkSettings, WorkPool } from '../../server/workers/pool.ts';

const threadNiceness = () =>
  readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]));

describe.skipIf(!existsSync('/proc/thread-self'))('worker thread priority', () => {
  it('runs the pool\'s threads OPSMAP_WORKER_NICE lower than this process, and leaves this thread as it was', async () => {
    const own = getPriority(process.pid);
    const pool = new WorkPool({ threads: 1, queue: 4, nice: 7 });
    try {
      expect((await pool.run('passwordStrength', { password: 'correct horse battery staple', userInputs: [] })).score).toBeGreaterThan(2);
      expect(threadNiceness()).toContain(Math.min(19, own + 7));
      expect(getPriority(process.pid)).toBe(own);
    } finally {
      await pool.close();
    }
  });

  it('reads OPSMAP_WORKER_NICE (default 10; 0 leaves the threads alone)', () => {
    expect(loadWorkSettings({}).nice).toBe(10);
    expect(loadWorkSettings({ OPSMAP_WORKER_NICE: '0' }).nice).toBe(0);
    expect(() => loadWorkSettings({ OPSMAP_WORKER_NICE: '-1' })).toThrow(/OPSMAP_WORKER_NICE/);
  });
});
