/**
 * Buffers, the planner's analysis lists and live updates in headless Chromium against the built
 * app: a 500 m buffer around the active lockdown zones drawn on the map (its edge 500 m from the
 * zones, measured by Turf here), rings typed in km, saved as a new zone; the polling stations
 * within 500 m of an active zone, checked against Turf's own point-to-polygon distance; the
 * nearest-checkpoint, coverage and gap lists; and a change made through the API appearing on
 * the open map without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { pointToPolygonDistance } from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { CHROMIUM, hasTools } from '../support/tools.ts';
import { launchBrowser, openPage, type RecordedPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const T = 60_000;
type Zone = Feature<Polygon | MultiPolygon, Record<string, any>> & { id: number };
type Station = Feature<Point, Record<string, any>> & { id: number };

/** The features of the analysis result source, as the map holds them. */
const resultOnMap = (page: Page, source = 'analysis-result') =>
  page.evaluate(async (s) => {
    const src = (window as any).opsmap.map.getSource(s);
    return src ? ((await src.getData()).features as Feature[]) : [];
  }, source);

/** Metres from a point to the nearest of some areas (0 inside), geodesic, by Turf. */
function metresTo(pt: Position, areas: Zone[]): number {
  return Math.min(...areas.map((z) => Math.max(0, pointToPolygonDistance(pt, z, { units: 'meters', method: 'geodesic' }))));
}

describe.skipIf(!hasTools(CHROMIUM))('buffers, analysis lists and live updates in the browser', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let p: RecordedPage;
  let page: Page;
  let admin: Record<string, string>;
  let zones: Zone[];
  let stations: Station[];
  let firstView: string;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}${path}`, { method, headers: { ...admin, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  };

  beforeAll(async () => {
    server = await startServer();
    admin = { Authorization: 'Basic ' + Buffer.from(`${server.credentials.name}:${server.credentials.password}`).toString('base64') };
    zones = (await api('GET', '/api/collections/quarantine-zones/items?limit=10000')).body.features;
    stations = (await api('GET', '/api/collections/polling-stations/items?limit=10000')).body.features;
    browser = await launchBrowser();
    p = await openPage(browser, { signIn: { url: server.url, ...server.credentials } });
    page = p.page;
    await page.goto(server.url);
    await page.waitForSelector('body[data-map-complete]', { timeout: T });
    firstView = await page.evaluate(() => location.hash);
  });

  /**
   * Back to the first view (the whole district) with every station in view held: the planner's
   * lists are computed over what is in view, and the buffer tests moved the map.
   */
  async function wholeDistrict() {
    await page.evaluate((h) => (location.hash = h), firstView);
    await expect.poll(() => page.getByTestId('count-polling-stations').textContent(), { timeout: T }).toBe(String(stations.length));
  }

  afterAll(async () => {
    await p?.close();
    await browser?.close();
    await server?.stop();
  });

  it('buffers the active lockdown zones by 500 m and draws the buffer at once', async () => {
    const lockdowns = zones.filter((z) => z.properties.level === 'lockdown' && z.properties.status === 'active');
    expect(lockdowns.length).toBeGreaterThan(0);
    const panel = page.locator('[data-testid="buffer-panel"]');
    // The defaults: whole layer of zones, active lockdowns, 500 m, dissolved.
    await expect.poll(() => panel.locator('[data-testid="buffer-count"]').textContent()).toMatch(new RegExp(`^${lockdowns.length} `));
    await panel.locator('[data-testid="buffer-distances"]').fill('500 m');
    await panel.locator('[data-testid="buffer-compute"]').click();
    await expect.poll(() => panel.locator('[data-testid="buffer-result"]').count(), { timeout: T }).toBe(1);
    const [buffer] = (await resultOnMap(page)) as Feature<Polygon | MultiPolygon>[];
    expect(buffer.properties).toMatchObject({ distance_m: 500, ring: 1 });
    // Its outer edge lies 500 m (±1 %) from the nearest lockdown zone.
    const outer = buffer.geometry.type === 'Polygon' ? [buffer.geometry.coordinates[0]] : buffer.geometry.coordinates.map((poly) => poly[0]);
    const vertices = outer.flatMap((ring) => ring.filter((_, i) => i % 7 === 0));
    expect(vertices.length).toBeGreaterThan(10);
    for (const v of vertices) {
      const d = metresTo(v, lockdowns);
      expect(d).toBeGreaterThan(495);
      expect(d).toBeLessThan(505);
    }
    await panel.locator('[data-testid="buffer-result"] button').first().click();
    await page.evaluate(() => new Promise((r) => (window as any).opsmap.map.once('idle', r)));
    await p.screenshot('analysis-1-buffer-500m');
  });

  it('takes rings in kilometres with a decimal comma, and saves a ring as a new quarantine zone', async () => {
    const panel = page.locator('[data-testid="buffer-panel"]');
    await panel.locator('[data-testid="buffer-distances"]').fill('0,1; 0,5 km');
    await panel.locator('[data-testid="buffer-annuli"]').check();
    await panel.locator('[data-testid="buffer-compute"]').click();
    await expect.poll(() => panel.locator('[data-testid="buffer-result"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-distance'))), { timeout: T }).toEqual(['100', '500']);
    const rings = (await resultOnMap(page)) as Feature<Polygon | MultiPolygon>[];
    expect(rings.map((r) => [r.properties!.inner_m, r.properties!.distance_m])).toEqual([
      [0, 100],
      [100, 500],
    ]);
    await panel.locator('[data-testid="buffer-distances"]').fill('500 mm');
    await panel.locator('[data-testid="buffer-compute"]').click();
    await expect.poll(() => panel.locator('[data-testid="buffer-error"]').textContent()).toBe('Unknown unit "mm" in "500 mm"; use m or km.');
    await panel.locator('[data-testid="buffer-distances"]').fill('500 m');
    await panel.locator('[data-testid="buffer-annuli"]').uncheck();
    await panel.locator('[data-testid="buffer-compute"]').click();
    await expect.poll(() => panel.locator('[data-testid="buffer-result"]').count(), { timeout: T }).toBe(1);

    await panel.locator('[data-testid="buffer-save-zone"]').click();
    const form = page.locator('[data-testid="feature-form"][data-layer="quarantine-zones"]');
    await form.waitFor({ timeout: T });
    await form.locator('input[name="name"]').fill('Vùng đệm 500 m quanh các vùng phong tỏa');
    await form.locator('select[name="level"]').selectOption('buffer');
    await form.locator('select[name="status"]').selectOption('planned');
    await form.locator('input[name="starts_on"]').fill('2021-05-20');
    await form.locator('[data-testid="form-save"]').click();
    await form.waitFor({ state: 'detached', timeout: T });
    const all = (await api('GET', '/api/collections/quarantine-zones/items?limit=10000')).body.features as Zone[];
    const saved = all.find((z) => z.properties.name === 'Vùng đệm 500 m quanh các vùng phong tỏa')!;
    expect(saved.properties).toMatchObject({ level: 'buffer', status: 'planned', starts_on: '2021-05-20' });
    expect(['Polygon', 'MultiPolygon']).toContain(saved.geometry.type);
    await p.screenshot('analysis-2-buffer-saved-as-zone');
  });

  it('lists the polling stations within 500 m of an active quarantine zone, as Turf measures them', async () => {
    const active = zones.filter((z) => z.properties.status === 'active');
    await wholeDistrict();
    const lists = page.locator('[data-testid="analysis-lists"]');
    await lists.locator('[data-testid="analysis-tab-conflicts"]').click();
    await lists.locator('[data-testid="conflicts-within"]').fill('500');
    await lists.locator('[data-testid="analysis-compute"]').click();
    await expect.poll(() => lists.locator('[data-testid="analysis-count"]').getAttribute('data-tab'), { timeout: T }).toBe('conflicts');
    const listed = new Set((await lists.locator('[data-testid="conflicts-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).map(Number));
    expect(listed.size).toBeGreaterThan(0); // the demo plan has stations near active lockdowns
    const distance = new Map(stations.map((s) => [s.id, metresTo(s.geometry.coordinates, active)]));
    // Clear of the 500 m line by more than 1 m, Turf and the list agree.
    for (const [id, d] of distance) {
      if (d < 499) expect(listed.has(id), `station ${id} at ${d.toFixed(1)} m`).toBe(true);
      if (d > 501) expect(listed.has(id), `station ${id} at ${d.toFixed(1)} m`).toBe(false);
    }
    // A row marks its station (and zones) on the map.
    await lists.locator('[data-testid="conflicts-row"]').first().click();
    await expect.poll(async () => (await resultOnMap(page, 'analysis-focus')).length).toBeGreaterThan(1);
    const focus = await resultOnMap(page, 'analysis-focus');
    expect(focus[0].geometry.type).toBe('Point');
    expect(Number(focus[0].properties!.station_id)).toBe(Number(await lists.locator('[data-testid="conflicts-row"]').first().getAttribute('data-key')));
    await page.evaluate(() => new Promise((r) => (window as any).opsmap.map.once('idle', r)));
    await p.screenshot('analysis-3-conflict-list');
  });

  it('lists the nearest checkpoint of every station, coverage per ward and border gaps', async () => {
    await wholeDistrict();
    const lists = page.locator('[data-testid="analysis-lists"]');
    const run = async (tab: string) => {
      await lists.locator(`[data-testid="analysis-tab-${tab}"]`).click();
      await lists.locator('[data-testid="analysis-compute"]').click();
      await expect.poll(() => lists.locator('[data-testid="analysis-count"]').getAttribute('data-tab'), { timeout: T }).toBe(tab);
      return lists.locator(`[data-testid="${tab}-row"]`).count();
    };
    expect(await run('nearest')).toBe(stations.length);
    const wards = (await api('GET', '/api/collections/wards/items?limit=10000')).body.features as unknown[];
    expect(await run('coverage')).toBe(wards.length);
    await lists.locator('[data-testid="coverage-row"]').first().click();
    await expect.poll(async () => (await resultOnMap(page, 'analysis-focus'))[0]?.geometry.type).toMatch(/Polygon/);
    await page.evaluate(() => new Promise((r) => (window as any).opsmap.map.once('idle', r)));
    await p.screenshot('analysis-4-coverage');
    expect(await run('gaps')).toBeGreaterThan(0);
    await lists.locator('[data-testid="gaps-row"]').first().click();
    await expect.poll(async () => (await resultOnMap(page, 'analysis-focus'))[0]?.geometry.type).toBe('LineString');
    await page.evaluate(() => new Promise((r) => (window as any).opsmap.map.once('idle', r)));
    await p.screenshot('analysis-5-gaps');
  });

  it('shows a checkpoint created and then deleted through the API on the open map, without a reload', async () => {
    // In the checkpoints' tiles the map holds (the map reads tiles, never a whole layer).
    const onMap = (id: number) => page.evaluate((i) => (window as any).opsmap.map.querySourceFeatures('operational', { sourceLayer: 'checkpoints' }).some((f: { id: number }) => f.id === i), id);
    const t0 = Date.now();
    const made = await api('POST', '/api/collections/checkpoints/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [105.77, 21.05] }, properties: { name: 'Chốt từ API', kind: 'traffic' } });
    expect(made.status).toBe(201);
    await expect.poll(() => onMap(made.body.id), { timeout: 15_000, interval: 50 }).toBe(true);
    console.log(`live: a created checkpoint appeared on the map ${Date.now() - t0} ms after the POST was sent`);
    const t1 = Date.now();
    expect((await api('DELETE', `/api/collections/checkpoints/items/${made.body.id}`, undefined, { 'If-Match': `"${made.body.version}"` })).status).toBe(204);
    await expect.poll(() => onMap(made.body.id), { timeout: 15_000, interval: 50 }).toBe(false);
    console.log(`live: a deleted checkpoint left the map ${Date.now() - t1} ms after the DELETE was sent`);
    expect(p.foreignRequests(server.url)).toEqual([]);
    expect(p.errors).toEqual([]);
  });
});
