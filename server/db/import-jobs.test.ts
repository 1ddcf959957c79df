import { describe, expect, it } from 'vitest';
import { lostServer, processAlive, STALE_MS } from './import-jobs.ts';

const at = Date.parse('2026-12-03T10:00:00Z');
const job = (host: string, pid: number, beat = at, state = 'running') => ({ state, owner: { server: 's', host, pid }, heartbeat_at: new Date(beat).toISOString() });

describe('lostServer', () => {
  it('on this host: lost as soon as the process is gone, whatever its last heartbeat', () => {
    expect(lostServer(job('here', 41), at, 'here', () => true)).toBeNull();
    expect(lostServer(job('here', 41), at, 'here', () => false)).toMatch(/process 41 on here\) stopped.*nothing of it was written/);
  });

  it('on another host: lost when its heartbeat is older than STALE_MS', () => {
    expect(lostServer(job('there', 41), at + STALE_MS, 'here', () => false)).toBeNull();
    expect(lostServer(job('there', 41), at + STALE_MS + 1, 'here', () => true)).toMatch(/on there\) has not been heard from since 2026-12-03T10:00:00.000Z/);
  });

  it('a finished job is never lost', () => {
    expect(lostServer(job('here', 41, at, 'done'), at + 10 * STALE_MS, 'here', () => false)).toBeNull();
  });

  it('processAlive knows this process and not a pid that cannot exist', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 7)).toBe(false);
  });
});
