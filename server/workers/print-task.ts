/**
 * A print drawn on a worker thread: the rows gathered by server/print/gather.ts are parsed and
 * drawn here, so a 23-page atlas no longer holds the thread that answers requests. Progress goes
 * back page by page through a MessagePort; the PDF's bytes are moved, not copied.
 */
import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { dataSource, type PrintData } from '../print/print-data.ts';
import { drawPrint } from '../print/render.ts';

export interface PrintTask {
  data: PrintData;
  /** The time printed in the footer, ms since the epoch. */
  now: number;
  /** Receives {done, total} after each page. */
  progress?: MessagePort;
}

/** The PDF's bytes (the title and page count are known to the caller, who planned the pages). */
export async function printPdf({ data, now, progress }: PrintTask): Promise<Uint8Array> {
  try {
    const { pdf } = await drawPrint(data.req, data.pages, dataSource(data), { now: new Date(now), onProgress: (done, total) => progress?.postMessage({ done, total }) });
    // A PDF is larger than Node's pooled small buffers, so it owns its ArrayBuffer and can be moved.
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    const owned = pdf.byteOffset === 0 && pdf.buffer.byteLength === pdf.byteLength ? bytes : bytes.slice();
    // Piscina.move hands the bytes over without a copy; the caller receives the Uint8Array.
    return Piscina.move(owned) as unknown as Uint8Array;
  } finally {
    progress?.close();
  }
}
