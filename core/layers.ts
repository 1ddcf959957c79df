/**
 * The six operational layers and their public property contract.
 *
 * These names are what the API serves, what imports map onto and what exports write.
 * They are shared by the server (validation at the edge) and the client (forms, legends),
 * so a property is declared once, here.
 */
import { z } from 'zod';

export const LAYER_IDS = ['wards', 'checkpoints', 'quarantine-zones', 'polling-stations', 'incidents', 'facilities'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export const isLayerId = (s: string): s is LayerId => (LAYER_IDS as readonly string[]).includes(s);

export const CHECKPOINT_KINDS = ['epidemic', 'security', 'traffic'] as const;
export const CHECKPOINT_STATUSES = ['planned', 'active', 'closed'] as const;
export const ZONE_LEVELS = ['lockdown', 'facility', 'buffer'] as const;
export const ZONE_STATUSES = ['planned', 'active', 'lifted'] as const;
export const INCIDENT_CATEGORIES = ['epidemic_case', 'violation', 'public_order', 'traffic'] as const;
/** Where help comes from: medical care, police, fire service, and quarantine facilities (where mobile ballot boxes go). */
export const FACILITY_KINDS = ['hospital', 'clinic', 'health_station', 'police', 'fire_station', 'isolation_facility'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

/** Calendar date, YYYY-MM-DD, checked to be a real day. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), 'is not a real calendar date');

/** ISO 8601 / RFC 3339 timestamp with a time zone (Z or ±hh:mm). */
export const isoTimestamp = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp with a time zone, e.g. 2021-05-12T08:30:00+07:00' });

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
/**
 * A name must show something: one made only of control, format (zero-width, bidi overrides such
 * as U+202E) or separator characters reads as blank on the map and in lists, or reorders the
 * text around it (issue 15 #8).
 */
const name = text(200)
  .min(1, 'must not be empty')
  // An empty name has its own message above; this one is for names that only look empty.
  .refine((s) => s === '' || /[^\p{Cc}\p{Cf}\p{Z}\p{Cs}\p{Co}\p{Cn}]/u.test(s), 'must contain a visible character, not only control, format or bidi characters');
const count = z.number().int('must be a whole number').min(0, 'must not be negative');
const optional = <T extends z.ZodType>(t: T) => t.nullable().optional();

// Strict objects: an unknown property is an error that names it (see formatZodError).
export const wardProps = z.strictObject({
  code: text(20).min(1, 'must not be empty'),
  name,
  district: text(200).min(1, 'must not be empty'),
  province: text(200).min(1, 'must not be empty'),
  population: optional(count),
});

export const checkpointProps = z.strictObject({
  name,
  kind: z.enum(CHECKPOINT_KINDS),
  status: z.enum(CHECKPOINT_STATUSES).default('planned'),
  staff: count.max(10_000).default(0),
  hours: optional(text(50)),
  notes: optional(text(2000)),
  active_from: optional(isoDate),
  active_to: optional(isoDate),
});

export const zoneProps = z.strictObject({
  name,
  level: z.enum(ZONE_LEVELS),
  status: z.enum(ZONE_STATUSES).default('planned'),
  starts_on: isoDate,
  ends_on: optional(isoDate),
  reason: optional(text(500)),
  people: optional(count),
});

export const stationProps = z.strictObject({
  code: text(20).min(1, 'must not be empty'),
  name,
  address: optional(text(500)),
  voters: count.max(1_000_000).default(0),
  election_date: isoDate.default('2021-05-23'),
});

export const incidentProps = z.strictObject({
  category: z.enum(INCIDENT_CATEGORIES),
  occurred_at: isoTimestamp,
  severity: z.number().int('must be 1, 2 or 3').min(1, 'must be 1, 2 or 3').max(3, 'must be 1, 2 or 3'),
  fine_vnd: optional(count),
  description: optional(text(2000)),
  /** The polling station a situation report on election day was made for. */
  station_id: optional(z.number().int('must be a whole number').positive('must be a feature id')),
});

export const facilityProps = z.strictObject({
  name,
  kind: z.enum(FACILITY_KINDS),
  address: optional(text(500)),
  phone: optional(text(50)),
  beds: optional(count.max(100_000)),
  notes: optional(text(2000)),
});

type GeometryType = 'Point' | 'Polygon' | 'MultiPolygon';

export interface LayerDef {
  id: LayerId;
  title: { vi: string; en: string };
  description: { vi: string; en: string };
  geometryTypes: readonly GeometryType[];
  /** What a client may write. */
  props: z.ZodObject;
  /** Computed by the server from the geometry; accepted on input but ignored. */
  derived: readonly string[];
  /** Properties that carry time, for `datetime` filtering: an instant or an interval. */
  temporal?: { start: string; end?: string };
  /** Properties usable as simple equality filters on /items (e.g. status=active). */
  filters: readonly string[];
  /** Property shown as the feature's label. */
  labelProp: string;
}

export const LAYERS: Record<LayerId, LayerDef> = {
  wards: {
    id: 'wards',
    title: { vi: 'Phường, xã', en: 'Wards' },
    description: { vi: 'Ranh giới phường, xã', en: 'Ward and commune boundaries' },
    geometryTypes: ['Polygon', 'MultiPolygon'],
    props: wardProps,
    derived: [],
    filters: ['code', 'district', 'province'],
    labelProp: 'name',
  },
  checkpoints: {
    id: 'checkpoints',
    title: { vi: 'Chốt kiểm soát', en: 'Checkpoints' },
    description: { vi: 'Chốt kiểm soát dịch bệnh, an ninh, giao thông', en: 'Epidemic, security and traffic checkpoints' },
    geometryTypes: ['Point'],
    props: checkpointProps,
    derived: ['ward_code', 'on_border'],
    temporal: { start: 'active_from', end: 'active_to' },
    filters: ['kind', 'status', 'ward_code', 'on_border'],
    labelProp: 'name',
  },
  'quarantine-zones': {
    id: 'quarantine-zones',
    title: { vi: 'Vùng cách ly', en: 'Quarantine zones' },
    description: { vi: 'Khu vực phong tỏa, cách ly', en: 'Lockdown, facility and buffer zones' },
    geometryTypes: ['Polygon', 'MultiPolygon'],
    props: zoneProps,
    derived: [],
    temporal: { start: 'starts_on', end: 'ends_on' },
    filters: ['level', 'status'],
    labelProp: 'name',
  },
  'polling-stations': {
    id: 'polling-stations',
    title: { vi: 'Khu vực bỏ phiếu', en: 'Polling stations' },
    description: { vi: 'Khu vực bỏ phiếu bầu cử', en: 'Election polling stations' },
    geometryTypes: ['Point'],
    props: stationProps,
    derived: ['ward_code'],
    temporal: { start: 'election_date' },
    filters: ['code', 'ward_code', 'election_date'],
    labelProp: 'name',
  },
  incidents: {
    id: 'incidents',
    title: { vi: 'Sự việc', en: 'Incidents' },
    description: { vi: 'Ca bệnh, vi phạm, trật tự công cộng, giao thông', en: 'Cases, violations, public-order and traffic events' },
    geometryTypes: ['Point'],
    props: incidentProps,
    derived: ['ward_code'],
    temporal: { start: 'occurred_at' },
    filters: ['category', 'severity', 'ward_code', 'station_id'],
    labelProp: 'category',
  },
  facilities: {
    id: 'facilities',
    title: { vi: 'Cơ sở hỗ trợ', en: 'Facilities' },
    description: { vi: 'Bệnh viện, phòng khám, trạm y tế, công an, phòng cháy chữa cháy, khu cách ly', en: 'Hospitals, clinics, health stations, police, fire stations, isolation facilities' },
    geometryTypes: ['Point'],
    props: facilityProps,
    derived: ['ward_code'],
    filters: ['kind', 'ward_code'],
    labelProp: 'name',
  },
};

/** Every property name a feature of this layer may carry on output. */
export function outputPropertyNames(layer: LayerId): string[] {
  return [...Object.keys(LAYERS[layer].props.shape), ...LAYERS[layer].derived];
}

/** One problem found in an input, addressed by a path a person can follow. */
export interface Issue {
  path: string;
  message: string;
}

/** Turn zod's issues into sentences that name the property (and the unknown keys). */
export function formatZodError(err: z.ZodError, prefix = 'properties', input?: Record<string, unknown>): Issue[] {
  return err.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    if (i.code === 'unrecognized_keys') return { path: prefix, message: `unknown propert${i.keys.length > 1 ? 'ies' : 'y'} ${i.keys.map((k) => `"${k}"`).join(', ')}` };
    if (input && i.path.length === 1 && input[String(i.path[0])] === undefined) return { path, message: 'is required' };
    if (i.code === 'invalid_value' && 'values' in i) return { path, message: `must be one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    if (i.code === 'invalid_type') return { path, message: `must be ${i.expected === 'int' ? 'a whole number' : `a ${i.expected}`}` };
    return { path, message: i.message };
  });
}

export type ValidProps = Record<string, unknown>;

/**
 * Check a feature's properties for a layer. Derived properties are dropped (the server
 * recomputes them); anything else the contract does not name is an error.
 */
export function parseProps(layer: LayerId, input: unknown): { ok: true; value: ValidProps } | { ok: false; issues: Issue[] } {
  const def = LAYERS[layer];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, issues: [{ path: 'properties', message: 'must be an object' }] };
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!def.derived.includes(k)) clean[k] = v;
  const r = def.props.safeParse(clean);
  if (!r.success) return { ok: false, issues: formatZodError(r.error, 'properties', clean) };
  return { ok: true, value: r.data as ValidProps };
}
