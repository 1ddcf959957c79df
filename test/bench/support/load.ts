/**
 * A small closed-loop HTTP load generator: `concurrency` clients, each sending its next
 * request when the previous answer has been read, for `seconds`. Used for both the
 * measured server and its ceiling, so the client's own cost is the same in both.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';

export interface LoadResult {
  requests: number;
  rps: number;
  medianMs: number;
  p95Ms: number;
  bytes: number;
  errors: number;
}

export async function load(urls: string[] | string, opts: { concurrency?: number; seconds?: number; headers?: Record<string, string> } = {}): Promise<LoadResult> {
  const list = Array.isArray(urls) ? urls : [urls];
  const concurrency = opts.concurrency ?? 10;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const lat: number[] = [];
  let bytes = 0, errors = 0, i = 0;
  const end = performance.now() + (opts.seconds ?? 3) * 1000;
  const one = (url: string) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      http
        .get(url, { agent, headers: opts.headers }, (res) => {
          res.on('data', (d: Buffer) => (bytes += d.length));
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            lat.push(performance.now() - t0);
            resolve();
          });
        })
        .on('error', () => {
          errors++;
          resolve();
        });
    });
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await one(list[i++ % list.length]);
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { requests: lat.length, rps: lat.length / elapsed, medianMs: lat[Math.floor(lat.length / 2)] ?? NaN, p95Ms: lat[Math.floor(lat.length * 0.95)] ?? NaN, bytes, errors };
}

/** Resident memory (current and peak, MiB) of a process, from /proc. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8') as string;
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN) / 1024;
    return { rssMiB: kb('VmRSS'), peakMiB: kb('VmHWM') };
  } catch {
    return { rssMiB: NaN, peakMiB: NaN };
  }
}

export const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
