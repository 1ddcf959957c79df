import { readFileSync } from 'node:fs';
import type { Feature, LineString, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { haversineM } from '../geometry/measure.ts';
import { pointSegmentM } from '../wards/border-distance.ts';
import { SHARED_DATA, hasSharedData } from '../../test/support/tools.ts';
import { RoadNetwork } from './road-network.ts';

const line = (...coords: Position[]): Feature<LineString> => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } });

/**
 * An independent shortest path for the check: brute-force snap over every segment and a plain
 * O(n²) Dijkstra over vertices keyed the same way, written without graphology.
 */
function referenceRoute(roads: Feature<LineString>[], a: Position, b: Position): number | null {
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

describe('RoadNetwork', () => {
  // An L of two roads sharing a corner, and a separate road far away.
  const roads = [line([105.78, 21.0], [105.79, 21.0]), line([105.79, 21.0], [105.79, 21.01]), line([105.9, 21.2], [105.91, 21.2])];
  const net = new RoadNetwork(roads);

  it('routes round the corner: off-road legs plus the road between the feet', () => {
    const a: Position = [105.785, 20.9995]; // ~55 m south of the first road
    const b: Position = [105.7905, 21.005]; // ~52 m east of the second
    const r = net.route(a, b)!;
    const expected = haversineM(a, [105.785, 21.0]) + haversineM([105.785, 21.0], [105.79, 21.0]) + haversineM([105.79, 21.0], [105.79, 21.005]) + haversineM([105.79, 21.005], b);
    expect(r.distanceM).toBeCloseTo(expected, 0);
    expect(r.path[0]).toEqual(a);
    expect(r.path.at(-1)).toEqual(b);
    expect(r.distanceM).toBeGreaterThan(haversineM(a, b));
  });

  it('goes straight along a segment when both points snap to it', () => {
    const r = net.route([105.781, 21.0001], [105.782, 21.0001])!;
    expect(r.distanceM).toBeCloseTo(haversineM([105.781, 21.0], [105.782, 21.0]) + 2 * haversineM([105.781, 21.0], [105.781, 21.0001]), 0);
  });

  it('says there is no route between separate networks, and leaves no temporary nodes behind', () => {
    const order = net.graph.order;
    expect(net.route([105.785, 21.0], [105.905, 21.2])).toBeNull();
    expect(net.graph.order).toBe(order);
  });

  it.runIf(hasSharedData('hanoi-roads.geojson'))('equals an independent shortest path on the real Hanoi roads', () => {
    const real = (JSON.parse(readFileSync(SHARED_DATA + 'hanoi-roads.geojson', 'utf8')).features as Feature<LineString>[]).filter((f) => f.geometry?.type === 'LineString');
    const big = new RoadNetwork(real);
    const pairs: [Position, Position][] = [
      [[105.7765, 21.0645], [105.7802, 21.0478]],
      [[105.765, 21.04], [105.77, 21.035]],
      [[105.752, 21.028], [105.7455, 21.0075]],
    ];
    let routed = 0;
    for (const [a, b] of pairs) {
      const mine = big.route(a, b);
      const ref = referenceRoute(real, a, b);
      if (ref === null) expect(mine).toBeNull();
      else expect(mine!.distanceM).toBeCloseTo(ref, 0);
      if (ref !== null) routed++;
    }
    expect(routed).toBeGreaterThan(1);
  }, 60_000);
});
