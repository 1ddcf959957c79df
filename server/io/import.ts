/**
 * A whole import: read the file, map its columns onto the layer's contract, and write
 * every feature in one transaction (store.importFeatures), so one bad feature means
 * nothing is written and the error names it ("feature 12 (row 13)").
 */
import type { LayerId } from '../../core/layers.ts';
import { StoreError, type Actor, type Store } from '../db/store.ts';
import { importFeatures } from '../features/edit.ts';
import { invalid } from './errors.ts';
import type { ImportFormat } from './format.ts';
import { mapFeatures, parseMapping, type Mapping } from './mapping.ts';
import { readFeatures, type ReadOptions } from './read.ts';
import type { SourceFeature } from './source.ts';

export interface ImportOptions extends ReadOptions {
  /** `code=ward_code,district=district_name` or the parsed form. */
  map?: string | Mapping;
  /** Delete the layer's current features in the same transaction. */
  replace?: boolean;
  actor: Actor;
}

export interface ImportReport {
  layer: LayerId;
  format: ImportFormat;
  /** Features read from the file. */
  read: number;
  imported: number;
  /** Features deleted because of `replace`. */
  replaced: number;
  left_out_properties: Record<string, number>;
  /** Properties taken from a column of another name (target: source). */
  mapping: Mapping;
  warnings: string[];
  ids: number[];
}

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
function checkLonLat(features: SourceFeature[]): void {
  for (const f of features) {
    const p = firstPosition(f.geometry);
    if (p && typeof p[0] === 'number' && typeof p[1] === 'number' && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90))
      throw invalid(
        `Coordinates such as (${p[0]}, ${p[1]}) are not longitude/latitude: the file seems to use a projected coordinate system (metres). Reproject it to WGS84 (EPSG:4326) first, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.shp`,
      );
  }
}

/** A property that came from a column of another name is named with that column, which is what the user sees in the file. */
function nameColumns(e: StoreError, mapping: Mapping): StoreError {
  if (!Object.keys(mapping).length) return e;
  const issues = e.issues.map((i) => ({
    ...i,
    path: i.path.replace(/properties\.([^.\s]+)/, (m, p: string) => (mapping[p] ? `${m} (column ${mapping[p]})` : m)),
  }));
  return new StoreError(e.kind, e.message, issues, e.current);
}

export async function importFile(store: Store, layer: LayerId, data: Uint8Array, opts: ImportOptions): Promise<ImportReport> {
  const read = await readFeatures(data, opts);
  if (read.features.length === 0) throw invalid(`The file holds no features; nothing was imported${opts.replace ? ' and the layer was left as it was' : ''}.`);
  checkLonLat(read.features);
  const mapped = mapFeatures(layer, read.features, typeof opts.map === 'string' ? parseMapping(opts.map) : opts.map);
  const label = (i: number) => `feature ${i + 1}${read.features[i].where && read.features[i].where !== `record ${i + 1}` ? ` (${read.features[i].where})` : ''}`;
  let result;
  try {
    result = await importFeatures(store, layer, mapped.features, opts.actor, { replace: opts.replace, label });
  } catch (e) {
    throw e instanceof StoreError ? nameColumns(e, mapped.mapping) : e;
  }
  return {
    layer,
    format: read.format,
    read: read.features.length,
    imported: result.inserted,
    replaced: result.deleted,
    left_out_properties: mapped.leftOut,
    mapping: mapped.mapping,
    warnings: [...read.warnings, ...mapped.warnings],
    ids: result.ids,
  };
}
