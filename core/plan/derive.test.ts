import type { Feature, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { haversineM } from '../geometry/measure.ts';
import { derivePlan, nearestFacility, type AnyFeature } from './derive.ts';
import { readinessCsv, readinessOf } from './readiness.ts';
import { RoadNetwork } from './road-network.ts';
import { applyWrite, emptyPlan, writtenPlanInput } from './written.ts';

const pt = (id: number, c: Position, properties: Record<string, unknown>): AnyFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: c }, properties });
const square = (id: number, c: Position, halfDeg: number, properties: Record<string, unknown>): AnyFeature => ({
  type: 'Feature',
  id,
  properties,
  geometry: { type: 'Polygon', coordinates: [[[c[0] - halfDeg, c[1] - halfDeg], [c[0] + halfDeg, c[1] - halfDeg], [c[0] + halfDeg, c[1] + halfDeg], [c[0] - halfDeg, c[1] + halfDeg], [c[0] - halfDeg, c[1] - halfDeg]]] },
});

const S: Position = [105.78, 21.05];
const station = pt(1, S, { code: 'KV-07', name: 'Khu vực bỏ phiếu số 7', voters: 1500, election_date: '2021-05-23', ward_code: '00616' });
const ward = square(10, S, 0.02, { code: '00616', name: 'Cổ Nhuế 1', district: 'Bắc Từ Liêm' });
const lockdown = square(20, S, 0.001, { name: 'Phong tỏa TDP 9', level: 'lockdown', status: 'active', starts_on: '2021-05-11', ends_on: '2021-05-25', people: 2140 });
const lifted = square(21, [105.79, 21.05], 0.001, { name: 'Đã dỡ', level: 'lockdown', status: 'lifted', starts_on: '2021-05-01', ends_on: '2021-05-10' });
const facilityZone = square(22, [105.77, 21.04], 0.0005, { name: 'Khu cách ly ký túc xá', level: 'facility', status: 'active', starts_on: '2021-05-05', ends_on: '2021-05-31' });
const facilities = [
  pt(30, [105.7801, 21.061], { name: 'Bệnh viện A', kind: 'hospital' }),
  pt(31, [105.7901, 21.05], { name: 'Phòng khám B', kind: 'clinic' }),
  pt(32, [105.781, 21.051], { name: 'Trạm y tế Cổ Nhuế 1', kind: 'health_station' }),
  pt(33, [105.77, 21.05], { name: 'Công an phường', kind: 'police' }),
];
const checkpoints = [pt(40, [105.7805, 21.0505], { name: 'Chốt 1', kind: 'epidemic', status: 'active' }), pt(41, [105.79, 21.06], { name: 'Chốt 2', kind: 'security', status: 'active' }), pt(42, [105.7801, 21.0501], { name: 'Chốt đóng', kind: 'traffic', status: 'closed' })];
const incidents = [
  pt(50, [105.7802, 21.0502], { category: 'epidemic_case', severity: 2, occurred_at: '2021-05-20T10:00:00+07:00' }),
  pt(51, [105.7802, 21.0502], { category: 'violation', severity: 1, occurred_at: '2021-05-10T10:00:00+07:00' }),
  pt(52, [105.80, 21.07], { category: 'traffic', severity: 1, occurred_at: '2021-05-21T10:00:00+07:00' }),
];
const layers = { wards: [ward], zones: [lockdown, lifted, facilityZone], checkpoints, facilities, incidents };

describe('derivePlan', () => {
  const plan = derivePlan(station, layers);

  it('names the ward, the voters and the election day', () => {
    expect(plan.ward).toEqual({ code: '00616', name: 'Cổ Nhuế 1', district: 'Bắc Từ Liêm' });
    expect(plan.voters).toBe(1500);
    expect(plan.election_date).toBe('2021-05-23');
  });

  it('lists the lockdown containing the station, in force on election day, and the zones needing the mobile ballot box', () => {
    expect(plan.zones[0]).toMatchObject({ name: 'Phong tỏa TDP 9', inside: true, distance_m: 0, in_force_on_election_day: true });
    expect(plan.zones.map((z) => z.name)).not.toContain('Đã dỡ'); // 1 km away
    expect(plan.mobile_box_zones.map((z) => z.name).sort()).toEqual(['Khu cách ly ký túc xá', 'Phong tỏa TDP 9']);
  });

  it('lists the nearest open checkpoints with distances, closed ones left out', () => {
    expect(plan.checkpoints.map((c) => c.name)).toEqual(['Chốt 1', 'Chốt 2']);
    expect(plan.checkpoints[0].distance_m).toBeCloseTo(haversineM(S, [105.7805, 21.0505]), 0);
  });

  it('finds each nearest facility as a brute force does, straight-line without roads, and says so', () => {
    for (const [need, kinds] of [['hospital', ['hospital', 'clinic']], ['health_station', ['health_station']], ['police', ['police']]] as const) {
      const brute = facilities.filter((f) => (kinds as readonly string[]).includes(String(f.properties!.kind))).map((f) => ({ f, d: haversineM(S, (f.geometry as { coordinates: Position }).coordinates) })).sort((a, b) => a.d - b.d)[0];
      expect(plan.facilities[need]!.id).toBe(brute.f.id);
      expect(plan.facilities[need]!.distance_m).toBeCloseTo(brute.d, 0);
      expect(plan.facilities[need]!.method).toBe('straight_line');
    }
    expect(plan.facilities.fire_station).toBeNull();
    expect(plan.distance_method).toBe('straight_line');
  });

  it('lists incidents within 500 m of the last 7 days up to election day only', () => {
    expect(plan.incidents.map((i) => i.id)).toEqual([50]);
    expect(plan.incident_window).toEqual({ from: '2021-05-17', to: '2021-05-23' });
  });
});

describe('nearestFacility by road', () => {
  it('picks the facility nearest by road even when another is nearer in a straight line', () => {
    // A road east from the station; the nearer clinic stands on a road that joins no other.
    const road = (c: Position[]) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: c } }) as Feature;
    const roads = new RoadNetwork([road([[105.78, 21.05], [105.80, 21.05]]), road([[105.775, 21.06], [105.776, 21.06]])]);
    const near = pt(1, [105.7755, 21.0601], { name: 'Near (no road)', kind: 'clinic' });
    const far = pt(2, [105.795, 21.0501], { name: 'Far (on the road)', kind: 'hospital' });
    const r = nearestFacility(S, [near, far], ['hospital', 'clinic'], roads)!;
    expect(r.method).toBe('road');
    expect(r.name).toBe('Far (on the road)');
    expect(r.route!.length).toBeGreaterThan(2);
    expect(r.distance_m).toBeCloseTo(haversineM(S, [105.795, 21.05]) + haversineM([105.795, 21.05], [105.795, 21.0501]), 0);
  });
});

describe('readiness', () => {
  it('shows every gap of an unplanned station inside an active lockdown, and none once planned and approved', () => {
    const derived = derivePlan(station, layers);
    const row = readinessOf(derived, emptyPlan());
    expect(row.gaps.map((g) => g.code)).toEqual(['no_forces', 'quarantine_zone', 'not_approved']);
    expect(row.level).toBe('gaps');
    const input = writtenPlanInput.parse({ forces: [{ unit: 'Công an phường Cổ Nhuế 1', leader: 'Nguyễn Văn A', phone: '0912 000 000', headcount: 4, shift: 'cả ngày' }], status: 'approved' });
    const approved = applyWrite(emptyPlan(), input, 'planner1', '2021-05-20T09:00:00+07:00');
    const away = derivePlan(station, { ...layers, zones: [] });
    expect(readinessOf(away, approved)).toMatchObject({ gaps: [], level: 'ready', headcount: 4, status: 'approved' });
    expect(readinessCsv([row], 'en')).toMatch(/^code,name,.*\r\nKV-07,Khu vực bỏ phiếu số 7,00616,Cổ Nhuế 1,.*,gaps,No forces assigned \(0\); Inside or within 500 m of an active quarantine zone \(Phong tỏa TDP 9 \(inside\)\); Plan not approved \(draft\)\r\n$/s);
  });
});

describe('written plan', () => {
  const input = (o: object) => writtenPlanInput.parse(o);
  it('starts with the six catalogue scenarios, draft', () => {
    const p = emptyPlan();
    expect(p.scenarios.map((s) => s.id)).toEqual(['fever_at_door', 'voter_in_quarantine', 'crowd_disturbance', 'fire_power_cut', 'group_petition', 'escort_ballot_boxes']);
    expect(p.status).toBe('draft');
  });
  it('records who approved and when; keeps them when nothing changed; clears them back in draft', () => {
    const a = applyWrite(emptyPlan(), input({ status: 'approved', entrances: 'Cổng chính' }), 'p1', 'T1');
    expect(a).toMatchObject({ approved_by: 'p1', approved_at: 'T1' });
    expect(a.scenarios).toHaveLength(6); // left out → kept
    expect(applyWrite(a, input({ status: 'approved', entrances: 'Cổng chính' }), 'p2', 'T2')).toMatchObject({ approved_by: 'p1', approved_at: 'T1' });
    expect(applyWrite(a, input({ status: 'approved', entrances: 'Cổng phụ' }), 'p2', 'T2')).toMatchObject({ approved_by: 'p2', approved_at: 'T2' });
    expect(applyWrite(a, input({ status: 'draft' }), 'p2', 'T2')).toMatchObject({ approved_by: null, approved_at: null });
  });
  it('refuses unknown fields and negative headcounts', () => {
    expect(writtenPlanInput.safeParse({ approved_by: 'me' }).success).toBe(false);
    expect(writtenPlanInput.safeParse({ forces: [{ unit: 'X', headcount: -1 }] }).success).toBe(false);
  });
});
