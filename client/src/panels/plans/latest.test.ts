import { describe, expect, it } from 'vitest';
import { LatestAsk } from './latest.ts';

describe('LatestAsk', () => {
  it('keeps only the newest answer when an older one arrives later', async () => {
    const answers: string[] = [];
    const resolvers: ((v: string) => void)[] = [];
    const asker = new LatestAsk<string>(
      (signal) => new Promise((resolve, reject) => (resolvers.push(resolve), signal.addEventListener('abort', () => reject(new Error('aborted'))))),
      (v) => answers.push(v),
      (m) => answers.push(`failed: ${m}`),
    );
    const first = asker.run();
    const second = asker.run();
    resolvers[1]('new');
    resolvers[0]('old');
    await Promise.all([first, second]);
    expect(answers).toEqual(['new']);
  });

  it('reports a failure of the newest ask', async () => {
    const answers: string[] = [];
    await new LatestAsk<string>(() => Promise.reject(new Error('503')), (v) => answers.push(v), (m) => answers.push(`failed: ${m}`)).run();
    expect(answers).toEqual(['failed: 503']);
  });
});
