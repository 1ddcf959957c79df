/**
 * Is a station ready for election day? Gaps computed from its derived and written plan, each
 * with a code (for filters and the CSV), words in both languages, and the figure behind it.
 */
import type { DerivedPlan } from './derive.ts';
import type { WrittenPlan } from './written.ts';
import { totalHeadcount } from './written.ts';

export const GAP_CODES = ['no_forces', 'no_medical_nearby', 'quarantine_zone', 'no_checkpoint_nearby', 'not_approved'] as const;
export type GapCode = (typeof GAP_CODES)[number];

/** Thresholds (metres) of the readiness rules. */
export const READINESS_RULES = {
  /** A hospital, clinic or health station within this distance. */
  medicalWithinM: 2000,
  /** A zone in force on election day containing the station or within this distance. */
  zoneWithinM: 500,
  /** A checkpoint within this distance. */
  checkpointWithinM: 500,
} as const;

export const GAP_WORDS: Record<GapCode, { vi: string; en: string }> = {
  no_forces: { vi: 'Chưa phân công lực lượng', en: 'No forces assigned' },
  no_medical_nearby: { vi: 'Không có cơ sở y tế trong 2 km', en: 'No medical facility within 2 km' },
  quarantine_zone: { vi: 'Trong hoặc cách vùng cách ly đang áp dụng dưới 500 m', en: 'Inside or within 500 m of an active quarantine zone' },
  no_checkpoint_nearby: { vi: 'Không có chốt kiểm soát trong 500 m', en: 'No checkpoint within 500 m' },
  not_approved: { vi: 'Kế hoạch chưa được phê duyệt', en: 'Plan not approved' },
};

export interface Gap {
  code: GapCode;
  /** The figure behind it, e.g. the distance to the nearest medical facility. */
  detail: string;
}

export interface ReadinessRow {
  station_id: string | number | null;
  code: string | null;
  name: string;
  ward_code: string | null;
  ward_name: string | null;
  district: string | null;
  voters: number;
  coordinates: [number, number];
  status: WrittenPlan['status'];
  headcount: number;
  nearest_medical_m: number | null;
  nearest_checkpoint_m: number | null;
  /** Distance to the nearest zone in force on election day (0 inside), when within reach. */
  zone_m: number | null;
  distance_method: DerivedPlan['distance_method'];
  mobile_box_zones: number;
  gaps: Gap[];
  /** ready (no gaps), attention (only "not approved"), gaps (anything else). */
  level: 'ready' | 'attention' | 'gaps';
}

export function readinessOf(derived: DerivedPlan, written: WrittenPlan): ReadinessRow {
  const gaps: Gap[] = [];
  const headcount = totalHeadcount(written);
  if (written.forces.length === 0 || headcount === 0) gaps.push({ code: 'no_forces', detail: '0' });
  const medical = [derived.facilities.hospital, derived.facilities.health_station].filter((f) => f !== null).sort((a, b) => a!.distance_m - b!.distance_m)[0] ?? null;
  if (!medical || medical.distance_m > READINESS_RULES.medicalWithinM) gaps.push({ code: 'no_medical_nearby', detail: medical ? `${Math.round(medical.distance_m)} m` : '—' });
  const zone = derived.zones.find((z) => z.in_force_on_election_day && z.distance_m <= READINESS_RULES.zoneWithinM && z.level !== 'buffer') ?? derived.zones.find((z) => z.in_force_on_election_day && z.distance_m <= READINESS_RULES.zoneWithinM) ?? null;
  if (zone) gaps.push({ code: 'quarantine_zone', detail: zone.inside ? `${zone.name} (inside)` : `${zone.name} (${Math.round(zone.distance_m)} m)` });
  const cp = derived.checkpoints[0] ?? null;
  if (!cp || cp.distance_m > READINESS_RULES.checkpointWithinM) gaps.push({ code: 'no_checkpoint_nearby', detail: cp ? `${Math.round(cp.distance_m)} m` : '—' });
  if (written.status !== 'approved') gaps.push({ code: 'not_approved', detail: written.status });
  const level = gaps.length === 0 ? 'ready' : gaps.every((g) => g.code === 'not_approved') ? 'attention' : 'gaps';
  return {
    station_id: derived.station.id,
    code: derived.station.code,
    name: derived.station.name,
    ward_code: derived.ward?.code ?? null,
    ward_name: derived.ward?.name ?? null,
    district: derived.ward?.district ?? null,
    voters: derived.voters,
    coordinates: [derived.station.coordinates[0], derived.station.coordinates[1]],
    status: written.status,
    headcount,
    nearest_medical_m: medical?.distance_m ?? null,
    nearest_checkpoint_m: cp?.distance_m ?? null,
    zone_m: zone?.distance_m ?? null,
    distance_method: derived.distance_method,
    mobile_box_zones: derived.mobile_box_zones.length,
    gaps,
    level,
  };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The board as CSV (UTF-8; the caller adds a BOM for Excel), one row per station, gaps in words of `lang`. */
export function readinessCsv(rows: readonly ReadinessRow[], lang: 'vi' | 'en' = 'vi'): string {
  const head = ['code', 'name', 'ward_code', 'ward_name', 'district', 'voters', 'plan_status', 'headcount', 'nearest_medical_m', 'nearest_checkpoint_m', 'zone_m', 'distance_method', 'mobile_box_zones', 'level', 'gaps'];
  const lines = [head.join(',')];
  for (const r of rows)
    lines.push(
      [r.code, r.name, r.ward_code, r.ward_name, r.district, r.voters, r.status, r.headcount, r.nearest_medical_m, r.nearest_checkpoint_m, r.zone_m, r.distance_method, r.mobile_box_zones, r.level, r.gaps.map((g) => `${GAP_WORDS[g.code][lang]} (${g.detail})`).join('; ')]
        .map(csvCell)
        .join(','),
    );
  return lines.join('\r\n') + '\r\n';
}
