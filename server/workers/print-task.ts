/**
 * A print drawn on a worker thread, so a 23-page atlas no longer holds the thread that answers
 * requests. The worker also reads the rows itself, through its own connection (a read-only one
 * to the SQLite file, or one to PostgreSQL: server/workers/reader.ts); a store no thread can
 * open (in-memory SQLite) has the request thread gather them (server/print/gather.ts) and they
 * arrive here as plain data. Either way the JSON is parsed and the pages drawn here. Progress goes back page by page through a MessagePort.
 */
import type { MessagePort } from 'node:worker_threads';
import type { PrintRequest } from '../../core/print/request.ts';
import type { TimeRange } from '../db/store.ts';
import { gatherPrint } from '../print/gather.ts';
import { PrintNotFound } from '../print/plan.ts';
import { dataSource, type PrintData } from '../print/print-data.ts';
import { PrintBudgetError } from '../print/budget.ts';
import { drawPrint } from '../print/render.ts';
import { readerStore } from './reader.ts';

export type PrintTask = {
  /** The time printed in the footer, ms since the epoch. */
  now: number;
  /** Receives {done, total} after each page. */
  progress?: MessagePort;
} & (
  | { data: PrintData }
  /** Read here: the SQLite file or PostgreSQL URL, and what gatherPrint needs. */
  | { read: { file: string; req: PrintRequest; datetime?: TimeRange; budget: number } }
);

/** The PDF, with the first map's title (for the file name) and the steps of the progress; or why the print was refused. */
export type PrintOutcome = { pdf: Uint8Array; title: string | null; total: number } | { refused: 'not-found'; param: string; message: string } | { refused: 'budget'; message: string };

export async function printPdf(task: PrintTask): Promise<PrintOutcome> {
  const { now, progress } = task;
  try {
    let data: PrintData;
    try {
      data = 'data' in task ? task.data : await gatherPrint(task.read.req, await readerStore(task.read.file), task.read.datetime, task.read.budget, Number.MAX_SAFE_INTEGER);
    } catch (e) {
      // Classes do not cross threads: the refusals travel as data and are made problems again.
      if (e instanceof PrintNotFound) return { refused: 'not-found', param: e.param, message: e.message };
      if (e instanceof PrintBudgetError) return { refused: 'budget', message: e.message };
      throw e;
    }
    const total = data.pages.length + (data.req.table ? 1 : 0);
    const { pdf } = await drawPrint(data.req, data.pages, dataSource(data), { now: new Date(now), onProgress: (done, of) => progress?.postMessage({ done, total: of }) });
    return { pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), title: data.pages[0]?.title ?? null, total };
  } finally {
    progress?.close();
  }
}
