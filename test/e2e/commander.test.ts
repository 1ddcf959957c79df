/**
 * The commander's view in headless Chromium against the built app on the demo data, signed in as
 * a commander: hot spots of the planted outbreak, the time slider changing every hot spot view,
 * a clicked cell's figures, an incident created through the API appearing on the open map within
 * a second, the per-ward summary sorted in Vietnamese order and flying the map to a ward, and
 * the map's style not growing while the screen stays open. The steps share one page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { bbox as turfBbox, booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { CHROMIUM, hasTools } from '../support/tools.ts';
import { launchBrowser, mapIdle as idle, openPage, type RecordedPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const COMMANDER = { name: 'commander-e2e', password: 'tram-lantern-quay-41' };
const T = 60_000;
/** Centre of the planted outbreak in the demo scenario (data/demo/scenario.ts), in Cổ Nhuế 2. */
const OUTBREAK: [number, number] = [105.7765, 21.0645];

type Ward = Feature<Polygon | MultiPolygon, { code: string; name: string }>;


/** The panel's record of the answer on screen, once no request is waiting. */
async function settled(page: Page) {
  await page.waitForSelector('[data-testid="commander-panel"][data-loading="false"]:not([data-n-cells=""])', { timeout: T });
  return page.evaluate(() => ({ ...(document.querySelector('[data-testid="commander-panel"]') as HTMLElement).dataset }));
}

/** Rendered hexagon cells of the Gi* view, with their bins. */
const renderedBins = (page: Page): Promise<number[]> =>
  page.evaluate(() => (window as any).opsmap.map.queryRenderedFeatures({ layers: ['hotspot-hex-gi'] }).map((f: any) => f.properties.gi_bin as number));

describe.skipIf(!hasTools(CHROMIUM))('the commander’s view in the browser', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let p: RecordedPage;
  let page: Page;
  let admin: Record<string, string>;
  let wards: Ward[];
  let districtView = '';

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, { method, headers: { ...admin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  };
  /** Incidents the API holds for a window of Hanoi days: the reference the screen is checked against. */
  const incidentsIn = async (start: string, end: string) => (await api('GET', `/api/collections/incidents/items?limit=10000&datetime=${start}/${end}`)).body.features as Feature[];

  beforeAll(async () => {
    server = await startServer();
    admin = { Authorization: 'Basic ' + Buffer.from(`${server.credentials.name}:${server.credentials.password}`).toString('base64') };
    expect((await api('POST', '/api/admin/users', { name: COMMANDER.name, role: 'commander', password: COMMANDER.password })).status).toBe(201);
    wards = (await api('GET', '/api/collections/wards/items?limit=10000')).body.features;
    browser = await launchBrowser();
    p = await openPage(browser, { width: 1400, height: 900, signIn: { url: server.url, ...COMMANDER } });
    page = p.page;
  });

  afterAll(async () => {
    await p?.close();
    await browser?.close();
    await server?.stop();
  });

  it('opens the commander’s view from the header and shows the planted outbreak as a 99 % hot spot', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-map-complete]', { timeout: T });
    expect(await page.locator('[data-testid="commander-panel"]').count()).toBe(0);
    await page.click('[data-testid="mode-command"]');
    const shown = await settled(page);
    // The default window: the last 7 days with incidents (25–31 May in the demo).
    expect(await page.locator('[data-testid="time-window"]').getAttribute('data-start')).toBe('2021-05-25');
    expect(await page.locator('[data-testid="time-window"]').getAttribute('data-end')).toBe('2021-05-31');
    expect(Number(shown.nIncidents)).toBe((await incidentsIn('2021-05-25', '2021-05-31')).length);
    expect(Number(shown.hotCells)).toBeGreaterThan(0);
    expect(page.url()).toContain('mode=command');

    // On the map: hot cells with bin 3, and one of them holds the outbreak's centre.
    await idle(page);
    expect((await renderedBins(page)).filter((b) => b === 3).length).toBeGreaterThan(0);
    const outbreakBin = await page.evaluate((ll) => {
      const m = (window as any).opsmap.map;
      return m.queryRenderedFeatures(m.project(ll), { layers: ['hotspot-hex-gi'] })[0]?.properties.gi_bin;
    }, OUTBREAK);
    expect(outbreakBin).toBe(3);

    // What was computed is written out.
    const params = await page.locator('[data-testid="hotspot-parameters"]').innerText();
    expect(params).toMatch(/^Lưới lục giác [\d.]+ m \(tự động\), bán kính lân cận [\d.]+ m \(tự động[^)]*\), [\d.]+ ô, [\d.]+ sự việc, FDR: có\./);
    expect(params).toContain(`${shown.nCells} ô`);
    await p.screenshot('commander-1-gi-hot-spots');
  });

  it('clicking a hexagon shows its count, z-score, p-value and confidence', async () => {
    const at = await page.evaluate((ll) => (window as any).opsmap.map.project(ll), OUTBREAK);
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const cell = await page.evaluate((ll) => {
      const m = (window as any).opsmap.map;
      return m.queryRenderedFeatures(m.project(ll), { layers: ['hotspot-hex-gi'] })[0].properties;
    }, OUTBREAK);
    await page.mouse.click(box.x + at.x, box.y + at.y);
    const info = page.locator('[data-testid="cell-info"]');
    await info.waitFor({ timeout: T });
    expect(await info.getAttribute('data-bin')).toBe('3');
    expect(await page.locator('[data-testid="cell-count"]').innerText()).toBe(String(cell.count));
    const text = await info.innerText();
    expect(text).toContain('Điểm nóng – tin cậy 99 %');
    expect(text).toContain(`${cell.gi_z.toFixed(2).replace('.', ',')}`);
    expect(text).toContain('< 0,001');
  });

  it('moving the time slider changes every hot spot view', async () => {
    await page.click('[data-testid="view-heatmap"]');
    await page.click('[data-testid="view-wards"]');
    await page.click('[data-testid="view-hex-count"]');
    const before = await settled(page);
    const layersBefore = await page.evaluate(() => (window as any).opsmap.map.getStyle().layers.length);
    const wardCounts = () => page.evaluate(async () => (await (window as any).opsmap.map.getSource('hotspot-wards').getData()).features.map((f: any) => f.properties.count).join());
    const wardCountsBefore = await wardCounts();

    // Back to the window 2–8 May, before the outbreak.
    await page.locator('[data-testid="time-slider"]').fill('7');
    await expect.poll(() => page.locator('[data-testid="time-window"]').getAttribute('data-end')).toBe('2021-05-08');
    await page.waitForFunction(() => (document.querySelector('[data-testid="commander-panel"]') as HTMLElement).dataset.datetime?.includes('2021-05-08T16:59:59'), null, { timeout: T });
    const after = await settled(page);
    expect(after.nIncidents).not.toBe(before.nIncidents);
    expect(Number(after.nIncidents)).toBe((await incidentsIn('2021-05-02', '2021-05-08')).length);
    expect(after.nCells).not.toBe(before.nCells);
    // The heatmap's filter is the window on the tiles' Hanoi days; the ward choropleth has new counts.
    const filter = await page.evaluate(() => JSON.stringify((window as any).opsmap.map.getFilter('hotspot-heatmap')));
    expect(filter).toContain('[">=",["get","day"],"2021-05-02"]');
    expect(filter).toContain('["<=",["get","day"],"2021-05-08"]');
    // It can only filter by day if the tiles carry counts per day: adding its layer asked for them.
    expect(await page.evaluate(() => (window as any).opsmap.map.getSource('operational').tiles[0])).toContain('days=each');
    await expect.poll(wardCounts).not.toBe(wardCountsBefore);
    // Setting, not adding: the style has as many layers as before.
    expect(await page.evaluate(() => (window as any).opsmap.map.getStyle().layers.length)).toBe(layersBefore);
    await idle(page);
    await p.screenshot('commander-2-slider-early-may-all-views');
  });

  it('plays the window forward day by day', async () => {
    await page.click('[data-testid="time-play"]');
    await expect.poll(async () => (await page.locator('[data-testid="time-window"]').getAttribute('data-end'))! >= '2021-05-10', { timeout: 10_000 }).toBe(true);
    await page.click('[data-testid="time-play"]');
    expect(await page.locator('[data-testid="time-play"]').getAttribute('aria-pressed')).toBe('false');
    const end = await page.locator('[data-testid="time-window"]').getAttribute('data-end');
    await page.waitForTimeout(1500);
    expect(await page.locator('[data-testid="time-window"]').getAttribute('data-end')).toBe(end); // paused stays put
  });

  it('shows an incident created through the API on the open map (its tiles asked for again) and in the summary, and the hot spots follow', async () => {
    // The default views again (Gi* alone), on the election week, with the outbreak at its height.
    for (const v of ['heatmap', 'wards', 'hex-count']) await page.click(`[data-testid="view-${v}"]`);
    await page.locator('[data-testid="time-slider"]').fill('22');
    await expect.poll(() => page.locator('[data-testid="time-window"]').getAttribute('data-end')).toBe('2021-05-23');
    await expect.poll(() => page.locator('[data-testid="live-state"]').getAttribute('data-state'), { timeout: T }).toBe('open');
    const before = await settled(page);
    const totalBefore = Number(await page.locator('[data-testid="commander-summary"]').getAttribute('data-total'));
    const ward = wards.find((w) => booleanPointInPolygon(OUTBREAK, w))!;
    const rowBefore = Number(await page.locator(`[data-testid="summary-row"][data-code="${ward.properties.code}"] [data-col="incidents"]`).innerText());
    // Street zoom, where the incidents' tiles carry each incident (below zoom 13 they carry counts per cell).
    districtView = await page.evaluate(() => location.hash);
    await page.evaluate(([lng, lat]) => (window as any).opsmap.jumpTo([lng, lat], 15), OUTBREAK);
    await idle(page);

    const made = await api('POST', '/api/collections/incidents/items', {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: OUTBREAK },
      properties: { category: 'epidemic_case', occurred_at: '2021-05-23T09:15:00+07:00', severity: 3, description: 'Ca bệnh mới – kiểm thử màn hình chỉ huy' },
    });
    expect(made.status).toBe(201);
    const id = made.body.id as number;

    // Within a second: drawn on the map and counted in the summary.
    const t0 = Date.now();
    await page.waitForFunction(
      (fid) => (window as any).opsmap.map.queryRenderedFeatures({ layers: ['incidents-circle'] }).some((f: any) => f.id === fid),
      id,
      { timeout: 5000 },
    );
    console.log(`live: a created incident was drawn ${Date.now() - t0} ms after the POST answered`);
    await page.waitForFunction((n) => Number((document.querySelector('[data-testid="commander-summary"]') as HTMLElement).dataset.total) === n, totalBefore + 1, { timeout: 1000 });
    expect(Number(await page.locator(`[data-testid="summary-row"][data-code="${ward.properties.code}"] [data-col="incidents"]`).innerText())).toBe(rowBefore + 1);
    // The hot spots are computed again with it.
    await page.waitForFunction((n) => Number((document.querySelector('[data-testid="commander-panel"]') as HTMLElement).dataset.nIncidents) === n, Number(before.nIncidents) + 1, { timeout: T });
    await p.screenshot('commander-3-live-incident');
  });

  it('uses a typed cell size and distance band and FDR off, says so, and goes back to automatic', async () => {
    await page.locator('[data-testid="cell-size"]').fill('400');
    await page.locator('[data-testid="cell-size"]').press('Enter');
    await page.locator('[data-testid="distance-band"]').fill('1500');
    await page.locator('[data-testid="distance-band"]').press('Enter');
    await page.locator('[data-testid="fdr"]').uncheck();
    const params = page.locator('[data-testid="hotspot-parameters"]');
    await expect.poll(() => params.innerText(), { timeout: T }).toMatch(/^Lưới lục giác 400 m \(đã nhập\), bán kính lân cận 1\.500 m \(đã nhập\), [\d.]+ ô, [\d.]+ sự việc, FDR: không\./);
    // A size the server refuses is not sent: the field says so and the answer stays.
    await page.locator('[data-testid="cell-size"]').fill('-5');
    await page.locator('[data-testid="cell-size"]').press('Enter');
    expect(await page.locator('[data-testid="cell-size"]').getAttribute('aria-invalid')).toBe('true');
    for (const f of ['cell-size', 'distance-band']) {
      await page.locator(`[data-testid="${f}"]`).fill('');
      await page.locator(`[data-testid="${f}"]`).press('Enter');
    }
    await page.locator('[data-testid="fdr"]').check();
    await expect.poll(() => params.innerText(), { timeout: T }).toMatch(/\(tự động\).*FDR: có\./);
  });

  it('sorts the summary in Vietnamese order and by numbers, and a row flies the map to its ward', async () => {
    // The district in view again: checkpoints, zones and conflicts are counted over the wards in view.
    await page.evaluate((h) => (location.hash = h), districtView);
    await expect.poll(() => page.getByTestId('count-wards').textContent(), { timeout: T }).toBe(String(wards.length));
    const names = () => page.locator('[data-testid="summary-row"] td:first-child').allInnerTexts();
    await page.click('[data-testid="sort-name"]');
    const byName = await names();
    expect(byName).toHaveLength(wards.length);
    expect(byName).toEqual([...byName].sort(new Intl.Collator('vi').compare));
    // Đ sorts after D and before L (code-point order would put it after X).
    expect(byName.indexOf('Phường Đại Mỗ')).toBeGreaterThan(-1);
    expect(byName.indexOf('Phường Đại Mỗ')).toBeLessThan(byName.indexOf('Phường Liên Mạc'));
    expect(byName.indexOf('Phường Cầu Diễn')).toBeLessThan(byName.indexOf('Phường Cổ Nhuế 1'));
    await page.click('[data-testid="sort-name"]');
    expect(await names()).toEqual([...byName].reverse());

    await page.click('[data-testid="sort-incidents"]');
    const counts = (await page.locator('[data-testid="summary-row"] [data-col="incidents"]').allInnerTexts()).map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(await page.locator('[data-testid="sort-incidents"]').locator('..').getAttribute('aria-sort')).toBe('descending');

    // The conflicts column: stations within 500 m of an active lockdown, counted per ward.
    const conflicts = await page.locator('[data-testid="summary-row"] td:last-child').allInnerTexts();
    expect(conflicts.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    const target = wards.find((w) => w.properties.name === 'Phường Tây Tựu') ?? wards[0];
    const zoomBefore = await page.evaluate(() => (window as any).opsmap.map.getZoom());
    // Resolved with nothing: the event itself (holding the whole map) is no value to send back.
    await page.evaluate(() => void ((window as any).moved = new Promise<void>((resolve) => (window as any).opsmap.map.once('moveend', () => resolve()))));
    await page.locator(`[data-testid="summary-row"][data-code="${target.properties.code}"] td:nth-child(2)`).click();
    await page.evaluate(() => (window as any).moved);
    const view = await page.evaluate(() => {
      const m = (window as any).opsmap.map;
      const c = m.getCenter();
      return { center: [c.lng, c.lat] as [number, number], zoom: m.getZoom() };
    });
    const [w, s, e, n] = turfBbox(target);
    expect(view.center[0]).toBeGreaterThan(w);
    expect(view.center[0]).toBeLessThan(e);
    expect(view.center[1]).toBeGreaterThan(s);
    expect(view.center[1]).toBeLessThan(n);
    expect(view.zoom).toBeGreaterThan(zoomBefore);
    // The ward is selected: its details are open.
    await expect.poll(() => page.locator('.overlay').innerText()).toContain(target.properties.name);
    await idle(page);
    await p.screenshot('commander-4-flown-to-ward');
  });

  it('remembers the mode in the address, and leaving it removes the hot spot layers', async () => {
    await page.reload();
    await page.waitForSelector('[data-testid="commander-panel"]', { timeout: T });
    await page.click('[data-testid="mode-plan"]');
    await expect.poll(() => page.url()).not.toContain('mode=command');
    expect(await page.evaluate(() => Boolean((window as any).opsmap.map.getLayer('hotspot-hex-gi') || (window as any).opsmap.map.getSource('hotspot-cells')))).toBe(false);
    expect(await page.locator('[data-testid="commander-summary"]').count()).toBe(0);
    expect(p.errors).toEqual([]);
  });
});
