/**
 * A whole import from a file on disk: read it (GeoJSON and CSV streamed a feature at a time,
 * other formats read whole, they have smaller caps), map its columns onto the layer's contract,
 * and write it through the store's bulk path: one transaction, ONE audit entry for the batch
 * (file, who, when, counts), so one bad feature means nothing is written and the error names it
 * ("feature 12 (row 13)"), and a good import can be undone as a batch.
 *
 * `replace` (delete the layer's features in the same transaction) keeps the per-feature path
 * (store.writes.import): each replaced feature gets its own audit row, so each can be restored;
 * it holds the file in memory and is meant for reference-sized layers (wards, checkpoints).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayerId } from '../../core/layers.ts';
import { StoreError, type Actor, type Store } from '../db/store.ts';
import { bulkImport } from '../features/bulk.ts';
import { importFeatures } from '../features/edit.ts';
import { invalid, tooLarge } from './errors.ts';
import { detectFormat, type ImportFormat } from './format.ts';
import { DEFAULT_LIMITS, mib, type IoLimits } from './limits.ts';
import { FeatureMapper, mapFeatures, parseMapping, type Mapping } from './mapping.ts';
import { readFeatures, type ReadOptions } from './read.ts';
import type { SourceFeature } from './source.ts';
import { streamCsv } from './stream-csv.ts';
import { streamGeoJson } from './stream-geojson.ts';

export interface ImportOptions extends ReadOptions {
  /** `code=ward_code,district=district_name` or the parsed form. */
  map?: string | Mapping;
  /** Delete the layer's current features in the same transaction. */
  replace?: boolean;
  actor: Actor;
  /** Called now and then with the features read so far (the CLI prints it; HTTP jobs report it). */
  onProgress?: (read: number) => void;
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
  /** The batch recorded in the audit trail (undo it with POST /api/imports/{batch}/undo); null for `replace`. */
  batch: number | null;
  /** The new features' ids run from first_id to last_id (null when none). */
  first_id: number | null;
  last_id: number | null;
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
function checkLonLat(f: SourceFeature): void {
  const p = firstPosition(f.geometry);
  if (p && typeof p[0] === 'number' && typeof p[1] === 'number' && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90))
    throw invalid(
      `Coordinates such as (${p[0]}, ${p[1]}) are not longitude/latitude: the file seems to use a projected coordinate system (metres). Reproject it to WGS84 (EPSG:4326) first, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.shp`,
    );
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

const labelOf = (i: number, where: string | undefined) => `feature ${i + 1}${where && where !== `record ${i + 1}` ? ` (${where})` : ''}`;
const nothing = (replace?: boolean) => invalid(`The file holds no features; nothing was imported${replace ? ' and the layer was left as it was' : ''}.`);

/** Streamed formats: what may be read a feature at a time without changing what the import means. */
export function streams(layer: LayerId, format: ImportFormat, replace?: boolean): boolean {
  // Facilities from a file of places need every column before the first feature (server/io/mapping.ts).
  return !replace && layer !== 'facilities' && (format === 'geojson' || format === 'csv');
}

/** Imports the file at `source` (a path; bytes are written to a temporary file first, for callers that hold them). */
export async function importFile(store: Store, layer: LayerId, source: string | Uint8Array, opts: ImportOptions): Promise<ImportReport> {
  if (typeof source === 'string') return importPath(store, layer, source, opts);
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-import-'));
  try {
    writeFileSync(join(dir, 'upload'), source, { mode: 0o600 });
    return await importPath(store, layer, join(dir, 'upload'), opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function importPath(store: Store, layer: LayerId, path: string, opts: ImportOptions): Promise<ImportReport> {
  const limits: IoLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const format = detectFormat(opts);
  const size = statSync(path).size;
  if (size > limits.maxFileBytes) throw tooLarge(`The file is ${mib(size)}; opsmap imports files of at most ${mib(limits.maxFileBytes)} (OPSMAP_IMPORT_MAX_BYTES). Split it into smaller files.`);
  if (size === 0) throw nothing(opts.replace);
  const explicit = typeof opts.map === 'string' ? parseMapping(opts.map) : (opts.map ?? {});

  if (!streams(layer, format, opts.replace)) {
    const read = await readFeatures(readFileSync(path), { ...opts, format, limits });
    if (read.features.length === 0) throw nothing(opts.replace);
    read.features.forEach(checkLonLat);
    const mapped = mapFeatures(layer, read.features, explicit);
    const label = (i: number) => labelOf(i, read.features[i].where);
    const base = { layer, format, read: read.features.length, left_out_properties: mapped.leftOut, mapping: mapped.mapping, warnings: [...read.warnings, ...mapped.warnings] };
    try {
      if (opts.replace) {
        const r = await importFeatures(store, layer, mapped.features, opts.actor, { replace: true, label });
        return { ...base, imported: r.inserted, replaced: r.deleted, batch: null, first_id: r.ids.length ? Math.min(...r.ids) : null, last_id: r.ids.length ? Math.max(...r.ids) : null };
      }
      const r = await bulkImport(store, layer, mapped.features, opts.actor, { source: opts.filename ?? `${format} file`, label, maxFeatures: limits.maxFeatures });
      return { ...base, imported: r.inserted, replaced: 0, batch: r.batchId, first_id: r.firstId, last_id: r.lastId };
    } catch (e) {
      throw e instanceof StoreError ? nameColumns(e, mapped.mapping) : e;
    }
  }

  const warnings: string[] = [];
  const features = format === 'csv' ? streamCsv(path, limits, warnings) : streamGeoJson(path, limits);
  let mapper: FeatureMapper | null = null;
  let read = 0;
  let where: string | undefined;
  function* bodies() {
    for (const f of features) {
      checkLonLat(f);
      mapper ??= new FeatureMapper(layer, Object.keys(f.properties), explicit);
      where = f.where;
      read++;
      yield mapper.map(f);
    }
    if (read === 0) throw nothing();
  }
  try {
    const r = await bulkImport(store, layer, bodies(), opts.actor, {
      source: opts.filename ?? `${format} file`,
      label: (i) => labelOf(i, where),
      maxFeatures: limits.maxFeatures,
      onProgress: opts.onProgress,
      progressEvery: 10_000,
    });
    const m = mapper as FeatureMapper | null;
    return {
      layer,
      format,
      read,
      imported: r.inserted,
      replaced: 0,
      left_out_properties: m?.leftOut ?? {},
      mapping: m?.mapping ?? {},
      warnings: [...warnings, ...(m?.warnings ?? [])],
      batch: r.batchId,
      first_id: r.firstId,
      last_id: r.lastId,
    };
  } catch (e) {
    const m = mapper as FeatureMapper | null;
    throw e instanceof StoreError && m ? nameColumns(e, m.mapping) : e;
  }
}
