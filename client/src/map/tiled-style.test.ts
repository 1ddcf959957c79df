import { describe, expect, it } from 'vitest';
import { expression, latest } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification } from 'maplibre-gl';
import { mapStyle } from '../../../core/style/index.ts';
import { LAYER_IDS } from '../../../core/layers.ts';
import { OPERATIONAL_SOURCE, tiledStyle } from './tiled-style.ts';

const style = tiledStyle(mapStyle({ lang: 'vi' }), '/api/operational-tiles/wards,incidents/{z}/{x}/{y}.pbf');
const tiled = style.layers.filter((l) => 'source-layer' in l) as (LayerSpecification & { 'source-layer': string; paint?: Record<string, unknown> })[];

/** The paint properties MapLibre reads per feature (vertex attributes) rather than once per layer (uniforms). */
function perFeature(l: (typeof tiled)[number]): string[] {
  const spec = (latest as unknown as Record<string, Record<string, { 'property-type': string }>>)[`paint_${l.type}`];
  return Object.keys(spec)
    .filter((p) => spec[p]['property-type'] === 'data-driven' && l.paint?.[p] !== undefined)
    .filter((p) => (expression.normalizePropertyExpression(l.paint![p] as never, p as never, spec[p] as never) as { kind: string }).kind !== 'constant')
    .sort();
}

describe('tiledStyle', () => {
  it('reads every operational layer from the one source of operational tiles, each from its own layer of them', () => {
    expect(new Set(tiled.map((l) => l['source-layer']))).toEqual(new Set(LAYER_IDS));
    for (const l of tiled) expect((l as { source: string }).source).toBe(OPERATIONAL_SOURCE);
    for (const id of LAYER_IDS) expect(style.sources).not.toHaveProperty(id);
    expect(style.sources[OPERATIONAL_SOURCE]).toMatchObject({ type: 'vector', tiles: ['/api/operational-tiles/wards,incidents/{z}/{x}/{y}.pbf'] });
  });

  it('gives every tiled layer of one type the same per-feature paint properties (one shader program per type)', () => {
    const byType = new Map<string, Set<string>>();
    for (const l of tiled) {
      if (l.type === 'symbol') continue;
      let kinds = byType.get(l.type);
      if (!kinds) byType.set(l.type, (kinds = new Set()));
      kinds.add(perFeature(l).join());
    }
    expect(byType.get('circle')?.size).toBeGreaterThan(0);
    for (const [type, kinds] of byType) expect([type, [...kinds]]).toEqual([type, [[...kinds][0]]]);
  });

  it('draws no fill outline of its own and every line with the dashed lines’ program (edges are line layers)', () => {
    const fills = tiled.filter((l) => l.type === 'fill');
    const lines = tiled.filter((l) => l.type === 'line');
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.map((l) => l.paint?.['fill-antialias'])).toEqual(fills.map(() => false));
    expect(lines.filter((l) => !l.paint?.['line-dasharray'])).toEqual([]);
    // every area layer with a fill has a line layer drawing its edges
    for (const f of fills) expect(lines.some((l) => l['source-layer'] === f['source-layer'])).toBe(true);
  });
});
