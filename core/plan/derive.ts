/**
 * The derived part of a polling station's plan, always computed from the current layers, never
 * stored: the ward; quarantine zones containing the station or near it and whether they are in
 * force on election day; the nearest checkpoints; the nearest hospital or clinic, health station,
 * police and fire station (by road when the road network is imported, else straight-line, and
 * the plan says which); recent incidents nearby; registered voters; and the zones in the
 * station's ward whose residents need the mobile ballot box (hòm phiếu phụ).
 */
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { booleanIntersects } from '@turf/turf';
import { haversineM, pointAreaM } from '../geometry/measure.ts';
import { addDays } from '../time/calendar.ts';
import { hanoiDay } from '../time/hanoi-day.ts';
import { activeOn } from '../time/in-force.ts';
import type { RoadNetwork } from './road-network.ts';

type Props = Record<string, unknown>;
export type AnyFeature = Feature<Feature['geometry'] | null, Props | null> & { id?: string | number };

export interface PlanOptions {
  /** Zones within this many metres are listed (default 500). */
  zoneWithinM?: number;
  /** Incidents within this many metres are listed (default 500). */
  incidentWithinM?: number;
  /** Incidents of the last this many days up to `asOf` (default 7). */
  incidentDays?: number;
  /** How many checkpoints to list (default 3). */
  checkpointCount?: number;
  /** The day the plan is read for (default the station's election_date, else 2021-05-23). */
  asOf?: string;
}

export const DEFAULT_PLAN_OPTIONS = { zoneWithinM: 500, incidentWithinM: 500, incidentDays: 7, checkpointCount: 3 } as const;
export const ELECTION_DAY = '2021-05-23';

/** Which facility kinds answer which need on the plan. */
export const FACILITY_NEEDS = {
  hospital: ['hospital', 'clinic'],
  health_station: ['health_station'],
  police: ['police'],
  fire_station: ['fire_station'],
} as const;
export type FacilityNeed = keyof typeof FACILITY_NEEDS;
export const MEDICAL_KINDS = ['hospital', 'clinic', 'health_station'] as const;

export interface PlanZone {
  id: string | number | null;
  name: string;
  level: string;
  status: string;
  starts_on: string | null;
  ends_on: string | null;
  people: number | null;
  /** 0 when the station is inside. */
  distance_m: number;
  inside: boolean;
  in_force_on_election_day: boolean;
}

export interface PlanCheckpoint {
  id: string | number | null;
  name: string;
  kind: string;
  status: string;
  distance_m: number;
  coordinates: Position;
}

export interface PlanFacility {
  id: string | number | null;
  name: string;
  kind: string;
  address: string | null;
  phone: string | null;
  coordinates: Position;
  straight_m: number;
  /** By road when `method` is road, else equal to straight_m. */
  distance_m: number;
  method: 'road' | 'straight_line';
  /** The road route from the station (road method only). */
  route: Position[] | null;
}

export interface PlanIncident {
  id: string | number | null;
  category: string;
  severity: number | null;
  occurred_at: string;
  description: string | null;
  distance_m: number;
}

export interface DerivedPlan {
  station: { id: string | number | null; code: string | null; name: string; address: string | null; coordinates: Position };
  ward: { code: string; name: string; district: string | null } | null;
  election_date: string;
  voters: number;
  zones: PlanZone[];
  checkpoints: PlanCheckpoint[];
  facilities: Record<FacilityNeed, PlanFacility | null>;
  /** How distances to facilities were measured for this plan. */
  distance_method: 'road' | 'straight_line';
  incidents: PlanIncident[];
  incident_window: { from: string; to: string };
  /** Lockdown and facility-level zones in force on election day in the station's ward (or containing it): the mobile ballot box goes there. */
  mobile_box_zones: PlanZone[];
  options: Required<Omit<PlanOptions, 'asOf'>> & { asOf: string };
}

export interface PlanLayers {
  wards: readonly AnyFeature[];
  zones: readonly AnyFeature[];
  checkpoints: readonly AnyFeature[];
  facilities: readonly AnyFeature[];
  incidents: readonly AnyFeature[];
  roads?: RoadNetwork | null;
}

const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const idOf = (f: AnyFeature): string | number | null => f.id ?? null;
const pointOf = (f: AnyFeature): Position | null => (f.geometry?.type === 'Point' ? (f.geometry as Point).coordinates : null);
const round1 = (m: number) => Math.round(m * 10) / 10;

/*
 * Memos for a board of thousands of stations that share their layers' feature objects (a city:
 * 8,000 stations, 580 wards): each fact below is a function of one or two features alone, so it is
 * computed once per feature (or pair) instead of once per station. Keyed weakly on the objects,
 * which are replaced, never changed in place, when a layer changes; results are identical.
 */
/**
 * Newest first, in the order localeCompare gives the `occurred_at` texts, at the cost of a string
 * comparison: a station near an outbreak lists hundreds of incidents, and collation was most of a
 * city board. Two texts of the same shape (the same characters but for digits, as two timestamps
 * written alike) collate as their code units do, digits being ordered alike in both; any other
 * pair goes to the collator.
 */
const collator = new Intl.Collator();
const timeTexts = new WeakMap<object, { text: string; shape: string }>();
function timeText(i: AnyFeature) {
  let t = timeTexts.get(i);
  if (!t) {
    const text = String(i.properties?.occurred_at);
    timeTexts.set(i, (t = { text, shape: text.replace(/[0-9]/g, '0') }));
  }
  return t;
}
function byTimeText(a: AnyFeature, b: AnyFeature): number {
  const x = timeText(a), y = timeText(b);
  if (x.shape === y.shape) return x.text < y.text ? -1 : x.text > y.text ? 1 : 0;
  return collator.compare(x.text, y.text);
}

const incidentDays = new WeakMap<object, string | null>();
export function incidentDay(i: AnyFeature): string | null {
  let d = incidentDays.get(i);
  if (d === undefined) incidentDays.set(i, (d = hanoiDay(i.properties?.occurred_at)));
  return d;
}

const wardIndexes = new WeakMap<readonly AnyFeature[], Map<string | null, AnyFeature>>();
function wardByCode(wards: readonly AnyFeature[], code: string | null): AnyFeature | null {
  let byCode = wardIndexes.get(wards);
  if (!byCode) {
    byCode = new Map();
    // The first ward with a code wins, as a linear find would.
    for (const w of wards) {
      const c = str(w.properties?.code);
      if (!byCode.has(c)) byCode.set(c, w);
    }
    wardIndexes.set(wards, byCode);
  }
  return byCode.get(code) ?? null;
}

const meets = new WeakMap<object, WeakMap<object, boolean>>();
/** Does a zone meet a ward's area (Turf's intersects is the slow part of a board: memoised per pair). */
function zoneMeetsWard(z: AnyFeature, ward: AnyFeature): boolean {
  let m = meets.get(z);
  if (!m) meets.set(z, (m = new WeakMap()));
  let r = m.get(ward);
  if (r === undefined) m.set(ward, (r = booleanIntersects(z as Feature, ward as Feature)));
  return r;
}

/**
 * The nearest facility of some kinds, and its distance. By road it is exact, not a guess among a
 * few straight-line neighbours: a road route is never shorter than the straight line, so once the
 * next candidate's straight-line distance exceeds the best road distance found, none can win.
 */
export function nearestFacility(at: Position, facilities: readonly AnyFeature[], kinds: readonly string[], roads?: RoadNetwork | null): PlanFacility | null {
  const candidates = facilities
    .filter((f) => kinds.includes(String(f.properties?.kind)) && pointOf(f))
    .map((f) => ({ f, p: pointOf(f)!, straight: haversineM(at, pointOf(f)!) }))
    .sort((a, b) => a.straight - b.straight);
  if (candidates.length === 0) return null;
  const make = (c: (typeof candidates)[number], method: 'road' | 'straight_line', distance: number, route: Position[] | null): PlanFacility => ({
    id: idOf(c.f),
    name: str(c.f.properties?.name) ?? '',
    kind: String(c.f.properties?.kind),
    address: str(c.f.properties?.address),
    phone: str(c.f.properties?.phone),
    coordinates: c.p,
    straight_m: round1(c.straight),
    distance_m: round1(distance),
    method,
    route,
  });
  if (roads && roads.segmentCount > 0) {
    const from = roads.snap(at);
    let best: { c: (typeof candidates)[number]; d: number; path: Position[] } | null = null;
    for (const c of candidates) {
      if (best && c.straight >= best.d) break;
      const r = roads.route(at, c.p, { from });
      if (r && (!best || r.distanceM < best.d)) best = { c, d: r.distanceM, path: r.path };
    }
    if (best) return make(best.c, 'road', best.d, best.path);
  }
  return make(candidates[0], 'straight_line', candidates[0].straight, null);
}

/** The derived plan of one station from the layers around it (pass features near the station; more is only slower). */
export function derivePlan(station: AnyFeature, layers: PlanLayers, options: PlanOptions = {}): DerivedPlan {
  const at = pointOf(station);
  if (!at) throw new TypeError('A polling station must be a Point');
  const sp = station.properties ?? {};
  const electionDay = hanoiDay(sp.election_date) ?? ELECTION_DAY;
  const o = { ...DEFAULT_PLAN_OPTIONS, ...options, asOf: options.asOf ?? electionDay };

  const wardCode = str(sp.ward_code);
  const wardF = wardByCode(layers.wards, wardCode);
  const ward = wardF ? { code: String(wardF.properties?.code), name: str(wardF.properties?.name) ?? '', district: str(wardF.properties?.district) } : null;

  const zoneOf = (z: AnyFeature, d: number): PlanZone => ({
    id: idOf(z),
    name: str(z.properties?.name) ?? '',
    level: String(z.properties?.level),
    status: String(z.properties?.status),
    starts_on: str(z.properties?.starts_on),
    ends_on: str(z.properties?.ends_on),
    people: num(z.properties?.people),
    distance_m: round1(d),
    inside: d === 0,
    in_force_on_election_day: activeOn(z, 'quarantine-zones', electionDay),
  });
  const areas = layers.zones.filter((z) => z.geometry?.type === 'Polygon' || z.geometry?.type === 'MultiPolygon');
  const zones = areas
    .map((z) => ({ z, d: pointAreaM(at, z.geometry as Polygon | MultiPolygon) }))
    .filter(({ d }) => d <= o.zoneWithinM)
    .sort((a, b) => a.d - b.d)
    .map(({ z, d }) => zoneOf(z, d));

  const mobile = areas
    .filter((z) => ['lockdown', 'facility'].includes(String(z.properties?.level)) && activeOn(z, 'quarantine-zones', electionDay))
    .map((z) => ({ z, d: pointAreaM(at, z.geometry as Polygon | MultiPolygon) }))
    .filter(({ z, d }) => d === 0 || (wardF?.geometry && zoneMeetsWard(z, wardF)))
    .sort((a, b) => a.d - b.d)
    .map(({ z, d }) => zoneOf(z, d));

  const checkpoints = layers.checkpoints
    .filter((c) => pointOf(c) && activeOn(c, 'checkpoints', electionDay) && c.properties?.status !== 'closed')
    .map((c) => ({ c, d: haversineM(at, pointOf(c)!) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, o.checkpointCount)
    .map(({ c, d }) => ({ id: idOf(c), name: str(c.properties?.name) ?? '', kind: String(c.properties?.kind), status: String(c.properties?.status), distance_m: round1(d), coordinates: pointOf(c)! }));

  const facilities = Object.fromEntries(
    (Object.keys(FACILITY_NEEDS) as FacilityNeed[]).map((need) => [need, nearestFacility(at, layers.facilities, FACILITY_NEEDS[need], layers.roads)]),
  ) as Record<FacilityNeed, PlanFacility | null>;
  const roadUsed = Object.values(facilities).some((f) => f?.method === 'road');

  const from = addDays(o.asOf, -(o.incidentDays - 1));
  const incidents = layers.incidents
    .filter((i) => {
      const day = incidentDay(i);
      return pointOf(i) && day !== null && day >= from && day <= o.asOf;
    })
    .map((i) => ({ i, d: haversineM(at, pointOf(i)!) }))
    .filter(({ d }) => d <= o.incidentWithinM)
    .sort((a, b) => byTimeText(b.i, a.i))
    .map(({ i, d }) => ({
      id: idOf(i),
      category: String(i.properties?.category),
      severity: num(i.properties?.severity),
      occurred_at: String(i.properties?.occurred_at),
      description: str(i.properties?.description),
      distance_m: round1(d),
    }));

  return {
    station: { id: idOf(station), code: str(sp.code), name: str(sp.name) ?? '', address: str(sp.address), coordinates: at },
    ward,
    election_date: electionDay,
    voters: num(sp.voters) ?? 0,
    zones,
    checkpoints,
    facilities,
    distance_method: roadUsed ? 'road' : 'straight_line',
    incidents,
    incident_window: { from, to: o.asOf },
    mobile_box_zones: mobile,
    options: o,
  };
}
