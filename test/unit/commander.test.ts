/**
 * The commander's view without the screen: Hanoi days, time windows and the window before,
 * the hot spot query, the fetcher that asks once settings are still and aborts superseded
 * requests, the mode in the URL hash, and the heatmap's change set after a live reload.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addDays,
  dayNumber,
  daysFrom,
  hanoiDay,
  hotspotQuery,
  HotspotFetcher,
  previousWindow,
  windowEnding,
  windowLength,
  type HotspotAnswer,
  type HotspotSettings,
} from '../../client/src/lib/commander.ts';
import { parseMode, withMode } from '../../client/src/lib/app-mode.ts';
import { heatmapFilter } from '../../client/src/map/hotspot-layers.ts';

describe('days in Hanoi time', () => {
  it('puts a timestamp on the Hanoi calendar day, whatever offset it was written with', () => {
    expect(hanoiDay('2021-05-23T06:59:59Z')).toBe('2021-05-23');
    expect(hanoiDay('2021-05-23T17:00:00Z')).toBe('2021-05-24'); // midnight in Hanoi
    expect(hanoiDay('2021-05-23T23:30:00+07:00')).toBe('2021-05-23');
    expect(hanoiDay('2021-05-23T00:10:00+09:00')).toBe('2021-05-22'); // 22:10 in Hanoi
    expect(hanoiDay('not a date')).toBeNull();
    expect(hanoiDay(undefined)).toBeNull();
  });

  it('counts days across month ends', () => {
    expect(addDays('2021-05-31', 1)).toBe('2021-06-01');
    expect(addDays('2021-05-01', -1)).toBe('2021-04-30');
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2021-05-23') - dayNumber('2021-05-01')).toBe(22);
    expect(daysFrom('2021-04-29', '2021-05-02')).toEqual(['2021-04-29', '2021-04-30', '2021-05-01', '2021-05-02']);
  });
});

describe('time windows', () => {
  it('ends a window of n days on the chosen day, not before the first day', () => {
    expect(windowEnding('2021-05-23', 7)).toEqual({ start: '2021-05-17', end: '2021-05-23' });
    expect(windowEnding('2021-05-03', 7, '2021-05-01')).toEqual({ start: '2021-05-01', end: '2021-05-03' });
    expect(windowEnding('2021-05-03', 1)).toEqual({ start: '2021-05-03', end: '2021-05-03' });
  });

  it('compares with the window of the same length just before', () => {
    expect(previousWindow({ start: '2021-05-17', end: '2021-05-23' })).toEqual({ start: '2021-05-10', end: '2021-05-16' });
    expect(previousWindow({ start: '2021-05-01', end: '2021-05-01' })).toEqual({ start: '2021-04-30', end: '2021-04-30' });
    expect(windowLength({ start: '2021-04-28', end: '2021-05-03' })).toBe(6);
  });
});

const settings = (over: Partial<HotspotSettings> = {}): HotspotSettings => ({
  categories: [],
  severities: [],
  window: { start: '2021-05-17', end: '2021-05-23' },
  cellSize: null,
  distanceBand: null,
  fdr: true,
  ...over,
});

describe('the hot spot query', () => {
  it('names only what is set, automatic sizes left to the server', () => {
    expect(hotspotQuery(settings())).toBe('datetime=2021-05-17%2F2021-05-23&fdr=true');
  });

  it('writes lists sorted, one day as a date, and typed sizes in metres', () => {
    const q = new URLSearchParams(hotspotQuery(settings({ categories: ['violation', 'epidemic_case'], severities: [3, 2], window: { start: '2021-05-22', end: '2021-05-22' }, cellSize: 250, distanceBand: 1200, fdr: false })));
    expect(Object.fromEntries(q)).toEqual({ category: 'epidemic_case,violation', severity: '2,3', datetime: '2021-05-22', cell_size: '250', distance_band: '1200', fdr: 'false' });
  });
});

describe('the hot spot fetcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const answer = (tag: string) => ({ type: 'FeatureCollection', features: [], tag }) as unknown as HotspotAnswer;

  it('asks once the settings have been still for the delay, with the latest settings only', async () => {
    const asked: string[] = [];
    const delivered: unknown[] = [];
    const f = new HotspotFetcher((a) => delivered.push((a as unknown as { tag: string }).tag), () => undefined, {
      delayMs: 100,
      get: async (path) => {
        asked.push(path);
        return answer(path.includes('2021-05-23') ? 'late' : 'early');
      },
    });
    f.ask(settings({ window: { start: '2021-05-01', end: '2021-05-07' } }));
    await vi.advanceTimersByTimeAsync(50);
    f.ask(settings());
    await vi.advanceTimersByTimeAsync(99);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual(['/api/analysis/hotspots?datetime=2021-05-17%2F2021-05-23&fdr=true']);
    expect(delivered).toEqual(['late']);
  });

  it('aborts the request in flight when newer settings arrive, and never delivers its answer', async () => {
    const signals: AbortSignal[] = [];
    const resolvers: ((a: HotspotAnswer) => void)[] = [];
    const delivered: string[] = [];
    const failed: unknown[] = [];
    const f = new HotspotFetcher((a) => delivered.push((a as unknown as { tag: string }).tag), (e) => failed.push(e), {
      delayMs: 10,
      get: (_path, signal) => {
        signals.push(signal);
        return new Promise((resolve, reject) => {
          resolvers.push(resolve);
          signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
      },
    });
    f.ask(settings());
    await vi.advanceTimersByTimeAsync(10);
    expect(f.busy).toBe(true);
    f.ask(settings({ fdr: false }));
    expect(signals[0].aborted).toBe(true);
    resolvers[0](answer('old')); // too late: aborted
    await vi.advanceTimersByTimeAsync(10);
    resolvers[1](answer('new'));
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual(['new']);
    expect(failed).toEqual([]); // an abort is not a failure
    expect(f.busy).toBe(false);
    f.cancel();
  });

  it('reports a failure of the latest request', async () => {
    const failed: string[] = [];
    const f = new HotspotFetcher(() => undefined, (e) => failed.push((e as Error).message), { delayMs: 0, get: async () => Promise.reject(new Error('invalid query: cell_size must be at least 1 m')) });
    f.ask(settings());
    await vi.advanceTimersByTimeAsync(0);
    expect(failed).toEqual(['invalid query: cell_size must be at least 1 m']);
  });
});

describe('the mode in the URL hash', () => {
  it('reads command only when named, planning otherwise', () => {
    expect(parseMode('#map=12/21.04/105.76&layers=wards&mode=command')).toBe('command');
    expect(parseMode('#map=12/21.04/105.76&layers=wards')).toBe('plan');
    expect(parseMode('#mode=dance')).toBe('plan');
  });

  it('adds the mode to the view’s hash without escaping it, and drops it for planning', () => {
    expect(withMode('#map=12/21.04/105.76&layers=wards,incidents', 'command')).toBe('#map=12/21.04/105.76&layers=wards,incidents&mode=command');
    expect(withMode('#map=12/21.04/105.76&mode=command&layers=wards', 'plan')).toBe('#map=12/21.04/105.76&layers=wards');
    expect(withMode('#mode=command', 'command')).toBe('#mode=command');
    expect(withMode('', 'plan')).toBe('');
  });
});

describe('the heatmap filter on the incidents\' tiles', () => {
  it('filters by the window on Hanoi days and by the lists given; a cell of counts has no severity to filter', () => {
    expect(heatmapFilter({ start: '2021-05-17', end: '2021-05-23', categories: [], severities: [] })).toEqual(['all', ['>=', ['get', 'day'], '2021-05-17'], ['<=', ['get', 'day'], '2021-05-23']]);
    expect(heatmapFilter({ start: '2021-05-17', end: '2021-05-17', categories: ['traffic'], severities: [3] })).toEqual([
      'all',
      ['>=', ['get', 'day'], '2021-05-17'],
      ['<=', ['get', 'day'], '2021-05-17'],
      ['in', ['get', 'category'], ['literal', ['traffic']]],
      ['any', ['has', 'count'], ['in', ['get', 'severity'], ['literal', [3]]]],
    ]);
  });
});
