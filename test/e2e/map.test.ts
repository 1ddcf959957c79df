/**
 * The planner's map in headless Chromium against the built app, started as `npm start` starts it:
 * see the wards, toggle a layer, open a feature, search without diacritics, switch language, share
 * the view by URL — and never ask anything of another origin.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import { CHROMIUM, hasTools } from '../support/tools.ts';
import { launchBrowser, mapIdle as idle, openPage, type RecordedPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';

type Fc = { features: { id: number; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] };

/** Wait for the first complete render (every layer loaded, map idle). */
async function complete(page: Page) {
  await page.waitForSelector('body[data-map-complete]', { timeout: 30_000 });
}


const rendered = (page: Page, layers: string[]) =>
  page.evaluate((ids) => {
    const m = (window as any).opsmap.map;
    // Only layers the style has (an overlay of recent changes is added on the first change).
    return m.queryRenderedFeatures({ layers: ids.filter((id: string) => m.getLayer(id)) }).map((f: any) => f.properties.name ?? f.properties.category) as string[];
  }, layers);

const view = (page: Page) =>
  page.evaluate(() => {
    const m = (window as any).opsmap.map;
    const c = m.getCenter();
    return { lng: c.lng as number, lat: c.lat as number, zoom: m.getZoom() as number };
  });

describe.skipIf(!hasTools(CHROMIUM))('the map in the browser', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let p: RecordedPage;
  let wards: Fc;
  let checkpoints: Fc;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const auth = basicAuth();
    wards = await (await fetch(`${server.url}/api/collections/wards/items?limit=10000`, { headers: auth })).json();
    checkpoints = await (await fetch(`${server.url}/api/collections/checkpoints/items?limit=10000`, { headers: auth })).json();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const basicAuth = () => ({ Authorization: 'Basic ' + Buffer.from(`${server.credentials.name}:${server.credentials.password}`).toString('base64') });

  /** Renames a checkpoint through the API, as another session would (If-Match from its current ETag). */
  async function renameCheckpoint(id: number, name: string) {
    const auth = basicAuth();
    const now = await fetch(`${server.url}/api/collections/checkpoints/items/${id}`, { headers: auth });
    const renamed = await fetch(`${server.url}/api/collections/checkpoints/items/${id}`, {
      method: 'PATCH',
      headers: { ...auth, 'Content-Type': 'application/geo+json', 'If-Match': now.headers.get('etag')! },
      body: JSON.stringify({ type: 'Feature', properties: { name } }),
    });
    expect(renamed.status).toBe(200);
  }

  async function open(hash = '') {
    p = await openPage(browser, { signIn: { url: server.url, ...server.credentials } });
    await p.page.goto(`${server.url}/${hash}`);
    await complete(p.page);
    return p.page;
  }

  afterEach(async () => {
    if (!p) return;
    // No request of any test leaves the server's origin, and the client threw nothing.
    expect(p.foreignRequests(server.url)).toEqual([]);
    expect(p.errors).toEqual([]);
    await p.close();
  });

  it('loads every layer and draws the wards with their names, labels in our own font', async () => {
    const page = await open();
    expect(wards.features.length).toBeGreaterThan(5);
    await expect.poll(() => page.getByTestId('count-wards').textContent()).toBe(String(wards.features.length));
    expect(await page.getByTestId('count-checkpoints').textContent()).toBe(String(checkpoints.features.length));
    const names = await rendered(page, ['wards-fill']);
    // The whole district is in view at first: every ward is drawn.
    expect(new Set(names)).toEqual(new Set(wards.features.map((f) => f.properties.name)));
    expect((await rendered(page, ['wards-label'])).length).toBeGreaterThan(0);
    // Labels were drawn from the Vietnamese subset of the bundled Noto Sans, from our origin.
    expect(p.requests.some((u) => u.startsWith(server.url) && /noto-sans-vietnamese-\d+-normal.*\.woff2$/.test(u))).toBe(true);
    await p.screenshot('map-loaded');
  });

  it('turns a layer off and on again, from the layer panel', async () => {
    const page = await open();
    expect((await rendered(page, ['checkpoints-circle'])).length).toBeGreaterThan(0);
    await page.getByTestId('toggle-checkpoints').uncheck();
    await idle(page);
    expect(await rendered(page, ['checkpoints-circle'])).toEqual([]);
    expect(new URL(page.url()).hash).not.toContain('checkpoints');
    expect(await page.locator('[data-layer="checkpoints"] .legend').count()).toBe(0);
    await p.screenshot('map-checkpoints-off');
    // Shown again, the layer's tiles are asked for under a URL that names it, and nothing under the
    // one without it: such a request (a re-parse of the tiles held, turned into a fetch by the new
    // URL) raced the new one, and when it won the layer stayed missing.
    const without: string[] = [];
    await p.context.route(
      (u) => u.pathname.startsWith('/api/operational-tiles/'),
      (r) => {
        if (!r.request().url().includes('checkpoints')) without.push(r.request().url());
        return r.continue();
      },
    );
    await page.getByTestId('toggle-checkpoints').check();
    await idle(page);
    expect((await rendered(page, ['checkpoints-circle'])).length).toBeGreaterThan(0);
    expect(without).toEqual([]);
    expect(new URL(page.url()).hash).toContain('checkpoints');
  });

  it('works out the tiles\' URL again only when what it names changes, not on every frame of a pan', async () => {
    const page = await open();
    // Counts the map's frames and its recomputations of the operational tiles' URL (OpsMap's
    // private retile, wrapped on the instance: its listeners call it through `this`).
    await page.evaluate(() => {
      const o = (window as any).opsmap;
      const counts = ((window as any).counts = { frames: 0, retiles: 0 });
      o.map.on('render', () => counts.frames++);
      const retile = o.retile;
      o.retile = function (this: unknown) {
        counts.retiles++;
        return retile.call(this);
      };
    });
    const counts = () => page.evaluate(() => ({ ...(window as any).counts }) as { frames: number; retiles: number });
    const tilesUrl = () => page.evaluate(() => (window as any).opsmap.map.getSource('operational').tiles[0] as string);
    const before = await tilesUrl();
    // The first tiles were asked for under the URL the map started with, and no others.
    expect(p.requests.filter((u) => u.includes('/api/operational-tiles/')).every((u) => u.startsWith(before.slice(0, before.indexOf('{z}'))))).toBe(true);
    for (const dx of [150, -150, 150]) {
      await page.evaluate((x) => new Promise<void>((resolve) => (window as any).opsmap.map.panBy([x, 40], { duration: 300 }).once('moveend', () => resolve())), dx);
      await idle(page);
    }
    const panned = await counts();
    expect(panned.frames).toBeGreaterThan(10);
    expect(panned.retiles).toBe(0);
    expect(await tilesUrl()).toBe(before);
    // Hiding a layer does change it: the tiles no longer carry the hidden layer.
    await page.getByTestId('toggle-checkpoints').uncheck();
    await idle(page);
    expect((await counts()).retiles).toBeGreaterThan(0);
    expect(before).toContain('checkpoints');
    expect(await tilesUrl()).not.toContain('checkpoints');
  });

  it('opens the details of a clicked checkpoint', async () => {
    const cp = checkpoints.features.find((f) => f.properties.kind === 'security') ?? checkpoints.features[0];
    const [lng, lat] = cp.geometry.coordinates as number[];
    const page = await open(`#map=18/${lat}/${lng}&layers=wards,checkpoints`);
    const box = (await page.getByTestId('map').boundingBox())!;
    const at = await page.evaluate(([x, y]) => (window as any).opsmap.map.project([x, y]), [lng, lat]);
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await expect.poll(() => page.getByTestId('details-title').textContent()).toBe(cp.properties.name);
    const kind = await page.locator('[data-testid="feature-details"] dd[data-prop="kind"]').textContent();
    expect(kind).toBe({ epidemic: 'Phòng chống dịch', security: 'An ninh', traffic: 'Giao thông' }[cp.properties.kind as string]);
    await idle(page);
    expect(await page.evaluate(() => (window as any).opsmap.map.queryRenderedFeatures({ layers: ['selection-point'] }).length)).toBe(1);
    await p.screenshot('map-details');
  });

  it('finds "co nhue" without diacritics and flies to Cổ Nhuế', async () => {
    const page = await open();
    const coNhue = wards.features.filter((f) => String(f.properties.name).includes('Cổ Nhuế'));
    expect(coNhue.length).toBeGreaterThan(0);
    const before = await view(page);
    await page.getByTestId('search').fill('co nhue');
    const first = page.locator('[data-testid="search-results"] li').first();
    await expect.poll(() => first.textContent()).toMatch(/Cổ Nhuế/);
    await page.getByTestId('search').press('Enter');
    const picked = String(await page.getByTestId('details-title').textContent());
    const ward = coNhue.find((f) => f.properties.name === picked)!;
    expect(ward).toBeDefined();
    await page.waitForFunction(() => !(window as any).opsmap.map.isMoving());
    await idle(page);
    const after = await view(page);
    expect(after.zoom).toBeGreaterThan(before.zoom);
    // The map is now centred inside the ward's bounding box.
    const coords = JSON.stringify(ward.geometry.coordinates).match(/-?\d+\.\d+/g)!.map(Number);
    const lngs = coords.filter((_, i) => i % 2 === 0);
    const lats = coords.filter((_, i) => i % 2 === 1);
    expect(after.lng).toBeGreaterThan(Math.min(...lngs));
    expect(after.lng).toBeLessThan(Math.max(...lngs));
    expect(after.lat).toBeGreaterThan(Math.min(...lats));
    expect(after.lat).toBeLessThan(Math.max(...lats));
    expect(await rendered(page, ['wards-label'])).toContain(picked);
    await p.screenshot('map-search-co-nhue');
  });

  it('switches to English and back, and remembers the choice', async () => {
    const page = await open();
    expect(await page.locator('h1').textContent()).toBe('Bản đồ tác chiến');
    await page.getByTestId('lang-en').click();
    expect(await page.locator('h1').textContent()).toBe('Operations map');
    expect(await page.locator('[data-layer="checkpoints"] .title').textContent()).toBe('Checkpoints');
    expect(await page.locator('[data-layer="quarantine-zones"] .legend li').allTextContents()).toEqual(['Lockdown', 'Quarantine facility', 'Buffer', 'Planned', 'Lifted']);
    await p.screenshot('map-english');
    await page.reload();
    await complete(page);
    expect(await page.locator('h1').textContent()).toBe('Operations map');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('lang-vi').click();
    expect(await page.locator('[data-layer="checkpoints"] .title').textContent()).toBe('Chốt kiểm soát');
  });

  it('puts the view in the URL, so a reload or a shared link shows the same map', async () => {
    const page = await open('#map=15.5/21.0623/105.7751&layers=wards,quarantine-zones,polling-stations');
    let v = await view(page);
    expect(v.zoom).toBeCloseTo(15.5, 5);
    expect(v.lat).toBeCloseTo(21.0623, 4);
    expect(v.lng).toBeCloseTo(105.7751, 4);
    expect(await page.getByTestId('toggle-checkpoints').isChecked()).toBe(false);
    expect(await page.getByTestId('toggle-polling-stations').isChecked()).toBe(true);
    // Pan and zoom as a person would; the hash follows.
    await page.evaluate(() => (window as any).opsmap.map.jumpTo({ center: [105.78, 21.07], zoom: 14.25 }));
    await expect.poll(() => new URL(page.url()).hash).toBe('#map=14.25/21.07000/105.78000&layers=wards,quarantine-zones,polling-stations');
    await page.reload();
    await complete(page);
    v = await view(page);
    expect(v.zoom).toBeCloseTo(14.25, 5);
    expect(v.lat).toBeCloseTo(21.07, 4);
    expect(v.lng).toBeCloseTo(105.78, 4);
    expect(await rendered(page, ['checkpoints-circle'])).toEqual([]);
    await p.screenshot('map-url-view');
  });

  it('draws a change made elsewhere (a live update) by fetching the changed layer\'s tiles again', async () => {
    const cp = checkpoints.features[0];
    const [lng, lat] = cp.geometry.coordinates as number[];
    const page = await open(`#map=16/${lat}/${lng}&layers=wards,checkpoints`);
    await expect.poll(() => rendered(page, ['checkpoints-circle'])).toContain(cp.properties.name);
    await renameCheckpoint(cp.id, 'Chốt đổi tên');
    const auth = basicAuth();
    const added = await fetch(`${server.url}/api/collections/checkpoints/items`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/geo+json' },
      body: JSON.stringify({ type: 'Feature', properties: { name: 'Chốt mới', kind: 'traffic', status: 'active' }, geometry: { type: 'Point', coordinates: [lng + 0.0005, lat] } }),
    });
    expect(added.status).toBe(201);
    // The live event makes the map ask for the layer's tiles again; the new ones carry both changes.
    await expect.poll(() => rendered(page, ['checkpoints-circle']), { timeout: 10_000 }).toContain('Chốt mới');
    const names = await rendered(page, ['checkpoints-circle']);
    expect(names).toContain('Chốt đổi tên');
    expect(names).not.toContain(cp.properties.name);
  });

  it('draws a change made elsewhere at once, before the layer\'s tiles come again, and keeps it once they have', async () => {
    const cp = checkpoints.features[1];
    const [lng, lat] = cp.geometry.coordinates as number[];
    const page = await open(`#map=16/${lat}/${lng}&layers=wards,checkpoints`);
    const tiled = ['checkpoints-circle'];
    const drawn = [...tiled, `checkpoints-circle~recent`];
    await expect.poll(() => rendered(page, tiled)).toContain(cp.properties.name);
    // From here on no tile reaches the page until the test lets it: whatever shows the change
    // meanwhile is the overlay of recent changes, not refreshed tiles.
    const held: Route[] = [];
    let hold = true;
    // Context-level, as MapLibre's tile worker makes the requests.
    await p.context.route((u) => u.pathname.startsWith('/api/operational-tiles/'), (r) => (hold ? held.push(r) : r.continue()));
    await renameCheckpoint(cp.id, 'Chốt đổi tên trước khi có ô mới');
    await expect.poll(() => rendered(page, drawn), { timeout: 10_000 }).toContain('Chốt đổi tên trước khi có ô mới');
    expect(await rendered(page, drawn)).not.toContain(cp.properties.name);
    // The map did ask for the layer's tiles again, and none of them has come: the tiles drawn are
    // the old ones, with the stale copy hidden.
    await expect.poll(() => held.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await rendered(page, tiled)).not.toContain('Chốt đổi tên trước khi có ô mới');
    expect(await rendered(page, tiled)).not.toContain(cp.properties.name);
    await p.screenshot('map-live-edit-before-tiles');
    // The refreshed tiles arrive: they draw the change themselves, and the overlay lets it go.
    hold = false;
    for (const r of held.splice(0)) await r.continue();
    await expect.poll(() => rendered(page, tiled), { timeout: 10_000 }).toContain('Chốt đổi tên trước khi có ô mới');
    await expect.poll(() => rendered(page, ['checkpoints-circle~recent']), { timeout: 10_000 }).toEqual([]);
    expect(await rendered(page, drawn)).not.toContain(cp.properties.name);
  });

  it('renders ward names with Vietnamese diacritics', async () => {
    const target = wards.features.find((f) => /Cổ Nhuế|Đông Ngạc|Xuân Đỉnh/.test(String(f.properties.name)))!;
    const coords = JSON.stringify(target.geometry.coordinates).match(/-?\d+\.\d+/g)!.map(Number);
    const lng = coords.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b) / (coords.length / 2);
    const lat = coords.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b) / (coords.length / 2);
    const page = await open(`#map=13.5/${lat.toFixed(5)}/${lng.toFixed(5)}&layers=wards`);
    expect((await rendered(page, ['wards-label'])).some((n) => /Cổ Nhuế|Đông Ngạc|Xuân Đỉnh/.test(n))).toBe(true);
    await p.screenshot('map-labels-diacritics');
  });
});
