/**
 * A layer exported on a worker thread, read through the worker's own connection to the SQLite
 * file: reading, parsing and writing every incident held the request thread 8.6 s for 200,000
 * of them (`npm run bench -- event-loop`). The text comes back as UTF-8 bytes, moved, not copied.
 */
import { Piscina } from 'piscina';
import type { LayerId } from '../../core/layers.ts';
import { exportLayer } from '../io/export.ts';
import type { ExportFormat } from '../io/format.ts';
import { readerStore } from './reader.ts';

export interface ExportTask {
  file: string;
  layer: LayerId;
  format: ExportFormat;
}

/** The file's bytes, moved to the caller without a copy (Piscina.move); its name and type come from the format. */
export async function exportFromFile({ file, layer, format }: ExportTask): Promise<Uint8Array<ArrayBuffer>> {
  const out = await exportLayer(readerStore(file), layer, format);
  return Piscina.move(new TextEncoder().encode(out.body)) as unknown as Uint8Array<ArrayBuffer>;
}
