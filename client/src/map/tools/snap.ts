/**
 * Snapping to ward boundaries, measured on screen: a pointer within `tolerancePx` of a boundary
 * vertex snaps to the vertex, else within that distance of a boundary edge to the nearest point
 * on the edge. Pure: the caller gives the rings and the projection.
 */
import type { Feature, Geometry, Position } from 'geojson';
import { buildBorderEdges } from '../../../../core/wards/edges.ts';

export type Project = (lng: number, lat: number) => { x: number; y: number };

interface Edge {
  a: Position;
  b: Position;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Boundary edges of polygon features (core/wards: a shared border once), each with its lon/lat box for a quick reject. */
export function boundaryEdges(features: readonly Feature<Geometry | null>[]): Edge[] {
  const areas = features.flatMap((f) => (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon' ? [{ geometry: f.geometry }] : []));
  const { coords: c, count } = buildBorderEdges(areas);
  return Array.from({ length: count }, (_, e) => {
    const [ax, ay, bx, by] = c.subarray(e * 4, e * 4 + 4);
    return { a: [ax, ay], b: [bx, by], minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) };
  });
}

/**
 * The snapped position for a pointer at `at` (lon/lat), or undefined when no boundary is near.
 *
 * @param degWindow half-size of the lon/lat box searched (a little more than tolerancePx in degrees)
 */
export function snapToEdges(edges: readonly Edge[], at: Position, project: Project, tolerancePx: number, degWindow: number): Position | undefined {
  const p = project(at[0], at[1]);
  let best: { pos: Position; d: number; vertex: boolean } | undefined;
  for (const e of edges) {
    if (e.maxX < at[0] - degWindow || e.minX > at[0] + degWindow || e.maxY < at[1] - degWindow || e.minY > at[1] + degWindow) continue;
    const pa = project(e.a[0], e.a[1]);
    const pb = project(e.b[0], e.b[1]);
    for (const [v, pv] of [[e.a, pa], [e.b, pb]] as const) {
      const d = Math.hypot(pv.x - p.x, pv.y - p.y);
      if (d <= tolerancePx && (!best || !best.vertex || d < best.d)) best = { pos: v, d, vertex: true };
    }
    if (best?.vertex) continue;
    const dx = pb.x - pa.x;
    const dy = pb.y - pa.y;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - pa.x) * dx + (p.y - pa.y) * dy) / len2));
    const d = Math.hypot(pa.x + t * dx - p.x, pa.y + t * dy - p.y);
    // Interpolating lon/lat linearly is exact enough at street scale (the edge is a few pixels long on screen).
    if (d <= tolerancePx && (!best || d < best.d)) best = { pos: [e.a[0] + t * (e.b[0] - e.a[0]), e.a[1] + t * (e.b[1] - e.a[1])], d, vertex: false };
  }
  return best?.pos;
}
