/**
 * Snapping a drawn corner to ward boundaries (client/src/map/tools/snap.ts), on a screen where one
 * degree is 1,000 pixels: a vertex within reach wins, else the foot of the perpendicular on the
 * nearest edge, else nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { boundaryEdges, snapToEdges, type Project } from '../../client/src/map/tools/snap.ts';

const square: Feature<Polygon> = {
  type: 'Feature',
  properties: {},
  geometry: { type: 'Polygon', coordinates: [[[105, 21], [105.1, 21], [105.1, 21.1], [105, 21.1], [105, 21]]] },
};
const project: Project = (lng, lat) => ({ x: lng * 1000, y: -lat * 1000 });
const edges = boundaryEdges([square]);
const snap = (lng: number, lat: number) => snapToEdges(edges, [lng, lat], project, 12, 0.05);

describe('snapping to ward boundaries', () => {
  it('walks every edge of every ring', () => {
    expect(edges).toHaveLength(4);
  });

  it('snaps to a corner within 12 px', () => {
    expect(snap(105.005, 21.004)).toEqual([105, 21]); // 6.4 px from the corner
  });

  it('prefers the corner to an edge that is nearer', () => {
    // 1 px from the bottom edge, 9 px from the corner
    expect(snap(104.991 + 0.0179, 21.001)).toEqual([105, 21]);
  });

  it('snaps to the nearest point of an edge when no corner is in reach', () => {
    const p = snap(105.05, 21.007)!; // 7 px above the middle of the bottom edge
    expect(p[0]).toBeCloseTo(105.05, 9);
    expect(p[1]).toBeCloseTo(21, 9);
  });

  it('leaves a pointer farther than 12 px alone', () => {
    expect(snap(105.05, 21.02)).toBeUndefined();
    expect(snap(105.05, 21.05)).toBeUndefined();
  });
});
