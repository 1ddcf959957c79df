/**
 * Legend entries and per-feature symbols, both read from the same rules that draw the map, so
 * the legend (screen and print) cannot show something the map does not draw.
 */
import type { LayerId } from '../layers.ts';
import { legendClasses, rulesFor } from './definition.ts';
import { applies, resolve, type Lang, type TextRule } from './rules.ts';

export type Primitive =
  | { type: 'fill'; color: string; opacity: number }
  | { type: 'line'; color: string; width: number; dash?: number[] }
  | { type: 'circle'; radius: number; color: string; opacity: number; strokeColor: string; strokeWidth: number };

/** The shapes one feature is drawn with, bottom to top (labels excluded: see `labelFor`). */
export function symbolFor(layer: LayerId, props: Record<string, unknown>, lang: Lang = 'vi'): Primitive[] {
  const out: Primitive[] = [];
  for (const r of rulesFor(layer, lang)) {
    if (!applies(r, props)) continue;
    if (r.type === 'fill') out.push({ type: 'fill', color: resolve(r.color, props), opacity: resolve(r.opacity, props) });
    else if (r.type === 'line') out.push({ type: 'line', color: resolve(r.color, props), width: resolve(r.width, props), ...(r.dash ? { dash: r.dash } : {}) });
    else if (r.type === 'circle')
      out.push({
        type: 'circle',
        radius: resolve(r.radius, props),
        color: resolve(r.color, props),
        opacity: resolve(r.opacity, props),
        strokeColor: resolve(r.strokeColor, props),
        strokeWidth: resolve(r.strokeWidth, props),
      });
  }
  return out;
}

export interface Label {
  text: string;
  size: number;
  color: string;
  haloColor: string;
  haloWidth: number;
  bold: boolean;
  offsetY: number;
  minzoom: number;
}

/** The label a feature carries, or null when it has none. */
export function labelFor(layer: LayerId, props: Record<string, unknown>, lang: Lang = 'vi'): Label | null {
  const r = rulesFor(layer, lang).find((x): x is TextRule => x.type === 'text' && applies(x, props));
  if (!r) return null;
  const raw = 'prop' in r.field ? props[r.field.prop] : resolve(r.field, props);
  const text = raw === undefined || raw === null ? '' : String(raw);
  if (!text) return null;
  return { text, size: r.size, color: r.color, haloColor: r.haloColor, haloWidth: r.haloWidth, bold: !!r.bold, offsetY: r.offsetY ?? 0, minzoom: r.minzoom ?? 0 };
}

export interface LegendEntry {
  label: string;
  /** Point layers draw a symbol, area layers a patch with its outline. */
  geometry: 'point' | 'area';
  primitives: Primitive[];
}

const AREA: LayerId[] = ['wards', 'quarantine-zones'];

/** The legend of one layer, in the language asked for. */
export function legendEntries(layer: LayerId, lang: Lang): LegendEntry[] {
  return legendClasses(layer, lang).map(({ label, sample }) => ({
    label,
    geometry: AREA.includes(layer) ? 'area' : 'point',
    primitives: symbolFor(layer, sample, lang),
  }));
}
