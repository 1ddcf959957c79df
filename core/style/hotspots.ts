/**
 * The cartography of the hot spot views (heatmap, hexagon counts, Gi* hot and cold spots, ward
 * choropleth) as data and as MapLibre layers, here beside the operational style so that the
 * screen and the print draw the same colours and write the same legend.
 *
 * Gi* colours are the ones ArcGIS "Find Hot Spots" uses, so a commander who has seen those maps
 * reads these the same way: reds for hot spots at 99/95/90 % confidence, blues for cold spots,
 * cells that are not significant nearly transparent.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { locale } from '../i18n/lang.ts';
import type { Lang } from './rules.ts';

/** Confidence bins −3…3 (Gi_Bin) and their fill colours. */
export const GI_BIN_COLOR: Record<string, string> = {
  '3': '#d62f27',
  '2': '#ed7551',
  '1': '#fab984',
  '0': '#bdbdbd',
  '-1': '#c0ccbe',
  '-2': '#849eba',
  '-3': '#4575b5',
};
/** Not significant cells are drawn faintly: the grid stays visible without drawing the eye. */
export const GI_BIN_OPACITY = { significant: 0.72, notSignificant: 0.12 };

/** Sequential ramps, light to dark, five classes each. */
export const COUNT_COLORS = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] as const;
export const WARD_COLORS = ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'] as const;
export const NO_DATA_COLOR = '#e0e0e0';

/** Heatmap colour by kernel density, 0 (transparent) … 1 (densest). */
export const HEATMAP_RAMP: readonly [number, string][] = [
  [0, 'rgba(33,102,172,0)'],
  [0.2, 'rgb(103,169,207)'],
  [0.4, 'rgb(209,229,240)'],
  [0.6, 'rgb(253,219,199)'],
  [0.8, 'rgb(239,138,98)'],
  [1, 'rgb(178,24,43)'],
];

const BIN_WORDS: Record<string, { vi: string; en: string }> = {
  '3': { vi: 'Điểm nóng – tin cậy 99 %', en: 'Hot spot – 99 % confidence' },
  '2': { vi: 'Điểm nóng – tin cậy 95 %', en: 'Hot spot – 95 % confidence' },
  '1': { vi: 'Điểm nóng – tin cậy 90 %', en: 'Hot spot – 90 % confidence' },
  '0': { vi: 'Không có ý nghĩa thống kê', en: 'Not significant' },
  '-1': { vi: 'Điểm lạnh – tin cậy 90 %', en: 'Cold spot – 90 % confidence' },
  '-2': { vi: 'Điểm lạnh – tin cậy 95 %', en: 'Cold spot – 95 % confidence' },
  '-3': { vi: 'Điểm lạnh – tin cậy 99 %', en: 'Cold spot – 99 % confidence' },
};

/** The words for a confidence bin, e.g. 3 → "Hot spot – 99 % confidence". */
export function giBinLabel(bin: number, lang: Lang): string {
  return (BIN_WORDS[String(bin)] ?? BIN_WORDS['0'])[lang];
}

export interface ClassBreaks {
  /** Lower bound of each class: a value v falls in the last class whose bound is ≤ v. */
  lows: number[];
  /** Upper bound of each class (the last one is the largest value). */
  highs: number[];
}

/** 1, 2, 2.5, 5 × 10ⁿ: a step a person reads at a glance. */
function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

/**
 * Equal-interval classes with a round step, from 0 (or 1 for whole counts, where a drawn cell
 * holds at least one incident) up to `max`. Fewer classes when the values are few:
 * counts up to 3 give the classes 1, 2, 3.
 */
export function classBreaks(max: number, opts: { integer: boolean; classes?: number }): ClassBreaks {
  const k = opts.classes ?? 5;
  const top = Math.max(max, opts.integer ? 1 : 0);
  let step = niceStep(top / k);
  if (opts.integer) step = Math.max(1, Math.ceil(step));
  const lows: number[] = [];
  const highs: number[] = [];
  const first = opts.integer ? 1 : 0;
  // Rounded so that 3 × 0.2 is 0.6, not 0.6000000000000001.
  const at = (i: number) => Math.round(i * step * 1e9) / 1e9;
  for (let i = 0; i < k; i++) {
    const low = i === 0 ? first : opts.integer ? at(i) + 1 : at(i);
    if (low > top && i > 0) break;
    lows.push(low);
    highs.push(at(i + 1));
  }
  highs[highs.length - 1] = Math.max(top, lows[lows.length - 1]);
  return { lows, highs };
}

/** Index of the class a value falls in (what the map's `step` expression computes). */
export function classOf(value: number, breaks: ClassBreaks): number {
  let c = 0;
  for (let i = 1; i < breaks.lows.length; i++) if (value >= breaks.lows[i]) c = i;
  return c;
}

const fmt = (v: number, lang: Lang) => v.toLocaleString(locale(lang), { maximumFractionDigits: 1 });

/** "1–5", "6–10", … for whole counts; "0–2,5", "2,5–5" for rates (decimal comma in Vietnamese). */
export function classLabels(breaks: ClassBreaks, integer: boolean, lang: Lang): string[] {
  return breaks.lows.map((low, i) => {
    const high = breaks.highs[i];
    if (integer && low === high) return fmt(low, lang);
    return `${fmt(low, lang)}–${fmt(high, lang)}`;
  });
}

/** A MapLibre `step` expression colouring a numeric property by the classes. */
export function stepColor(prop: string, breaks: ClassBreaks, colors: readonly string[]): ExpressionSpecification {
  const expr: unknown[] = ['step', ['to-number', ['get', prop], 0], colors[0]];
  for (let i = 1; i < breaks.lows.length; i++) expr.push(breaks.lows[i], colors[Math.min(i, colors.length - 1)]);
  // A step expression needs at least one stop pair; one class is a constant colour.
  return (breaks.lows.length > 1 ? expr : ['literal', colors[0]]) as unknown as ExpressionSpecification;
}

export const GI_COLOR_EXPRESSION = [
  'match',
  ['to-string', ['get', 'gi_bin']],
  ...Object.entries(GI_BIN_COLOR).flat(),
  GI_BIN_COLOR['0'],
] as unknown as ExpressionSpecification;

export const GI_OPACITY_EXPRESSION = [
  'case',
  ['==', ['to-number', ['get', 'gi_bin'], 0], 0],
  GI_BIN_OPACITY.notSignificant,
  GI_BIN_OPACITY.significant,
] as unknown as ExpressionSpecification;

/** Source ids of the hot spot views. */
export const HOTSPOT_SOURCES = { incidents: 'hotspot-incidents', cells: 'hotspot-cells', wards: 'hotspot-wards', selected: 'hotspot-selected' } as const;

/** The four views a commander switches between, and the MapLibre layers that draw each. */
export const HOTSPOT_VIEWS = ['heatmap', 'hex-count', 'gi', 'wards'] as const;
export type HotspotView = (typeof HOTSPOT_VIEWS)[number];

export const HOTSPOT_VIEW_LAYERS: Record<HotspotView, string[]> = {
  wards: ['hotspot-wards-fill'],
  'hex-count': ['hotspot-hex-count'],
  gi: ['hotspot-hex-gi'],
  heatmap: ['hotspot-heatmap'],
};

/**
 * Every hot spot layer, bottom to top: ward choropleth, hexagon counts, Gi* bins, cell edges,
 * heatmap, the selected cell. All start hidden; the client shows the views asked for.
 * Incidents in the heatmap source carry `d` (the Hanoi day number, days since 1970-01-01),
 * `c` (category) and `s` (severity), so the time window and filters are layer filters.
 */
export function hotspotLayers(opts: { countBreaks: ClassBreaks; wardBreaks: ClassBreaks; wardMetric: 'count' | 'rate_per_1000' }): LayerSpecification[] {
  const S = HOTSPOT_SOURCES;
  const hidden = { visibility: 'none' as const };
  const anyCell: FilterSpecification = ['has', 'count'];
  return [
    {
      id: 'hotspot-wards-fill',
      type: 'fill',
      source: S.wards,
      layout: hidden,
      paint: {
        'fill-color': ['case', ['==', ['get', opts.wardMetric], null], NO_DATA_COLOR, stepColor(opts.wardMetric, opts.wardBreaks, WARD_COLORS)] as ExpressionSpecification,
        'fill-opacity': 0.75,
      },
    },
    { id: 'hotspot-hex-count', type: 'fill', source: S.cells, filter: anyCell, layout: hidden, paint: { 'fill-color': stepColor('count', opts.countBreaks, COUNT_COLORS), 'fill-opacity': 0.75 } },
    { id: 'hotspot-hex-gi', type: 'fill', source: S.cells, filter: anyCell, layout: hidden, paint: { 'fill-color': GI_COLOR_EXPRESSION, 'fill-opacity': GI_OPACITY_EXPRESSION } },
    { id: 'hotspot-hex-edge', type: 'line', source: S.cells, layout: hidden, paint: { 'line-color': '#ffffff', 'line-width': 0.5, 'line-opacity': 0.6 } },
    {
      id: 'hotspot-heatmap',
      type: 'heatmap',
      source: S.incidents,
      layout: hidden,
      paint: {
        'heatmap-weight': 1,
        'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 15, 2],
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 10, 8, 13, 18, 16, 40],
        'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], ...HEATMAP_RAMP.flat()] as ExpressionSpecification,
        'heatmap-opacity': 0.8,
      },
    },
    { id: 'hotspot-selected', type: 'line', source: S.selected, paint: { 'line-color': '#00b8d4', 'line-width': 3 } },
  ] as LayerSpecification[];
}

export interface HotspotLegendEntry {
  label: string;
  color: string;
  opacity: number;
}

/** Gi* legend, hot at the top as on ArcGIS maps. */
export function giLegend(lang: Lang): HotspotLegendEntry[] {
  return ['3', '2', '1', '0', '-1', '-2', '-3'].map((b) => ({
    label: giBinLabel(Number(b), lang),
    color: GI_BIN_COLOR[b],
    opacity: b === '0' ? GI_BIN_OPACITY.notSignificant : GI_BIN_OPACITY.significant,
  }));
}

/** Legend of a sequential class map (hexagon counts or ward choropleth). */
export function classLegend(breaks: ClassBreaks, colors: readonly string[], integer: boolean, lang: Lang): HotspotLegendEntry[] {
  return classLabels(breaks, integer, lang).map((label, i) => ({ label, color: colors[Math.min(i, colors.length - 1)], opacity: 0.75 }));
}
