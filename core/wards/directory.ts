/**
 * The city's ward list: every ward's code, name, district and province, population, box and
 * label point, without its outline. It is reference data (a city has ~580 wards: ~100 KB of
 * JSON), loaded once by the client for the whole city (GET /api/wards), so ward names, the
 * per-ward summary and the print and planner tools know every ward, not only those in view.
 * Outlines stay with the tiles and with the in-view lists that need them.
 */
import type { Geometry } from 'geojson';
import { geometryBbox, type Bbox } from '../geometry/bbox.ts';
import { labelPoint } from '../geometry/label-point.ts';
import { compareVi } from '../text/search.ts';

export interface WardEntry {
  /** The ward feature's id (GET /api/collections/wards/items/{id} gives its outline). */
  id: number;
  code: string;
  name: string;
  district: string;
  province: string;
  population: number | null;
  /** West, south, east, north of its outline, rounded to 6 decimals (~0.1 m). */
  bbox: Bbox;
  /** Where its name is written (core/geometry/label-point.ts); null for a ward without an area. */
  label: [number, number] | null;
}

/** GET /api/wards: every ward, in Vietnamese order of district, then name. */
export interface WardList {
  numberMatched: number;
  wards: WardEntry[];
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** One ward's entry from its stored feature. */
export function wardEntry(f: { id: number; properties: Record<string, unknown> | null; geometry: Geometry | null }): WardEntry {
  const p = f.properties ?? {};
  const at = labelPoint(f.geometry);
  const box = f.geometry ? geometryBbox(f.geometry) : null;
  return {
    id: f.id,
    code: str(p.code),
    name: str(p.name ?? p.code),
    district: str(p.district),
    province: str(p.province),
    population: typeof p.population === 'number' ? p.population : null,
    bbox: box && Number.isFinite(box[0]) ? (box.map(r6) as Bbox) : [0, 0, 0, 0],
    label: at ? [r6(at[0]), r6(at[1])] : null,
  };
}

/** Vietnamese order: district, then ward name (numbers by value: Cổ Nhuế 2 before Cổ Nhuế 10; d before đ). */
export function compareWards(a: WardEntry, b: WardEntry): number {
  return compareVi(a.district, b.district) || compareVi(a.name, b.name) || compareVi(a.code, b.code);
}

/** The list as the endpoint answers it. */
export function wardList(features: readonly Parameters<typeof wardEntry>[0][]): WardList {
  const wards = features.map(wardEntry).sort(compareWards);
  return { numberMatched: wards.length, wards };
}
