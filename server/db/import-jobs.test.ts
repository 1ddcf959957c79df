import { describe, expect, it } from 'vitest';
import { lostServer, processAlive, STALE_MS, type Asker } from './import-jobs.ts';

const at = Date.parse('2026-12-03T10:00:00Z');
const job = (host: string, pid: number, beat = at, state = 'running', server = 'A') => ({ state, owner: { server, host, pid }, heartbeat_at: new Date(beat).toISOString() });
const me = (heartbeats: boolean): Asker => ({ server: 'B', host: 'here', pid: 7, heartbeats });

describe('lostServer', () => {
  it('on this host: lost as soon as the process is gone, whatever its last heartbeat', () => {
    expect(lostServer(job('here', 41), at, me(false), () => true)).toBeNull();
    expect(lostServer(job('here', 41), at, me(false), () => false)).toMatch(/process 41 on here\) stopped.*nothing of it was written/);
  });

  it('a job of an earlier run of this process id (a restarted container) is lost, one of this very server is not', () => {
    expect(lostServer(job('here', 7), at, me(false), () => true)).toMatch(/process 7 on here\) stopped/);
    expect(lostServer(job('here', 7, at, 'running', 'B'), at + 10 * STALE_MS, me(true), () => true)).toBeNull();
  });

  it('on another host: lost when its heartbeat is older than STALE_MS', () => {
    expect(lostServer(job('there', 41), at + STALE_MS, me(false), () => false)).toBeNull();
    expect(lostServer(job('there', 41), at + STALE_MS + 1, me(false), () => true)).toMatch(/on there\) has not been heard from since 2026-12-03T10:00:00.000Z/);
  });

  it('where heartbeats are written, a silent job is lost even if a process of that id lives on this host (another container)', () => {
    expect(lostServer(job('here', 41), at + STALE_MS + 1, me(true), () => true)).toMatch(/has not been heard from/);
    // Without heartbeats (SQLite: the import holds the write lock), silence says nothing.
    expect(lostServer(job('here', 41), at + 10 * STALE_MS, me(false), () => true)).toBeNull();
  });

  it('a finished job is never lost', () => {
    expect(lostServer(job('here', 41, at, 'done'), at + 10 * STALE_MS, me(true), () => false)).toBeNull();
  });

  it('processAlive knows this process and not a pid that cannot exist', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 7)).toBe(false);
  });
});
