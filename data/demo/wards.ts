/**
 * The 23 wards of Bắc Từ Liêm and Nam Từ Liêm (2021 structure) with APPROXIMATE, GENERATED
 * geometry: a hand-drawn outline per district (~20 vertices, rounded) is cut into ward cells by a
 * Voronoi tessellation of one hand-placed seed point per ward. Names and GSO codes are the real
 * public identifiers; boundaries are not the official ones.
 *
 * The two districts share one hand-drawn border line, and each cell is computed by clipping its
 * district with the bisector half-planes of its neighbours, so neighbouring wards meet along the
 * same edges and together tile each district with no gaps or overlaps.
 */
import { M_PER_DEG_LAT, M_PER_DEG_LON, closeRing, signedArea, snap, type Pt } from './geometry.ts';
import { across, buildBorderEdges } from '../../core/wards/edges.ts';

export const PROVINCE = 'Thành phố Hà Nội';
export const DISTRICTS = { btl: 'Quận Bắc Từ Liêm', ntl: 'Quận Nam Từ Liêm' } as const;
export type DistrictKey = keyof typeof DISTRICTS;

export interface WardSeed {
  /** GSO 5-digit ward code. */
  code: string;
  /** Short name without the "Phường" prefix. */
  short: string;
  district: DistrictKey;
  /** Hand-placed, rounded to 0.005°, roughly where the ward lies. */
  seed: Pt;
  /** Plausible resident population (rounded; not an official figure). */
  population: number;
}

export const WARD_SEEDS: readonly WardSeed[] = [
  // Bắc Từ Liêm (021)
  { code: '00595', short: 'Thượng Cát', district: 'btl', seed: [105.735, 21.09], population: 12_300 },
  { code: '00598', short: 'Liên Mạc', district: 'btl', seed: [105.75, 21.085], population: 18_900 },
  { code: '00601', short: 'Đông Ngạc', district: 'btl', seed: [105.79, 21.09], population: 27_800 },
  { code: '00602', short: 'Đức Thắng', district: 'btl', seed: [105.775, 21.075], population: 22_600 },
  { code: '00604', short: 'Thụy Phương', district: 'btl', seed: [105.765, 21.085], population: 19_700 },
  { code: '00607', short: 'Tây Tựu', district: 'btl', seed: [105.735, 21.07], population: 27_600 },
  { code: '00610', short: 'Xuân Đỉnh', district: 'btl', seed: [105.79, 21.075], population: 35_900 },
  { code: '00611', short: 'Xuân Tảo', district: 'btl', seed: [105.795, 21.06], population: 19_300 },
  { code: '00613', short: 'Minh Khai', district: 'btl', seed: [105.75, 21.06], population: 35_400 },
  { code: '00616', short: 'Cổ Nhuế 1', district: 'btl', seed: [105.785, 21.05], population: 38_500 },
  { code: '00617', short: 'Cổ Nhuế 2', district: 'btl', seed: [105.775, 21.065], population: 49_200 },
  { code: '00619', short: 'Phú Diễn', district: 'btl', seed: [105.765, 21.05], population: 27_100 },
  { code: '00620', short: 'Phúc Diễn', district: 'btl', seed: [105.755, 21.045], population: 23_800 },
  // Nam Từ Liêm (019)
  { code: '00592', short: 'Cầu Diễn', district: 'ntl', seed: [105.76, 21.035], population: 27_400 },
  { code: '00622', short: 'Xuân Phương', district: 'ntl', seed: [105.75, 21.03], population: 23_100 },
  { code: '00623', short: 'Phương Canh', district: 'ntl', seed: [105.74, 21.04], population: 24_900 },
  { code: '00625', short: 'Mỹ Đình 1', district: 'ntl', seed: [105.77, 21.02], population: 30_800 },
  { code: '00626', short: 'Mỹ Đình 2', district: 'ntl', seed: [105.775, 21.03], population: 32_500 },
  { code: '00628', short: 'Tây Mỗ', district: 'ntl', seed: [105.745, 21.01], population: 31_600 },
  { code: '00631', short: 'Mễ Trì', district: 'ntl', seed: [105.78, 21.01], population: 35_200 },
  { code: '00632', short: 'Phú Đô', district: 'ntl', seed: [105.765, 21.01], population: 20_700 },
  { code: '00634', short: 'Đại Mỗ', district: 'ntl', seed: [105.765, 20.99], population: 30_600 },
  { code: '00637', short: 'Trung Văn', district: 'ntl', seed: [105.785, 20.995], population: 33_900 },
];

/** Hand-drawn border between the two districts (roughly Quốc lộ 32 / Hồ Tùng Mậu), west to east. */
const DISTRICT_BORDER: readonly Pt[] = [
  [105.729, 21.0565], [105.737, 21.0495], [105.737, 21.0455], [105.7535, 21.038],
  [105.758, 21.0385], [105.7675, 21.047], [105.7715, 21.0455],
];

/** Bắc Từ Liêm beyond the shared border, from its east end round the north back to its west end. */
const BTL_OUTER: readonly Pt[] = [
  [105.7815, 21.0495], [105.781, 21.044], [105.7865, 21.0445], [105.789, 21.052], [105.7945, 21.046],
  [105.8, 21.0555], [105.7965, 21.058], [105.805, 21.066], [105.801, 21.0785], [105.794, 21.081],
  [105.795, 21.098], [105.754, 21.0925], [105.737, 21.105], [105.724, 21.097], [105.7275, 21.083],
  [105.7175, 21.0715],
];

/** Nam Từ Liêm beyond the shared border, from its west end round the south back to its east end. */
const NTL_OUTER: readonly Pt[] = [
  [105.7265, 21.053], [105.739, 21.035], [105.7385, 21.023], [105.73, 21.018], [105.734, 21.0155],
  [105.7355, 20.9965], [105.7555, 20.99], [105.7595, 20.981], [105.778, 20.984], [105.7805, 20.9885],
  [105.793, 20.9845], [105.799, 20.9885], [105.7835, 21.0205], [105.784, 21.029], [105.768, 21.037],
];

/** District outlines as open counter-clockwise rings. */
export const DISTRICT_OUTLINES: Record<DistrictKey, readonly Pt[]> = {
  btl: [...DISTRICT_BORDER, ...BTL_OUTER],
  ntl: [...DISTRICT_BORDER.slice().reverse(), ...NTL_OUTER],
};

/** Squared x-scale so that bisectors are drawn in ground metres, not degrees. */
const KX2 = (M_PER_DEG_LON / M_PER_DEG_LAT) ** 2;

/**
 * Keep the part of a (possibly non-convex) ring on one side of the bisector of sites s and t:
 * f(p) = (p − m)·(t − s) ≤ 0 is s's side. The function is written for the ordered pair so that
 * the two cells sharing a bisector compute it from the same numbers.
 */
export function clipByBisector(ring: Pt[], s: Pt, t: Pt, keepS: boolean): Pt[] {
  const mx = (s[0] + t[0]) / 2, my = (s[1] + t[1]) / 2;
  const dx = t[0] - s[0], dy = t[1] - s[1];
  const side = (p: Pt) => {
    const f = (p[0] - mx) * dx * KX2 + (p[1] - my) * dy;
    return keepS ? f : -f;
  };
  const out: Pt[] = [];
  let crossings = 0;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i], q = ring[(i + 1) % ring.length];
    const fp = side(p), fq = side(q);
    if (fp <= 0) out.push(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const k = fp / (fp - fq);
      out.push([p[0] + k * (q[0] - p[0]), p[1] + k * (q[1] - p[1])]);
      crossings++;
    }
  }
  // Clipping a non-convex ring by a line that cuts it more than twice would need to split it.
  if (crossings > 2) throw new Error('ward seed layout splits a cell in two; move the seed points');
  return out;
}

export function dedupe(ring: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

/**
 * Insert into every edge the vertices of other rings that lie on it (T-junctions), so that
 * neighbouring rings share identical vertex sequences along their common border.
 */
export function node(rings: Pt[][]): Pt[][] {
  const all = new Map<string, Pt>();
  for (const r of rings) for (const p of r) all.set(p.join(','), p);
  const vertices = [...all.values()];
  const TOL = 1e-6; // degrees, ~0.1 m; snapped vertices are off by at most ~1e-7
  return rings.map((ring) => {
    const out: Pt[] = [];
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i], b = ring[(i + 1) % ring.length];
      out.push(a);
      const dx = b[0] - a[0], dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const onEdge: [number, Pt][] = [];
      for (const v of vertices) {
        const t = ((v[0] - a[0]) * dx + (v[1] - a[1]) * dy) / len2;
        if (t <= 0 || t >= 1) continue;
        const ex = a[0] + t * dx - v[0], ey = a[1] + t * dy - v[1];
        if (Math.hypot(ex, ey) < TOL) onEdge.push([t, v]);
      }
      onEdge.sort((x, y) => x[0] - y[0]);
      for (const [, v] of onEdge) out.push(v);
    }
    return out;
  });
}

export interface WardCell extends WardSeed {
  /** "Phường Cổ Nhuế 1". */
  name: string;
  districtName: string;
  /** Closed counter-clockwise exterior ring. */
  ring: Pt[];
}

/** Cut each district into its wards' Voronoi cells; the result depends on nothing random. */
export function tessellateWards(): WardCell[] {
  const raw: Pt[][] = WARD_SEEDS.map((w, i) => {
    let cell: Pt[] = DISTRICT_OUTLINES[w.district].map((p) => [p[0], p[1]]);
    WARD_SEEDS.forEach((o, j) => {
      if (j === i || o.district !== w.district) return;
      cell = i < j ? clipByBisector(cell, w.seed, o.seed, true) : clipByBisector(cell, o.seed, w.seed, false);
    });
    return dedupe(cell.map((p) => snap(p, 7)));
  });
  return node(raw).map((r, i) => {
    const ring = dedupe(r);
    if (signedArea(ring) <= 0) throw new Error(`ward ${WARD_SEEDS[i].short} came out empty or clockwise`);
    return {
      ...WARD_SEEDS[i],
      name: `Phường ${WARD_SEEDS[i].short}`,
      districtName: DISTRICTS[WARD_SEEDS[i].district],
      ring: closeRing(ring),
    };
  });
}

/** A stretch of boundary: between two wards, or between a ward and the outside (other = null). */
export interface BoundaryChain {
  ward: number;
  other: number | null;
  /** Ordered along `ward`'s ring (so `ward` lies on the left). */
  line: Pt[];
}

/**
 * Every shared border between two wards (once per pair, oriented along the lower-indexed ward)
 * and every stretch of the outer boundary of the two districts.
 */
export function boundaryChains(cells: readonly { ring: Pt[] }[]): BoundaryChain[] {
  const edges = buildBorderEdges(cells.map((c) => ({ geometry: { type: 'Polygon', coordinates: [c.ring] } })));
  const chains: BoundaryChain[] = [];
  cells.forEach((c, i) => {
    const n = c.ring.length - 1;
    const otherOf = (k: number) => {
      const e = edges.find(c.ring[k], c.ring[(k + 1) % n]);
      const other = e < 0 ? -1 : across(edges, e, i);
      return other < 0 ? null : other;
    };
    // Start at a change of neighbour so no chain wraps round the ring's start.
    let start = 0;
    for (let k = 0; k < n; k++) if (otherOf(k) !== otherOf((k + n - 1) % n)) { start = k; break; }
    let current: BoundaryChain | null = null;
    for (let s = 0; s < n; s++) {
      const k = (start + s) % n;
      const other = otherOf(k);
      if (!current || current.other !== other) {
        current = { ward: i, other, line: [c.ring[k]] };
        // A shared border is reported once, by the lower-indexed ward.
        if (other === null || other > i) chains.push(current);
      }
      current.line.push(c.ring[(k + 1) % n]);
    }
  });
  return chains;
}
