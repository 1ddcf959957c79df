import { describe, expect, it } from 'vitest';
// maplibre-gl's own style-spec package (a dependency of maplibre-gl): the reference that parses
// and evaluates the expressions the browser will run.
import { validateStyleMin, createPropertyExpression, featureFilter, latest } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS } from '../layers.ts';
import { layerStyles, legendEntries, labelFor, mapLayerIds, mapStyle, symbolFor, LABEL_FONT } from './index.ts';

/** Evaluate one paint/layout property of a MapLibre layer for a feature, as MapLibre would. */
function evaluate(layer: LayerSpecification, group: 'paint' | 'layout', prop: string, properties: Record<string, unknown>): unknown {
  const value = (layer as unknown as Record<string, Record<string, unknown> | undefined>)[group]?.[prop];
  const spec = (latest as unknown as Record<string, Record<string, unknown>>)[`${group}_${layer.type}`][prop];
  const parsed = createPropertyExpression(value, prop, spec as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const v = parsed.value.evaluate({ zoom: 14 }, { type: 'Point', properties } as never);
  // Colours come back as MapLibre Color objects; compare as CSS hex.
  if (v && typeof v === 'object' && 'r' in v) {
    const c = v as { r: number; g: number; b: number };
    return '#' + [c.r, c.g, c.b].map((x) => Math.round(x * 255).toString(16).padStart(2, '0')).join('');
  }
  return v;
}

function drawn(layer: LayerSpecification, properties: Record<string, unknown>): boolean {
  const l = layer as { filter?: unknown };
  return l.filter === undefined || featureFilter(l.filter as never, 'filter').filter({ zoom: 14 }, { type: 1, properties } as never);
}

describe('the map style', () => {
  it('is a valid MapLibre style in both languages, with labels from our own font name', () => {
    for (const lang of ['vi', 'en'] as const) {
      const style = mapStyle({ lang, fontFaces: { [LABEL_FONT]: [{ url: 'http://127.0.0.1/a.woff2', 'unicode-range': ['U+0000-00FF'] }] } });
      expect(validateStyleMin(style)).toEqual([]);
      expect(style.glyphs).toBeUndefined(); // no glyph server: nothing may leave the origin
    }
  });

  it('gives every operational layer its own source and its named MapLibre layers', () => {
    expect(Object.keys(mapStyle({ lang: 'vi' }).sources).sort()).toEqual([...LAYER_IDS, 'wards-labels', 'quarantine-zones-labels'].sort());
    // Area names come from one point per feature, not once per tile the polygon crosses.
    const source = (id: string) => (layerStyles('vi').find((l) => l.id === id) as { source: string }).source;
    expect(source('wards-label')).toBe('wards-labels');
    expect(source('wards-fill')).toBe('wards');
    expect(source('checkpoints-label')).toBe('checkpoints');
    expect(mapLayerIds('checkpoints')).toEqual(['checkpoints-circle', 'checkpoints-label']);
    expect(mapLayerIds('polling-stations')).toEqual(['polling-stations-ring', 'polling-stations-dot', 'polling-stations-label']);
    expect(mapLayerIds('wards')).toEqual(['wards-fill', 'wards-line', 'wards-label']);
  });

  it('draws areas first, ward boundaries above zone fills, points above areas and labels on top', () => {
    const ids = layerStyles('vi').map((l) => l.id);
    expect(ids.indexOf('wards-fill')).toBeLessThan(ids.indexOf('quarantine-zones-fill'));
    expect(ids.indexOf('quarantine-zones-fill')).toBeLessThan(ids.indexOf('wards-line'));
    expect(ids.indexOf('wards-line')).toBeLessThan(ids.indexOf('checkpoints-circle'));
    const firstLabel = ids.findIndex((id) => id.endsWith('-label'));
    expect(ids.slice(firstLabel).every((id) => id.endsWith('-label'))).toBe(true);
  });

  it('hides every part of a hidden layer', () => {
    const style = mapStyle({ lang: 'vi', hidden: ['checkpoints'] });
    const vis = (id: string) => (style.layers.find((l) => l.id === id) as { layout?: { visibility?: string } }).layout?.visibility;
    expect(vis('checkpoints-circle')).toBe('none');
    expect(vis('checkpoints-label')).toBe('none');
    expect(vis('wards-fill')).toBeUndefined();
  });
});

describe('symbols per feature (what the print draws) agree with what MapLibre draws', () => {
  const cases: [(typeof LAYER_IDS)[number], Record<string, unknown>][] = [
    ['checkpoints', { kind: 'epidemic', status: 'active' }],
    ['checkpoints', { kind: 'security', status: 'planned' }],
    ['checkpoints', { kind: 'traffic', status: 'closed' }],
    ['quarantine-zones', { level: 'lockdown', status: 'active' }],
    ['quarantine-zones', { level: 'buffer', status: 'planned' }],
    ['quarantine-zones', { level: 'facility', status: 'lifted' }],
    ['incidents', { category: 'traffic', severity: 3 }],
    ['incidents', { category: 'violation', severity: 1 }],
    ['polling-stations', { code: 'KV01' }],
    ['wards', { name: 'Cổ Nhuế 1' }],
  ];
  for (const [layer, props] of cases) {
    it(`${layer} ${JSON.stringify(props)}`, () => {
      const fromMap = layerStyles('vi')
        .filter((l) => (l as { source?: string }).source === layer && l.type !== 'symbol' && drawn(l, props))
        .map((l) => {
          if (l.type === 'fill') return { type: 'fill', color: evaluate(l, 'paint', 'fill-color', props), opacity: evaluate(l, 'paint', 'fill-opacity', props) };
          if (l.type === 'line') {
            const dash = (l.paint as { 'line-dasharray'?: number[] })['line-dasharray'];
            return { type: 'line', color: evaluate(l, 'paint', 'line-color', props), width: evaluate(l, 'paint', 'line-width', props), ...(dash ? { dash } : {}) };
          }
          return {
            type: 'circle',
            radius: evaluate(l, 'paint', 'circle-radius', props),
            color: evaluate(l, 'paint', 'circle-color', props),
            opacity: evaluate(l, 'paint', 'circle-opacity', props),
            strokeColor: evaluate(l, 'paint', 'circle-stroke-color', props),
            strokeWidth: evaluate(l, 'paint', 'circle-stroke-width', props),
          };
        });
      expect(symbolFor(layer, props)).toEqual(fromMap);
    });
  }

  it('draws a planned checkpoint as a hollow ring in its kind colour and a closed one in grey', () => {
    expect(symbolFor('checkpoints', { kind: 'security', status: 'planned' })).toEqual([
      { type: 'circle', radius: 7, color: '#ffffff', opacity: 1, strokeColor: '#1e3a8a', strokeWidth: 2.5 },
    ]);
    expect(symbolFor('checkpoints', { kind: 'security', status: 'closed' })[0].color).toBe('#9e9e9e');
  });

  it('outlines a planned zone dashed and an active one solid', () => {
    expect(symbolFor('quarantine-zones', { level: 'lockdown', status: 'planned' })).toEqual([
      { type: 'fill', color: '#d62728', opacity: 0.2 },
      { type: 'line', color: '#d62728', width: 2, dash: [3, 2] },
    ]);
    expect(symbolFor('quarantine-zones', { level: 'lockdown', status: 'active' })[1]).toEqual({ type: 'line', color: '#d62728', width: 2 });
  });

  it('labels a ward by its name and an incident by its category in the chosen language', () => {
    expect(labelFor('wards', { name: 'Phường Cổ Nhuế 1' })?.text).toBe('Phường Cổ Nhuế 1');
    expect(labelFor('incidents', { category: 'epidemic_case' }, 'en')?.text).toBe('Epidemic case');
    expect(labelFor('incidents', { category: 'epidemic_case' }, 'vi')?.text).toBe('Ca bệnh');
    // MapLibre's text-field agrees.
    const l = layerStyles('en').find((x) => x.id === 'incidents-label')!;
    expect(String(evaluate(l, 'layout', 'text-field', { category: 'public_order' }))).toBe('Public order');
  });
});

describe('the legend', () => {
  it('names the classes of each layer in the chosen language', () => {
    expect(legendEntries('checkpoints', 'vi').map((e) => e.label)).toEqual(['Phòng chống dịch', 'An ninh', 'Giao thông', 'Dự kiến', 'Đã đóng']);
    expect(legendEntries('quarantine-zones', 'en').map((e) => e.label)).toEqual(['Lockdown', 'Quarantine facility', 'Buffer', 'Planned', 'Lifted']);
    expect(legendEntries('incidents', 'en').map((e) => e.label)).toEqual(['Epidemic case', 'Violation', 'Public order', 'Traffic']);
  });

  it('shows each class exactly as the map draws a feature of that class', () => {
    const lockdown = legendEntries('quarantine-zones', 'vi')[0];
    expect(lockdown).toEqual({ label: 'Phong tỏa', geometry: 'area', primitives: symbolFor('quarantine-zones', { level: 'lockdown', status: 'active' }) });
    expect(legendEntries('polling-stations', 'en')[0].primitives.map((p) => p.type)).toEqual(['circle', 'circle']);
    for (const id of LAYER_IDS) for (const e of legendEntries(id, 'vi')) expect(e.primitives.length).toBeGreaterThan(0);
  });
});
