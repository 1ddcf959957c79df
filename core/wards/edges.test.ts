import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { across, buildBorderEdges, edgeWards, ringArea2, vertexKey } from './edges.ts';

const square = (x: number, y: number, clockwise = false): { geometry: Polygon } => {
  const ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]];
  return { geometry: { type: 'Polygon', coordinates: [clockwise ? ring.reverse() : ring] } };
};

describe('buildBorderEdges', () => {
  it('holds a shared segment once, with a ward on each side', () => {
    const e = buildBorderEdges([square(0, 0), square(1, 0)]);
    expect(e.count).toBe(7); // 4 + 4 − the one shared segment
    const shared = e.find([1, 1], [1, 0]);
    expect(shared).toBeGreaterThanOrEqual(0);
    expect(e.find([1, 0], [1, 1])).toBe(shared); // either direction
    expect([e.left[shared], e.right[shared]]).toEqual([0, 1]); // ward 0 lies left of a→b
    expect(edgeWards(e, shared)).toEqual([0, 1]);
    expect(across(e, shared, 1)).toBe(0);
    expect(edgeWards(e, e.find([0, 0], [1, 0]))).toEqual([0]);
    expect(across(e, e.find([0, 0], [1, 0]), 0)).toBe(-1); // the outside
  });

  it('orients a clockwise ring so its ward is on the left', () => {
    const e = buildBorderEdges([square(0, 0, true), square(1, 0)]);
    const shared = e.find([1, 0], [1, 1]);
    expect([e.left[shared], e.right[shared]]).toEqual([0, 1]);
    expect(Array.from(e.coords.subarray(shared * 4, shared * 4 + 4))).toEqual([1, 0, 1, 1]); // walked north, ward 0 to the west
  });

  it('treats vertices equal to 1e-7° (about 1 cm) as the same vertex', () => {
    expect(vertexKey([105.79000003, 21.05])).toBe(vertexKey([105.79, 21.05]));
    expect(vertexKey([105.7900003, 21.05])).not.toBe(vertexKey([105.79, 21.05]));
    expect(buildBorderEdges([]).find([0, 0], [1, 0])).toBe(-1);
  });

  it('measures ring orientation', () => {
    expect(ringArea2(square(0, 0).geometry.coordinates[0])).toBe(2); // twice the unit area, counter-clockwise
    expect(ringArea2(square(0, 0, true).geometry.coordinates[0])).toBe(-2);
  });
});
