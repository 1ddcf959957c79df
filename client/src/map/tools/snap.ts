/**
 * Snapping to ward boundaries, measured on screen: a pointer within `tolerancePx` of a boundary
 * vertex snaps to the vertex, else within that distance of a boundary edge to the nearest point
 * on the edge. Pure: the caller gives the rings and the projection.
 */
import type { Feature, Geometry, Position } from 'geojson';

export type Project = (lng: number, lat: number) => { x: number; y: number };

interface Edge {
  a: Position;
  b: Position;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Boundary edges of polygon features, each with its lon/lat box for a quick reject. */
export function boundaryEdges(features: readonly Feature<Geometry | null>[]): Edge[] {
  const edges: Edge[] = [];
  const ring = (r: Position[]) => {
    for (let i = 1; i < r.length; i++) {
      const a = r[i - 1];
      const b = r[i];
      edges.push({ a, b, minX: Math.min(a[0], b[0]), minY: Math.min(a[1], b[1]), maxX: Math.max(a[0], b[0]), maxY: Math.max(a[1], b[1]) });
    }
  };
  for (const f of features) {
    const g = f.geometry;
    if (g?.type === 'Polygon') g.coordinates.forEach(ring);
    else if (g?.type === 'MultiPolygon') g.coordinates.forEach((p) => p.forEach(ring));
  }
  return edges;
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
