/** Regression (found by the API fuzz test): malformed line coordinates are skipped, not a crash. */
import { describe, expect, it } from 'vitest';
import { toReference } from '../../server/io/reference.ts';

const road = (geometry: unknown) => ({ type: 'Feature', properties: { highway: 'primary' }, geometry }) as never;

describe('toReference', () => {
  it('skips roads whose coordinates are not arrays of positions', () => {
    const r = toReference('roads', [
      road({ type: 'LineString', coordinates: '  ' }),
      road({ type: 'LineString', coordinates: [[105.7, 21], 'x'] }),
      road({ type: 'MultiLineString', coordinates: ['ab', [[1, 2], [3, 4]]] }),
      road({ type: 'MultiLineString', coordinates: {} }),
      road({ type: 'LineString', coordinates: [[105.7, 21], [105.71, 21.01]] }),
    ]);
    expect(r.skipped).toBe(4);
    expect(r.features).toHaveLength(1);
  });
});
