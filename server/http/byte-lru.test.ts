import { describe, expect, it } from 'vitest';
import { ByteLru } from './byte-lru.ts';

const bytes = (n: number) => new Uint8Array(n);
const lru = (max: number, maxEntry?: number) => new ByteLru<Uint8Array>(max, (b) => b.byteLength, maxEntry);

describe('ByteLru', () => {
  it('keeps entries within the byte budget, dropping the least recently used first', () => {
    const c = lru(100);
    c.set('a', bytes(40));
    c.set('b', bytes(40));
    expect(c.get('a')?.byteLength).toBe(40); // a is now the most recently used
    c.set('c', bytes(40)); // 120 > 100: b goes
    expect([c.get('a'), c.get('b'), c.get('c')].map((v) => v?.byteLength)).toEqual([40, undefined, 40]);
    expect(c.bytes).toBe(80);
    c.set('d', bytes(100)); // takes the whole budget: every other goes
    expect([c.size, c.bytes]).toEqual([1, 100]);
  });

  it('counts a replaced entry once', () => {
    const c = lru(100);
    c.set('a', bytes(30));
    c.set('a', bytes(50));
    expect([c.size, c.bytes]).toEqual([1, 50]);
    c.delete('a');
    c.delete('a');
    expect([c.size, c.bytes]).toEqual([0, 0]);
  });

  it('does not keep an entry larger than its cap or the budget, and pushes nothing out for it', () => {
    const c = lru(100, 25);
    c.set('a', bytes(20));
    c.set('big', bytes(26));
    expect([c.get('big'), c.size, c.bytes]).toEqual([undefined, 1, 20]);
    const d = lru(10);
    d.set('a', bytes(5));
    d.set('huge', bytes(11));
    expect([d.get('a')?.byteLength, d.get('huge')]).toEqual([5, undefined]);
  });

  it('drops by key prefix, and clears', () => {
    const c = lru(100);
    for (const k of ['wards/1/0/0/0', 'wards/1/1/0/0', 'incidents/1/0/0/0']) c.set(k, bytes(10));
    c.deletePrefix('wards/');
    expect([c.get('wards/1/0/0/0'), c.get('incidents/1/0/0/0')?.byteLength, c.bytes]).toEqual([undefined, 10, 10]);
    c.clear();
    expect([c.size, c.bytes]).toEqual([0, 0]);
  });
});
