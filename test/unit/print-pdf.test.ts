/**
 * The printed PDF, opened the way a person or another program would: rasterised by poppler
 * (pdftoppm) and read back as text (pdftotext). Figures measured here are independent of the
 * renderer's own arithmetic: positions come from the rendered pixels and the text boxes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYERS, LAYER_IDS } from '../../core/layers.ts';
import { pageLayout } from '../../core/print/paper.ts';
import { printRequestSchema, type PrintRequest } from '../../core/print/request.ts';
import { generateDemo } from '../../data/demo/generate.ts';
import { renderPrint } from '../../server/print/render.ts';
import { memorySource } from '../../server/print/source.ts';
import { hasTools } from '../support/tools.ts';

const OUT = new URL('../output/print/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'opsmap-print-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RAD = Math.PI / 180;
const PT_TO_MM = 25.4 / 72;
// WGS84 radii of curvature: ground metres to degrees, independent of the projection code.
const a = 6378137;
const e2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
const dLonFor = (m: number, lat: number) => m / ((a / Math.sqrt(1 - e2 * Math.sin(lat * RAD) ** 2)) * Math.cos(lat * RAD)) / RAD;
const dLatFor = (m: number, lat: number) => m / ((a * (1 - e2)) / (1 - e2 * Math.sin(lat * RAD) ** 2) ** 1.5) / RAD;

const req = (q: Record<string, string>): PrintRequest => printRequestSchema.parse(q) as PrintRequest;
const NOW = new Date('2021-05-12T01:30:00Z'); // 08:30 in Hanoi

function save(name: string, pdf: Buffer): string {
  const file = join(tmp, `${name}.pdf`);
  writeFileSync(file, pdf);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${name}.pdf`), pdf);
  // PNGs for a person to look at.
  execFileSync('pdftoppm', ['-png', '-r', '100', '-l', '3', file, join(OUT, name)]);
  return file;
}

const text = (file: string, ...args: string[]) => execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
const info = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

/** Words with their boxes (pt, origin top-left) from `pdftotext -bbox`. */
function words(file: string, page = 1): { t: string; x0: number; y0: number; x1: number; y1: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    x0: +m[1],
    y0: +m[2],
    x1: +m[3],
    y1: +m[4],
    t: m[5].replace(/&amp;/g, '&'),
  }));
}

/** Rasterise page 1 at `dpi` and return the centroid (mm) of pixels near `rgb` inside a page region (mm). */
function centroidOfColour(file: string, dpi: number, rgb: [number, number, number], region: { x: number; y: number; w: number; h: number }): [number, number] {
  const base = join(tmp, `raster-${dpi}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, base]);
  const ppm = readFileSync(`${base}.ppm`);
  // P6 header: "P6\n<w> <h>\n255\n"
  const header = ppm.subarray(0, 40).toString('latin1').split(/\s+/);
  const w = +header[1];
  const h = +header[2];
  const offset = ppm.indexOf(Buffer.from('255\n')) + 4;
  const px = dpi / 25.4;
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = Math.floor(region.y * px); y < Math.min(h, (region.y + region.h) * px); y++)
    for (let x = Math.floor(region.x * px); x < Math.min(w, (region.x + region.w) * px); x++) {
      const i = offset + (y * w + x) * 3;
      if (Math.abs(ppm[i] - rgb[0]) + Math.abs(ppm[i + 1] - rgb[1]) + Math.abs(ppm[i + 2] - rgb[2]) < 40) {
        sx += x + 0.5;
        sy += y + 0.5;
        n++;
      }
    }
  if (n < 50) throw new Error(`colour ${rgb} found on only ${n} pixels`);
  return [sx / n / px, sy / n / px];
}

const fc = (features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });
const pt = (id: number, lon: number, lat: number, props: Record<string, unknown>): Feature<Point> => ({ type: 'Feature', id, properties: props, geometry: { type: 'Point', coordinates: [lon, lat] } });

describe.skipIf(!hasTools('pdftoppm', 'pdftotext', 'pdfinfo', 'pdffonts', 'pdfimages'))('printed PDF', () => {
  describe('scale', () => {
    // Three checkpoints at known ground distances: B is 1000 m east of A, C is 800 m south of A.
    const lat0 = 21.05;
    const lon0 = 105.78;
    const A = [lon0 - dLonFor(300, lat0), lat0 + dLatFor(200, lat0)];
    const B = [A[0] + dLonFor(1000, A[1]), A[1]];
    const C = [A[0], A[1] - dLatFor(800, A[1])];
    const data = {
      checkpoints: fc([
        pt(1, A[0], A[1], { name: 'Chốt A', kind: 'epidemic', status: 'active', staff: 4 }),
        pt(2, B[0], B[1], { name: 'Chốt B', kind: 'security', status: 'active', staff: 3 }),
        pt(3, C[0], C[1], { name: 'Chốt C', kind: 'traffic', status: 'active', staff: 2 }),
      ]),
    };
    const bbox = `bbox:${lon0 - 0.009},${lat0 - 0.007},${lon0 + 0.009},${lat0 + 0.007}`;
    let file = '';
    let report: Awaited<ReturnType<typeof renderPrint>>['report'];

    it('prints 1:10 000 as asked and measures true in the rendered pixels (1000 m → 100 mm, 800 m → 80 mm, within 1 %)', async () => {
      const r = await renderPrint(req({ area: bbox, scale: '10000', layers: 'checkpoints', title: 'Kiểm tra tỉ lệ' }), memorySource(data), { now: NOW });
      report = r.report;
      file = save('scale-1-10000', r.pdf);
      expect(report.maps[0].scale).toBe(10000);
      const frame = report.maps[0].frame;
      const a = centroidOfColour(file, 300, [0x00, 0x89, 0x7b], frame);
      const b = centroidOfColour(file, 300, [0x1e, 0x3a, 0x8a], frame);
      const c = centroidOfColour(file, 300, [0xe6, 0x51, 0x00], frame);
      const ab = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const ac = Math.hypot(c[0] - a[0], c[1] - a[1]);
      expect(Math.abs(ab / 100 - 1)).toBeLessThan(0.01);
      expect(Math.abs(ac / 80 - 1)).toBeLessThan(0.01);
      // East is to the right and south is down.
      expect(b[0] - a[0]).toBeGreaterThan(99);
      expect(c[1] - a[1]).toBeGreaterThan(79);
      // The renderer's own report of where it drew them agrees with the pixels to 0.1 mm.
      const drawn = report.maps[0].points.map((p) => [p.x * PT_TO_MM, p.y * PT_TO_MM]);
      expect(Math.hypot(drawn[0][0] - a[0], drawn[0][1] - a[1])).toBeLessThan(0.1);
    });

    it('draws a scale bar whose end label stands at the ground distance it names, at 1:10 000 (within 1 %)', () => {
      const ws = words(file);
      const bar = report.maps[0].scaleBar;
      // The bar's labels, found as text where poppler lays them out: "0" … "<n> m".
      const near = ws.filter((w) => Math.abs(w.y0 * PT_TO_MM - (bar.y + 2.2)) < 2).sort((p, q) => p.x0 - q.x0);
      const zero = near.find((w) => w.t === '0')!;
      const unit = near.find((w) => w.t === 'm' || w.t === 'km')!;
      const value = near[near.indexOf(unit) - 1];
      const metres = Number(value.t) * (unit.t === 'km' ? 1000 : 1);
      expect(metres).toBeGreaterThan(0);
      const lengthMm = ((value.x0 + unit.x1) / 2 - (zero.x0 + zero.x1) / 2) * PT_TO_MM;
      expect(Math.abs(lengthMm / ((metres * 1000) / 10000) - 1)).toBeLessThan(0.01);
      expect(bar.metres).toBe(metres);
      // The numeric scale in the header says the same.
      expect(text(file)).toMatch(/Tỉ lệ 1:10\s000/);
    });

    it('is all vectors and text: no images, fonts embedded', () => {
      expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').length).toBe(2); // header lines only
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      expect(fonts).toMatch(/NotoSans.*yes/);
      expect(fonts).not.toMatch(/Helvetica/);
    });
  });

  describe('a ward map of the demo district', () => {
    const demo = generateDemo();
    const ward = demo.wards.features.find((w) => w.properties!.name === 'Phường Xuân Đỉnh')!;
    let file = '';
    let result: Awaited<ReturnType<typeof renderPrint>>;

    it('prints A3 portrait with the ward’s name as title and Vietnamese as real text', async () => {
      result = await renderPrint(
        req({ area: 'ward:00610', paper: 'A3', orientation: 'portrait', classification: 'Lưu hành nội bộ', layers: 'wards,checkpoints,quarantine-zones', grid: 'utm', table: 'true' }),
        memorySource(demo),
        { now: NOW },
      );
      file = save('ward-xuan-dinh-a3', result.pdf);
      expect(info(file)).toMatch(/Page size:\s+841\.89 x 1190\.55 pts \(A3\)/);
      const page1 = text(file, '-f', '1', '-l', '1');
      expect(page1.split('\n')[0]).toBe('Phường Xuân Đỉnh');
      expect(page1).toContain('Quận Bắc Từ Liêm, Thành phố Hà Nội');
      expect(page1).toContain('Lưu hành nội bộ');
      expect(page1).toContain('Phòng chống dịch'); // ị is one glyph mapped back to U+1ECB
      expect(page1).toContain('12/05/2021 08:30 (GMT+7)');
      expect(info(file)).toContain('Title:           Phường Xuân Đỉnh');
    });

    it('shows in the legend exactly the visible layers', () => {
      const l = pageLayout('A3', 'portrait', 10).panel;
      const crop = ['-f', '1', '-l', '1', '-x', String(Math.floor(l.x / PT_TO_MM)), '-y', String(Math.floor(l.y / PT_TO_MM)), '-W', String(Math.ceil(l.w / PT_TO_MM)), '-H', String(Math.ceil(l.h / PT_TO_MM))];
      const panel = text(file, ...crop);
      const titles = LAYER_IDS.map((id) => LAYERS[id].title.vi).filter((t) => panel.includes(t));
      expect(titles).toEqual(['Phường, xã', 'Chốt kiểm soát', 'Vùng cách ly']);
      expect(result.report.maps[0].legend).toEqual(titles);
    });

    it('draws the UTM grid and labels it', () => {
      expect(result.report.maps[0].gridLines).toBeGreaterThan(4);
      expect(text(file, '-f', '1', '-l', '1')).toContain('Lưới UTM múi 48N (km)');
    });

    it('lists every checkpoint and polling station in the ward in the table, each with a map reference', () => {
      const inWard = (f: Feature) => booleanPointInPolygon((f.geometry as Point).coordinates, ward as never);
      const cps = demo.checkpoints.features.filter(inWard).map((f) => String(f.properties!.name));
      const sts = demo['polling-stations'].features.filter(inWard).map((f) => String(f.properties!.name));
      expect(cps.length + sts.length).toBeGreaterThan(3);
      expect(result.report.tableRows).toBe(cps.length + sts.length);
      const raw = text(file, '-raw', '-f', '2').replace(/\s+/g, ' ');
      expect(raw).toContain('Danh sách chốt kiểm soát và khu vực bỏ phiếu');
      // Checkpoints first, then stations, each group in Vietnamese order.
      const collator = new Intl.Collator('vi');
      const expected = [...cps.sort(collator.compare), ...sts.sort(collator.compare)];
      const positions = expected.map((n) => raw.indexOf(n));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(raw).toMatch(/\b[A-H][1-9]\b/);
    });
  });

  it('extracts every Vietnamese letter exactly as it was written, in a second document from the same process too', async () => {
    const lower = 'aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đ';
    const upper = lower.toUpperCase();
    for (const name of ['letters-1', 'letters-2']) {
      const { pdf } = await renderPrint(req({ area: 'bbox:105.77,21.04,105.79,21.06', title: lower, subtitle: upper, layers: 'wards' }), memorySource({}), { now: NOW });
      const lines = text(save(name, pdf)).split('\n');
      expect(lines).toContain(lower);
      expect(lines).toContain(upper);
    }
  });

  it('draws the street basemap under the map with the screen’s road style, names along the roads and the OSM attribution', async () => {
    const road = (name: string, highway: string, coords: number[][]): Feature => ({ type: 'Feature', properties: { name, highway }, geometry: { type: 'LineString', coordinates: coords } });
    const roads = fc([road('Phạm Văn Đồng', 'primary', [[105.76, 21.05], [105.80, 21.05]]), road('Ngõ 12', 'residential', [[105.775, 21.04], [105.776, 21.06]])]);
    const { pdf } = await renderPrint(req({ area: 'bbox:105.775,21.045,105.785,21.055', scale: '10000', layers: 'checkpoints' }), memorySource({}, { roads, attribution: '© OpenStreetMap contributors' }), { now: NOW });
    const file = save('streets', pdf);
    const t = text(file);
    expect(t).toContain('Phạm Văn Đồng');
    expect(t).toContain('© OpenStreetMap contributors');
    // The primary road is drawn in the screen style's primary colour (#f6d77f), across the frame.
    const frame = pageLayout('A4', 'landscape', 10).map;
    const [x, y] = centroidOfColour(file, 150, [0xf6, 0xd7, 0x7f], frame);
    expect(Math.abs(x - (frame.x + frame.w / 2))).toBeLessThan(3);
    expect(Math.abs(y - (frame.y + frame.h / 2))).toBeLessThan(1);
  });

  it('prints a quarantine zone with its buffer rings, fitted to the outer ring', async () => {
    const demo = generateDemo();
    const zones = fc(demo['quarantine-zones'].features.map((f, i) => ({ ...f, id: i + 1 })));
    const { pdf, report } = await renderPrint(req({ area: 'zone:1', rings: '100,500', orientation: 'portrait' }), memorySource({ ...demo, 'quarantine-zones': zones }), { now: NOW });
    const file = save('zone-rings', pdf);
    const t = text(file);
    expect(t.split('\n')[0]).toBe(zones.features[0].properties!.name);
    expect(t).toContain('100 m');
    expect(t).toContain('Vòng bán kính quanh vùng: 100 m, 500 m');
    expect(info(file)).toMatch(/595\.2\d* x 841\.8\d* pts \(A4\)/);
    expect(report.maps[0].scale).toBeGreaterThanOrEqual(5000);
  });

  it('prints an atlas: one page per ward, in Vietnamese order, each with its own scale and the overview inset', async () => {
    const demo = generateDemo();
    const progress: number[] = [];
    const { pdf, report } = await renderPrint(req({ atlas: 'wards', layers: 'wards,checkpoints,polling-stations' }), memorySource(demo), { now: NOW, onProgress: (d) => progress.push(d) });
    const file = save('atlas-wards', pdf);
    const n = demo.wards.features.length;
    expect(info(file)).toMatch(new RegExp(`Pages:\\s+${n}\\n`));
    const names = demo.wards.features.map((w) => String(w.properties!.name)).sort(new Intl.Collator('vi').compare);
    for (const i of [1, 2, n]) expect(text(file, '-f', String(i), '-l', String(i)).split('\n')[0]).toBe(names[i - 1]);
    expect(text(file, '-f', '2', '-l', '2')).toContain(`Trang 2/${n}`);
    expect(text(file, '-f', '2', '-l', '2')).toContain('Vị trí trang');
    expect(new Set(report.maps.map((m) => m.scale)).size).toBeGreaterThan(1);
    expect(progress).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  }, 120_000);
});
