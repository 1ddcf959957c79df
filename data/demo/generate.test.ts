import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { LAYER_IDS, parseProps } from '../../core/layers.ts';
import { SHARED_DATA, hasSharedData } from '../../test/support/tools.ts';
import { DEMO_NOTICE, demoSummary, generateDemo } from './generate.ts';
import { DISTRICT_OUTLINES } from './wards.ts';

const demo = generateDemo();
const wards = demo.wards.features as Feature<Polygon>[];
const points = (fc: FeatureCollection) => fc.features as Feature<Point>[];
const km2 = (f: Feature<Polygon> | Polygon) => turf.area(f) / 1e6;
const outline = (ring: readonly number[][]) => turf.polygon([[...ring, ring[0]]]);
/** The exterior ring as a line (wards and lockdown zones have no holes). */
const rim = (f: Feature<Polygon>) => turf.lineString(f.geometry.coordinates[0]);

const EXPECTED_WARDS: Record<string, [string, string]> = {
  '00595': ['Phường Thượng Cát', 'Quận Bắc Từ Liêm'],
  '00598': ['Phường Liên Mạc', 'Quận Bắc Từ Liêm'],
  '00601': ['Phường Đông Ngạc', 'Quận Bắc Từ Liêm'],
  '00602': ['Phường Đức Thắng', 'Quận Bắc Từ Liêm'],
  '00604': ['Phường Thụy Phương', 'Quận Bắc Từ Liêm'],
  '00607': ['Phường Tây Tựu', 'Quận Bắc Từ Liêm'],
  '00610': ['Phường Xuân Đỉnh', 'Quận Bắc Từ Liêm'],
  '00611': ['Phường Xuân Tảo', 'Quận Bắc Từ Liêm'],
  '00613': ['Phường Minh Khai', 'Quận Bắc Từ Liêm'],
  '00616': ['Phường Cổ Nhuế 1', 'Quận Bắc Từ Liêm'],
  '00617': ['Phường Cổ Nhuế 2', 'Quận Bắc Từ Liêm'],
  '00619': ['Phường Phú Diễn', 'Quận Bắc Từ Liêm'],
  '00620': ['Phường Phúc Diễn', 'Quận Bắc Từ Liêm'],
  '00592': ['Phường Cầu Diễn', 'Quận Nam Từ Liêm'],
  '00622': ['Phường Xuân Phương', 'Quận Nam Từ Liêm'],
  '00623': ['Phường Phương Canh', 'Quận Nam Từ Liêm'],
  '00625': ['Phường Mỹ Đình 1', 'Quận Nam Từ Liêm'],
  '00626': ['Phường Mỹ Đình 2', 'Quận Nam Từ Liêm'],
  '00628': ['Phường Tây Mỗ', 'Quận Nam Từ Liêm'],
  '00631': ['Phường Mễ Trì', 'Quận Nam Từ Liêm'],
  '00632': ['Phường Phú Đô', 'Quận Nam Từ Liêm'],
  '00634': ['Phường Đại Mỗ', 'Quận Nam Từ Liêm'],
  '00637': ['Phường Trung Văn', 'Quận Nam Từ Liêm'],
};

describe('determinism', () => {
  it('gives byte-identical output for the same seed, and different output for another seed', () => {
    expect(JSON.stringify(generateDemo(2021))).toBe(JSON.stringify(demo));
    expect(JSON.stringify(generateDemo(7))).toBe(JSON.stringify(generateDemo(7)));
    const other = generateDemo(7);
    expect(JSON.stringify(other.incidents)).not.toBe(JSON.stringify(demo.incidents));
    expect(JSON.stringify(other.checkpoints)).not.toBe(JSON.stringify(demo.checkpoints));
    expect(JSON.stringify(other['polling-stations'])).not.toBe(JSON.stringify(demo['polling-stations']));
    // Ward geometry is part of the map, not of the story: it does not move with the seed.
    expect(JSON.stringify(other.wards)).toBe(JSON.stringify(demo.wards));
  });

  it('does not call Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random was called');
    };
    try {
      expect(() => generateDemo(99)).not.toThrow();
    } finally {
      Math.random = original;
    }
  });
});

describe('scenario size', () => {
  it('has the 23 wards, ~50 checkpoints, 6 zones, ~130 stations and ~3000 incidents', () => {
    const { counts, activeLockdowns } = demoSummary(demo);
    expect(counts.wards).toBe(23);
    expect(counts.checkpoints).toBeGreaterThanOrEqual(40);
    expect(counts.checkpoints).toBeLessThanOrEqual(60);
    expect(counts['quarantine-zones']).toBe(6);
    expect(counts['polling-stations']).toBeGreaterThanOrEqual(120);
    expect(counts['polling-stations']).toBeLessThanOrEqual(140);
    expect(counts.incidents).toBeGreaterThanOrEqual(2500);
    expect(counts.incidents).toBeLessThanOrEqual(3500);
    expect(activeLockdowns).toBeGreaterThanOrEqual(1);
  });

  it('uses every zone level, and zone dates fall in May 2021', () => {
    const zones = demo['quarantine-zones'].features.map((f) => f.properties!);
    expect(new Set(zones.map((z) => z.level))).toEqual(new Set(['lockdown', 'facility', 'buffer']));
    expect(new Set(zones.map((z) => z.status))).toEqual(new Set(['planned', 'active', 'lifted']));
    for (const z of zones) {
      expect(z.starts_on).toMatch(/^2021-05-\d\d$/);
      if (z.ends_on) expect(z.ends_on >= z.starts_on).toBe(true);
    }
  });

  it('uses every checkpoint kind, mostly active, with 2–12 staff', () => {
    const cps = demo.checkpoints.features.map((f) => f.properties!);
    expect(new Set(cps.map((c) => c.kind))).toEqual(new Set(['epidemic', 'security', 'traffic']));
    expect(cps.filter((c) => c.status === 'active').length / cps.length).toBeGreaterThan(0.6);
    expect(new Set(cps.map((c) => c.status))).toEqual(new Set(['planned', 'active', 'closed']));
    for (const c of cps) {
      expect(c.staff).toBeGreaterThanOrEqual(2);
      expect(c.staff).toBeLessThanOrEqual(12);
    }
    expect(new Set(cps.map((c) => c.name)).size).toBe(cps.length);
  });
});

describe('property contract', () => {
  it('every feature of every layer passes parseProps and carries no derived property', () => {
    for (const layer of LAYER_IDS) {
      for (const f of demo[layer].features) {
        const r = parseProps(layer, f.properties);
        expect(r, `${layer}: ${JSON.stringify(f.properties)}`).toMatchObject({ ok: true });
        expect(f.properties).not.toHaveProperty('ward_code');
        expect(f.properties).not.toHaveProperty('on_border');
      }
    }
  });

  it('holds for other seeds too', () => {
    for (const seed of [1, 42, 123456789]) {
      const d = generateDemo(seed);
      for (const layer of LAYER_IDS) for (const f of d[layer].features) expect(parseProps(layer, f.properties).ok).toBe(true);
    }
  });

  it('writes ward names with diacritics, real GSO codes and the 2021 districts', () => {
    const got = Object.fromEntries(wards.map((w) => [w.properties!.code, [w.properties!.name, w.properties!.district]]));
    expect(got).toEqual(EXPECTED_WARDS);
    for (const w of wards) {
      expect(w.properties!.province).toBe('Thành phố Hà Nội');
      expect(w.properties!.population).toBeGreaterThan(5_000);
      expect(w.properties!.population).toBeLessThan(80_000);
    }
  });

  it('numbers polling stations per ward, 4 to 8 each, with 800–2500 voters', () => {
    const perWard = new Map<string, number>();
    for (const s of points(demo['polling-stations'])) {
      const p = s.properties!;
      const m = /^KVBP-(\d{5})-(\d{2})$/.exec(p.code);
      expect(m, p.code).not.toBeNull();
      expect(EXPECTED_WARDS).toHaveProperty(m![1]);
      expect(p.name).toMatch(new RegExp(`^Khu vực bỏ phiếu số ${Number(m![2])} – `));
      expect(p.voters).toBeGreaterThanOrEqual(800);
      expect(p.voters).toBeLessThanOrEqual(2500);
      expect(p.election_date).toBe('2021-05-23');
      perWard.set(m![1], (perWard.get(m![1]) ?? 0) + 1);
    }
    expect(perWard.size).toBe(23);
    for (const n of perWard.values()) {
      expect(n).toBeGreaterThanOrEqual(4);
      expect(n).toBeLessThanOrEqual(8);
    }
  });

  it('fines only violations, between 200 000 and 2 000 000 VND', () => {
    for (const f of demo.incidents.features) {
      const p = f.properties!;
      if (p.category === 'violation') {
        expect(p.fine_vnd).toBeGreaterThanOrEqual(200_000);
        expect(p.fine_vnd).toBeLessThanOrEqual(2_000_000);
      } else expect(p.fine_vnd ?? null).toBeNull();
    }
  });

  it('dates every incident in May 2021, Hanoi time', () => {
    const start = Date.parse('2021-05-01T00:00:00+07:00');
    const end = Date.parse('2021-06-01T00:00:00+07:00');
    for (const f of demo.incidents.features) {
      const t = f.properties!.occurred_at as string;
      expect(t).toMatch(/^2021-05-\d\dT\d\d:\d\d:\d\d\+07:00$/);
      expect(Date.parse(t)).toBeGreaterThanOrEqual(start);
      expect(Date.parse(t)).toBeLessThan(end);
    }
  });
});

describe('geometry', () => {
  it('writes valid polygons: closed rings, counter-clockwise exteriors, clockwise holes, no self-intersections', () => {
    for (const f of [...wards, ...(demo['quarantine-zones'].features as Feature<Polygon>[])]) {
      const [outer, ...holes] = f.geometry.coordinates;
      for (const ring of f.geometry.coordinates) expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(turf.booleanClockwise(outer)).toBe(false);
      for (const h of holes) expect(turf.booleanClockwise(h)).toBe(true);
      expect(turf.kinks(f).features).toHaveLength(0);
      expect(turf.booleanValid(f), f.properties!.name).toBe(true);
    }
  });

  it('tiles each district with its wards: areas add up to the outline, no ward overlaps another', () => {
    for (const [key, district] of [['btl', 'Quận Bắc Từ Liêm'], ['ntl', 'Quận Nam Từ Liêm']] as const) {
      const sum = wards.filter((w) => w.properties!.district === district).reduce((s, w) => s + km2(w), 0);
      const whole = km2(outline(DISTRICT_OUTLINES[key]));
      expect(Math.abs(sum - whole) / whole).toBeLessThan(0.005);
    }
    for (let i = 0; i < wards.length; i++) {
      for (let j = i + 1; j < wards.length; j++) {
        const overlap = turf.intersect(turf.featureCollection([wards[i], wards[j]]));
        if (overlap) expect(turf.area(overlap), `${wards[i].properties!.name} × ${wards[j].properties!.name}`).toBeLessThan(1);
      }
    }
  });

  it('makes neighbouring wards share the very same border vertices', () => {
    // Every edge is either walked backwards by exactly one neighbour, or lies on the outer boundary;
    // the unshared edges add up to the perimeter of the two districts together.
    const edges = new Map<string, number>();
    for (const w of wards) {
      const r = w.geometry.coordinates[0];
      for (let k = 0; k + 1 < r.length; k++) edges.set(`${r[k]}>${r[k + 1]}`, (edges.get(`${r[k]}>${r[k + 1]}`) ?? 0) + 1);
    }
    let outerKm = 0;
    for (const [e, n] of edges) {
      expect(n).toBe(1);
      const [a, b] = e.split('>');
      if (!edges.has(`${b}>${a}`)) outerKm += turf.distance(a.split(',').map(Number), b.split(',').map(Number));
    }
    const both = turf.union(turf.featureCollection([outline(DISTRICT_OUTLINES.btl), outline(DISTRICT_OUTLINES.ntl)]))!;
    expect(both.geometry.type).toBe('Polygon');
    expect(outerKm).toBeCloseTo(turf.length(turf.polygonToLine(both as Feature<Polygon>) as Feature), 3);
  });

  it.skipIf(!hasSharedData('hanoi-wards.geojson'))('places each ward roughly where the real one is (real data in ../shared/data)', () => {
    const real = JSON.parse(readFileSync(SHARED_DATA + 'hanoi-wards.geojson', 'utf8')) as FeatureCollection<Polygon>;
    let centroidInside = 0;
    for (const w of wards) {
      const r = real.features.find((f) => f.properties!.ward_code === w.properties!.code)!;
      expect(r.properties!.ward_name.normalize('NFC').replace('Thuỵ', 'Thụy')).toBe(w.properties!.name);
      if (turf.booleanPointInPolygon(turf.centroid(r), w)) centroidInside++;
      const shared = turf.intersect(turf.featureCollection([r, w]));
      expect(shared, w.properties!.name).not.toBeNull();
      expect(turf.area(shared!) / turf.area(r), w.properties!.name).toBeGreaterThan(0.4);
    }
    expect(centroidInside).toBeGreaterThanOrEqual(20);
    // The districts as a whole are within 5 % of the real area (BTL ≈ 42.6 km², NTL ≈ 33.1 km² in GADM).
    const area = (d: string) => wards.filter((w) => w.properties!.district === d).reduce((s, w) => s + km2(w), 0);
    expect(area('Quận Bắc Từ Liêm')).toBeGreaterThan(42.6 * 0.95);
    expect(area('Quận Bắc Từ Liêm')).toBeLessThan(42.6 * 1.05);
    expect(area('Quận Nam Từ Liêm')).toBeGreaterThan(33.1 * 0.95);
    expect(area('Quận Nam Từ Liêm')).toBeLessThan(33.1 * 1.05);
  });

  it('puts every point and every zone inside a ward', () => {
    for (const layer of ['checkpoints', 'polling-stations', 'incidents'] as const) {
      for (const f of points(demo[layer])) expect(wards.some((w) => turf.booleanPointInPolygon(f, w)), `${layer} ${f.geometry.coordinates}`).toBe(true);
    }
    for (const z of demo['quarantine-zones'].features as Feature<Polygon>[]) {
      for (const v of z.geometry.coordinates[0]) expect(wards.some((w) => turf.booleanPointInPolygon(v, w)), z.properties!.name).toBe(true);
    }
  });

  it('keeps polling stations at least 40 m inside their ward, not on a border', () => {
    for (const s of points(demo['polling-stations'])) {
      const code = s.properties!.code.slice(5, 10);
      const w = wards.find((x) => x.properties!.code === code)!;
      expect(turf.booleanPointInPolygon(s, w), s.properties!.code).toBe(true);
      expect(turf.pointToLineDistance(s, rim(w), { units: 'meters' })).toBeGreaterThan(35);
    }
  });
});

describe('planted story', () => {
  const distanceToZone = (p: Feature<Point>, z: Feature<Polygon>) =>
    turf.booleanPointInPolygon(p, z) ? 0 : turf.pointToLineDistance(p, rim(z), { units: 'meters' });
  const activeLockdowns = (demo['quarantine-zones'].features as Feature<Polygon>[]).filter(
    (z) => z.properties!.level === 'lockdown' && z.properties!.status === 'active',
  );

  it('has a polling station within 500 m of an active lockdown, for any seed', () => {
    for (const seed of [2021, 5, 77]) {
      const d = generateDemo(seed);
      const zones = (d['quarantine-zones'].features as Feature<Polygon>[]).filter((z) => z.properties!.level === 'lockdown' && z.properties!.status === 'active');
      const near = points(d['polling-stations']).filter((s) => zones.some((z) => distanceToZone(s, z) <= 500));
      expect(near.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('puts most checkpoints on a ward or district border (within 20 m)', () => {
    const borders = wards.map(rim);
    const onBorder = points(demo.checkpoints).filter((c) => borders.some((b) => turf.pointToLineDistance(c, b, { units: 'meters' }) <= 20));
    expect(onBorder.length / demo.checkpoints.features.length).toBeGreaterThan(0.8);
    // Posts named "X – giáp Y" between two wards lie in X, next to Y.
    for (const c of points(demo.checkpoints)) {
      const m = /^Chốt (.+?) – giáp (?!quận|huyện)(.+?)( \(số \d+\))?$/.exec(c.properties!.name);
      if (!m) continue;
      const [x, y] = [m[1], m[2]].map((n) => wards.find((w) => w.properties!.name === `Phường ${n}`)!);
      expect(turf.booleanPointInPolygon(c, x), c.properties!.name).toBe(true);
      expect(turf.pointToLineDistance(c, rim(y), { units: 'meters' })).toBeLessThanOrEqual(20);
    }
  });

  it('clusters incidents: the densest 1 % of 500 m cells hold far more than 1 % of them', () => {
    const cell = 500;
    const grid = turf.squareGrid(turf.bbox(demo.wards), cell / 1000, { units: 'kilometers' });
    const union = turf.union(demo.wards as FeatureCollection<Polygon>)!;
    const cells = grid.features.filter((g) => turf.booleanPointInPolygon(turf.centroid(g), union));
    const counts = cells.map((g) => turf.pointsWithinPolygon(demo.incidents as FeatureCollection<Point>, g).features.length);
    counts.sort((a, b) => b - a);
    const top = Math.ceil(cells.length * 0.01);
    const share = counts.slice(0, top).reduce((a, b) => a + b, 0) / demo.incidents.features.length;
    expect(share).toBeGreaterThan(0.08);
  });

  it('grows the outbreak around the active lockdown in the days before the election', () => {
    const zone = activeLockdowns.find((z) => z.properties!.name.includes('Cổ Nhuế 2'))!;
    const cases = points(demo.incidents).filter((f) => f.properties!.category === 'epidemic_case' && distanceToZone(f, zone) <= 1000);
    const inWeek = (from: number, to: number) => cases.filter((f) => {
      const day = Number(f.properties!.occurred_at.slice(8, 10));
      return day >= from && day <= to;
    }).length;
    expect(inWeek(16, 22)).toBeGreaterThan(5 * Math.max(1, inWeek(1, 7)));
    expect(inWeek(16, 22)).toBeGreaterThan(inWeek(9, 15));
  });

  it('lines traffic incidents up along a main road corridor', () => {
    // Phạm Văn Đồng, drawn independently of the generator from the 2017 OSM extent (105.781–105.788 E).
    const road = turf.lineString([[105.7825, 21.048], [105.7875, 21.085]]);
    const traffic = points(demo.incidents).filter((f) => f.properties!.category === 'traffic');
    const near = traffic.filter((f) => turf.pointToLineDistance(f, road, { units: 'meters' }) <= 150);
    // A 300 m strip 4 km long is ~1.6 % of the two districts; it holds several times that share.
    expect(near.length / traffic.length).toBeGreaterThan(0.2);
  });
});

describe('DEMO_NOTICE', () => {
  it('says in both languages that geometry is approximate and generated', () => {
    expect(DEMO_NOTICE.vi).toMatch(/gần đúng/);
    expect(DEMO_NOTICE.vi).toMatch(/sinh tự động/);
    expect(DEMO_NOTICE.en).toMatch(/approximate/);
    expect(DEMO_NOTICE.en).toMatch(/generated/);
  });
});
