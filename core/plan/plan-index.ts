/**
 * Spatial indexes over the layers a plan is derived from, so the readiness board of a whole city
 * (8,000 stations, 5,000 checkpoints, a million incidents) derives each station from a handful of
 * nearby features instead of scanning every layer per station. Built once per board.
 *
 * What each station gets: zones whose box meets its ward's box or lies within reach; the nearest
 * in-force checkpoints; per facility kind the 10 nearest in a straight line (a road route
 * longer than the 10th straight-line distance is not searched further — the plan endpoint,
 * which reads everything near one station, stays exact); incidents of the window within reach.
 */
import type { Point } from 'geojson';
import Flatbush from 'flatbush';
import KDBush from 'kdbush';
import { geometryBbox, type Bbox } from '../geometry/bbox.ts';
import { haversineM } from '../geometry/measure.ts';
import { metresToDegrees } from '../geometry/units.ts';
import { addDays } from '../time/calendar.ts';
import { activeOn } from '../time/in-force.ts';
import { DEFAULT_PLAN_OPTIONS, FACILITY_NEEDS, incidentDay, type AnyFeature, type PlanLayers, type PlanOptions } from './derive.ts';

const FACILITY_CANDIDATES = 10;

/** The point features of a layer, in layer order, and a KDBush over them (null without any). */
export interface PointSet {
  index: KDBush | null;
  items: AnyFeature[];
}

export function points(features: readonly AnyFeature[]): PointSet {
  const items = features.filter((f) => f.geometry?.type === 'Point');
  if (!items.length) return { index: null, items };
  const index = new KDBush(items.length);
  for (const f of items) {
    const c = (f.geometry as Point).coordinates;
    index.add(c[0], c[1]);
  }
  index.finish();
  return { index, items };
}

/** Where a box search for the nearest points starts (most stations have a checkpoint and a facility of each kind nearer). */
const FIRST_RADIUS_M = 500;

/**
 * The k nearest points to `p`, nearest first, ties in layer order: boxes of growing radius until k
 * points lie within the radius (a point outside a box may be nearer than a point in its corner,
 * so only those within the circle count). Measured with the haversine derivePlan uses, so what it
 * keeps is what a full scan keeps. A few box queries cost less than geokdbush's priority-queue walk
 * 40,000 times a board.
 */
function nearest(s: PointSet, p: number[], k: number): AnyFeature[] {
  if (!s.index || k <= 0) return [];
  const want = Math.min(k, s.items.length);
  for (let r = FIRST_RADIUS_M; ; r *= 2) {
    const { dLat, dLon } = metresToDegrees(r, p[1]);
    // Past a quarter of the Earth every point is a candidate: measure them all.
    const ids = r > 1e7 ? s.items.map((_, i) => i) : s.index.range(p[0] - dLon, p[1] - dLat, p[0] + dLon, p[1] + dLat);
    if (ids.length < want) continue;
    const measured = ids.map((i) => ({ i, d: haversineM(p, (s.items[i].geometry as Point).coordinates) })).sort((a, b) => a.d - b.d || a.i - b.i);
    if (measured[want - 1].d <= r || r > 1e7) return measured.slice(0, want).map((m) => s.items[m.i]);
  }
}

/**
 * Every point in a box that holds the circle of `m` metres around `p`, in layer order — the order
 * a full scan meets them in, so what derivePlan keeps (it measures each exactly) and the order of
 * ties are the same as without the index. A box query, not geokdbush's nearest-first walk, which
 * keeps a priority queue over hundreds of points per station for no use here.
 */
function withinBox(s: PointSet, p: number[], m: number): AnyFeature[] {
  const { dLat, dLon } = metresToDegrees(m, p[1]);
  return withinBbox(s, [p[0] - dLon, p[1] - dLat, p[0] + dLon, p[1] + dLat]);
}

/** Every point in `b`, in layer order (see withinBox for why that order). */
export function withinBbox(s: PointSet, b: Bbox): AnyFeature[] {
  if (!s.index) return [];
  return s.index
    .range(b[0], b[1], b[2], b[3])
    .sort((x, y) => x - y)
    .map((i) => s.items[i]);
}

export class PlanIndex {
  private zones: AnyFeature[];
  private zoneIndex: Flatbush | null = null;
  private checkpoints: PointSet;
  private facilities: Map<string, PointSet>;
  private incidents: PointSet;
  private facilityCandidates: number;
  private wardBoxes = new Map<string, Bbox>();
  private o: { zoneWithinM: number; incidentWithinM: number; incidentDays: number; checkpointCount: number };

  /** `electionDay` decides which checkpoints are in force and which incidents fall in the window. */
  constructor(
    private layers: PlanLayers,
    electionDay: string,
    options: PlanOptions = {},
  ) {
    this.o = { ...DEFAULT_PLAN_OPTIONS, ...options };
    this.zones = layers.zones.filter((z) => z.geometry?.type === 'Polygon' || z.geometry?.type === 'MultiPolygon');
    if (this.zones.length) {
      this.zoneIndex = new Flatbush(this.zones.length);
      for (const z of this.zones) {
        const b = geometryBbox(z.geometry as never);
        this.zoneIndex.add(b[0], b[1], b[2], b[3]);
      }
      this.zoneIndex.finish();
    }
    for (const w of layers.wards) if (w.geometry) this.wardBoxes.set(String(w.properties?.code), geometryBbox(w.geometry as never));
    this.checkpoints = points(layers.checkpoints.filter((c) => activeOn(c, 'checkpoints', electionDay) && c.properties?.status !== 'closed'));
    // Only the kinds a plan names (an isolation facility is no one's nearest help).
    const kinds = [...new Set(Object.values(FACILITY_NEEDS).flat())];
    this.facilities = new Map(kinds.map((k) => [k, points(layers.facilities.filter((f) => f.properties?.kind === k))]));
    // In a straight line the nearest of each kind decides; by road a farther one may be nearer.
    this.facilityCandidates = layers.roads && layers.roads.segmentCount > 0 ? FACILITY_CANDIDATES : 1;
    const from = addDays(options.asOf ?? electionDay, -(this.o.incidentDays - 1));
    const to = options.asOf ?? electionDay;
    this.incidents = points(
      layers.incidents.filter((i) => {
        const d = incidentDay(i);
        return d !== null && d >= from && d <= to;
      }),
    );
  }

  /** The features that can matter to this station's plan. */
  layersFor(station: AnyFeature): PlanLayers {
    const p = (station.geometry as Point).coordinates;
    const { dLat, dLon } = metresToDegrees(this.o.zoneWithinM, p[1]);
    const boxes: Bbox[] = [[p[0] - dLon, p[1] - dLat, p[0] + dLon, p[1] + dLat]];
    const ward = this.wardBoxes.get(String(station.properties?.ward_code));
    if (ward) boxes.push(ward);
    const zoneIds = new Set<number>();
    if (this.zoneIndex) for (const b of boxes) for (const i of this.zoneIndex.search(b[0], b[1], b[2], b[3])) zoneIds.add(i);
    return {
      wards: this.layers.wards,
      zones: [...zoneIds].map((i) => this.zones[i]),
      checkpoints: nearest(this.checkpoints, p, this.o.checkpointCount),
      facilities: [...this.facilities.values()].flatMap((s) => nearest(s, p, this.facilityCandidates)),
      incidents: withinBox(this.incidents, p, this.o.incidentWithinM),
      roads: this.layers.roads,
    };
  }
}
