/**
 * The commander's settings and the latest hot spot answer, shared by the side panel (time,
 * filters, layers) and the summary table over the map. Values are raw and replaced, never mutated.
 */
import type { HotspotView } from '../../../../core/style/hotspots.ts';
import { daysFrom, windowEnding, type HotspotAnswer, type HotspotSettings } from '../../lib/commander.ts';
import { dayRange, type IncidentCounts } from '../../lib/incident-counts.ts';
import type { WardMetric } from '../../map/hotspot-layers.ts';

/** The month of the demo, when there are no incidents to date the slider by. */
const FALLBACK = { first: '2021-05-01', last: '2021-05-31' };

class CommanderState {
  categories = $state.raw<string[]>([]);
  severities = $state.raw<number[]>([]);
  /** Window length in days; 0 means the whole period. */
  length = $state.raw(7);
  /** Last day of the window; null follows the last day with incidents. */
  endDay = $state.raw<string | null>(null);
  cellSize = $state.raw<number | null>(null);
  distanceBand = $state.raw<number | null>(null);
  fdr = $state.raw(true);
  views = $state.raw<HotspotView[]>(['gi']);
  wardMetric = $state.raw<WardMetric>('count');
  answer = $state.raw<HotspotAnswer | null>(null);
  loading = $state.raw(false);
  error = $state.raw<string | null>(null);
  playing = $state.raw(false);

  /** The server's incident counts over the whole period, in the window, and in the window before it. */
  countsAll = $state.raw<IncidentCounts | null>(null);
  countsNow = $state.raw<IncidentCounts | null>(null);
  countsBefore = $state.raw<IncidentCounts | null>(null);
  countsError = $state.raw<string | null>(null);

  // The range as two strings first: a new answer with the same days must not make a new window
  // (which would ask for the window's counts and hot spots again).
  private first = $derived((dayRange(this.countsAll) ?? FALLBACK).first);
  private last = $derived((dayRange(this.countsAll) ?? FALLBACK).last);
  /** The days the slider runs through: first to last day with incidents (in the whole city). */
  range = $derived({ first: this.first, last: this.last });
  days = $derived(daysFrom(this.range.first, this.range.last));
  window = $derived(windowEnding(this.endDay && this.endDay <= this.range.last ? this.endDay : this.range.last, this.length || this.days.length, this.range.first));
  settings = $derived<HotspotSettings>({
    categories: this.categories,
    severities: this.severities,
    window: this.window,
    cellSize: this.cellSize,
    distanceBand: this.distanceBand,
    fdr: this.fdr,
  });

  toggleView(view: HotspotView, on: boolean) {
    const next = new Set(this.views);
    if (on) next.add(view);
    else next.delete(view);
    this.views = (['wards', 'hex-count', 'gi', 'heatmap'] as const).filter((v) => next.has(v));
  }
}

export const commander = new CommanderState();
