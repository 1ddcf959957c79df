/**
 * The print dialog's side of the print jobs API: the request as query parameters (the same schema
 * the server checks, core/print/request.ts), and a background job whose progress is polled.
 */
import type { PrintRequestInput } from '../../../../core/print/request.ts';
import { paths, request } from '../../lib/api.ts';

export interface PrintJob {
  id: string;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error?: string;
  links: { rel: string; href: string; type?: string; title?: string }[];
}

/** The query string, leaving out what the server defaults anyway. */
export function printQuery(p: Partial<Record<keyof PrintRequestInput, string | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== '') q.set(k, v);
  return q.toString();
}

/** Starts the print and calls `onProgress` until it is done; resolves with the finished job. */
export async function runPrint(query: string, onProgress: (job: PrintJob) => void, pollMs = 300): Promise<PrintJob> {
  let job = (await request<PrintJob>('POST', paths.printJobs(query))).body;
  onProgress(job);
  while (job.state === 'running') {
    await new Promise((r) => setTimeout(r, pollMs));
    job = (await request<PrintJob>('GET', paths.printJob(job.id))).body;
    onProgress(job);
  }
  if (job.state === 'failed') throw new Error(job.error ?? 'print failed');
  return job;
}
