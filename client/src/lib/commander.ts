/**
 * The commander's view without the screen: days and time windows in Hanoi time, the hot spot
 * query, and a fetcher that asks the server once the settings have stopped changing and aborts
 * every superseded request (a time slider played through a month must not pile up answers).
 */
import type { FeatureCollection, Polygon } from 'geojson';
import type { HotspotParameters, CellProperties, WardRate } from '../../../core/analysis/hotspots/index.ts';
import { paths, request } from './api.ts';
import { hanoiDay } from '../../../core/time/hanoi-day.ts';
import { addDays, dayNumber, daysFrom } from '../../../core/time/calendar.ts';

/** Incidents are reported in Hanoi time; a date without time means that whole day there (as the server reads it). */
export { hanoiDay, dayNumber, addDays, daysFrom };

/** A run of whole days, both ends included. */
export interface TimeWindow {
  start: string;
  end: string;
}

/** The window of `length` days ending on `end`, not reaching back before `first`. */
export function windowEnding(end: string, length: number, first?: string): TimeWindow {
  const start = addDays(end, -(Math.max(1, length) - 1));
  return { start: first && start < first ? first : start, end };
}

export function windowLength(w: TimeWindow): number {
  return dayNumber(w.end) - dayNumber(w.start) + 1;
}

/** The window of the same length just before this one (the comparison a commander asks for). */
export function previousWindow(w: TimeWindow): TimeWindow {
  const n = windowLength(w);
  return { start: addDays(w.start, -n), end: addDays(w.start, -1) };
}

export function inWindow(day: string | null, w: TimeWindow): boolean {
  return day !== null && w.start <= day && day <= w.end;
}

/** What a commander filters and sets; null sizes mean "automatic" (the server chooses and says what it chose). */
export interface HotspotSettings {
  /** Categories to include; empty means all. */
  categories: readonly string[];
  /** Severities to include; empty means all. */
  severities: readonly number[];
  window: TimeWindow;
  cellSize: number | null;
  distanceBand: number | null;
  fdr: boolean;
}

/** The query string of the hot spot request (paths.hotspots) for these settings (parameters in a fixed order, so equal settings give equal URLs). */
export function hotspotQuery(s: HotspotSettings): string {
  const q = new URLSearchParams();
  if (s.categories.length) q.set('category', [...s.categories].sort().join(','));
  if (s.severities.length) q.set('severity', [...s.severities].sort().join(','));
  q.set('datetime', s.window.start === s.window.end ? s.window.start : `${s.window.start}/${s.window.end}`);
  if (s.cellSize !== null) q.set('cell_size', String(s.cellSize));
  if (s.distanceBand !== null) q.set('distance_band', String(s.distanceBand));
  q.set('fdr', String(s.fdr));
  return q.toString();
}

export interface HotspotAnswer extends FeatureCollection<Polygon, CellProperties> {
  parameters: HotspotParameters & { filters: Record<string, unknown> };
  wards: WardRate[];
  incidents_outside_wards: number;
}

/**
 * Asks for hot spots once the settings have been still for `delayMs`, and aborts the request in
 * flight whenever newer settings arrive: only the answer to the latest settings is delivered.
 */
export class HotspotFetcher {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: AbortController | null = null;
  private generation = 0;

  constructor(
    private readonly deliver: (answer: HotspotAnswer, query: string) => void,
    private readonly fail: (error: unknown) => void,
    private readonly opts: { delayMs?: number; get?: (path: string, signal: AbortSignal) => Promise<HotspotAnswer> } = {},
  ) {}

  /** Ask for these settings (replacing any request not yet answered). */
  ask(settings: HotspotSettings) {
    const query = hotspotQuery(settings);
    this.cancel();
    const gen = this.generation;
    this.timer = setTimeout(() => {
      this.timer = null;
      const ctl = new AbortController();
      this.inFlight = ctl;
      const get = this.opts.get ?? (async (path: string, signal: AbortSignal) => (await request<HotspotAnswer>('GET', path, { signal })).body);
      get(paths.hotspots(query), ctl.signal).then(
        (answer) => {
          if (gen !== this.generation) return;
          this.inFlight = null;
          this.deliver(answer, query);
        },
        (err) => {
          if (gen !== this.generation || ctl.signal.aborted) return;
          this.inFlight = null;
          this.fail(err);
        },
      );
    }, this.opts.delayMs ?? 150);
  }

  /** Whether a request is waiting or running. */
  get busy(): boolean {
    return this.timer !== null || this.inFlight !== null;
  }

  /** Drop the waiting request and abort the one in flight. */
  cancel() {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    this.inFlight = null;
  }
}
