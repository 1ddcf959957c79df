/**
 * The map of the generated city: 30 districts and 580 wards with GENERATED geometry and
 * GENERATED names. A hand-drawn convex outline around Hanoi's centre is cut into district
 * cells, and each district into ward cells, by the same half-plane Voronoi clipping as the
 * demo (data/demo/wards.ts), so the wards of a district tile it and the districts tile the city
 * with shared edges. Nothing here is an official boundary or name; the layout does not move
 * with the scenario seed (it is the map, not the story).
 */
import { bboxOf, collection, feature, mayDate, pad, point, type BBox, type Props } from '../demo/build.ts';
import { M_PER_DEG_LAT, M_PER_DEG_LON, closeRing, pointInRing, signedArea, snap, type Pt } from '../demo/geometry.ts';
import { createRng } from '../demo/random.ts';
import { clipByBisector, dedupe, node } from '../demo/wards.ts';

export const CITY_DISTRICTS = 30;
export const CITY_WARDS = 580;
/** The map's own seed: the layout stays put whatever scenario seed is asked for. */
const LAYOUT_SEED = 580;

/** Centre of the generated city (Hoàn Kiếm, roughly), where the radial roads meet. */
export const CITY_CENTRE: Pt = [105.835, 21.03];

/** Convex hull of a point set (monotone chain), counter-clockwise, open. */
function convexHull(points: readonly Pt[]): Pt[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Pt[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Pt[] = [];
  for (const q of p.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/**
 * The city outline: an irregular 16-gon about 29 × 25 km, made convex so every Voronoi cut
 * of it crosses a cell at most twice. Radii are literals (km east/north) for portability.
 */
const OUTLINE_KM: readonly (readonly [number, number])[] = [
  [14.5, 0], [13.2, 5.1], [9.6, 9.4], [5.2, 12.1], [0, 12.6], [-5.6, 11.8], [-10.1, 9.0], [-13.4, 4.6],
  [-14.2, 0], [-13.0, -4.9], [-9.9, -9.2], [-4.9, -12.4], [0, -12.9], [5.4, -11.6], [10.2, -8.7], [13.6, -4.3],
];
export const CITY_OUTLINE: readonly Pt[] = convexHull(
  OUTLINE_KM.map(([e, n]) => snap([CITY_CENTRE[0] + (e * 1000) / M_PER_DEG_LON, CITY_CENTRE[1] + (n * 1000) / M_PER_DEG_LAT], 6)),
);

export const insideCity = (p: Pt): boolean => pointInRing(p, CITY_OUTLINE);

export interface District {
  /** 1-based number, "Quận mô phỏng 07". */
  no: number;
  name: string;
  seed: Pt;
  /** Open counter-clockwise ring. */
  ring: Pt[];
}


/** Keep the part of `ring` nearer to sites[i] than to every other site (one Voronoi cell). */
function voronoiCell(outline: readonly Pt[], sites: readonly Pt[], i: number): Pt[] {
  let cell: Pt[] = outline.map((p) => [p[0], p[1]]);
  sites.forEach((o, j) => {
    if (j === i || cell.length < 3) return;
    cell = i < j ? clipByBisector(cell, sites[i], o, true) : clipByBisector(cell, o, sites[i], false);
  });
  return cell;
}


const areaM2 = (ring: readonly Pt[]) => signedArea(ring) * M_PER_DEG_LON * M_PER_DEG_LAT;

/** District seeds on a jittered 6 × 5 grid over the outline's box, kept inside the outline. */
function districtSeeds(): Pt[] {
  const rng = createRng(LAYOUT_SEED);
  const [w, s, e, n] = bboxOf(CITY_OUTLINE);
  const seeds: Pt[] = [];
  const cols = 6, rows = 5;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // Pull the grid towards the centre so corner cells are not empty of city.
      for (let tries = 0; ; tries++) {
        const fx = (c + 0.5 + rng.range(-0.3, 0.3)) / cols, fy = (r + 0.5 + rng.range(-0.3, 0.3)) / rows;
        const shrink = tries < 20 ? 0.92 : 0.8 - tries / 200;
        const p: Pt = [
          CITY_CENTRE[0] + (w + fx * (e - w) - CITY_CENTRE[0]) * shrink,
          CITY_CENTRE[1] + (s + fy * (n - s) - CITY_CENTRE[1]) * shrink,
        ];
        if (insideCity(p)) {
          seeds.push(snap(p, 5));
          break;
        }
      }
    }
  }
  return seeds;
}

/** Ward counts per district in proportion to area, summing exactly to CITY_WARDS (largest remainder). */
function wardCounts(areas: readonly number[]): number[] {
  const total = areas.reduce((a, b) => a + b, 0);
  const exact = areas.map((a) => (a / total) * CITY_WARDS);
  const counts = exact.map((x) => Math.max(3, Math.floor(x)));
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let k = 0;
  while (counts.reduce((a, b) => a + b, 0) < CITY_WARDS) counts[order[k++ % order.length][1]]++;
  while (counts.reduce((a, b) => a + b, 0) > CITY_WARDS) {
    const i = counts.indexOf(Math.max(...counts));
    counts[i]--;
  }
  return counts;
}

/** Ward seeds inside a district, kept apart so cells come out of similar size (rejection sampling). */
function wardSeeds(ring: readonly Pt[], count: number, rng: ReturnType<typeof createRng>): Pt[] {
  const [w, s, e, n] = bboxOf(ring);
  let spacing = 0.75 * Math.sqrt(areaM2(ring) / count);
  const seeds: Pt[] = [];
  let tries = 0;
  while (seeds.length < count) {
    const p: Pt = [rng.range(w, e), rng.range(s, n)];
    if (++tries % 500 === 0) spacing *= 0.9; // crowded: relax rather than fail
    if (!pointInRing(p, ring)) continue;
    const far = seeds.every((q) => Math.hypot((q[0] - p[0]) * M_PER_DEG_LON, (q[1] - p[1]) * M_PER_DEG_LAT) >= spacing);
    if (far) seeds.push(snap(p, 6));
  }
  return seeds;
}

/** One generated ward: what the wards layer stores, plus the ring the generator places things in. */
export interface CityWard {
  /** "M0703": M, district number, ward number (not a GSO code, so it cannot be mistaken for one). */
  code: string;
  /** "MP 07-03". */
  short: string;
  /** "Phường MP 07-03". */
  name: string;
  districtNo: number;
  districtName: string;
  seed: Pt;
  population: number;
  /** Closed counter-clockwise exterior ring. */
  ring: Pt[];
}

export interface CityLayout {
  districts: District[];
  /** Every ward cell, district by district. */
  wards: CityWard[];
}

let cached: CityLayout | null = null;

/** The 30 districts and their 580 wards; computed once per process (the layout takes no seed). */
export function cityLayout(): CityLayout {
  if (cached) return cached;
  const seeds = districtSeeds();
  const districts: District[] = seeds.map((seed, i) => ({
    no: i + 1,
    name: `Quận mô phỏng ${pad(i + 1)}`,
    seed,
    ring: dedupe(voronoiCell(CITY_OUTLINE, seeds, i).map((p) => snap(p, 7))),
  }));
  const counts = wardCounts(districts.map((d) => areaM2(d.ring)));
  const rng = createRng(LAYOUT_SEED + 1);
  const raw: { ring: Pt[]; district: District; no: number; seed: Pt; population: number }[] = [];
  districts.forEach((d, di) => {
    const wardSites = wardSeeds(d.ring, counts[di], rng);
    wardSites.forEach((seed, wi) => {
      raw.push({ ring: dedupe(voronoiCell(d.ring, wardSites, wi).map((p) => snap(p, 7))), district: d, no: wi + 1, seed, population: rng.int(8, 45) * 1000 });
    });
  });
  const noded = node(raw.map((r) => r.ring));
  const wards: CityWard[] = raw.map((r, i) => {
    const ring = dedupe(noded[i]);
    const short = `MP ${pad(r.district.no)}-${pad(r.no)}`;
    if (signedArea(ring) <= 0) throw new Error(`ward ${short} came out empty or clockwise`);
    return {
      code: `M${pad(r.district.no)}${pad(r.no)}`,
      short,
      name: `Phường ${short}`,
      districtNo: r.district.no,
      districtName: r.district.name,
      seed: r.seed,
      population: r.population,
      ring: closeRing(ring),
    };
  });
  cached = { districts, wards };
  return cached;
}

/** The district whose seed lies farthest from the centre: where tests look for "the far edge" of the city. */
export function farthestDistrict(layout: CityLayout = cityLayout()): District {
  const d = (p: Pt) => Math.hypot((p[0] - CITY_CENTRE[0]) * M_PER_DEG_LON, (p[1] - CITY_CENTRE[1]) * M_PER_DEG_LAT);
  return layout.districts.reduce((a, b) => (d(b.seed) > d(a.seed) ? b : a));
}
