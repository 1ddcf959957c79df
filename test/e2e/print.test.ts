/**
 * The print dialog used as a field team would: pick their ward, A3, 1:10 000, a UTM grid and the
 * table, press the button, wait for the PDF and download it; then an atlas of every ward, watching
 * its progress. The downloaded PDFs are opened with poppler like any other reader would.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CHROMIUM, hasTools } from '../support/tools.ts';
import { launchBrowser, openPage, type RecordedPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const OUT = new URL('../output/print/', import.meta.url).pathname;

describe.skipIf(!hasTools(CHROMIUM, 'pdftotext', 'pdfinfo', 'pdftoppm'))('printing from the browser', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let p: RecordedPage;

  beforeAll(async () => {
    server = await startServer(); // seeds the demo district
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  afterEach(async () => {
    if (!p) return;
    expect(p.foreignRequests(server.url)).toEqual([]);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  async function open() {
    p = await openPage(browser, { signIn: { url: server.url, ...server.credentials }, height: 1100 });
    await p.page.goto(`${server.url}/`);
    await p.page.waitForSelector('body[data-map-complete]', { timeout: 30_000 });
    return p.page;
  }

  async function download(name: string) {
    const page = p.page;
    const link = page.getByTestId('print-download');
    await link.waitFor({ timeout: 120_000 });
    const [dl] = await Promise.all([page.waitForEvent('download'), link.click()]);
    mkdirSync(OUT, { recursive: true });
    const file = `${OUT}${name}.pdf`;
    copyFileSync((await dl.path())!, file);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-l', '2', file, `${OUT}${name}`]);
    return { file, suggested: dl.suggestedFilename() };
  }

  it('prints Phường Xuân Đỉnh on A3 at 1:10 000 with a UTM grid and the table', async () => {
    const page = await open();
    const panel = page.getByTestId('print-panel');
    await panel.scrollIntoViewIfNeeded();
    await page.getByTestId('print-area-kind').selectOption('ward');
    await page.getByTestId('print-ward').selectOption({ label: 'Phường Xuân Đỉnh' });
    await page.getByTestId('print-paper').selectOption('A3');
    await page.getByTestId('print-orientation').selectOption('portrait');
    await page.getByTestId('print-scale').selectOption('10000');
    await page.getByTestId('print-grid').selectOption('utm');
    await page.getByTestId('print-classification').fill('Lưu hành nội bộ');
    await page.getByTestId('print-table').check();
    await page.getByTestId('print-submit').click();
    const { file, suggested } = await download('e2e-ward-a3');
    await p.screenshot('print-dialog-ward');
    expect(suggested).toBe('phuong-xuan-dinh.pdf');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.89 x 1190\.55 pts \(A3\)/);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text.split('\n')[0]).toBe('Phường Xuân Đỉnh');
    expect(text).toMatch(/Tỉ lệ 1:10\s000/);
    expect(text).toContain('Lưu hành nội bộ');
    expect(text).toContain('Lưới UTM múi 48N');
    expect(text).toContain('Danh sách chốt kiểm soát và khu vực bỏ phiếu');
  });

  it('prints a box drawn on the map with the mouse', async () => {
    const page = await open();
    await page.getByTestId('print-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('print-area-kind').selectOption('box');
    await page.getByTestId('print-draw-box').click();
    const m = (await page.getByTestId('map').boundingBox())!;
    const [x0, y0, x1, y1] = [m.x + m.width * 0.4, m.y + m.height * 0.35, m.x + m.width * 0.6, m.y + m.height * 0.55];
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 5 });
    await page.mouse.move(x1, y1, { steps: 5 });
    await page.mouse.up();
    // The box, as the map itself converts those pixels to lon/lat.
    const expected = await page.evaluate(
      ([a, b, c, d]) => {
        const map = (window as any).opsmap.map;
        const p = map.unproject([a, b]);
        const q = map.unproject([c, d]);
        return [Math.min(p.lng, q.lng), Math.min(p.lat, q.lat), Math.max(p.lng, q.lng), Math.max(p.lat, q.lat)].map((v: number) => v.toFixed(4)).join(', ');
      },
      [x0 - m.x, y0 - m.y, x1 - m.x, y1 - m.y],
    );
    // Within a pixel or two of the drag (the mouse lands on whole pixels).
    await expect.poll(async () => ((await page.getByTestId('print-box').textContent()) ?? '').split(', ').length).toBe(4);
    const shown = String(await page.getByTestId('print-box').textContent());
    shown.split(', ').forEach((v, i) => expect(Math.abs(Number(v) - Number(expected.split(', ')[i]))).toBeLessThan(0.0003));
    await page.getByTestId('print-submit').click();
    const { file } = await download('e2e-box');
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text.split('\n')[0]).toBe('Bản đồ khu vực');
    expect(text).toContain(shown);
  });

  it('prints an atlas of every ward, showing progress, one page per ward', async () => {
    const page = await open();
    const wards = await page.evaluate(async () => (await (await fetch('/api/collections/wards/items?limit=10000')).json()).features.length as number);
    await page.getByTestId('print-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('print-area-kind').selectOption('atlas');
    await page.getByTestId('print-title').fill('Quận Bắc Từ Liêm và Nam Từ Liêm');
    await page.getByTestId('print-submit').click();
    // The dialog reports pages as they are drawn.
    await page.getByTestId('print-progress').waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number(/(\d+)\//.exec((await page.getByTestId('print-progress').textContent()) ?? '')?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    await p.screenshot('print-dialog-atlas-progress');
    const { file, suggested } = await download('e2e-atlas');
    expect(suggested).toBe('quan-bac-tu-liem-va-nam-tu-liem.pdf');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(new RegExp(`Pages:\\s+${wards}\\n`));
  });
});
