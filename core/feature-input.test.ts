/**
 * Every write passes parseFeatureInput (API, importer, forms). Golden fixtures in
 * core/test/feature-input: each input file is a FeatureCollection for one layer (foreign member
 * `layer`); the output holds each feature as accepted (defaults filled in, derived properties
 * dropped) or, when refused, its issues in place of its properties. REGEN=1 rewrites them.
 */
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import { goldenFixtures } from '../test/support/golden.ts';
import { mergeProperties, parseFeatureInput } from './feature-input.ts';
import type { LayerId } from './layers.ts';


describe('parseFeatureInput fixtures', () => {
  goldenFixtures(new URL('./test/feature-input', import.meta.url).pathname, (input) => {
    const layer = (input as FeatureCollection & { layer: LayerId }).layer;
    return {
      type: 'FeatureCollection',
      features: input.features.map((f): Feature => {
        const r = parseFeatureInput(layer, f);
        return { type: 'Feature', properties: r.ok ? r.value.properties : { issues: r.issues }, geometry: f.geometry };
      }),
    };
  });
});

describe('parseFeatureInput', () => {
  it('refuses what is not a Feature', () => {
    expect(parseFeatureInput('checkpoints', [])).toEqual({ ok: false, issues: [{ path: '', message: 'must be a GeoJSON Feature object' }] });
    expect(parseFeatureInput('checkpoints', { type: 'FeatureCollection' })).toEqual({ ok: false, issues: [{ path: 'type', message: 'must be "Feature"' }] });
  });

  it('reports property and geometry problems together', () => {
    const r = parseFeatureInput('checkpoints', { type: 'Feature', properties: { name: 'Chốt A' }, geometry: { type: 'Polygon', coordinates: [] } });
    expect(r).toEqual({
      ok: false,
      issues: [
        { path: 'properties.kind', message: 'is required' },
        { path: 'geometry.type', message: 'must be Point for this layer, not Polygon' },
      ],
    });
  });
});

describe('mergeProperties (JSON Merge Patch, RFC 7396)', () => {
  it('replaces what is sent, removes what is null, keeps the rest', () => {
    expect(mergeProperties({ name: 'Chốt A', staff: 4, notes: 'ca đêm' }, { staff: 6, notes: null })).toEqual({ name: 'Chốt A', staff: 6 });
  });
});
