/**
 * The city scenario (580 wards, thousands of checkpoints and stations, OPSMAP_CITY_INCIDENTS
 * incidents) in headless Chromium, as a commander opens it: the browser's requests are recorded
 * and none lists a whole layer (every feature list is a box and a page of at most IN_VIEW_LIMIT;
 * the map reads tiles; the one list asked for whole is the city's ward list, reference data without
 * outlines); the layer panel counts the view and fetches features only for panels that need them;
 * the commander's per-day chart and ward summary (a row for every ward of the city) equal counts
 * taken directly from the database file; the map draws incidents in the district farthest from the
 * centre; a planner's conflict list there names a station of that district; another session's
 * edits are drawn at once on an open map, without a reload.
 *
 * Size: 100,000 incidents by default (seeded in a few seconds on CI's two cores); set
 * OPSMAP_E2E_CITY_INCIDENTS=1000000 for the full city. Nothing here depends on the size: the
 * client asks for the same bounded requests whatever the database holds, and says "showing N of
 * M" where the view holds more than it fetched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { cityLayout } from '../../data/city/layout.ts';
import { IN_VIEW_LIMIT } from '../../client/src/lib/limits.ts';
import { compareVi } from '../../core/text/search.ts';
import { CHROMIUM, hasTools } from '../support/tools.ts';
import { launchBrowser, mapIdle as idle, openPage, type RecordedPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const T = 90_000;
const INCIDENTS = Number(process.env.OPSMAP_E2E_CITY_INCIDENTS ?? 100_000);

/** The district whose seed lies farthest from the centre of all district seeds. */
function farthestDistrict() {
  const { districts, wards } = cityLayout();
  const cx = districts.reduce((s, d) => s + d.seed[0], 0) / districts.length;
  const cy = districts.reduce((s, d) => s + d.seed[1], 0) / districts.length;
  const far = [...districts].sort((a, b) => Math.hypot(b.seed[0] - cx, b.seed[1] - cy) - Math.hypot(a.seed[0] - cx, a.seed[1] - cy))[0];
  return { district: far, wards: wards.filter((w) => w.districtNo === far.no) };
}

describe.skipIf(!hasTools(CHROMIUM))('the city in the browser', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let p: RecordedPage;
  let page: Page;
  let db: Database.Database;

  beforeAll(async () => {
    server = await startServer({ env: { OPSMAP_SEED: 'city', OPSMAP_CITY_INCIDENTS: String(INCIDENTS) } });
    db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
    browser = await launchBrowser();
    p = await openPage(browser, { width: 1400, height: 900, signIn: { url: server.url, ...server.credentials } });
    page = p.page;
    await page.goto(`${server.url}/#mode=command`);
    await page.waitForSelector('body[data-map-complete]', { timeout: T });
  }, 240_000);

  afterAll(async () => {
    db?.close();
    await p?.close();
    await browser?.close();
    await server?.stop();
  });

  /** Incidents per ward in a window of Hanoi days, counted from the rows' own JSON (not from the counts the server keeps). */
  const dbCounts = (start: string, end: string) =>
    new Map(
      db
        .prepare(
          `SELECT json_extract(properties, '$.ward_code') AS ward, count(*) AS n FROM features
           WHERE collection = 'incidents' AND date(json_extract(properties, '$.occurred_at'), '+7 hours') BETWEEN ? AND ? GROUP BY 1`,
        )
        .all(start, end)
        .map((r) => [(r as { ward: string | null }).ward, (r as { n: number }).n] as const),
    );

  it('holds the whole city in the database, and the layer panel says how much of it the client holds', async () => {
    expect((db.prepare(`SELECT count(*) AS n FROM features WHERE collection = 'incidents'`).get() as { n: number }).n).toBe(INCIDENTS);
    // The first view shows the whole city. The panel counts what the view holds (the server's
    // count), and no panel needs the incidents themselves yet, so none are fetched: nothing is cut.
    await expect.poll(async () => Number(await page.getByTestId('count-incidents').textContent()), { timeout: T }).toBe(INCIDENTS);
    expect(await page.getByTestId('showing-incidents').count()).toBe(0);
    const incidentLists = p.requests.filter((u) => /\/collections\/incidents\/items\?/.test(u)).map((u) => Number(new URL(u).searchParams.get('limit')));
    expect(incidentLists.length).toBeGreaterThan(0);
    expect(incidentLists.every((limit) => limit === 1)).toBe(true); // counted, not fetched
    // A panel that needs them (a buffer around incidents) holds one page of the view, and says so.
    await page.getByTestId('buffer-source').selectOption('incidents');
    const note = page.getByTestId('showing-incidents');
    await expect.poll(() => note.textContent(), { timeout: T }).toMatch(/\d/);
    const [shown, total] = ((await note.textContent()) ?? '').match(/[\d.,]+/g)!.map((s) => Number(s.replace(/[.,]/g, '')));
    expect(shown).toBe(IN_VIEW_LIMIT);
    expect(total).toBe(INCIDENTS);
    await expect.poll(() => page.getByTestId('in-view-note').first().getAttribute('data-cut'), { timeout: T }).toContain('incidents');
    await idle(page);
    await p.screenshot('city-1-whole-city');
    await page.getByTestId('buffer-source').selectOption('quarantine-zones');
  });

  it('shows the commander the per-day chart and ward summary the database holds, for the whole city', async () => {
    const panel = page.getByTestId('commander-panel');
    await panel.waitFor({ timeout: T });
    // The default window: the last 7 days with incidents (the scenario covers May 2021).
    const window = { start: '2021-05-25', end: '2021-05-31' };
    const expected = dbCounts(window.start, window.end);
    const expectedTotal = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(expectedTotal).toBeGreaterThan(IN_VIEW_LIMIT); // more than any page the client could have counted
    const chart = page.getByTestId('daily-chart');
    await expect.poll(async () => Number(await chart.getAttribute('data-in-window')), { timeout: T }).toBe(expectedTotal);
    const summary = page.getByTestId('commander-summary');
    await expect.poll(async () => Number(await summary.getAttribute('data-total')), { timeout: T }).toBe([...expected].filter(([w]) => w !== null).reduce((s, [, n]) => s + n, 0));
    // Row by row: every ward with incidents, with the database's count.
    const rows = await page.locator('[data-testid="summary-row"]').evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-code'), Number((e.querySelector('[data-col="incidents"]') as HTMLElement).innerText.replace(/[.,\s]/g, ''))] as const),
    );
    const onScreen = new Map(rows.filter(([, n]) => n > 0));
    expect(onScreen).toEqual(new Map([...expected].filter(([w]) => w !== null)));
    // The chart's tallest day equals the database's busiest day of the whole month.
    const busiest = db
      .prepare(`SELECT max(n) AS n FROM (SELECT count(*) AS n FROM features WHERE collection = 'incidents' GROUP BY date(json_extract(properties, '$.occurred_at'), '+7 hours'))`)
      .get() as { n: number };
    expect(Number(await chart.getAttribute('data-max'))).toBe(busiest.n);
    await p.screenshot('city-2-commander');
  });

  it('knows every ward of the city, not only those in view: the summary lists all of them in Vietnamese order, the print dialog offers all', async () => {
    const dbWards = db.prepare(`SELECT json_extract(properties, '$.code') AS code, json_extract(properties, '$.name') AS name FROM features WHERE collection = 'wards'`).all() as { code: string; name: string }[];
    expect(dbWards.length).toBeGreaterThan(500);
    const rowsOf = () => page.locator('[data-testid="summary-row"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-code'), (e.querySelector('td') as HTMLElement).innerText.trim()] as const));
    // A row per ward, those without incidents too; names as the database spells them (NFC, diacritics kept).
    await expect.poll(async () => (await rowsOf()).length, { timeout: T }).toBe(dbWards.length);
    expect(new Map(await rowsOf())).toEqual(new Map(dbWards.map((w) => [w.code, w.name.normalize('NFC')])));
    await page.getByTestId('sort-name').click();
    await expect.poll(async () => (await page.getByTestId('sort-name').textContent())?.includes('▲'), { timeout: T }).toBe(true);
    expect((await rowsOf()).map(([, name]) => name)).toEqual(dbWards.map((w) => w.name).sort(compareVi));
    await page.getByTestId('sort-incidents').click();
    const offered = await page.getByTestId('print-ward').locator('option:not([value=""])').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(new Set(offered)).toEqual(new Set(dbWards.map((w) => w.code)));
  });

  it('draws incidents, checkpoints and stations in the farthest district when the map goes there', async () => {
    const { district, wards } = farthestDistrict();
    const codes = new Set(wards.map((w) => w.code));
    const ward = wards[0];
    await page.evaluate(([lng, lat]) => (window as any).opsmap.jumpTo([lng, lat], 14), ward.seed);
    await expect
      .poll(
        async () => {
          await idle(page);
          return page.evaluate(() => (window as any).opsmap.map.queryRenderedFeatures({ layers: ['incidents-circle'] }).map((f: any) => ({ id: f.id, ...f.properties })));
        },
        { timeout: T },
      )
      .not.toEqual([]);
    const drawn = await page.evaluate(() => (window as any).opsmap.map.queryRenderedFeatures({ layers: ['incidents-circle'] }).map((f: any) => ({ id: f.id, ...f.properties })) as Record<string, unknown>[]);
    // At street zoom incidents are points (no cell counts), and they lie in that district: their
    // wards from the database (the tiles carry only what the map draws).
    expect(drawn.every((f) => f.count === undefined)).toBe(true);
    const wardOfIncident = (id: unknown) => (db.prepare(`SELECT json_extract(properties, '$.ward_code') AS w FROM features WHERE id = ? AND collection = 'incidents'`).get(id) as { w: string } | undefined)?.w;
    for (const f of drawn) f.ward_code = wardOfIncident(f.id);
    expect(drawn.some((f) => codes.has(String(f.ward_code)))).toBe(true);
    const cps = await page.evaluate(() => (window as any).opsmap.map.queryRenderedFeatures({ layers: ['checkpoints-circle', 'polling-stations-ring'] }).length as number);
    expect(cps).toBeGreaterThan(0);
    console.log(`city: ${drawn.length} incidents drawn around ${ward.name} (${district.name})`);
    // Its details name its ward from the city's ward list (code and name), whatever is held for the view.
    const one = drawn.find((f) => codes.has(String(f.ward_code)))!;
    const at = await page.evaluate((id) => {
      const m = (window as any).opsmap.map;
      const f = m.queryRenderedFeatures({ layers: ['incidents-circle'] }).find((x: any) => x.id === id);
      const p = m.project(f.geometry.coordinates);
      const r = m.getCanvas().getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }, one.id);
    await page.mouse.click(at[0], at[1]);
    const wardOf = wards.find((w) => w.code === one.ward_code)!;
    await expect.poll(() => page.locator('[data-testid="feature-details"] [data-prop="ward_code"]').textContent(), { timeout: T }).toBe(`${wardOf.name} (${wardOf.code})`);
    await page.locator('[data-testid="feature-details"] header button').click();
    await p.screenshot('city-3-farthest-district');
  });

  it('lists polling stations of the farthest district in the planner’s conflict list', async () => {
    const { wards } = farthestDistrict();
    const codes = new Set(wards.map((w) => w.code));
    await page.evaluate(([lng, lat]) => (window as any).opsmap.jumpTo([lng, lat], 13), wards[0].seed);
    await idle(page);
    const lists = page.locator('[data-testid="analysis-lists"]');
    await lists.locator('[data-testid="analysis-tab-conflicts"]').click();
    await lists.locator('[data-testid="conflicts-within"]').fill('10000');
    // The analysis runs over what is held for the view: wait until the view's stations are there.
    await expect.poll(async () => Number(await page.getByTestId('count-polling-stations').textContent()), { timeout: T }).toBeGreaterThan(0);
    await lists.locator('[data-testid="analysis-compute"]').click();
    await expect.poll(() => lists.locator('[data-testid="analysis-count"]').getAttribute('data-tab'), { timeout: T }).toBe('conflicts');
    const ids = (await lists.locator('[data-testid="conflicts-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).map(Number);
    expect(ids.length).toBeGreaterThan(0);
    // Their wards, from the database.
    const stationWards = ids.map((id) => (db.prepare(`SELECT json_extract(properties, '$.ward_code') AS w FROM features WHERE id = ? AND collection = 'polling-stations'`).get(id) as { w: string } | undefined)?.w);
    expect(stationWards.some((c) => c !== undefined && codes.has(c))).toBe(true);
    await p.screenshot('city-4-conflicts-farthest');
  });

  it('draws another session’s edits on an open map without a reload (the live stream’s changes drawn over the tiles)', async () => {
    const { wards } = farthestDistrict();
    const [lng, lat] = wards[0].seed;
    const b = await openPage(browser, { width: 1200, height: 800, signIn: { url: server.url, ...server.credentials } });
    try {
      const other = b.page;
      await other.goto(`${server.url}/#map=15/${lat.toFixed(5)}/${lng.toFixed(5)}&layers=wards,checkpoints,polling-stations,incidents`);
      await other.waitForSelector('body[data-map-complete]', { timeout: T });
      await other.evaluate(() => ((window as any).__sameDocument = true));
      type Drawn = { id: number; at: [number, number]; count: unknown };
      const rendered = (layers: string[]): Promise<Drawn[]> =>
        other.evaluate((ls) => {
          const m = (window as any).opsmap.map;
          return m.queryRenderedFeatures({ layers: ls.filter((l: string) => m.getLayer(l)) }).map((f: any) => ({ id: f.id as number, at: f.geometry.coordinates as [number, number], count: f.properties.count }));
        }, layers);
      const cp = (await rendered(['checkpoints-circle'])).find((f) => f.count === undefined)!;
      const station = (await rendered(['polling-stations-ring'])).find((f) => f.count === undefined)!;
      expect(cp && station).toBeTruthy();
      // A second signed-in browser session edits through the API as any client does: moves the
      // checkpoint ~150 m east, creates an incident, deletes the station.
      const editor = await openPage(browser, { signIn: { url: server.url, ...server.credentials } });
      await editor.page.goto(`${server.url}/api/health`);
      const send = (method: string, path: string, body?: unknown, version?: number) =>
        editor.page.evaluate(
          async ([method, path, body, version]) => {
            const csrf = (await (await fetch('/api/auth/me')).json()).csrfToken;
            const r = await fetch(path as string, { method: method as string, headers: { 'Content-Type': 'application/geo+json', 'X-CSRF-Token': csrf, ...(version ? { 'If-Match': `"${version}"` } : {}) }, body: body ? JSON.stringify(body) : undefined });
            return { status: r.status, body: r.status === 204 ? null : await r.json() };
          },
          [method, path, body, version] as const,
        );
      const version = async (layer: string, id: number) => (await send('GET', `/api/collections/${layer}/items/${id}`)).body.version as number;
      const moved: [number, number] = [cp.at[0] + 0.0015, cp.at[1]];
      expect((await send('PATCH', `/api/collections/checkpoints/items/${cp.id}`, { type: 'Feature', geometry: { type: 'Point', coordinates: moved } }, await version('checkpoints', cp.id))).status).toBe(200);
      const created = await send('POST', '/api/collections/incidents/items', { type: 'Feature', geometry: { type: 'Point', coordinates: [lng + 0.001, lat + 0.001] }, properties: { category: 'violation', occurred_at: '2021-05-31T09:00:00+07:00', severity: 2 } });
      expect(created.status).toBe(201);
      expect((await send('DELETE', `/api/collections/polling-stations/items/${station.id}`, undefined, await version('polling-stations', station.id))).status).toBe(204);

      const near = (a: [number, number], p: [number, number]) => Math.abs(a[0] - p[0]) < 1e-5 && Math.abs(a[1] - p[1]) < 1e-5;
      const state = async () => {
        const cps = await rendered(['checkpoints-circle', 'checkpoints-circle~recent']);
        return {
          movedDrawn: cps.some((f) => f.id === cp.id && near(f.at, moved)),
          oldPlaceGone: !cps.some((f) => f.id === cp.id && near(f.at, cp.at)),
          createdDrawn: (await rendered(['incidents-circle', 'incidents-circle~recent'])).some((f) => f.id === created.body.id),
          deletedGone: !(await rendered(['polling-stations-ring', 'polling-stations-ring~recent'])).some((f) => f.id === station.id),
        };
      };
      const all = { movedDrawn: true, oldPlaceGone: true, createdDrawn: true, deletedGone: true };
      await expect.poll(state, { timeout: T }).toEqual(all);
      await b.screenshot('city-5-live-edits');
      await editor.close();
      // Still the same document: drawn without a reload.
      expect(await other.evaluate(() => [(window as any).__sameDocument, performance.getEntriesByType('navigation').length])).toEqual([true, 1]);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('never asked for a whole layer: every list of features was a box and a bounded page, the map read tiles', async () => {
    const api = p.requests.filter((u) => u.startsWith(server.url + '/api/'));
    const lists = api.filter((u) => /\/api\/collections\/[^/]+\/items(\?|$)/.test(u));
    expect(lists.length).toBeGreaterThan(0);
    for (const u of lists) {
      const q = new URL(u).searchParams;
      expect(q.get('bbox'), u).toMatch(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/);
      expect(Number(q.get('limit')), u).toBeLessThanOrEqual(IN_VIEW_LIMIT);
    }
    // The map's tiles: one request per tile place, holding every layer it draws (incidents among them).
    expect(api.some((u) => /\/api\/operational-tiles\/[a-z,-]*\bincidents\b[a-z,-]*\/\d+\/\d+\/\d+\.pbf/.test(u))).toBe(true);
    // The one list asked for whole: the city's ward list (/api/wards). It is reference data, not an
    // operational layer: one record per ward (~580 in a city), with no outlines, asked once at
    // start and again only when the wards layer changed.
    const wardLists = api.filter((u) => new URL(u).pathname === '/api/wards');
    expect(wardLists.length).toBeGreaterThanOrEqual(1);
    expect(wardLists.length).toBeLessThanOrEqual(2);
    const wardList = await (await page.request.get(`${server.url}/api/wards`)).json();
    expect(wardList.numberMatched).toBe((db.prepare(`SELECT count(*) AS n FROM features WHERE collection = 'wards'`).get() as { n: number }).n);
    expect(JSON.stringify(wardList)).not.toContain('coordinates');
    // Nothing else under /api answers whole layers: every other request is a tile, a bounded list, one feature, or an aggregate.
    const known = /^\/api\/(collections\/[^/]+(\/(items|tiles)(\/.*)?)?|operational-tiles\/.*|wards|auth\/.*|live|reference|analysis\/.*|search|readiness|election-day|print\/.*|polling-stations\/\d+\/.*)$/;
    expect(api.map((u) => new URL(u).pathname).filter((p) => !known.test(p))).toEqual([]);
    expect(api.some((u) => u.includes('/api/analysis/incident-counts'))).toBe(true);
    console.log(`city: ${api.length} API requests, ${lists.length} of them lists of features in a box, ${api.filter((u) => u.includes('tiles/')).length} tiles`);
    expect(p.foreignRequests(server.url)).toEqual([]);
    expect(p.errors).toEqual([]);
  });
});
