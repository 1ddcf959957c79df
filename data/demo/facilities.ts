/**
 * Demo facilities: where a polling station's plan finds medical care, police and the fire service,
 * and the isolation facilities that mobile ballot boxes visit. Plausible, not real: per ward a
 * health station (trạm y tế) and a ward police post (công an phường) near the ward's centre; per
 * district a medical centre (trung tâm y tế, a small hospital) and a fire-and-rescue team; a few
 * private clinics; an isolation facility at the centre of each `facility`-level quarantine zone.
 *
 * Exported for any scenario generator (the city scenario calls it with its own wards): give it
 * wards as rings with names and a random stream, get Point features of the `facilities` contract.
 */
import type { Feature, Point } from 'geojson';
import type { FacilityKind } from '../../core/layers.ts';
import { distanceM, offset, pointInRing, snap, type Pt } from './geometry.ts';
import type { Rng } from './random.ts';

export interface FacilityWard {
  /** Short name without "Phường" ("Cổ Nhuế 1"). */
  short: string;
  /** "Quận Bắc Từ Liêm". */
  districtName: string;
  /** Closed exterior ring. */
  ring: readonly Pt[];
}

export interface IsolationSite {
  name: string;
  centre: Pt;
  people?: number | null;
}

const vertexMean = (ring: readonly Pt[]): Pt => {
  const r = ring.slice(0, -1);
  return [r.reduce((s, p) => s + p[0], 0) / r.length, r.reduce((s, p) => s + p[1], 0) / r.length];
};

/** A point within `radiusM` of `centre` that stays inside `ring` (the centre itself after 50 tries). */
function within(rng: Rng, centre: Pt, radiusM: number, ring: readonly Pt[]): Pt {
  for (let i = 0; i < 50; i++) {
    const p = offset(centre, rng.range(-radiusM, radiusM), rng.range(-radiusM, radiusM));
    if (pointInRing(p, ring)) return p;
  }
  return centre;
}

const phone = (rng: Rng) => `024 ${rng.int(3700, 3899)} ${String(rng.int(0, 9999)).padStart(4, '0')}`;

const CLINIC_NAMES = ['Phòng khám đa khoa Việt Hàn', 'Phòng khám đa khoa Medlatec', 'Phòng khám đa khoa Hà Thành', 'Phòng khám đa khoa Thăng Long', 'Phòng khám đa khoa Hồng Phát'];

/**
 * Facilities for a set of wards, grouped into districts by `districtName`. Deterministic for a
 * given random stream.
 */
export function facilityFeatures(rng: Rng, wards: readonly FacilityWard[], isolation: readonly IsolationSite[] = []): Feature<Point>[] {
  const out: Feature<Point>[] = [];
  const add = (p: Pt, kind: FacilityKind, name: string, address: string, beds?: number) =>
    out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: snap(p, 6) }, properties: { name, kind, address, phone: phone(rng), ...(beds !== undefined ? { beds } : {}) } });
  const districtLower = (d: string) => d.replace(/^Quận/, 'quận').replace(/^Huyện/, 'huyện').replace(/^Thị xã/, 'thị xã');

  for (const w of wards) {
    const c = vertexMean(w.ring);
    const where = `phường ${w.short}, ${districtLower(w.districtName)}, Hà Nội`;
    add(within(rng, c, 400, w.ring), 'health_station', `Trạm y tế phường ${w.short}`, where, rng.int(3, 10));
    add(within(rng, c, 400, w.ring), 'police', `Công an phường ${w.short}`, where);
  }

  const districts = [...new Set(wards.map((w) => w.districtName))];
  for (const d of districts) {
    const own = wards.filter((w) => w.districtName === d);
    const centres = own.map((w) => vertexMean(w.ring));
    const mid: Pt = [centres.reduce((s, p) => s + p[0], 0) / centres.length, centres.reduce((s, p) => s + p[1], 0) / centres.length];
    // The ward whose centre is nearest the district's middle holds the district's services.
    const host = own[centres.map((p, i) => [distanceM(p, mid), i] as const).sort((a, b) => a[0] - b[0])[0][1]];
    const at = (r: number) => within(rng, vertexMean(host.ring), r, host.ring);
    const dl = districtLower(d);
    add(at(600), 'hospital', `Trung tâm Y tế ${dl}`, `phường ${host.short}, ${dl}, Hà Nội`, rng.int(80, 200));
    add(at(600), 'fire_station', `Đội Cảnh sát PCCC và CNCH ${dl}`, `phường ${host.short}, ${dl}, Hà Nội`);
    add(at(600), 'police', `Công an ${dl}`, `phường ${host.short}, ${dl}, Hà Nội`);
    for (let i = 0; i < 2; i++) {
      const w = rng.pick(own);
      add(within(rng, vertexMean(w.ring), 700, w.ring), 'clinic', `${rng.pick(CLINIC_NAMES)} – ${w.short}`, `phường ${w.short}, ${dl}, Hà Nội`);
    }
  }

  for (const s of isolation) add(s.centre, 'isolation_facility', s.name, '', s.people ?? undefined);
  return out;
}
