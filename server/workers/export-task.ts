/**
 * A layer exported on a worker thread, read through the worker's own connection to the SQLite
 * file: reading, parsing and writing every incident held the request thread 8.6 s for 200,000
 * of them (`npm run bench -- event-loop`). The text comes back as UTF-8 bytes.
 */
import type { LayerId } from '../../core/layers.ts';
import { exportLayer } from '../io/export.ts';
import type { ExportFormat } from '../io/format.ts';
import { readerStore } from './reader.ts';

export interface ExportTask {
  file: string;
  layer: LayerId;
  format: ExportFormat;
}

export async function exportFromFile({ file, layer, format }: ExportTask): Promise<{ body: Uint8Array; contentType: string; filename: string }> {
  const out = await exportLayer(readerStore(file), layer, format);
  return { body: new TextEncoder().encode(out.body), contentType: out.contentType, filename: out.filename };
}
