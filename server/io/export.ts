/**
 * A whole layer written in one of the export formats, in pieces (write-*.ts), with what an HTTP
 * response or a file needs. `exportToFile` writes the pieces to a file as they come, so a layer
 * of 200,000 incidents (~100 MB of text) is never one string: the server's worker writes a
 * temporary file and the response streams it (server/workers/export-task.ts).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Feature } from 'geojson';
import type { LayerId } from '../../core/layers.ts';
import { rowToFeature } from '../db/rows.ts';
import type { FeatureRow, Store } from '../db/store.ts';
import { CONTENT_TYPES, EXTENSIONS, type ExportFormat } from './format.ts';
import { csvParts } from './write-csv.ts';
import { geoJsonParts } from './write-geojson.ts';
import { kmlParts } from './write-kml.ts';

export interface Export {
  body: string;
  contentType: string;
  filename: string;
  count: number;
}

/** The response's type and file name for a layer in a format. */
export const exportNames = (layer: LayerId, format: ExportFormat) => ({ contentType: CONTENT_TYPES[format], filename: `${layer}.${EXTENSIONS[format]}` });

/** The stored rows parsed one at a time, as the writer asks for them (a parsed layer is several times its text). */
function* features(rows: readonly FeatureRow[]): Generator<Feature> {
  for (const r of rows) yield rowToFeature(r) as Feature;
}

export function exportParts(layer: LayerId, format: ExportFormat, rows: readonly FeatureRow[]): Iterable<string> {
  const fs = features(rows);
  return format === 'geojson' ? geoJsonParts(fs) : format === 'csv' ? csvParts(layer, fs) : kmlParts(layer, fs);
}

/** Every feature of the layer, in id order, in one read (one snapshot of the layer). */
const allRows = async (store: Store, layer: LayerId) => (await store.features.list(layer, { limit: Number.MAX_SAFE_INTEGER })).rows;

/** The whole text at once: for the command line and small layers. */
export async function exportLayer(store: Store, layer: LayerId, format: ExportFormat): Promise<Export> {
  const rows = await allRows(store, layer);
  return { body: [...exportParts(layer, format, rows)].join(''), ...exportNames(layer, format), count: rows.length };
}

/** Text gathered before a write: large enough that writes are few, small enough to hold. */
const WRITE_AT = 1 << 20;

/**
 * Writes the layer to `path` (created 0600: it holds every feature), piece by piece, once
 * `writeAt` characters are gathered. Synchronous writes: this runs on a worker thread, which has
 * nothing else to do meanwhile.
 */
export async function exportToFile(store: Store, layer: LayerId, format: ExportFormat, path: string, writeAt = WRITE_AT): Promise<{ count: number; bytes: number }> {
  const rows = await allRows(store, layer);
  const fd = openSync(path, 'w', 0o600);
  let bytes = 0;
  try {
    let pending = '';
    const flush = () => {
      bytes += writeSync(fd, pending);
      pending = '';
    };
    for (const part of exportParts(layer, format, rows)) {
      pending += part;
      if (pending.length >= writeAt) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { count: rows.length, bytes };
}
