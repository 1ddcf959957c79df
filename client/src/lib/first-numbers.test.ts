import { describe, expect, it } from 'vitest';
import { allShown, expectNumbers, numbersShown } from './first-numbers.ts';

describe('first numbers', () => {
  it('resolves when every panel that expected numbers has shown them, and ignores panels that come later', async () => {
    let done = false;
    void allShown.then(() => (done = true));
    expectNumbers('layer counts');
    expectNumbers('ward list');
    numbersShown('layer counts');
    numbersShown('layer counts'); // twice is once
    await Promise.resolve();
    expect(done).toBe(false);
    numbersShown('ward list');
    await allShown;
    expect(done).toBe(true);
    expectNumbers('opened later'); // the first render is over: nothing to wait for
    await expect(allShown).resolves.toBeUndefined();
  });
});
