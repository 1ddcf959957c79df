import { describe, expect, it } from 'vitest';
// maplibre-gl's own style-spec: the reference that parses and evaluates what the browser runs.
import { createPropertyExpression, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import {
  classBreaks,
  classLabels,
  classOf,
  giBinLabel,
  giLegend,
  hotspotLayers,
  stepColor,
  COUNT_COLORS,
  GI_BIN_COLOR,
  HOTSPOT_SOURCES,
  HOTSPOT_VIEW_LAYERS,
} from './hotspots.ts';

function evaluate(layer: LayerSpecification, prop: string, properties: Record<string, unknown>): unknown {
  const value = (layer as unknown as { paint: Record<string, unknown> }).paint[prop];
  const spec = (latest as unknown as Record<string, Record<string, unknown>>)[`paint_${layer.type}`][prop];
  const parsed = createPropertyExpression(value, prop, spec as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const v = parsed.value.evaluate({ zoom: 13 }, { type: 'Polygon', properties } as never);
  if (v && typeof v === 'object' && 'r' in v) {
    const c = v as { r: number; g: number; b: number };
    return '#' + [c.r, c.g, c.b].map((x) => Math.round(x * 255).toString(16).padStart(2, '0')).join('');
  }
  return v;
}

const layers = hotspotLayers({ countBreaks: classBreaks(28, { integer: true }), wardBreaks: classBreaks(8.13, { integer: false }), wardMetric: 'rate_per_1000' });
const layer = (id: string) => layers.find((l) => l.id === id)!;

describe('the hot spot style', () => {
  it('is valid MapLibre style: every layer on its own GeoJSON sources', () => {
    const style: StyleSpecification = {
      version: 8,
      sources: Object.fromEntries(Object.values(HOTSPOT_SOURCES).map((id) => [id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }])),
      layers,
    } as StyleSpecification;
    expect(validateStyleMin(style)).toEqual([]);
    for (const ids of Object.values(HOTSPOT_VIEW_LAYERS)) for (const id of ids) expect(layers.some((l) => l.id === id)).toBe(true);
  });

  it('colours Gi* bins as ArcGIS does: red hot, blue cold, not significant faint', () => {
    const gi = layer('hotspot-hex-gi');
    expect(evaluate(gi, 'fill-color', { gi_bin: 3 })).toBe('#d62f27');
    expect(evaluate(gi, 'fill-color', { gi_bin: 1 })).toBe('#fab984');
    expect(evaluate(gi, 'fill-color', { gi_bin: -3 })).toBe('#4575b5');
    expect(evaluate(gi, 'fill-opacity', { gi_bin: 0 })).toBe(0.12);
    expect(evaluate(gi, 'fill-opacity', { gi_bin: -2 })).toBe(0.72);
    expect(giLegend('en').map((e) => e.label)).toEqual([
      'Hot spot – 99 % confidence',
      'Hot spot – 95 % confidence',
      'Hot spot – 90 % confidence',
      'Not significant',
      'Cold spot – 90 % confidence',
      'Cold spot – 95 % confidence',
      'Cold spot – 99 % confidence',
    ]);
    expect(giLegend('vi').map((e) => e.color)).toEqual(['3', '2', '1', '0', '-1', '-2', '-3'].map((b) => GI_BIN_COLOR[b]));
    expect(giBinLabel(2, 'vi')).toBe('Điểm nóng – tin cậy 95 %');
  });

  it('shows the ward metric asked for, grey where a rate cannot be computed', () => {
    const wards = layer('hotspot-wards-fill');
    expect(evaluate(wards, 'fill-color', { rate_per_1000: null })).toBe('#e0e0e0');
    expect(evaluate(wards, 'fill-color', { rate_per_1000: 0.5 })).toBe('#f2f0f7');
    expect(evaluate(wards, 'fill-color', { rate_per_1000: 8.1 })).toBe('#54278f');
  });
});

describe('class breaks', () => {
  it('cuts whole counts into equal round steps from 1', () => {
    expect(classBreaks(28, { integer: true })).toEqual({ lows: [1, 11, 21], highs: [10, 20, 28] });
    expect(classBreaks(40, { integer: true })).toEqual({ lows: [1, 11, 21, 31], highs: [10, 20, 30, 40] });
    expect(classBreaks(7, { integer: true })).toEqual({ lows: [1, 3, 5, 7], highs: [2, 4, 6, 7] });
    expect(classBreaks(3, { integer: true })).toEqual({ lows: [1, 2, 3], highs: [1, 2, 3] });
    expect(classBreaks(0, { integer: true })).toEqual({ lows: [1], highs: [1] });
  });

  it('cuts rates from 0 without binary fractions showing', () => {
    expect(classBreaks(8.13, { integer: false })).toEqual({ lows: [0, 2, 4, 6, 8], highs: [2, 4, 6, 8, 8.13] });
    expect(classBreaks(0.9, { integer: false })).toEqual({ lows: [0, 0.2, 0.4, 0.6, 0.8], highs: [0.2, 0.4, 0.6, 0.8, 0.9] });
  });

  it('writes class labels as readers write numbers', () => {
    expect(classLabels(classBreaks(28, { integer: true }), true, 'vi')).toEqual(['1–10', '11–20', '21–28']);
    expect(classLabels(classBreaks(3, { integer: true }), true, 'en')).toEqual(['1', '2', '3']);
    expect(classLabels(classBreaks(0.9, { integer: false }), false, 'vi')[1]).toBe('0,2–0,4');
    expect(classLabels(classBreaks(2500, { integer: true }), true, 'en')[1]).toBe('501–1,000');
  });

  it('puts a value in the same class as the map’s step expression does', () => {
    for (const [max, integer] of [[28, true], [7, true], [8.13, false], [0.9, false]] as const) {
      const b = classBreaks(max, { integer });
      const l = { id: 'x', type: 'fill', source: 's', paint: { 'fill-color': stepColor('v', b, COUNT_COLORS) } } as LayerSpecification;
      for (let v = integer ? 1 : 0; v <= max; v += integer ? 1 : 0.1) {
        const hex = COUNT_COLORS[classOf(v, b)];
        expect(evaluate(l, 'fill-color', { v }), `value ${v} of max ${max}`).toBe(hex);
      }
    }
  });
});
