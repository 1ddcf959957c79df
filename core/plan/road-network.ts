/**
 * Distances along the imported roads: a graph of road vertices (graphology) with edges weighted
 * by their length on the sphere, and Dijkstra (graphology-shortest-path) between two points
 * snapped onto it. A well-kept graph library rather than our own search: the plan's "nearest
 * hospital by road" is something an officer will check against a map, so it must be right.
 *
 * Lines that share a vertex (same coordinates to 1e-7°) are joined; lines that merely cross are
 * not (a bridge over a road is no junction). A point joins the network at the foot of the
 * perpendicular on its nearest segment; the walk from the point to that foot is counted.
 * One-way tags are ignored: a police car or ambulance going to a polling station is not a
 * private car, and the 2017 data marks too few one-way streets to trust.
 */
import type { Feature, LineString, MultiLineString, Position } from 'geojson';
import Graph from 'graphology';
import { bidirectional } from 'graphology-shortest-path/dijkstra';
import Flatbush from 'flatbush';
import { haversineM } from '../geometry/measure.ts';
import { pointSegmentM } from '../wards/border-distance.ts';
import { metresPerDegreeLon } from '../geometry/units.ts';

const key = (p: Position) => `${Math.round(p[0] * 1e7)},${Math.round(p[1] * 1e7)}`;

interface Segment {
  a: string;
  b: string;
  pa: Position;
  pb: Position;
}

export interface Snap {
  segment: number;
  /** Foot of the perpendicular. */
  at: Position;
  /** Metres from the point to the foot. */
  offM: number;
  /** Fraction along the segment, 0 at `a`. */
  t: number;
}

export interface RoadRoute {
  /** Metres: point → road, along the road, road → point. */
  distanceM: number;
  /** From the first point to the second, through the snapped feet. */
  path: Position[];
}

export class RoadNetwork {
  readonly graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  private segments: Segment[] = [];
  private index: Flatbush | null = null;
  private temp = 0;

  /** Builds from road features; anything that is not a (Multi)LineString is skipped. */
  constructor(roads: readonly Feature<LineString | MultiLineString | null>[] | readonly { geometry: unknown }[]) {
    for (const f of roads) {
      const g = f.geometry as LineString | MultiLineString | null;
      if (!g) continue;
      const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
      for (const line of lines) for (let i = 1; i < line.length; i++) this.addSegment(line[i - 1], line[i]);
    }
    if (this.segments.length) {
      this.index = new Flatbush(this.segments.length);
      for (const s of this.segments) this.index.add(Math.min(s.pa[0], s.pb[0]), Math.min(s.pa[1], s.pb[1]), Math.max(s.pa[0], s.pb[0]), Math.max(s.pa[1], s.pb[1]));
      this.index.finish();
    }
  }

  get segmentCount() {
    return this.segments.length;
  }

  private addSegment(pa: Position, pb: Position) {
    const a = key(pa), b = key(pb);
    if (a === b) return;
    if (!this.graph.hasNode(a)) this.graph.addNode(a, { p: [pa[0], pa[1]] });
    if (!this.graph.hasNode(b)) this.graph.addNode(b, { p: [pb[0], pb[1]] });
    const w = haversineM(pa, pb);
    if (this.graph.hasEdge(a, b)) {
      // Two roads between the same vertices: keep the shorter.
      if (this.graph.getEdgeAttribute(a, b, 'weight') > w) this.graph.setEdgeAttribute(a, b, 'weight', w);
    } else this.graph.addEdge(a, b, { weight: w });
    this.segments.push({ a, b, pa, pb });
  }

  /** The nearest segment to a point (its foot and distance), or null without roads. */
  snap(p: Position): Snap | null {
    if (!this.index) return null;
    // Flatbush's `neighbors` orders boxes by planar distance in degrees; check a few of the nearest
    // boxes on the sphere, since a long segment's box can be near while the segment is not.
    const first = this.index.neighbors(p[0], p[1], 16);
    let bestD = Infinity;
    for (const i of first) bestD = Math.min(bestD, pointSegmentM(p, this.segments[i].pa, this.segments[i].pb));
    // Then every box within that many metres, as degrees of longitude (the shorter degree), so no closer segment is missed.
    const reach = bestD / Math.max(metresPerDegreeLon(p[1]), 1e-6);
    const ids = this.index.neighbors(p[0], p[1], Infinity, reach * 1.01);
    let best: Snap | null = null;
    for (const i of [...first, ...ids]) {
      const s = this.segments[i];
      const d = pointSegmentM(p, s.pa, s.pb);
      if (!best || d < best.offM) best = { segment: i, offM: d, t: footT(p, s.pa, s.pb), at: [0, 0] };
    }
    if (!best) return null;
    const s = this.segments[best.segment];
    best.at = [s.pa[0] + best.t * (s.pb[0] - s.pa[0]), s.pa[1] + best.t * (s.pb[1] - s.pa[1])];
    return best;
  }

  /**
   * The shortest route by road between two points, or null when no road joins them (separate
   * networks). Temporary nodes at the snapped feet are added and removed again.
   */
  route(from: Position, to: Position, snaps?: { from?: Snap | null; to?: Snap | null }): RoadRoute | null {
    const sa = snaps?.from ?? this.snap(from);
    const sb = snaps?.to ?? this.snap(to);
    if (!sa || !sb) return null;
    const na = this.attach(sa);
    const nb = this.attach(sb);
    try {
      if (sa.segment === sb.segment && na !== nb && !this.graph.hasEdge(na, nb)) this.graph.addEdge(na, nb, { weight: haversineM(sa.at, sb.at) });
      const nodes = na === nb ? [na] : bidirectional(this.graph, na, nb, 'weight');
      if (!nodes) return null;
      let along = 0;
      for (let i = 1; i < nodes.length; i++) along += this.graph.getEdgeAttribute(nodes[i - 1], nodes[i], 'weight');
      const path = [from, ...nodes.map((n) => this.graph.getNodeAttribute(n, 'p') as Position), to];
      return { distanceM: sa.offM + along + sb.offM, path };
    } finally {
      this.detach(nb);
      this.detach(na);
    }
  }

  /** A node at the snap: an existing vertex when the foot is on one, else a temporary node joined to both ends. */
  private attach(s: Snap): string {
    const seg = this.segments[s.segment];
    if (s.t <= 0) return seg.a;
    if (s.t >= 1) return seg.b;
    const id = `tmp:${this.temp++}`;
    const len = haversineM(seg.pa, seg.pb);
    this.graph.addNode(id, { p: s.at, temp: true });
    this.graph.addEdge(id, seg.a, { weight: s.t * len });
    this.graph.addEdge(id, seg.b, { weight: (1 - s.t) * len });
    return id;
  }

  private detach(id: string) {
    if (id.startsWith('tmp:') && this.graph.hasNode(id)) this.graph.dropNode(id);
  }
}

/** Fraction along a–b of the foot of the perpendicular from p, in a local metric frame. */
function footT(p: Position, a: Position, b: Position): number {
  const k = Math.cos((p[1] * Math.PI) / 180);
  const ax = (a[0] - p[0]) * k, ay = a[1] - p[1];
  const dx = (b[0] - a[0]) * k, dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  return len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
}
