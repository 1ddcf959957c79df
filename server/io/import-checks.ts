/**
 * What every import checks of the file as a whole, and how its errors name a feature: shared by
 * the whole-file and the streamed paths (./import.ts) and the reading thread (./read-ahead-thread.ts).
 */
import { StoreError } from '../db/errors.ts';
import { invalid } from './errors.ts';
import type { Mapping } from './mapping.ts';
import type { SourceFeature } from './source.ts';

/** The first position of a geometry, if it has one. */
function firstPosition(g: unknown): unknown[] | null {
  let c = (g as { coordinates?: unknown } | null)?.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) ? c : null;
}

/**
 * Projected coordinates (UTM, VN-2000 metres) would fail per feature as "longitude outside
 * −180…180"; say once what is wrong with the whole file instead.
 */
export function checkLonLat(f: SourceFeature): void {
  const p = firstPosition(f.geometry);
  if (p && typeof p[0] === 'number' && typeof p[1] === 'number' && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90))
    throw invalid(
      `Coordinates such as (${p[0]}, ${p[1]}) are not longitude/latitude: the file seems to use a projected coordinate system (metres). Reproject it to WGS84 (EPSG:4326) first, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.shp`,
    );
}

/** A property that came from a column of another name is named with that column, which is what the user sees in the file. */
export function nameColumns(e: StoreError, mapping: Mapping): StoreError {
  if (!Object.keys(mapping).length) return e;
  const issues = e.issues.map((i) => ({
    ...i,
    path: i.path.replace(/properties\.([^.\s]+)/, (m, p: string) => (mapping[p] ? `${m} (column ${mapping[p]})` : m)),
  }));
  return new StoreError(e.kind, e.message, issues, e.current);
}

/** "feature 12 (row 13)": the feature's number, and where the file puts it when that says more. */
export const labelOf = (i: number, where: string | undefined) => `feature ${i + 1}${where && where !== `record ${i + 1}` ? ` (${where})` : ''}`;

export const nothing = (replace?: boolean) => invalid(`The file holds no features; nothing was imported${replace ? ' and the layer was left as it was' : ''}.`);
