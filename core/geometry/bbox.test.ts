import { describe, expect, it } from 'vitest';
import { emptyBbox, extendBbox, geometryBbox, positionsBbox, unionBbox } from './bbox.ts';

describe('bbox', () => {
  it('boxes a point, a line and a polygon with a hole', () => {
    expect(geometryBbox({ type: 'Point', coordinates: [105.78, 21.06] })).toEqual([105.78, 21.06, 105.78, 21.06]);
    expect(geometryBbox({ type: 'LineString', coordinates: [[105.8, 21.1], [105.7, 21]] })).toEqual([105.7, 21, 105.8, 21.1]);
    expect(geometryBbox({ type: 'MultiPolygon', coordinates: [[[[0, 0], [2, 0], [2, 1], [0, 0]]], [[[5, -1], [6, -1], [6, 3], [5, -1]]]] })).toEqual([0, -1, 6, 3]);
  });

  it('boxes every member of a geometry collection', () => {
    expect(geometryBbox({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'Point', coordinates: [-3, 4] }] })).toEqual([-3, 2, 1, 4]);
  });

  it('is inside out when there is nothing to box', () => {
    expect(positionsBbox([])).toEqual([Infinity, Infinity, -Infinity, -Infinity]);
    expect(extendBbox(emptyBbox(), [1, 2])).toEqual([1, 2, 1, 2]);
  });
});

describe('unionBbox', () => {
  it('grows a box to hold another', () => {
    expect(unionBbox([0, 0, 1, 1], [2, -1, 3, 0.5])).toEqual([0, -1, 3, 1]);
    expect(unionBbox(emptyBbox(), [2, -1, 3, 0.5])).toEqual([2, -1, 3, 0.5]);
  });
});
