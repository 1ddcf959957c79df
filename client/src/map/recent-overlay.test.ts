import { describe, expect, it } from 'vitest';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification } from 'maplibre-gl';
import { hidingFilter, isTiled, overlayCopy, RECENT_LAYER_PROP, RECENT_SOURCE, tilesShow } from './recent-overlay.ts';

const tiled = { id: 'checkpoints-circle', type: 'circle', source: 'operational', 'source-layer': 'checkpoints', filter: ['!', ['has', 'count']], paint: { 'circle-radius': 5 } } as LayerSpecification;
const point = (id: number, props: Record<string, unknown> = {}) => ({ type: 'Point' as const, id, properties: props, geometry: { type: 'Point', coordinates: [0, 0] } });
const passes = (f: unknown, feature: ReturnType<typeof point>) => featureFilter(f as never, 'layers[0].filter').filter({ zoom: 14 } as never, { type: 1, id: feature.id, properties: feature.properties, geometry: [] } as never);

describe('overlayCopy', () => {
  it('draws the same style from the overlay source, only its own layer’s features', () => {
    const c = overlayCopy(tiled) as LayerSpecification & { source: string; filter: unknown; paint: unknown };
    expect(c.id).toBe('checkpoints-circle~recent');
    expect(c.source).toBe(RECENT_SOURCE);
    expect(c).not.toHaveProperty('source-layer');
    expect(c.paint).toEqual(tiled.paint);
    expect(passes(c.filter, point(1, { [RECENT_LAYER_PROP]: 'checkpoints' }))).toBe(true);
    expect(passes(c.filter, point(1, { [RECENT_LAYER_PROP]: 'incidents' }))).toBe(false);
    expect(passes(c.filter, point(1, { [RECENT_LAYER_PROP]: 'checkpoints', count: 3 }))).toBe(false); // the original filter still applies
  });

  it('copies only layers drawn from operational tiles', () => {
    expect(isTiled(tiled)).toBe(true);
    expect(isTiled({ id: 'wards-label', type: 'symbol', source: 'wards-labels', layout: {} } as LayerSpecification)).toBe(false);
    expect(isTiled({ id: 'background', type: 'background' } as LayerSpecification)).toBe(false);
  });
});

describe('hidingFilter', () => {
  it('hides the given ids and keeps the rest, and never hides a cell of counts', () => {
    const f = hidingFilter(undefined, [7, 9]);
    expect(passes(f, point(7))).toBe(false);
    expect(passes(f, point(8))).toBe(true);
    expect(passes(f, point(9, { count: 12 }))).toBe(true);
  });

  it('keeps the original filter, and is the original when nothing is hidden', () => {
    expect(hidingFilter((tiled as { filter?: never }).filter, [])).toBe((tiled as { filter?: never }).filter);
    const f = hidingFilter(['==', ['get', 'status'], 'active'], [7]);
    expect(passes(f, point(8, { status: 'active' }))).toBe(true);
    expect(passes(f, point(8, { status: 'closed' }))).toBe(false);
    expect(passes(f, point(7, { status: 'active' }))).toBe(false);
  });
});

describe('tilesShow', () => {
  const moved = { geometry: { type: 'Point', coordinates: [105.8, 21.0] }, properties: { name: 'Chốt A', status: 'active' } };
  it('confirms a point once a copy in the tiles stands at its new place with its new properties', () => {
    expect(tilesShow(moved, [{ geometry: { type: 'Point', coordinates: [105.79, 21.0] }, properties: { name: 'Chốt A' } }], true)).toBe(false);
    expect(tilesShow(moved, [{ geometry: { type: 'Point', coordinates: [105.800001, 21.0] }, properties: { name: 'Chốt B' } }], true)).toBe(false);
    expect(tilesShow(moved, [{ geometry: { type: 'Point', coordinates: [105.800001, 21.0] }, properties: { name: 'Chốt A' } }], false)).toBe(true);
    // A property only the tiles carry (an incident's Hanoi day) is not compared.
    expect(tilesShow(moved, [{ geometry: { type: 'Point', coordinates: [105.8, 21.0] }, properties: { name: 'Chốt A', day: '2021-05-23' } }], false)).toBe(true);
  });
  it('confirms a deletion when the refreshed tiles hold no copy, an area when they hold its new properties', () => {
    expect(tilesShow(null, [], false)).toBe(false);
    expect(tilesShow(null, [{ geometry: { type: 'Point' }, properties: {} }], true)).toBe(false);
    expect(tilesShow(null, [], true)).toBe(true);
    const zone = { geometry: { type: 'Polygon' }, properties: { status: 'lifted' } };
    expect(tilesShow(zone, [{ geometry: { type: 'Polygon' }, properties: { status: 'active' } }], true)).toBe(false);
    expect(tilesShow(zone, [{ geometry: { type: 'Polygon' }, properties: { status: 'lifted' } }], false)).toBe(false);
    expect(tilesShow(zone, [{ geometry: { type: 'Polygon' }, properties: { status: 'lifted' } }], true)).toBe(true);
  });
});
