/**
 * validateGeometry, which every write passes. Golden fixtures in core/geometry/test/validate: each
 * input file is a FeatureCollection whose foreign member `allowed` lists the layer's geometry
 * types; the output gives each feature's issues (an empty list: accepted). REGEN=1 rewrites them.
 * Self-intersection is asserted by pattern below, not pinned in a golden file, because the way
 * it is found (and the point it names) is being reworked.
 */
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import { goldenFixtures } from '../../test/support/golden.ts';
import { validateGeometry } from './validate.ts';

describe('validateGeometry fixtures', () => {
  goldenFixtures(new URL('./test/validate', import.meta.url).pathname, (input) => {
    const allowed = (input as FeatureCollection & { allowed: string[] }).allowed;
    return {
      type: 'FeatureCollection',
      features: input.features.map((f): Feature => ({ ...f, properties: { ...f.properties, issues: validateGeometry(f.geometry, allowed) } })),
    };
  });
});

describe('validateGeometry', () => {
  it('refuses a polygon whose edges cross, saying where', () => {
    const bowtie = { type: 'Polygon', coordinates: [[[105.78, 21.05], [105.79, 21.06], [105.79, 21.05], [105.78, 21.06], [105.78, 21.05]]] };
    const [issue, ...rest] = validateGeometry(bowtie, ['Polygon']);
    expect(rest).toEqual([]);
    expect(issue.path).toBe('geometry.coordinates');
    expect(issue.message).toMatch(/intersects itself/); // the edges cross at 21.055° N, 105.785° E
  });

  it('counts vertices against the limit', () => {
    const line = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    expect(validateGeometry(line, ['Polygon'], 3)).toEqual([{ path: 'geometry.coordinates', message: 'has 4 vertices; the limit is 3' }]);
  });
});
