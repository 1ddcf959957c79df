/**
 * Plan documents drawn on a worker thread, which reads through its own connection to the SQLite
 * file or to PostgreSQL (./reader.ts): the plan book of a district (148 pages) held the request
 * thread 8.7 s. One station's plan or a book of a ward or district; a refusal (an HTTP problem: no
 * such station) comes back as data, as classes do not cross threads.
 */
import { Piscina } from 'piscina';
import type { Lang } from '../../core/i18n/lang.ts';
import { HttpProblem } from '../http/problem.ts';
import type { StationFilter } from '../plans/service.ts';
import { renderPlanBook, renderPlanPdf } from '../print/plan-document.ts';
import { readerStore } from './reader.ts';

export type PlanTask = { file: string; lang: Lang; now: number } & ({ station: number } | { book: StationFilter; budget: number });

export async function planPdf(task: PlanTask): Promise<Uint8Array<ArrayBuffer> | { status: HttpProblem['status']; detail: string }> {
  const store = await readerStore(task.file);
  try {
    const pdf = 'station' in task ? await renderPlanPdf(store, task.station, task.lang, new Date(task.now)) : await renderPlanBook(store, task.book, task.lang, new Date(task.now), task.budget);
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    // A PDF is larger than Node's pooled small buffers: it owns its ArrayBuffer and is moved, not copied.
    return Piscina.move(pdf.byteOffset === 0 && pdf.buffer.byteLength === pdf.byteLength ? bytes : bytes.slice()) as unknown as Uint8Array<ArrayBuffer>;
  } catch (e) {
    if (e instanceof HttpProblem) return { status: e.status, detail: e.detail };
    throw e;
  }
}
