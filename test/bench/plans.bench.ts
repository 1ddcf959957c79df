/**
 * Polling-station plans (issue 14): the readiness board of every station — demo and city
 * scenario (PLANS_BENCH_INCIDENTS incidents, default 200,000; the board reads every layer) —
 * against a baseline measured in the same run: reading the same layers alone; and the plan
 * book of a district, time per page, against one single-station PDF.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFeatures } from '../../server/db/rows.ts';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import type { Store } from '../../server/db/store.ts';
import { incidentWindow, layersFor, readinessBoard } from '../../server/plans/service.ts';
import { renderPlanBook, renderPlanPdf } from '../../server/print/plan-document.ts';
import { seedCity, seedDemo } from '../../server/seed.ts';

const INCIDENTS = Number(process.env.PLANS_BENCH_INCIDENTS ?? 200_000);

async function time<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function board(store: Store, label: string) {
  const read = await time(() => layersFor(store, undefined, incidentWindow(['2021-05-23'])));
  const rows = await time(() => readinessBoard(store, {}));
  console.log(`plans (${label}): readiness of every station (${rows.value.length} stations): ${rows.ms.toFixed(0)} ms (target < 1 s) vs reading the layers alone ${read.ms.toFixed(0)} ms: ${(rows.ms / read.ms).toFixed(1)}×`);
  const levels = rows.value.reduce<Record<string, number>>((a, r) => ({ ...a, [r.level]: (a[r.level] ?? 0) + 1 }), {});
  console.log(`plans (${label}): ${Object.entries(levels).map(([k, v]) => `${v} ${k}`).join(', ')}`);
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'opsmap-plans-bench-'));
  try {
    const demo = openSqliteStore(join(dir, 'demo.sqlite'));
    await seedDemo(demo);
    await board(demo, 'demo');
    const station = Number((await listFeatures(demo, 'polling-stations', { limit: 1 })).features[0].id);
    await renderPlanPdf(demo, station, 'vi'); // warm fonts
    const one = await time(() => renderPlanPdf(demo, station, 'vi'));
    const book = await time(() => renderPlanBook(demo, { district: 'Bắc Từ Liêm' }, 'vi'));
    const pages = (book.value.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    console.log(`plans: book of Bắc Từ Liêm: ${pages} pages in ${(book.ms / 1000).toFixed(1)} s = ${(book.ms / pages).toFixed(0)} ms per page vs one station's plan PDF ${one.ms.toFixed(0)} ms`);
    await demo.close();

    const city = openSqliteStore(join(dir, 'city.sqlite'));
    await seedCity(city, { incidents: INCIDENTS });
    await board(city, `city, ${INCIDENTS} incidents`);
    await city.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
