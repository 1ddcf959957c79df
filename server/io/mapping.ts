/**
 * From a file's columns to a layer's contract. A mapping `code=ward_code` means the
 * layer property `code` takes the file's `ward_code` column (target=source). Without
 * one, a contract property is found in the file under its own name, then under its name
 * in another case (Shapefile columns are often upper case), then under a known alias
 * (for wards: code ← ward_code, name ← ward_name, district ← district_name,
 * province ← province_name, as in GSO/GADM-derived ward files). Columns that are used by
 * no property are left out and counted for the report; derived properties (ward_code of
 * a checkpoint…) are computed by the server and silently ignored.
 *
 * Values are made to fit the contract's types, since CSV, KML and dBASE carry text:
 * "12" → 12 for numbers, "true"/"1"/"yes" → true for booleans, enum values matched
 * ignoring case, text trimmed and put in composed Unicode form (NFC, so "Đông Ngạc" typed
 * on a Mac matches the same name typed on Windows), and empty text or null → absent (so
 * defaults apply).
 */
import type { Feature, Geometry } from 'geojson';
import type { z } from 'zod';
import { LAYERS, type LayerId } from '../../core/layers.ts';
import { invalid } from './errors.ts';
import { facilityKind } from './osm.ts';
import type { SourceFeature } from './source.ts';

/** target (layer property) → source (file column). */
export type Mapping = Record<string, string>;

const ALIASES: Partial<Record<LayerId, Record<string, string[]>>> = {
  // district_n / province_n: the same names cut to dBASE's 10 characters.
  wards: { code: ['ward_code'], name: ['ward_name'], district: ['district_name', 'district_n'], province: ['province_name', 'province_n'] },
  facilities: { phone: ['contact:phone', 'contact_phone'], beds: ['capacity:beds', 'beds_count'] },
};

/**
 * Facilities from a file of places (an OSM extract, a POI GeoJSON) that has no `kind` column:
 * the kind comes from the OSM amenity/healthcare/category value (hospital, clinic, doctors,
 * police, fire_station), the address from addr:housenumber + addr:street. Places that are no
 * facility (bus stops, schools…) are skipped and counted, not refused: such files mix them.
 */
function facilitiesFromPlaces(source: SourceFeature[], columns: string[], explicit: Mapping): { source: SourceFeature[]; warnings: string[] } {
  const lower = columns.map((c) => c.toLowerCase());
  if (explicit.kind || lower.includes('kind')) return { source, warnings: [] };
  if (!['amenity', 'healthcare', 'category'].some((c) => lower.includes(c))) return { source, warnings: [] };
  const skipped: Record<string, number> = {};
  const kept: SourceFeature[] = [];
  for (const f of source) {
    const p = f.properties;
    const kind = facilityKind(p);
    if (!kind) {
      const what = String(p.amenity ?? p.category ?? p.healthcare ?? 'untagged');
      skipped[what] = (skipped[what] ?? 0) + 1;
      continue;
    }
    const street = [p.addr_housenumber ?? p['addr:housenumber'], p.addr_street ?? p['addr:street']].filter((x) => typeof x === 'string' && x.trim()).join(' ');
    const extra: Record<string, unknown> = { kind };
    if (street && !lower.includes('address')) extra.address = street;
    // OSM places are often unnamed; a facility needs a name a person can read on the plan.
    if (typeof p.name !== 'string' || !p.name.trim()) extra.name = `${kind} ${p.osm_type ?? ''} ${p.osm_id ?? ''}`.replace(/\s+/g, ' ').trim();
    kept.push({ ...f, properties: { ...p, ...extra } });
  }
  const n = Object.values(skipped).reduce((a, b) => a + b, 0);
  const warnings = [`Facility kinds taken from the OSM amenity/healthcare/category value (hospital, clinic, doctors → clinic, police, fire_station).`];
  if (n) warnings.push(`${n} places are not facilities and were skipped: ${Object.entries(skipped).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  return { source: kept, warnings };
}

/** "code=ward_code, district=district_name" → {code: 'ward_code', district: 'district_name'}. */
export function parseMapping(spec: string | undefined): Mapping {
  const out: Mapping = {};
  for (const part of (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(.+)$/.exec(part);
    if (!m) throw invalid(`The mapping "${part}" is not of the form property=column (e.g. code=ward_code).`);
    const target = m[1].trim();
    if (target in out) throw invalid(`The mapping names property "${target}" twice.`);
    out[target] = m[2].trim();
  }
  return out;
}

type Kind = 'string' | 'number' | 'boolean' | { enum: string[] } | 'other';

function kindOf(schema: z.ZodType): Kind {
  let t = schema as unknown as { def: { type: string; innerType?: unknown }; options?: string[] };
  while (t.def.innerType) t = t.def.innerType as typeof t;
  if (t.def.type === 'enum') return { enum: t.options ?? [] };
  if (t.def.type === 'string' || t.def.type === 'number' || t.def.type === 'boolean') return t.def.type;
  return 'other';
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const TRUE = new Set(['true', '1', 'yes', 'y', 'có', 'co']);
const FALSE = new Set(['false', '0', 'no', 'n', 'không', 'khong']);

/** The value as the contract wants it, or undefined for "absent"; anything unconvertible is kept for validation to name. */
export function coerce(kind: Kind, v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') {
    const s = v.trim().normalize('NFC');
    if (s === '') return undefined;
    if (kind === 'number') return NUMBER.test(s) ? Number(s) : s;
    if (kind === 'boolean') return TRUE.has(s.toLowerCase()) ? true : FALSE.has(s.toLowerCase()) ? false : s;
    if (typeof kind === 'object') return kind.enum.find((o) => o.toLowerCase() === s.toLowerCase()) ?? s;
    return s;
  }
  if ((kind === 'string' || typeof kind === 'object') && (typeof v === 'number' || typeof v === 'boolean')) return coerce(kind, String(v));
  if (kind === 'boolean' && typeof v === 'number' && (v === 0 || v === 1)) return v === 1;
  return v;
}

export interface MapResult {
  features: Feature[];
  /** File columns not imported, with the number of features that had a value in them. */
  leftOut: Record<string, number>;
  /** Every property taken from a column of another name, explicit or automatic. */
  mapping: Mapping;
  warnings: string[];
}

/**
 * Maps features one at a time onto a layer's contract, from the columns known before the first
 * feature (a CSV header, the union over a file read whole, or a streamed GeoJSON's first feature:
 * as with a CSV header, the first feature's properties decide which column feeds which property).
 */
export class FeatureMapper {
  private readonly sourceOf: Mapping = {};
  private readonly used: Set<string>;
  private readonly ignored: Set<string>;
  private readonly kinds: Record<string, Kind>;
  private readonly automatic: string[] = [];
  private readonly late: string[];
  /** (property, column) pairs, listed once here rather than for each of a million rows. */
  private readonly sources: [string, string][];
  readonly leftOut: Record<string, number> = {};

  constructor(layer: LayerId, columns: string[], explicit: Mapping = {}) {
    const def = LAYERS[layer];
    const contract = Object.keys(def.props.shape);
    const has = new Set(columns);
    for (const [target, from] of Object.entries(explicit)) {
      if (def.derived.includes(target)) throw invalid(`"${target}" is computed by the server from the geometry and cannot be imported; remove ${target}=${from} from the mapping.`);
      if (!contract.includes(target)) throw invalid(`The mapping ${target}=${from} names "${target}", which is not a property of ${layer} (its properties are ${contract.join(', ')}).`);
      if (!has.has(from)) throw invalid(`The mapping ${target}=${from} names the column "${from}", which the file does not have (its columns are ${columns.join(', ') || 'none'}).`);
    }
    for (const p of contract) {
      if (explicit[p]) this.sourceOf[p] = explicit[p];
      else if (has.has(p)) this.sourceOf[p] = p;
      else {
        const candidates = [p, ...(ALIASES[layer]?.[p] ?? [])];
        const found = candidates.map((c) => columns.find((col) => col.trim().toLowerCase() === c)).find(Boolean);
        if (found) {
          this.sourceOf[p] = found;
          this.automatic.push(`${p}=${found}`);
        }
      }
    }
    // A property no column of the first feature fed is still taken from a later feature that has it under its own name.
    this.late = contract.filter((p) => !this.sourceOf[p] && !def.derived.includes(p));
    this.used = new Set([...Object.values(this.sourceOf), ...this.late]);
    this.ignored = new Set(def.derived.filter((d) => !this.used.has(d)));
    this.kinds = Object.fromEntries(contract.map((p) => [p, kindOf(def.props.shape[p] as z.ZodType)]));
    this.sources = Object.entries(this.sourceOf);
  }

  map(f: SourceFeature): Feature {
    const properties: Record<string, unknown> = {};
    for (const [p, col] of this.sources) {
      const v = coerce(this.kinds[p], f.properties[col]);
      if (v !== undefined) properties[p] = v;
    }
    for (const p of this.late) {
      const v = p in f.properties ? coerce(this.kinds[p], f.properties[p]) : undefined;
      if (v !== undefined) properties[p] = v;
    }
    for (const [col, v] of Object.entries(f.properties))
      if (!this.used.has(col) && !this.ignored.has(col) && v !== null && v !== undefined && v !== '') this.leftOut[col] = (this.leftOut[col] ?? 0) + 1;
    return { type: 'Feature', geometry: f.geometry as Geometry, properties };
  }

  /** Every property taken from a column of another name, explicit or automatic. */
  get mapping(): Mapping {
    return Object.fromEntries(Object.entries(this.sourceOf).filter(([p, col]) => p !== col));
  }

  get warnings(): string[] {
    return this.automatic.length ? [`Columns matched automatically: ${this.automatic.join(', ')} (override with --map property=column).`] : [];
  }
}

export function mapFeatures(layer: LayerId, input: SourceFeature[], explicit: Mapping = {}): MapResult {
  let source = input;
  const before: string[] = [];
  if (layer === 'facilities') {
    const r = facilitiesFromPlaces(input, [...new Set(input.flatMap((f) => Object.keys(f.properties)))], explicit);
    source = r.source;
    before.push(...r.warnings);
  }
  const m = new FeatureMapper(layer, [...new Set(source.flatMap((f) => Object.keys(f.properties)))], explicit);
  const features = source.map((f) => m.map(f));
  return { features, leftOut: m.leftOut, mapping: m.mapping, warnings: [...before, ...m.warnings] };
}
