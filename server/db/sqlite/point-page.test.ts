import { describe, expect, it } from 'vitest';
import { idsInOrder } from './point-page.mjs';

describe('idsInOrder', () => {
  it('sorts ids numerically, not as text', () => {
    expect(Array.from(idsInOrder('[10,9,100,1,2]'))).toEqual([1, 2, 9, 10, 100]);
    expect(Array.from(idsInOrder('[]'))).toEqual([]);
  });

  it('keeps ids past 32 bits exact (they would wrap in the fast path)', () => {
    const big = [2 ** 32 + 5, 7, 2 ** 40, 2 ** 32 - 1, 2 ** 53 - 1];
    expect(Array.from(idsInOrder(JSON.stringify(big)))).toEqual([7, 2 ** 32 - 1, 2 ** 32 + 5, 2 ** 40, 2 ** 53 - 1]);
    // 2^32 + 3 would wrap to 3 and sort first
    expect(Array.from(idsInOrder(JSON.stringify([5, 2 ** 32 + 3])))).toEqual([5, 2 ** 32 + 3]);
  });
});
