/**
 * Deterministic city scenario, May 2021: the generated 30-district, 580-ward city
 * (data/city/layout.ts) with ~5,000 checkpoints, ~8,000 polling stations, ~300 quarantine zones,
 * 1,000,000 incidents with planted clusters, and facilities (the demo's generator, data/demo/facilities.ts). Same seed and size → identical output.
 *
 * Incidents are produced by a generator, one feature at a time, so a million of them never sit
 * in memory together: the store writes them as they come. Pure TypeScript with no I/O.
 * The texts, hour profiles and random source are the demo's (data/demo/), so both read alike.
 */
import { bboxOf, collection, feature, mayDate, pad, point, type BBox, type Props } from '../demo/build.ts';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import { HANOI_OFFSET } from '../../core/time/hanoi-day.ts';
import {
  alongPolyline, boundaryDistanceM, closeRing, distanceM, offset, pointInRing, polylineLengthM, snap, type Pt,
} from '../demo/geometry.ts';
import { createRng, type Rng } from '../demo/random.ts';
import {
  BREACH_TEXTS, CASE_TEXTS, ELECTION_DATE, HOURS, OUTBREAK_CASE_TEXTS, PUBLIC_ORDER_TEXTS, TRAFFIC_TEXTS, VIOLATIONS,
} from '../demo/scenario.ts';
import { boundaryChains } from '../demo/wards.ts';
import { facilityFeatures } from '../demo/facilities.ts';
import { checkpointProps } from '../demo/generate.ts';
import { CITY_CENTRE, CITY_OUTLINE, cityLayout, farthestDistrict, insideCity, type CityLayout, type CityWard, type District } from './layout.ts';

export const CITY_NOTICE = {
  vi: 'Dữ liệu thành phố mô phỏng do máy tạo ra: 30 quận và 580 phường có ranh giới VÀ tên đều được sinh tự động ("Quận mô phỏng 07", "Phường MP 07-03"), không phải đơn vị hành chính thật; mọi chốt, vùng cách ly, khu vực bỏ phiếu và sự việc đều là giả định. Chỉ dùng để thử tải và đo hiệu năng.',
  en: 'Machine-generated city data: 30 districts and 580 wards whose boundaries AND names are generated ("Quận mô phỏng 07", "Phường MP 07-03"), not real administrative units; all checkpoints, quarantine zones, polling stations and incidents are fictitious. For load testing and benchmarks only.',
} as const;

export interface CityParams {
  seed?: number;
  /** Incidents over May 2021 (default 1,000,000); tests pass fewer. */
  incidents?: number;
  /** Checkpoints, polling stations and quarantine zones to aim for (the counts land within a few per cent). */
  checkpoints?: number;
  stations?: number;
  zones?: number;
}

export const CITY_DEFAULTS = { seed: 2021, incidents: 1_000_000, checkpoints: 5_000, stations: 8_000, zones: 300 } as const;


const CITY_BOX = bboxOf(CITY_OUTLINE);

/** A rounding that keeps the expected total: floor(x + u), u uniform. */
const stochasticRound = (rng: Rng, x: number) => Math.floor(x + rng.next());

// ---------------------------------------------------------------- the planted story

export interface Outbreak {
  /** Index into the wards of the layout. */
  ward: number;
  centre: Pt;
  firstDay: number;
  peakDay: number;
  /** Share of the outbreak incidents this one gets. */
  weight: number;
}

/**
 * Outbreaks in 16 wards spread over the city, the farthest district always among them (tests
 * look for its conflicts and hot spot), each with an active lockdown, a buffer ring around it and
 * a polling station planted inside the buffer: conflicts the planner must find.
 */
export function plannedOutbreaks(rng: Rng, layout: CityLayout): Outbreak[] {
  const far = farthestDistrict(layout);
  const wardsOf = (d: District) => layout.wards.map((w, i) => [w, i] as const).filter(([w]) => w.districtNo === d.no);
  const chosen = new Set<number>();
  // The ward nearest the far district's seed, then 15 more districts at random.
  const farWards = wardsOf(far);
  chosen.add(farWards.reduce((a, b) => (distanceM(b[0].seed, far.seed) < distanceM(a[0].seed, far.seed) ? b : a))[1]);
  const others = layout.districts.filter((d) => d.no !== far.no);
  while (chosen.size < 16) {
    const d = others[Math.floor(rng.next() * others.length)];
    const ws = wardsOf(d);
    const [, i] = ws[Math.floor(rng.next() * ws.length)];
    if ([...chosen].every((j) => layout.wards[j].districtNo !== d.no)) chosen.add(i);
  }
  return [...chosen].map((ward, k) => {
    const firstDay = rng.int(3, 14);
    return { ward, centre: layout.wards[ward].seed, firstDay, peakDay: Math.min(29, firstDay + rng.int(8, 14)), weight: k === 0 ? 1.5 : rng.range(0.5, 1.5) };
  });
}

// ---------------------------------------------------------------- wards

function wardFeatures(wards: readonly CityWard[]): Feature[] {
  return wards.map((c) =>
    feature({ type: 'Polygon', coordinates: [c.ring] }, {
      code: c.code, name: c.name, district: c.districtName, province: 'Thành phố mô phỏng', population: c.population,
    }),
  );
}

// ---------------------------------------------------------------- checkpoints

/** A post 4–15 m to one side of a border, inside `ring`; null when a sharp corner leaves no room. */
function besideBorder(rng: Rng, ring: readonly Pt[], line: readonly Pt[], t: number, left: boolean): Pt | null {
  for (let tries = 0; tries < 20; tries++) {
    const { at, dir } = alongPolyline(line, Math.min(1, Math.max(0, t + rng.range(-0.05, 0.05))));
    const m = rng.range(4, 15) * (left ? 1 : -1);
    const p = offset(at, -dir[1] * m, dir[0] * m);
    if (pointInRing(p, ring)) return p;
  }
  return null;
}

/**
 * Posts along ward borders, on one side or the other, spaced so the city gets about `target`;
 * the city's outer boundary gets one every kilometre (entry points).
 */
function checkpointFeatures(rng: Rng, wards: readonly CityWard[], target: number): Feature[] {
  const chains = boundaryChains(wards);
  const outerLength = chains.filter((c) => c.other === null).reduce((s, c) => s + polylineLengthM(c.line), 0);
  const innerLength = chains.filter((c) => c.other !== null).reduce((s, c) => s + polylineLengthM(c.line), 0);
  const outer = Math.round(outerLength / 1000);
  const spacing = innerLength / Math.max(1, target - outer);
  const out: Feature[] = [];
  const counter = new Map<string, number>();
  const named = (base: string) => {
    const n = (counter.get(base) ?? 0) + 1;
    counter.set(base, n);
    return n > 1 ? `${base} (số ${n})` : base;
  };
  for (const chain of chains) {
    const length = polylineLengthM(chain.line);
    const n = chain.other === null ? stochasticRound(rng, length / 1000) : stochasticRound(rng, length / spacing);
    for (let k = 0; k < n; k++) {
      const t = (k + 0.5) / n;
      const left = chain.other === null || rng.chance(0.5);
      const [mine, theirs] = left ? [chain.ward, chain.other] : [chain.other!, chain.ward];
      const p = besideBorder(rng, wards[mine].ring, chain.line, t, left);
      if (!p) continue;
      const name = named(theirs === null ? `Chốt ${wards[mine].short} – cửa ngõ thành phố` : `Chốt ${wards[mine].short} – giáp ${wards[theirs].short}`);
      const kind = rng.weighted([['epidemic', 40], ['security', 40], ['traffic', 20]] as const);
      out.push(feature(point(p), checkpointProps(rng, name, kind)));
    }
  }
  return out;
}

// ---------------------------------------------------------------- quarantine zones

/** A ragged polygon of mean radius r metres: `n` vertices at jittered radii, counter-clockwise. */
function blob(rng: Rng, centre: Pt, r: number, n = 8): Pt[] {
  const ring: Pt[] = [];
  for (let k = 0; k < n; k++) {
    const a = (2 * Math.PI * k) / n;
    const rr = r * rng.range(0.8, 1.15);
    ring.push(snap(offset(centre, rr * Math.cos(a), rr * Math.sin(a)), 6));
  }
  return closeRing(ring);
}

function zoneFeature(level: string, status: string, start: number, end: number | null, name: string, reason: string, people: number, rings: Pt[][]): Feature {
  const geometry: Polygon = { type: 'Polygon', coordinates: rings };
  return feature(geometry, { name, level, status, starts_on: mayDate(start), ends_on: end === null ? null : mayDate(end), reason, people });
}

function zoneFeatures(rng: Rng, wards: readonly CityWard[], outbreaks: readonly Outbreak[], target: number): Feature[] {
  const out: Feature[] = [];
  outbreaks.forEach((o, k) => {
    const w = wards[o.ward];
    const start = o.firstDay + 2;
    const lock = blob(rng, o.centre, 180);
    out.push(zoneFeature('lockdown', 'active', start, Math.min(31, start + 14), `Phong tỏa ổ dịch số ${k + 1}, phường ${w.short}`, `Chùm ca bệnh số ${k + 1}`, rng.int(800, 3000), [lock]));
    // The buffer's hole is the lockdown itself, wound clockwise (RFC 7946).
    const ring = blob(rng, o.centre, 520, 12);
    out.push(zoneFeature('buffer', 'active', start, Math.min(31, start + 14), `Vùng đệm quanh ổ dịch số ${k + 1}, phường ${w.short}`, `Giám sát quanh chùm ca bệnh số ${k + 1}`, rng.int(4000, 9000), [ring, lock.slice().reverse()]));
  });
  while (out.length < target) {
    const w = wards[Math.floor(rng.next() * wards.length)];
    const [west, south, east, north] = bboxOf(w.ring);
    let c: Pt;
    do c = [rng.range(west, east), rng.range(south, north)];
    while (!pointInRing(c, w.ring));
    const level = rng.weighted([['lockdown', 60], ['facility', 40]] as const);
    const status = rng.weighted([['active', 50], ['lifted', 35], ['planned', 15]] as const);
    const start = status === 'planned' ? rng.int(22, 28) : status === 'lifted' ? rng.int(1, 10) : rng.int(5, 20);
    const end = status === 'lifted' ? start + rng.int(7, 14) : rng.chance(0.3) ? null : Math.min(31, start + rng.int(10, 21));
    const name = level === 'lockdown' ? `Phong tỏa khu dân cư, phường ${w.short}` : `Khu cách ly tập trung, phường ${w.short}`;
    out.push(zoneFeature(level, status, start, end, `${name} (${out.length + 1})`, level === 'lockdown' ? 'Ca bệnh trong khu dân cư' : 'Cách ly tập trung F1', rng.int(50, 1500), [blob(rng, c, rng.range(40, 160))]));
  }
  return out;
}

// ---------------------------------------------------------------- polling stations

const VENUES = (ward: string) => [
  ['Nhà văn hóa tổ dân phố', 55], [`Trường Tiểu học ${ward}`, 12], [`Trường THCS ${ward}`, 12], [`Trường Mầm non ${ward}`, 10], ['Nhà văn hóa khu dân cư số', 11],
] as const;

function stationFeatures(rng: Rng, wards: readonly CityWard[], outbreaks: readonly Outbreak[], target: number): Feature[] {
  const out: Feature[] = [];
  const totalPop = wards.reduce((s, w) => s + w.population, 0);
  wards.forEach((w, wi) => {
    const count = Math.max(3, stochasticRound(rng, (target * w.population) / totalPop));
    const box = bboxOf(w.ring);
    const placed: Pt[] = [];
    // A planted station 300 m from the outbreak centre: inside the buffer zone, a conflict.
    const planted = outbreaks.find((o) => o.ward === wi);
    if (planted) {
      const p = offset(planted.centre, 300, 40);
      if (pointInRing(p, w.ring)) placed.push(p);
    }
    let spacing = 150;
    for (let tries = 0; placed.length < count; tries++) {
      if (tries % 300 === 299) spacing *= 0.8;
      const p: Pt = [rng.range(box[0], box[2]), rng.range(box[1], box[3])];
      // 30 m off the ward border so the ward a station serves is unambiguous.
      if (pointInRing(p, w.ring) && placed.every((o) => distanceM(o, p) > spacing) && boundaryDistanceM(p, [w.ring]) >= 30) placed.push(p);
    }
    placed.forEach((p, k) => {
      const [kind] = rng.weighted(VENUES(w.short).map((v) => [v, v[1]] as const));
      const tdp = rng.int(1, 30);
      const place = kind.endsWith('phố') || kind.endsWith('số') ? `${kind} ${tdp}` : kind;
      out.push(feature(point(p), {
        code: `KV-${w.code}-${pad(k + 1)}`,
        name: `Khu vực bỏ phiếu số ${k + 1} – ${place}`,
        address: `Tổ dân phố ${tdp}, phường ${w.short}, ${w.districtName.replace('Quận', 'quận')}`,
        voters: rng.int(80, 250) * 10,
        election_date: ELECTION_DATE,
      }));
    });
  });
  return out;
}

// ---------------------------------------------------------------- incidents

type Category = keyof typeof HOURS;
/** Hour of day drawn from a category's profile: cumulative tables built once, not per incident. */
const HOUR_CUMULATIVE = Object.fromEntries(
  Object.entries(HOURS).map(([k, hs]) => {
    const total = hs.reduce((a, b) => a + b, 0);
    let s = 0;
    return [k, hs.map((h) => (s += h) / total)];
  }),
) as Record<Category, number[]>;

function timestamp(rng: Rng, day: number, category: Category): string {
  const u = rng.next();
  const cum = HOUR_CUMULATIVE[category];
  let hour = 0;
  while (hour < 23 && u >= cum[hour]) hour++;
  return `${mayDate(day)}T${pad(hour)}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}${HANOI_OFFSET}`;
}

function incident(rng: Rng, p: Pt, category: Category, day: number, description: string, severity: number): Feature {
  const props: Props = { category, occurred_at: timestamp(rng, day, category), severity, description };
  if (category === 'violation') {
    const v = VIOLATIONS.find((x) => x.text === description);
    props.fine_vnd = v ? rng.pick(v.fine) : rng.pick([500_000, 1_000_000]);
  }
  return feature(point(p), props);
}

function anywhere(rng: Rng): Pt {
  for (;;) {
    const p: Pt = [rng.range(CITY_BOX[0], CITY_BOX[2]), rng.range(CITY_BOX[1], CITY_BOX[3])];
    if (insideCity(p)) return p;
  }
}

function near(rng: Rng, centre: Pt, sd: number): Pt {
  for (;;) {
    const p = offset(centre, rng.normal() * sd, rng.normal() * sd);
    if (insideCity(p)) return p;
  }
}

/** Eight radial roads from the centre to the edge: traffic corridors. */
function corridors(): Pt[][] {
  return Array.from({ length: 8 }, (_, k) => {
    const a = (2 * Math.PI * (k + 0.3)) / 8;
    return [0.05, 0.35, 0.65, 0.92].map((f) => offset(CITY_CENTRE, f * 13_000 * Math.cos(a), f * 11_500 * Math.sin(a)));
  });
}

/** Shares of the incidents by story; what is left over is background spread over the city. */
export const INCIDENT_SHARES = { outbreaks: 0.16, breaches: 0.03, corridors: 0.09, markets: 0.07 } as const;
const MARKET_COUNT = 40;

/**
 * The incidents, one at a time, in a fixed order (background, outbreaks, breaches, corridors,
 * markets). Every point lies inside the city outline, so inside some ward.
 */
export function* cityIncidents(rng: Rng, outbreaks: readonly Outbreak[], total: number): Generator<Feature> {
  const n = {
    outbreaks: Math.round(total * INCIDENT_SHARES.outbreaks),
    breaches: Math.round(total * INCIDENT_SHARES.breaches),
    corridors: Math.round(total * INCIDENT_SHARES.corridors),
    markets: Math.round(total * INCIDENT_SHARES.markets),
  };
  const background = total - n.outbreaks - n.breaches - n.corridors - n.markets;
  const markets = Array.from({ length: MARKET_COUNT }, (_, k) => ({ at: anywhere(rng), name: `chợ số ${k + 1}` }));
  const roads = corridors();
  for (let i = 0; i < background; i++) {
    const p = anywhere(rng);
    const day = rng.int(1, 31);
    const u = rng.next();
    if (u < 0.45) {
      const v = rng.weighted(VIOLATIONS.map((x) => [x, x.weight] as const));
      yield incident(rng, p, 'violation', day, v.text, 1);
    } else if (u < 0.72) yield incident(rng, p, 'traffic', day, rng.pick(TRAFFIC_TEXTS), rng.weighted([[1, 60], [2, 30], [3, 10]] as const));
    else if (u < 0.92) yield incident(rng, p, 'public_order', day, rng.pick(PUBLIC_ORDER_TEXTS), rng.weighted([[1, 65], [2, 30], [3, 5]] as const));
    else yield incident(rng, p, 'epidemic_case', day, rng.pick(CASE_TEXTS), rng.weighted([[2, 70], [3, 30]] as const));
  }
  // Each outbreak grows by ~20 % a day to its peak, then falls by a quarter a day.
  const totalWeight = outbreaks.reduce((s, o) => s + o.weight, 0);
  let cumulative = 0;
  for (const o of outbreaks) {
    // Rounded on the running total so the cases add up to exactly n.outbreaks.
    const before = Math.round((n.outbreaks * cumulative) / totalWeight);
    cumulative += o.weight;
    const cases = Math.round((n.outbreaks * cumulative) / totalWeight) - before;
    const growth = (day: number) => (day < o.firstDay ? 0 : day <= o.peakDay ? 1.2 ** (day - o.firstDay) : 1.2 ** (o.peakDay - o.firstDay) * 0.75 ** (day - o.peakDay));
    const days = Array.from({ length: 31 }, (_, i) => [i + 1, growth(i + 1)] as const);
    for (let i = 0; i < cases; i++) {
      const day = rng.weighted(days);
      yield incident(rng, near(rng, o.centre, 120 + 12 * (day - o.firstDay)), 'epidemic_case', day, rng.pick(OUTBREAK_CASE_TEXTS), rng.weighted([[2, 60], [3, 40]] as const));
    }
  }
  for (let i = 0; i < n.breaches; i++) {
    const o = outbreaks[i % outbreaks.length];
    yield incident(rng, near(rng, o.centre, 300), 'violation', rng.int(Math.min(31, o.firstDay + 2), Math.min(31, o.firstDay + 16)), rng.pick(BREACH_TEXTS), rng.weighted([[1, 70], [2, 30]] as const));
  }
  for (let i = 0; i < n.corridors; i++) {
    const line = roads[i % roads.length];
    let p: Pt;
    do {
      const { at, dir } = alongPolyline(line, rng.next());
      const side = rng.normal() * 20;
      p = offset(at, -dir[1] * side, dir[0] * side);
    } while (!insideCity(p));
    yield incident(rng, p, 'traffic', rng.int(1, 31), `${rng.pick(TRAFFIC_TEXTS)} trên trục hướng tâm số ${(i % roads.length) + 1}`, rng.weighted([[1, 50], [2, 35], [3, 15]] as const));
  }
  for (let i = 0; i < n.markets; i++) {
    const m = markets[i % markets.length];
    yield incident(rng, near(rng, m.at, 150), 'public_order', rng.int(1, 31), `${rng.pick(PUBLIC_ORDER_TEXTS)} khu vực ${m.name}`, rng.weighted([[1, 60], [2, 35], [3, 5]] as const));
  }
}

// ---------------------------------------------------------------- assembly

export interface CityScenario {
  layout: CityLayout;
  outbreaks: Outbreak[];
  wards: FeatureCollection;
  checkpoints: FeatureCollection;
  'quarantine-zones': FeatureCollection;
  'polling-stations': FeatureCollection;
  facilities: FeatureCollection;
  /** A fresh pass over the incidents each call (same features every time). */
  incidents: () => Generator<Feature>;
  incidentCount: number;
}

/** The whole city scenario. Each layer draws from its own stream, as in the demo. */
export function generateCity(params: CityParams = {}): CityScenario {
  const p = { ...CITY_DEFAULTS, ...params };
  const layout = cityLayout();
  const stream = (n: number) => createRng((Math.imul(p.seed >>> 0, 0x9e3779b1) + n * 0x85ebca6b) >>> 0);
  const outbreaks = plannedOutbreaks(stream(4), layout);
  const zones = zoneFeatures(stream(5), layout.wards, outbreaks, p.zones);
  // Isolation facilities at the centre of each facility-level zone, as in the demo.
  const isolation = zones
    .filter((z) => z.properties!.level === 'facility')
    .map((z) => {
      const ring = (z.geometry as Polygon).coordinates[0].slice(0, -1) as Pt[];
      const centre: Pt = snap([ring.reduce((a, q) => a + q[0], 0) / ring.length, ring.reduce((a, q) => a + q[1], 0) / ring.length], 6);
      return { name: String(z.properties!.name), centre, people: z.properties!.people as number };
    });
  return {
    layout,
    outbreaks,
    wards: collection(wardFeatures(layout.wards)),
    checkpoints: collection(checkpointFeatures(stream(1), layout.wards, p.checkpoints)),
    'quarantine-zones': collection(zones),
    'polling-stations': collection(stationFeatures(stream(2), layout.wards, outbreaks, p.stations)),
    facilities: collection(facilityFeatures(stream(6), layout.wards, isolation)),
    incidents: () => cityIncidents(stream(3), outbreaks, p.incidents),
    incidentCount: p.incidents,
  };
}
