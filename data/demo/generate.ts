/**
 * Deterministic demo scenario for Bắc Từ Liêm and Nam Từ Liêm, May 2021: wards, checkpoints,
 * quarantine zones, polling stations, incidents and facilities. Same seed → byte-identical output.
 * Pure TypeScript with no I/O, so it runs in the server, a CLI or a browser alike.
 */
import { bboxOf, collection, feature, mayDate, pad, point, type BBox, type Props } from './build.ts';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import type { LayerId } from '../../core/layers.ts';
import {
  alongPolyline, boundaryDistanceM, closeRing, distanceM, offset, pointInPolygon, pointInRing,
  polylineLengthM, snap, type Pt,
} from './geometry.ts';
import { createRng, type Rng } from './random.ts';
import { HANOI_OFFSET } from '../../core/time/hanoi-day.ts';
import {
  BACKGROUND_INCIDENTS, BREACHES, BREACH_TEXTS, CASE_TEXTS, CORRIDORS, DEMO_NOTICE, ELECTION_DATE, HOURS,
  MARKETS, OUTBREAK, OUTBREAK_CASE_TEXTS, PLANTED_STATIONS, PUBLIC_ORDER_TEXTS, SECOND_OUTBREAK, TRAFFIC_TEXTS,
  VIOLATIONS, ZONES,
} from './scenario.ts';
import { DISTRICT_OUTLINES, boundaryChains, tessellateWards, type WardCell } from './wards.ts';
import { facilityFeatures } from './facilities.ts';

export { DEMO_NOTICE };


function inDistricts(p: Pt): boolean {
  return pointInRing(p, DISTRICT_OUTLINES.btl) || pointInRing(p, DISTRICT_OUTLINES.ntl);
}

/** A timestamp on a May 2021 day, in Hanoi time, at an hour drawn from the category's profile. */
function timestamp(rng: Rng, day: number, hours: readonly number[]): string {
  const hour = rng.weighted(hours.map((w, h) => [h, w] as const));
  return `${mayDate(day)}T${pad(hour)}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}${HANOI_OFFSET}`;
}

// ---------------------------------------------------------------- wards

function wardFeatures(cells: readonly WardCell[]): Feature[] {
  return cells.map((c) =>
    feature({ type: 'Polygon', coordinates: [c.ring] }, {
      code: c.code, name: c.name, district: c.districtName, province: 'Thành phố Hà Nội', population: c.population,
    }),
  );
}

// ---------------------------------------------------------------- checkpoints

/** Which neighbour lies beyond an outer stretch of the two districts, judged by position. */
function beyond(p: Pt): string {
  const [lon, lat] = p;
  if (distanceM(p, [105.7865, 21.0965]) < 1500) return 'đầu cầu Thăng Long';
  if (lat >= 21.088) return 'đê sông Hồng';
  if (lon < 105.745 && lat >= 21.06) return 'giáp huyện Đan Phượng';
  if (lon < 105.745) return 'giáp huyện Hoài Đức';
  if (lat < 20.995 && lon < 105.785) return 'giáp quận Hà Đông';
  if (lat < 21.0) return 'giáp quận Thanh Xuân';
  if (lat < 21.058) return 'giáp quận Cầu Giấy';
  return 'giáp quận Tây Hồ';
}

const HOURS_TEXT = ['24/7', '24/7', '24/7', '06:00–22:00', '07:00–19:00', '18:00–06:00'] as const;

/** Status, staff, hours and dates of a checkpoint, drawn alike for every scenario (the city's too). */
export function checkpointProps(rng: Rng, name: string, kind: string): Props {
  const status = rng.weighted([['active', 80], ['planned', 12], ['closed', 8]] as const);
  const props: Props = { name, kind, status, staff: rng.int(2, 12), hours: rng.pick(HOURS_TEXT) };
  if (status === 'active') {
    props.active_from = mayDate(rng.int(1, 12));
    props.active_to = rng.chance(0.5) ? '2021-05-31' : null;
  } else if (status === 'planned') {
    props.active_from = mayDate(rng.int(20, 23));
    props.active_to = '2021-05-31';
  } else {
    props.active_from = mayDate(rng.int(1, 6));
    props.active_to = mayDate(rng.int(12, 18));
  }
  return props;
}

/**
 * A post on a stretch of border, nudged 4–15 m to one side so it falls clearly in `ward`.
 * Near a sharp corner the nudge can cross another edge, so such a draw is simply repeated.
 */
function besideBorder(rng: Rng, cells: readonly WardCell[], line: readonly Pt[], t: () => number, left: boolean, ward: number): Pt {
  for (let tries = 0; tries < 50; tries++) {
    const { at, dir } = alongPolyline(line, t());
    const m = rng.range(4, 15) * (left ? 1 : -1);
    const p = offset(at, -dir[1] * m, dir[0] * m);
    if (pointInRing(p, cells[ward].ring)) return p;
  }
  throw new Error(`no room for a checkpoint beside ${cells[ward].name}`);
}

function checkpointFeatures(rng: Rng, cells: readonly WardCell[]): Feature[] {
  const out: Feature[] = [];
  for (const chain of boundaryChains(cells)) {
    const length = polylineLengthM(chain.line);
    if (chain.other === null) {
      // The outer boundary of the two districts: entry points, roughly every 2.5 km.
      const n = Math.round(length / 2500);
      for (let k = 0; k < n; k++) {
        const p = besideBorder(rng, cells, chain.line, () => (k + 0.5 + rng.range(-0.2, 0.2)) / n, true, chain.ward);
        const name = `Chốt ${cells[chain.ward].short} – ${beyond(p)}`;
        const kind = rng.weighted([['epidemic', 55], ['traffic', 35], ['security', 10]] as const);
        out.push(feature(point(p), checkpointProps(rng, name, kind)));
      }
    } else if (length > 1000) {
      // Between two wards: one post on the border, on one side or the other.
      const left = rng.chance(0.5);
      const [mine, theirs] = left ? [chain.ward, chain.other] : [chain.other, chain.ward];
      const p = besideBorder(rng, cells, chain.line, () => rng.range(0.3, 0.7), left, mine);
      const name = `Chốt ${cells[mine].short} – giáp ${cells[theirs].short}`;
      const kind = rng.weighted([['epidemic', 35], ['security', 45], ['traffic', 20]] as const);
      out.push(feature(point(p), checkpointProps(rng, name, kind)));
    }
  }
  // Gates of the main lockdown, staffed round the clock.
  const gates: [string, Pt][] = [['cổng phía Bắc', [0, 185]], ['cổng phía Nam', [-40, -170]], ['cổng phía Đông', [195, -20]]];
  for (const [gate, [e, n]] of gates) {
    out.push(feature(point(offset(OUTBREAK.centre, e, n)), {
      name: `Chốt phong tỏa tổ dân phố 9 Cổ Nhuế 2 – ${gate}`, kind: 'epidemic', status: 'active',
      staff: rng.int(6, 12), hours: '24/7', notes: 'Kiểm soát người, hàng hóa ra vào khu phong tỏa',
      active_from: '2021-05-11', active_to: '2021-05-25',
    }));
  }
  // Two posts on the same stretch of border get numbered so each name is unique.
  const seen = new Map<string, number>();
  for (const f of out) {
    const name = String(f.properties!.name);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) f.properties!.name = `${name} (số ${n})`;
  }
  return out;
}

// ---------------------------------------------------------------- quarantine zones

function zoneRing(centre: Pt, outline: readonly (readonly [number, number])[]): Pt[] {
  return closeRing(outline.map(([e, n]) => snap(offset(centre, e, n), 6)));
}

function zoneFeatures(): Feature[] {
  return ZONES.map((z) => {
    const rings = [zoneRing(z.centre, z.outline)];
    // A hole is wound clockwise (RFC 7946).
    if (z.holeOf !== undefined) rings.push(zoneRing(ZONES[z.holeOf].centre, ZONES[z.holeOf].outline).reverse());
    const geometry: Polygon = { type: 'Polygon', coordinates: rings };
    return feature(geometry, {
      name: z.name, level: z.level, status: z.status, starts_on: z.starts_on, ends_on: z.ends_on,
      reason: z.reason, people: z.people,
    });
  });
}

// ---------------------------------------------------------------- polling stations



/** A uniformly random point in a box that passes `accept` (rejection sampling). */
function randomWhere(rng: Rng, [w, s, e, n]: BBox, accept: (p: Pt) => boolean): Pt {
  for (let tries = 0; tries < 10_000; tries++) {
    const p: Pt = [rng.range(w, e), rng.range(s, n)];
    if (accept(p)) return p;
  }
  throw new Error('no room left for a point');
}

function venue(rng: Rng, k: number, ward: string): string {
  if (k === 1) return `Hội trường UBND phường ${ward}`;
  return rng.weighted([
    [`Nhà văn hóa tổ dân phố ${rng.int(1, 22)}`, 55],
    [`Trường Tiểu học ${ward}`, 12],
    [`Trường THCS ${ward}`, 12],
    [`Trường Mầm non ${ward}`, 10],
    [`Nhà văn hóa khu dân cư số ${rng.int(1, 9)}`, 11],
  ] as const);
}

function stationFeatures(rng: Rng, cells: readonly WardCell[]): Feature[] {
  const out: Feature[] = [];
  for (const c of cells) {
    const count = Math.max(4, Math.min(8, Math.round(c.population / 5000)));
    const placed: Pt[] = [];
    const box = bboxOf(c.ring);
    const planted = PLANTED_STATIONS.filter((s) => s.wardCode === c.code);
    const used = new Set<string>();
    for (let k = 1; k <= count; k++) {
      const plant = planted[k - 2]; // planted stations take numbers 2, 3, … so they read as ordinary
      // Stations keep 40 m off the ward border so the ward they serve is unambiguous.
      const p = plant ? plant.at : randomWhere(rng, box, (q) =>
        pointInRing(q, c.ring) && boundaryDistanceM(q, [c.ring]) >= 40 && placed.every((o) => distanceM(o, q) > 280));
      placed.push(p);
      let place = plant ? plant.venue : venue(rng, k, c.short);
      while (used.has(place)) place = `Nhà văn hóa tổ dân phố ${rng.int(1, 22)}`;
      used.add(place);
      const tdp = /tổ dân phố (\d+)/.exec(place)?.[1] ?? String(rng.int(1, 22));
      out.push(feature(point(p), {
        code: `KVBP-${c.code}-${pad(k)}`,
        name: `Khu vực bỏ phiếu số ${k} – ${place}`,
        address: `Tổ dân phố ${tdp}, phường ${c.short}, ${c.districtName.replace('Quận', 'quận')}, Hà Nội`,
        voters: rng.int(80, 250) * 10,
        election_date: ELECTION_DATE,
      }));
    }
  }
  return out;
}

// ---------------------------------------------------------------- incidents

type Category = keyof typeof HOURS;

function incidentProps(rng: Rng, category: Category, day: number, description: string, severity: number): Props {
  const props: Props = { category, occurred_at: timestamp(rng, day, HOURS[category]), severity, description };
  if (category === 'violation') {
    const v = VIOLATIONS.find((x) => x.text === description);
    props.fine_vnd = v ? rng.pick(v.fine) : rng.pick([500_000, 1_000_000]);
  }
  return props;
}

/** Draw around a centre with a normal spread of `sd` metres, kept inside the districts. */
function near(rng: Rng, centre: Pt, sd: number): Pt {
  for (;;) {
    const p = offset(centre, rng.normal() * sd, rng.normal() * sd);
    if (inDistricts(p)) return p;
  }
}

function incidentFeatures(rng: Rng, cells: readonly WardCell[]): Feature[] {
  const out: Feature[] = [];
  const add = (p: Pt, props: Props) => out.push(feature(point(p), props));
  const box = bboxOf([...DISTRICT_OUTLINES.btl, ...DISTRICT_OUTLINES.ntl]);

  // Background: spread evenly over both districts and the whole month.
  for (let i = 0; i < BACKGROUND_INCIDENTS; i++) {
    const p = randomWhere(rng, box, inDistricts);
    const category = rng.weighted([['violation', 45], ['traffic', 27], ['public_order', 20], ['epidemic_case', 8]] as const);
    const day = rng.int(1, 31);
    if (category === 'violation') {
      const v = rng.weighted(VIOLATIONS.map((x) => [x, x.weight] as const));
      add(p, incidentProps(rng, category, day, v.text, 1));
    } else if (category === 'traffic') {
      add(p, incidentProps(rng, category, day, rng.pick(TRAFFIC_TEXTS), rng.weighted([[1, 60], [2, 30], [3, 10]] as const)));
    } else if (category === 'public_order') {
      add(p, incidentProps(rng, category, day, rng.pick(PUBLIC_ORDER_TEXTS), rng.weighted([[1, 65], [2, 30], [3, 5]] as const)));
    } else {
      add(p, incidentProps(rng, category, day, rng.pick(CASE_TEXTS), rng.weighted([[2, 70], [3, 30]] as const)));
    }
  }

  // The outbreak grows by ~20 % a day until the lockdown bites after the election.
  const growth = (day: number) =>
    day < OUTBREAK.firstDay ? 0 : day <= OUTBREAK.peakDay ? 1.2 ** (day - OUTBREAK.firstDay) : 1.2 ** (OUTBREAK.peakDay - OUTBREAK.firstDay) * 0.75 ** (day - OUTBREAK.peakDay);
  const days = Array.from({ length: 31 }, (_, i) => [i + 1, growth(i + 1)] as const);
  for (let i = 0; i < OUTBREAK.cases; i++) {
    const day = rng.weighted(days);
    add(near(rng, OUTBREAK.centre, 120 + 12 * (day - OUTBREAK.firstDay)), incidentProps(rng, 'epidemic_case', day, rng.pick(OUTBREAK_CASE_TEXTS), rng.weighted([[2, 60], [3, 40]] as const)));
  }
  for (let i = 0; i < SECOND_OUTBREAK.cases; i++) {
    const day = rng.int(SECOND_OUTBREAK.firstDay, 31);
    add(near(rng, SECOND_OUTBREAK.centre, 150), incidentProps(rng, 'epidemic_case', day, rng.pick(OUTBREAK_CASE_TEXTS), rng.weighted([[2, 60], [3, 40]] as const)));
  }
  // Breaches around the main lockdown while it is in force.
  for (let i = 0; i < BREACHES; i++) {
    add(near(rng, OUTBREAK.centre, 300), incidentProps(rng, 'violation', rng.int(11, 25), rng.pick(BREACH_TEXTS), rng.weighted([[1, 70], [2, 30]] as const)));
  }
  // Traffic along main road corridors: within a few tens of metres of the carriageway.
  for (const road of CORRIDORS) {
    for (let i = 0; i < road.incidents; i++) {
      let p: Pt;
      do {
        const { at, dir } = alongPolyline(road.line, rng.next());
        const side = rng.normal() * 20;
        p = offset(at, -dir[1] * side, dir[0] * side);
      } while (!inDistricts(p));
      add(p, incidentProps(rng, 'traffic', rng.int(1, 31), `${rng.pick(TRAFFIC_TEXTS)} trên đường ${road.name}`, rng.weighted([[1, 50], [2, 35], [3, 15]] as const)));
    }
  }
  // Evening trouble round the markets.
  for (const m of MARKETS) {
    for (let i = 0; i < m.incidents; i++) {
      add(near(rng, m.at, 150), incidentProps(rng, 'public_order', rng.int(1, 31), `${rng.pick(PUBLIC_ORDER_TEXTS)} khu vực ${m.name}`, rng.weighted([[1, 60], [2, 35], [3, 5]] as const)));
    }
  }
  // Keep every point inside a ward (not merely inside an outline, which they share).
  return out.filter((f) => cells.some((c) => pointInPolygon((f.geometry as Point).coordinates as Pt, [c.ring])));
}

// ---------------------------------------------------------------- assembly

/** The whole scenario. Each layer draws from its own stream, so changing one leaves the others as they were. */
export function generateDemo(seed = 2021): Record<LayerId, FeatureCollection> {
  const cells = tessellateWards();
  const stream = (n: number) => createRng((Math.imul(seed >>> 0, 0x9e3779b1) + n * 0x85ebca6b) >>> 0);
  return {
    wards: collection(wardFeatures(cells)),
    checkpoints: collection(checkpointFeatures(stream(1), cells)),
    'quarantine-zones': collection(zoneFeatures()),
    'polling-stations': collection(stationFeatures(stream(2), cells)),
    incidents: collection(incidentFeatures(stream(3), cells)),
    facilities: collection(
      facilityFeatures(stream(4), cells, ZONES.filter((z) => z.level === 'facility').map((z) => ({ name: z.name, centre: z.centre, people: z.people }))),
    ),
  };
}

export interface DemoSummary {
  counts: Record<LayerId, number>;
  incidentsByCategory: Record<string, number>;
  activeLockdowns: number;
}

export function demoSummary(fcs: Record<LayerId, FeatureCollection>): DemoSummary {
  const counts = Object.fromEntries(Object.entries(fcs).map(([k, fc]) => [k, fc.features.length])) as Record<LayerId, number>;
  const incidentsByCategory: Record<string, number> = {};
  for (const f of fcs.incidents.features) {
    const c = String(f.properties?.category);
    incidentsByCategory[c] = (incidentsByCategory[c] ?? 0) + 1;
  }
  const activeLockdowns = fcs['quarantine-zones'].features.filter((f) => f.properties?.level === 'lockdown' && f.properties?.status === 'active').length;
  return { counts, incidentsByCategory, activeLockdowns };
}
