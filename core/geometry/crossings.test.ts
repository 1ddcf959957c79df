import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { buildBorderEdges, findCrossings, isMainRoad, type RoadFeature, type WardInput } from './crossings.ts';
import { checkpointsInForce, filterCrossings, shortPlaceName, suggestCheckpoint, summariseByWard, withNearestCheckpoint } from './crossing-coverage.ts';
import { activeOn } from '../time/in-force.ts';

/*
 * A small grid near Hà Nội, in units of 0.01° (about 1 km):
 *
 *   y=2 +---------------+
 *       |  C (district Y)|
 *   y=1 +-------+-------+
 *       |   A   |   B   |     A and B are in district X; their shared border is x=1, with a vertex at y=0.5
 *   y=0 +-------+-------+
 *       0       1       2
 */
const X = (x: number) => 105.8 + x * 0.01;
const Y = (y: number) => 21 + y * 0.01;
const P = (x: number, y: number): Position => [X(x), Y(y)];
const ring = (pts: [number, number][]) => [...pts, pts[0]].map(([x, y]) => P(x, y));

const A: WardInput = { code: 'A', name: 'Xuân Đỉnh', district: 'Quận X', geometry: { type: 'Polygon', coordinates: [ring([[0, 0], [1, 0], [1, 0.5], [1, 1], [0, 1]])] } };
// B is drawn clockwise on purpose: orientation must not matter
const B: WardInput = { code: 'B', name: 'Cổ Nhuế', district: 'Quận X', geometry: { type: 'Polygon', coordinates: [ring([[1, 0], [1, 0.5], [1, 1], [2, 1], [2, 0]])] } };
const C: WardInput = { code: 'C', name: 'Dịch Vọng', district: 'Quận Cầu Giấy', geometry: { type: 'Polygon', coordinates: [ring([[0, 1], [2, 1], [2, 2], [0, 2]])] } };
const WARDS = [A, B, C];

const road = (pts: [number, number][], props: RoadFeature['properties'] = { highway: 'primary', name: 'Phạm Văn Đồng', ref: null }): RoadFeature => ({
  type: 'Feature',
  properties: props,
  geometry: { type: 'LineString', coordinates: pts.map(([x, y]) => P(x, y)) },
});
const at = (c: { coordinates: [number, number] }) => [Math.round((c.coordinates[0] - 105.8) * 1e6) / 1e4, Math.round((c.coordinates[1] - 21) * 1e6) / 1e4];
const pair = (c: { from: { code: string }; to: { code: string } }) => `${c.from.code}→${c.to.code}`;

describe('border edges', () => {
  it('holds each shared segment once, with a ward on each side', () => {
    const e = buildBorderEdges([A, B]);
    // A has 5 segments, B has 5; the two on x=1 are shared
    expect(e.count).toBe(8);
    const shared = [...Array(e.count).keys()].filter((i) => e.left[i] >= 0 && e.right[i] >= 0);
    expect(shared).toHaveLength(2);
    for (const i of shared) expect([e.left[i], e.right[i]].sort()).toEqual([0, 1]);
  });
});

describe('findCrossings', () => {
  it('finds a road crossing from one ward into the next, with the wards, the road and the kind of border', () => {
    const [c, ...rest] = findCrossings([road([[0.5, 0.25], [1.5, 0.25]])], WARDS);
    expect(rest).toEqual([]);
    expect(at(c)).toEqual([1, 0.25]);
    expect(pair(c)).toBe('A→B');
    expect(c.from).toEqual({ code: 'A', name: 'Xuân Đỉnh', district: 'Quận X' });
    expect(c.district_border).toBe(false);
    expect(c.road).toEqual({ name: 'Phạm Văn Đồng', ref: null, class: 'primary' });
  });

  it('marks a crossing between wards of different districts as a district border', () => {
    const [c] = findCrossings([road([[0.5, 0.5], [0.5, 1.5]])], WARDS);
    expect(pair(c)).toBe('A→C');
    expect(c.district_border).toBe(true);
  });

  it('reports nothing for a road that touches a border and turns back', () => {
    expect(findCrossings([road([[0.5, 0.25], [1, 0.25], [0.5, 0.75]])], WARDS)).toEqual([]);
  });

  it('reports every crossing of a road that weaves across a border', () => {
    const cs = findCrossings([road([[0.5, 0.1], [1.5, 0.2], [0.5, 0.3], [1.5, 0.4]])], WARDS);
    expect(cs.map(pair)).toEqual(['A→B', 'B→A', 'A→B']);
    expect(cs.map((c) => at(c)[1])).toEqual([0.15, 0.25, 0.35]);
  });

  it('reports one crossing where a road crosses at its own vertex and a border vertex', () => {
    const cs = findCrossings([road([[0.5, 0.5], [1, 0.5], [1.5, 0.5]])], WARDS);
    expect(cs.map(pair)).toEqual(['A→B']);
    expect(at(cs[0])).toEqual([1, 0.5]);
  });

  it('counts a road running along a border as one crossing when it leaves on the other side, placed where it reached the border', () => {
    const cs = findCrossings([road([[0.5, 0.2], [1, 0.2], [1, 0.8], [1.5, 0.8]])], WARDS);
    expect(cs.map(pair)).toEqual(['A→B']);
    expect(at(cs[0])).toEqual([1, 0.2]);
  });

  it('does not count a road that runs along a border and returns to the side it came from', () => {
    expect(findCrossings([road([[0.5, 0.2], [1, 0.2], [1, 0.8], [0.5, 0.8]])], WARDS)).toEqual([]);
  });

  it('joins two lines that meet on a border into one crossing, named after the more important road', () => {
    const cs = findCrossings(
      [road([[0.5, 0.3], [1, 0.3]], { highway: 'residential', name: 'Ngõ 12', ref: null }), road([[1, 0.3], [1.5, 0.3]], { highway: 'secondary', name: 'Tân Xuân', ref: null })],
      WARDS,
    );
    expect(cs.map(pair)).toEqual(['A→B']);
    expect(cs[0].road.name).toBe('Tân Xuân');
    expect(at(cs[0])).toEqual([1, 0.3]);
  });

  it('ignores a dead end on a border and roads leaving the mapped wards', () => {
    expect(findCrossings([road([[0.5, 0.4], [1, 0.4]]), road([[1.5, 0.5], [2.5, 0.5]])], WARDS)).toEqual([]);
  });

  it('reports two roads crossing the same border at the same point once, with the higher-class road', () => {
    const cs = findCrossings([road([[0.5, 0.6], [1.5, 0.6]], { highway: 'tertiary', name: 'Đông Ngạc', ref: null }), road([[0.6, 0.5], [1.4, 0.7]], { highway: 'trunk', name: 'Quốc lộ 32', ref: 'QL32' })], WARDS);
    expect(cs).toHaveLength(1);
    expect(cs[0].road).toEqual({ name: 'Quốc lộ 32', ref: 'QL32', class: 'trunk' });
  });

  it('treats a road with no properties as a minor road and reads MultiLineStrings part by part', () => {
    const multi: RoadFeature = {
      type: 'Feature',
      properties: null,
      geometry: { type: 'MultiLineString', coordinates: [[P(0.5, 0.1), P(1.5, 0.1)], [P(1.5, 0.9), P(1.5, 1.5)]] },
    };
    const cs = findCrossings([multi], WARDS);
    expect(cs.map(pair)).toEqual(['A→B', 'B→C']);
    expect(cs[0].road).toEqual({ name: null, ref: null, class: 'minor' });
  });

  it('gives a point 5 m inside each ward along the road', () => {
    const [c] = findCrossings([road([[0.5, 0.25], [1.5, 0.25]])], WARDS);
    const d = (p: [number, number]) => turf.distance(c.coordinates, p, { units: 'meters' });
    expect(d(c.inside.from)).toBeCloseTo(5, 1);
    expect(d(c.inside.to)).toBeCloseTo(5, 1);
    expect(c.inside.from[0]).toBeLessThan(X(1));
    expect(c.inside.to[0]).toBeGreaterThan(X(1));
  });
});

describe('main roads', () => {
  it('are motorway, trunk, primary, secondary, tertiary and their links', () => {
    expect(['trunk', 'primary_link', 'tertiary', 'motorway_link'].map(isMainRoad)).toEqual([true, true, true, true]);
    expect(['residential', 'service', 'minor', null].map(isMainRoad)).toEqual([false, false, false, false]);
  });
});

describe('coverage of crossings by checkpoints', () => {
  // crossings at (1, 0.25) A→B primary, and (0.5, 1) A→C on a residential street
  const crossings = findCrossings([road([[0.5, 0.25], [1.5, 0.25]]), road([[0.5, 0.5], [0.5, 1.5]], { highway: 'residential', name: null, ref: null })], WARDS);
  const cp = (id: number, x: number, y: number, props: Record<string, unknown> = {}) => ({
    type: 'Feature' as const,
    id,
    properties: { name: `Chốt ${id}`, status: 'active', ...props },
    geometry: { type: 'Point' as const, coordinates: P(x, y) },
  });
  // 0.1 units of latitude north of the first crossing = 0.001° ≈ 111.2 m (haversine, R = 6371 km)
  const near = cp(1, 1, 0.35);
  const far = cp(2, 0.5, 1.5);

  it('finds the nearest checkpoint and its distance in metres', () => {
    const cov = withNearestCheckpoint(crossings, checkpointsInForce([near, far]));
    expect(cov[0].nearest).toEqual({ id: 1, name: 'Chốt 1', distance_m: 111.2 });
    expect(cov[1].nearest?.id).toBe(2);
    expect(cov[1].nearest?.distance_m).toBeCloseTo(turf.distance(P(0.5, 1), P(0.5, 1.5), { units: 'meters' }), 0);
  });

  it('has no nearest checkpoint when none is in force', () => {
    expect(withNearestCheckpoint(crossings, checkpointsInForce([cp(1, 1, 0.35, { status: 'closed' })])).map((c) => c.nearest)).toEqual([null, null]);
  });

  it('uses the plan as of a date: checkpoints outside their dates do not count', () => {
    const electionOnly = cp(3, 1, 0.26, { status: 'planned', active_from: '2021-05-20', active_to: '2021-05-24' });
    expect(checkpointsInForce([electionOnly], '2021-05-10')).toEqual([]);
    expect(checkpointsInForce([electionOnly], '2021-05-23').map((c) => c.id)).toEqual([3]);
  });

  it('filters main roads, district borders and crossings with no checkpoint within N metres', () => {
    const cov = withNearestCheckpoint(crossings, checkpointsInForce([near, far]));
    expect(filterCrossings(cov, { mainOnly: true }).map(pair)).toEqual(['A→B']);
    expect(filterCrossings(cov, { districtOnly: true }).map(pair)).toEqual(['A→C']);
    expect(filterCrossings(cov, { uncoveredWithin: 200 }).map(pair)).toEqual(['A→C']);
    expect(filterCrossings(cov, { uncoveredWithin: 100 }).map(pair)).toEqual(['A→B', 'A→C']);
  });

  it('summarises per ward: crossings, covered ones, main-road ones left uncovered', () => {
    const cov = withNearestCheckpoint(crossings, checkpointsInForce([far]));
    expect(summariseByWard(cov, 200)).toEqual([
      { code: 'A', name: 'Xuân Đỉnh', district: 'Quận X', crossings: 2, covered: 0, uncovered_main: 1 },
      { code: 'B', name: 'Cổ Nhuế', district: 'Quận X', crossings: 1, covered: 0, uncovered_main: 1 },
      { code: 'C', name: 'Dịch Vọng', district: 'Quận Cầu Giấy', crossings: 1, covered: 0, uncovered_main: 0 },
    ]);
  });
});

describe('suggested checkpoint', () => {
  it('is named after the road and the district beyond a district border, a traffic checkpoint on a main road, standing inside the ward', () => {
    const [c] = findCrossings([road([[0.5, 0.5], [0.5, 1.5]])], WARDS);
    const s = suggestCheckpoint(c);
    expect(s.properties).toEqual({ name: 'Chốt Phạm Văn Đồng – giáp Cầu Giấy', kind: 'traffic', status: 'planned', staff: 0, notes: 'Giao cắt ranh giới Xuân Đỉnh / Dịch Vọng (X / Cầu Giấy)' });
    expect(s.ward).toEqual({ code: 'A', name: 'Xuân Đỉnh' });
    expect(s.geometry.coordinates[1]).toBeLessThan(Y(1));
    expect(suggestCheckpoint(c, 'C').properties.name).toBe('Chốt Phạm Văn Đồng – giáp X');
    expect(suggestCheckpoint(c, 'C').geometry.coordinates[1]).toBeGreaterThan(Y(1));
  });

  it('names the neighbouring ward on a ward border, and an unnamed minor road as such', () => {
    const [c] = findCrossings([road([[0.5, 0.25], [1.5, 0.25]], null)], WARDS);
    expect(suggestCheckpoint(c).properties).toMatchObject({ name: 'Chốt đường không tên – giáp Cổ Nhuế', kind: 'epidemic' });
  });

  it('shortens district and ward names the way people say them', () => {
    expect(['Quận Cầu Giấy', 'Huyện Hoài Đức', 'Thị xã Sơn Tây', 'Phường Mễ Trì', 'Xã Tây Tựu', 'Bắc Từ Liêm'].map(shortPlaceName)).toEqual(['Cầu Giấy', 'Hoài Đức', 'Sơn Tây', 'Mễ Trì', 'Tây Tựu', 'Bắc Từ Liêm']);
  });
});

describe('activeOn (the plan as of a date)', () => {
  it('keeps checkpoints within their inclusive dates, empty ends open', () => {
    const f = (active_from: string | null, active_to: string | null) => ({ properties: { active_from, active_to } });
    expect(activeOn(f('2021-05-20', '2021-05-23'), 'checkpoints', '2021-05-23')).toBe(true);
    expect(activeOn(f('2021-05-20', '2021-05-23'), 'checkpoints', '2021-05-24')).toBe(false);
    expect(activeOn(f('2021-05-20', null), 'checkpoints', '2021-05-19')).toBe(false);
    expect(activeOn(f(null, null), 'checkpoints', '1999-01-01')).toBe(true);
  });

  it('keeps zones from starts_on to ends_on', () => {
    expect(activeOn({ properties: { starts_on: '2021-05-01', ends_on: '2021-05-15' } }, 'quarantine-zones', '2021-05-23')).toBe(false);
    expect(activeOn({ properties: { starts_on: '2021-05-01', ends_on: null } }, 'quarantine-zones', '2021-05-23')).toBe(true);
  });

  it('shows incidents once they have happened, by the local date written in the timestamp', () => {
    const inc = { properties: { occurred_at: '2021-05-12T23:30:00+07:00' } };
    expect(activeOn(inc, 'incidents', '2021-05-11')).toBe(false);
    expect(activeOn(inc, 'incidents', '2021-05-12')).toBe(true);
  });

  it('always shows wards and polling stations', () => {
    expect(activeOn({ properties: { election_date: '2021-05-23' } }, 'polling-stations', '2021-05-01')).toBe(true);
    expect(activeOn({ properties: {} }, 'wards', '2000-01-01')).toBe(true);
  });
});
