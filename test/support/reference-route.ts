import type { Feature, LineString, Position } from 'geojson';
import { haversineM } from '../../core/geometry/measure.ts';
import { pointSegmentM } from '../../core/wards/border-distance.ts';

/**
 * An independent shortest path for the check: brute-force snap over every segment and a plain
 * O(n²) Dijkstra over vertices keyed the same way, written without graphology.
 */
export function referenceRoute(roads: Feature<LineString>[], a: Position, b: Position): number | null {
  const k = (p: Position) => `${Math.round(p[0] * 1e7)},${Math.round(p[1] * 1e7)}`;
  const adj = new Map<string, Map<string, number>>();
  const pos = new Map<string, Position>();
  const segs: [Position, Position][] = [];
  const link = (u: string, v: string, w: number) => {
    if (!adj.has(u)) adj.set(u, new Map());
    const m = adj.get(u)!;
    if (!m.has(v) || m.get(v)! > w) m.set(v, w);
  };
  for (const r of roads)
    for (let i = 1; i < r.geometry.coordinates.length; i++) {
      const p = r.geometry.coordinates[i - 1], q = r.geometry.coordinates[i];
      if (k(p) === k(q)) continue;
      pos.set(k(p), p);
      pos.set(k(q), q);
      link(k(p), k(q), haversineM(p, q));
      link(k(q), k(p), haversineM(p, q));
      segs.push([p, q]);
    }
  const snap = (x: Position) => {
    let best = { d: Infinity, s: 0 };
    segs.forEach(([p, q], i) => {
      const d = pointSegmentM(x, p, q);
      if (d < best.d) best = { d, s: i };
    });
    const [p, q] = segs[best.s];
    const len = haversineM(p, q);
    const along = Math.sqrt(Math.max(0, haversineM(x, p) ** 2 - best.d ** 2)); // right triangle in the local plane
    const t = Math.min(1, along / len);
    return { off: best.d, p, q, toP: t * len, toQ: (1 - t) * len, s: best.s };
  };
  const sa = snap(a), sb = snap(b);
  if (sa.s === sb.s) return sa.off + Math.abs(sa.toP - sb.toP) + sb.off;
  const dist = new Map<string, number>([[k(sa.p), sa.toP], [k(sa.q), sa.toQ]]);
  // Binary min-heap of [distance, node]; stale entries are skipped when popped.
  const heap: [number, string][] = [[sa.toP, k(sa.p)], [sa.toQ, k(sa.q)]].sort((x, y) => (x[0] as number) - (y[0] as number)) as [number, string][];
  const push = (e: [number, string]) => {
    heap.push(e);
    for (let i = heap.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (heap[up][0] <= heap[i][0]) break;
      [heap[up], heap[i]] = [heap[i], heap[up]];
      i = up;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  const done = new Set<string>();
  while (heap.length) {
    const [d, u] = pop();
    if (done.has(u) || d > dist.get(u)!) continue;
    done.add(u);
    for (const [v, w] of adj.get(u) ?? []) if (!dist.has(v) || d + w < dist.get(v)!) {
      dist.set(v, d + w);
      push([d + w, v]);
    }
  }
  const viaP = dist.get(k(sb.p)), viaQ = dist.get(k(sb.q));
  if (viaP === undefined && viaQ === undefined) return null;
  return sa.off + Math.min((viaP ?? Infinity) + sb.toP, (viaQ ?? Infinity) + sb.toQ) + sb.off;
}

