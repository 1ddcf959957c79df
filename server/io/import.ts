/**
 * A whole import from a file on disk: read it (GeoJSON and CSV streamed a feature at a time,
 * other formats read whole, they have smaller caps), map its columns onto the layer's contract,
 * and write it through the store's bulk path: one transaction, ONE audit entry for the batch
 * (file, who, when, counts), so one bad feature means nothing is written and the error names it
 * ("feature 12 (row 13)"), and a good import can be undone as a batch. A large streamed file is
 * read, checked and prepared on a second thread while this one writes (./read-ahead.ts).
 *
 * `replace` (delete the layer's features in the same transaction) keeps the per-feature path
 * (store.writes.import): each replaced feature gets its own audit row, so each can be restored;
 * it holds the file in memory and is meant for reference-sized layers (wards, checkpoints).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayerId } from '../../core/layers.ts';
import { StoreError, type Actor, type BulkResult, type Store } from '../db/store.ts';
import { bulkImport } from '../features/bulk.ts';
import { importFeatures } from '../features/edit.ts';
import { tooLarge } from './errors.ts';
import { detectFormat, type ImportFormat } from './format.ts';
import { DEFAULT_LIMITS, mib, type IoLimits } from './limits.ts';
import { checkLonLat, labelOf, nameColumns, nothing } from './import-checks.ts';
import { mapFeatures, parseMapping, type Mapping } from './mapping.ts';
import { ReadAhead, READ_AHEAD_BYTES } from './read-ahead.ts';
import { readFeatures, type ReadOptions } from './read.ts';
import { StreamedRead, type StreamedSummary } from './streamed-read.ts';

export interface ImportOptions extends ReadOptions {
  /** `code=ward_code,district=district_name` or the parsed form. */
  map?: string | Mapping;
  /** Delete the layer's current features in the same transaction. */
  replace?: boolean;
  actor: Actor;
  /** Called now and then with the features read so far (the CLI prints it; HTTP jobs report it). */
  onProgress?: (read: number) => void;
  /** Read a streamed file on a second thread (./read-ahead.ts); by default files of READ_AHEAD_BYTES and more, where the store takes rows. */
  readAhead?: boolean;
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

  const bulkOpts = { source: opts.filename ?? `${format} file`, maxFeatures: limits.maxFeatures, onProgress: opts.onProgress, progressEvery: 10_000 };
  const report = (r: BulkResult, s: StreamedSummary): ImportReport => ({
    layer,
    format,
    read: s.read,
    imported: r.inserted,
    replaced: 0,
    left_out_properties: s.leftOut,
    mapping: s.mapping,
    warnings: s.warnings,
    batch: r.batchId,
    first_id: r.firstId,
    last_id: r.lastId,
  });
  const streamed = format as 'csv' | 'geojson';
  if ((opts.readAhead ?? size >= READ_AHEAD_BYTES) && store.writes.bulkTakesRows) {
    // Started before the write's transaction, so the first rows are ready when it begins.
    const reader = new ReadAhead({ path, format: streamed, layer, explicit, limits, wards: (await store.features.wards()).wards, borderDistanceM: store.options.borderDistanceM });
    try {
      // A file this size holds tens of thousands of features: the indexes are set aside from the
      // first row (where the table is small enough for that to pay), not only after 50,000 rows
      // written one index entry and trigger at a time (~1 s of the writer's CPU, measured).
      return report(await store.writes.bulk(layer, reader.rows(), opts.actor, { ...bulkOpts, suspendAt: 1 }), reader.summary);
    } finally {
      reader.stop();
    }
  }
  const read = new StreamedRead(path, streamed, layer, explicit, limits);
  try {
    return report(await bulkImport(store, layer, read.bodies(), opts.actor, { ...bulkOpts, label: read.label }), read.summary());
  } catch (e) {
    throw read.named(e);
  }
}
