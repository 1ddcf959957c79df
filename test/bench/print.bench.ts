/**
 * Printing: time and memory to render
 *  - baseline: an A3 page at 300 DPI with furniture only (title, legend, scale bar, grid, no features);
 *  - one A3 landscape page at 300 DPI of a demo ward with every layer (3,040 incidents in the data);
 *  - the whole demo district on one A3 page with every layer and the table;
 *  - an atlas of every demo ward (A3, 300 DPI), per page.
 * Target: under 5 s per A3 page. Ratios are against the furniture-only baseline of the same run.
 */
import { generateDemo } from '../../data/demo/generate.ts';
import { printRequestSchema, type PrintRequest } from '../../core/print/request.ts';
import { renderPrint } from '../../server/print/render.ts';
import { memorySource } from '../../server/print/source.ts';

const req = (q: Record<string, string>) => printRequestSchema.parse({ paper: 'A3', dpi: '300', ...q }) as PrintRequest;

async function measure(label: string, r: PrintRequest, source: ReturnType<typeof memorySource>, runs: number) {
  const times: number[] = [];
  let bytes = 0;
  let pages = 0;
  const heap0 = process.memoryUsage().heapUsed;
  let heapPeak = heap0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const { pdf, report } = await renderPrint(r, source, { onProgress: () => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)) });
    times.push(performance.now() - t);
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    bytes = pdf.length;
    pages = report.pages;
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${pages} page(s), ${(ms / pages).toFixed(0)} ms/page  ${(bytes / 1024).toFixed(0)} KiB  heap +${((heapPeak - heap0) / 2 ** 20).toFixed(0)} MiB  process peak RSS ${rss.toFixed(0)} MiB`,
  );
  return { ms, pages };
}

export async function bench(): Promise<void> {
  const demo = generateDemo();
  const source = memorySource(demo);
  const wards = demo.wards.features;
  const xs = wards.flatMap((w) => (w.geometry as GeoJSON.Polygon).coordinates[0].map((c) => c[0]));
  const ys = wards.flatMap((w) => (w.geometry as GeoJSON.Polygon).coordinates[0].map((c) => c[1]));
  const district = `bbox:${Math.min(...xs)},${Math.min(...ys)},${Math.max(...xs)},${Math.max(...ys)}`;
  const features = Object.values(demo).reduce((n, fc) => n + fc.features.length, 0);
  console.log(`demo data: ${wards.length} wards, ${features} features; fonts are loaded by the first render (warm-up not counted)`);
  await renderPrint(req({ area: 'ward:00610' }), source); // warm-up: fonts, JIT

  const base = await measure('baseline: A3 furniture only (no layers)', req({ area: 'ward:00610', layers: '', grid: 'utm' }), source, 5);
  const ward = await measure('A3 ward, all layers, UTM grid', req({ area: 'ward:00610', grid: 'utm' }), source, 5);
  const whole = await measure('A3 whole district, all layers + table', req({ area: district, orientation: 'portrait', table: 'true' }), source, 3);
  const atlas = await measure(`atlas of ${wards.length} wards, A3, all layers`, req({ atlas: 'wards' }), source, 1);
  const atlasLean = await measure(`atlas of ${wards.length} wards, A3, no incidents`, req({ atlas: 'wards', layers: 'wards,checkpoints,quarantine-zones,polling-stations' }), source, 1);
  const perPage = (x: { ms: number; pages: number }) => x.ms / x.pages;
  console.log(
    `ratio to the furniture-only baseline: ward page ${(perPage(ward) / perPage(base)).toFixed(1)}×, district page ${(perPage(whole) / perPage(base)).toFixed(1)}×, atlas page ${(perPage(atlas) / perPage(base)).toFixed(1)}× (${(perPage(atlasLean) / perPage(base)).toFixed(1)}× without incidents)`,
  );
  const worst = Math.max(perPage(ward), perPage(whole), perPage(atlas));
  console.log(`target < 5000 ms per A3 page: worst ${worst.toFixed(0)} ms/page → ${worst < 5000 ? 'met' : 'NOT met'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
