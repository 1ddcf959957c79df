/**
 * Gaps: stretches of ward and district borders farther than N metres from every checkpoint.
 *
 * Borders are walked ring by ring and sampled every few metres; each sample asks the k-d tree
 * whether a checkpoint is within reach, and the exact point where coverage changes is found by
 * bisection between two samples (to 0.1 m). An edge shared by two wards (core/wards/edges.ts:
 * same two vertices in both rings) is walked once and reported with both ward codes.
 */
import type { Feature, FeatureCollection, LineString, Point, Position } from 'geojson';
import { around } from 'geokdbush';
import { haversineM, listOf, pathLengthM, pointIndex, prop, whereIn, type FeaturesIn } from './measure.ts';
import type { Area } from './polygon-ops.ts';
import { buildBorderEdges, edgeWards, type BorderEdges } from '../wards/edges.ts';
import { pointSegmentM } from '../wards/border-distance.ts';

export interface GapOptions {
  /** Reach of a checkpoint, metres. */
  distanceM: number;
  /** Checkpoints that count, by `status` (default ['active']; null for all). */
  checkpointStatuses?: readonly string[] | null;
  /** Spacing of border samples, metres (default distanceM / 10, between 1 and 25 m). */
  sampleM?: number;
  /** Drop gaps shorter than this, metres (default 0). */
  minLengthM?: number;
}

export interface GapProps {
  /** Length of the stretch, metres. */
  length_m: number;
  /** Codes of the ward(s) this stretch bounds: one for an outer border, two for a shared one. */
  ward_codes: string[];
  /** 'district' for the outer edge of the given wards or between wards of different districts. */
  border: 'ward' | 'district';
}

interface Ward {
  code: string;
  district: string | null;
  rings: Position[][];
}

/**
 * Border stretches more than `distanceM` from any (active) checkpoint.
 *
 * @param wards Polygon/MultiPolygon features with `code` (or `ward_code`) and `district` (or `district_code`)
 * @param checkpoints Point features with `status`
 * @param options distanceM, checkpointStatuses (default active only), sampleM, minLengthM
 * @returns LineStrings with {length_m, ward_codes, border}, longest first
 */
export function borderGaps(wards: FeaturesIn, checkpoints: FeaturesIn, options: GapOptions): FeatureCollection<LineString, GapProps> {
  const { distanceM } = options;
  if (!(Number.isFinite(distanceM) && distanceM > 0)) throw new RangeError(`distanceM must be a positive number of metres, got ${distanceM}`);
  const sampleM = options.sampleM ?? Math.min(25, Math.max(1, distanceM / 10));
  const statuses = options.checkpointStatuses === undefined ? ['active'] : (options.checkpointStatuses ?? undefined);
  const cps = whereIn(listOf(checkpoints), 'status', statuses).filter((f) => f.geometry?.type === 'Point') as Feature<Point>[];
  const positions = cps.map((c) => c.geometry.coordinates);
  const index = pointIndex(positions);
  // The k-d tree proposes checkpoints a little beyond reach; the border metric (the one on_border
  // uses) decides, so a checkpoint on_border at the same distance always covers its border.
  const reachKm = (distanceM / 1000) * 1.001;
  const covered = (p: Position) => index !== null && around(index, p[0], p[1], 1, reachKm, (i: number) => pointSegmentM(p, positions[i], positions[i]) <= distanceM).length > 0;

  const wardList: Ward[] = listOf(wards).flatMap((f, i) => {
    const g = f.geometry;
    if (g?.type !== 'Polygon' && g?.type !== 'MultiPolygon') return [];
    const polys = (g as Area).type === 'Polygon' ? [(g as { coordinates: Position[][] }).coordinates] : (g as { coordinates: Position[][][] }).coordinates;
    return [{ code: prop(f, 'code', 'ward_code') ?? String(f.id ?? i), district: prop(f, 'district', 'district_code'), rings: polys.flat() }];
  });

  // Which wards each edge bounds, whichever way round its two end points are walked.
  const edges = buildBorderEdges(wardList.map((w) => ({ geometry: { type: 'Polygon', coordinates: w.rings } })));

  const gaps: Feature<LineString, GapProps>[] = [];
  wardList.forEach((w, wi) => {
    for (const ring of w.rings) {
      const runs = walkRing(ring, wi, edges, covered, sampleM);
      for (const run of runs) {
        const owners = run.wards.map((x) => wardList[x]);
        const districts = new Set(owners.map((o) => o.district));
        const border: GapProps['border'] = owners.length === 1 || districts.size > 1 ? 'district' : 'ward';
        const length_m = pathLengthM(run.coords);
        if (length_m <= (options.minLengthM ?? 0)) continue;
        gaps.push({ type: 'Feature', properties: { length_m, ward_codes: owners.map((o) => o.code).sort(), border }, geometry: { type: 'LineString', coordinates: run.coords } });
      }
    }
  });
  gaps.sort((a, b) => b.properties.length_m - a.properties.length_m);
  return { type: 'FeatureCollection', features: gaps };
}

interface Run {
  coords: Position[];
  wards: number[];
  key: string;
  /** Starts at the ring's first vertex / ends at its last: candidates to be joined. */
  atStart: boolean;
  atEnd: boolean;
}

/** Uncovered stretches of one ring, split where coverage or the set of bounded wards changes. */
function walkRing(ring: Position[], wi: number, edges: BorderEdges, covered: (p: Position) => boolean, sampleM: number): Run[] {
  const runs: Run[] = [];
  let open: Run | null = null;
  const close = () => {
    if (open && open.coords.length >= 2) runs.push(open);
    open = null;
  };
  const last = ring.length - 1;
  for (let j = 1; j <= last; j++) {
    const a = ring[j - 1], b = ring[j];
    const e = edges.find(a, b);
    const wards = e < 0 ? [wi] : edgeWards(edges, e);
    // A shared edge is walked by the ward that comes first, so it is reported once.
    if (wards[0] !== wi) {
      close();
      continue;
    }
    const key = wards.join(',');
    if (open && (open as Run).key !== key) close();
    const len = haversineM(a, b);
    const n = Math.max(1, Math.ceil(len / sampleM));
    let prevT = 0;
    let prevCovered = covered(a);
    if (!prevCovered && !open) open = { coords: [a], wards, key, atStart: j === 1, atEnd: false };
    for (let s = 1; s <= n; s++) {
      const t = s / n;
      const p = lerp(a, b, t);
      const c = covered(p);
      if (c !== prevCovered) {
        const edge = bisect(a, b, prevT, t, prevCovered, covered, len);
        if (c) {
          (open as Run | null)?.coords.push(edge);
          close();
        } else {
          open = { coords: [edge], wards, key, atStart: false, atEnd: false };
        }
      }
      prevT = t;
      prevCovered = c;
    }
    if (!prevCovered && open) {
      (open as Run).coords.push(b);
      if (j === last) (open as Run).atEnd = true;
    }
  }
  close();
  // A stretch that runs through the ring's first vertex was cut in two by the loop: join it.
  if (runs.length > 1) {
    const first = runs[0], tail = runs[runs.length - 1];
    if (first.atStart && tail.atEnd && first.key === tail.key) {
      tail.coords.push(...first.coords.slice(1));
      runs.shift();
    }
  }
  return runs;
}

/** The point on a–b where coverage flips between parameters t0 and t1, to within 0.1 m. */
function bisect(a: Position, b: Position, t0: number, t1: number, coveredAtT0: boolean, covered: (p: Position) => boolean, len: number): Position {
  while ((t1 - t0) * len > 0.1) {
    const mid = (t0 + t1) / 2;
    if (covered(lerp(a, b, mid)) === coveredAtT0) t0 = mid;
    else t1 = mid;
  }
  return lerp(a, b, (t0 + t1) / 2);
}

function lerp(a: Position, b: Position, t: number): Position {
  if (t === 0) return [a[0], a[1]];
  if (t === 1) return [b[0], b[1]];
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}
