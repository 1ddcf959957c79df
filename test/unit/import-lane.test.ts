/** One import thread at a time per SQLite file (one writer); PostgreSQL imports run side by side. */
import { describe, expect, it } from 'vitest';
import { inLane } from '../../server/io/run-import.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

/** Runs three imports on `location` at once and returns the order in which they started and ended. */
async function trace(location: string, failFirst = false): Promise<string[]> {
  const seen: string[] = [];
  const job = (name: string, fail = false) => async () => {
    seen.push(`start ${name}`);
    await tick();
    seen.push(`end ${name}`);
    if (fail) throw new Error(`${name} failed`);
    return name;
  };
  await Promise.allSettled([inLane(location, job('a', failFirst)), inLane(location, job('b')), inLane(location, job('c'))]);
  return seen;
}

describe('import lane', () => {
  it('runs imports into one SQLite file one after the other, in the order they came', async () => {
    expect(await trace('/tmp/opsmap-a.sqlite')).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('goes on with the next import when one fails, and hands each caller its own result', async () => {
    expect(await trace('/tmp/opsmap-b.sqlite', true)).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    await expect(inLane('/tmp/opsmap-b.sqlite', async () => { throw new Error('x'); })).rejects.toThrow('x');
    await expect(inLane('/tmp/opsmap-b.sqlite', async () => 7)).resolves.toBe(7);
  });

  it('lets imports into PostgreSQL run side by side', async () => {
    expect(await trace('postgres://u@localhost/opsmap')).toEqual(['start a', 'start b', 'start c', 'end a', 'end b', 'end c']);
  });
});
