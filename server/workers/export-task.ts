/**
 * A layer exported on a worker thread, read through the worker's own connection (./reader.ts):
 * reading, parsing and writing every incident held the request thread 8.6 s for 200,000 of them
 * (`npm run bench -- event-loop`). The worker writes a temporary file; the request thread streams
 * it out as the client takes it (server/http/file-body.ts) and never holds the ~100 MB answer
 * (handing it over as one buffer still cost the request thread ~1 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayerId } from '../../core/layers.ts';
import { exportToFile } from '../io/export.ts';
import type { ExportFormat } from '../io/format.ts';
import { readerStore } from './reader.ts';

export interface ExportTask {
  /** The SQLite file or PostgreSQL URL (readerLocation). */
  file: string;
  layer: LayerId;
  format: ExportFormat;
}

/** The temporary file with the export (in a folder of its own, 0700; the caller removes the folder) and its size. */
export async function exportToTemp({ file, layer, format }: ExportTask): Promise<{ path: string; bytes: number; count: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-export-'));
  const path = join(dir, 'export');
  try {
    return { path, ...(await exportToFile(await readerStore(file), layer, format, path)) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
