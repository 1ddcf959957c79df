/**
 * deriveProps: ward_code and on_border, computed on every write from core/wards' locator and
 * border metric. Golden fixtures in core/geometry/test/derive: each input file holds wards
 * (polygons with `code`) and points of one layer (foreign members `layer`, `borderDistanceM`);
 * the output is the points with their derived properties. REGEN=1 rewrites them.
 */
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { goldenFixtures } from '../../test/support/golden.ts';
import { deriveProps, type WardFeature } from './derive.ts';
import type { LayerId } from '../layers.ts';

const split = (input: FeatureCollection) => ({
  wards: input.features.filter((f) => f.geometry.type !== 'Point') as WardFeature[],
  points: input.features.filter((f) => f.geometry.type === 'Point') as Feature<Point>[],
});

describe('deriveProps fixtures', () => {
  goldenFixtures(new URL('./test/derive', import.meta.url).pathname, (input) => {
    const { layer, borderDistanceM } = input as FeatureCollection & { layer: LayerId; borderDistanceM: number };
    const { wards, points } = split(input);
    return { type: 'FeatureCollection', features: points.map((p) => ({ ...p, properties: { ...p.properties, ...deriveProps(layer, p.geometry, wards, borderDistanceM) } })) };
  });
});

describe('deriveProps', () => {
  const ward: WardFeature = { type: 'Feature', properties: { code: '00611' }, geometry: { type: 'Polygon', coordinates: [[[105.78, 21.05], [105.79, 21.05], [105.79, 21.06], [105.78, 21.06], [105.78, 21.05]]] } };

  it('sets on_border by the border metric: 10.4 m is within 20 m, not within 10 m', () => {
    // 0.0001° of longitude at 21.055° N: 10.38 m
    expect(deriveProps('checkpoints', { type: 'Point', coordinates: [105.7899, 21.055] }, [ward], 20)).toEqual({ ward_code: '00611', on_border: true });
    expect(deriveProps('checkpoints', { type: 'Point', coordinates: [105.7899, 21.055] }, [ward], 10)).toEqual({ ward_code: '00611', on_border: false });
  });

  it('is not on a border when no ward is near', () => {
    expect(deriveProps('checkpoints', { type: 'Point', coordinates: [106, 21] }, [], 20)).toEqual({ ward_code: null, on_border: false });
  });

  it('derives nothing for areas and for wards', () => {
    expect(deriveProps('quarantine-zones', ward.geometry, [ward], 20)).toEqual({});
    expect(deriveProps('wards', { type: 'Point', coordinates: [105.785, 21.055] }, [ward], 20)).toEqual({});
  });
});
