/**
 * The planner's tools in headless Chromium against the built app, started as `npm start` starts
 * it, signed in as a planner made by the admin: see the wards, place a checkpoint by clicking
 * (with a validation message first), drag it (its ward follows), edit and save it, find it after
 * a reload, delete it and undo, meet a 412 conflict and keep one's own change, draw a zone.
 * The steps build on each other (one checkpoint's life), so they share one page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { CHROMIUM, hasTools } from '../support/tools.ts';
import { launchBrowser, mapIdle as idle, openPage, type RecordedPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';

type ApiFeature = { id: number; version: number; geometry: { type: string; coordinates: any }; properties: Record<string, any> };

const PLANNER = { name: 'planner-e2e', password: 'orchard-kettle-river-52' };
const T = 60_000;


/** Screen position (page pixels) of a lon/lat on the map canvas. */
async function toScreen(page: Page, lngLat: [number, number]) {
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  const p = await page.evaluate((ll) => (window as any).opsmap.map.project(ll), lngLat);
  return { x: box.x + p.x, y: box.y + p.y };
}

async function toLngLat(page: Page, at: { x: number; y: number }): Promise<[number, number]> {
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  return page.evaluate(([x, y]) => {
    const ll = (window as any).opsmap.map.unproject([x, y]);
    return [ll.lng, ll.lat] as [number, number];
  }, [at.x - box.x, at.y - box.y]);
}

/** Distance on screen between a lon/lat and a page point, in pixels. */
async function pixelsBetween(page: Page, lngLat: [number, number], at: { x: number; y: number }) {
  const p = await toScreen(page, lngLat);
  return Math.hypot(p.x - at.x, p.y - at.y);
}

async function jumpTo(page: Page, center: [number, number], zoom: number) {
  await page.evaluate(([c, z]) => (window as any).opsmap.map.jumpTo({ center: c, zoom: z }), [center, zoom] as const);
  await idle(page);
}

describe.skipIf(!hasTools(CHROMIUM))('the planner edits the map in the browser', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let p: RecordedPage;
  let page: Page;
  let admin: Record<string, string>;
  let wards: Feature<Polygon | MultiPolygon, { code: string; name: string }>[];
  /** The checkpoint this test places, by id. */
  let id = 0;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${server.url}${path}`, { method, headers: { ...admin, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, etag: r.headers.get('etag'), body: r.status === 204 ? null : await r.json() };
  };
  const checkpoint = async () => (await api('GET', `/api/collections/checkpoints/items/${id}`)).body as ApiFeature;
  const wardAt = (pt: [number, number]) => wards.find((w) => booleanPointInPolygon(pt, w))?.properties.code;

  beforeAll(async () => {
    server = await startServer();
    admin = { Authorization: 'Basic ' + Buffer.from(`${server.credentials.name}:${server.credentials.password}`).toString('base64') };
    const made = await api('POST', '/api/admin/users', { name: PLANNER.name, role: 'planner', password: PLANNER.password });
    expect(made.status).toBe(201);
    wards = (await api('GET', '/api/collections/wards/items?limit=10000')).body.features;
    browser = await launchBrowser();
    p = await openPage(browser, { signIn: { url: server.url, ...PLANNER } });
    page = p.page;
  });

  afterAll(async () => {
    await p?.close();
    await browser?.close();
    await server?.stop();
  });

  it('loads the map with the wards and offers the planner’s tools, not the commander’s', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-map-complete]', { timeout: T });
    await idle(page);
    const names = await page.evaluate(() => (window as any).opsmap.map.queryRenderedFeatures({ layers: ['wards-fill'] }).map((f: any) => f.properties.name));
    expect(new Set(names).size).toBeGreaterThan(5);
    await expect.poll(() => page.locator('[data-testid="tool-place-checkpoints"]').count()).toBe(1);
    expect(await page.locator('[data-testid="tool-place-polling-stations"]').count()).toBe(1);
    expect(await page.locator('[data-testid="tool-draw-zone"]').count()).toBe(1);
    expect(await page.locator('[data-testid="tool-place-incidents"]').count()).toBe(0); // incidents are the commander's
    await expect.poll(() => page.locator('[data-testid="live-state"]').getAttribute('data-state'), { timeout: T }).toBe('open');
    await p.screenshot('planner-1-map-with-tools');
  });

  it('places a checkpoint by clicking the map, after the form names what is missing', async () => {
    // A quiet spot: the middle of the first ward, at street zoom.
    await jumpTo(page, pointOnFeature(wards[0]).geometry.coordinates as [number, number], 16);
    await page.click('[data-testid="tool-place-checkpoints"]');
    await expect.poll(() => page.locator('[data-testid="tool-hint"]').count()).toBe(1);
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const at = { x: box.x + box.width * 0.6, y: box.y + box.height * 0.55 };
    const clicked = await toLngLat(page, at);
    await page.mouse.click(at.x, at.y);
    const form = page.locator('[data-testid="feature-form"][data-layer="checkpoints"]');
    await form.waitFor({ timeout: T });

    // Saving without a name: the contract's own message, nothing sent.
    await form.locator('[data-testid="form-save"]').click();
    await expect.poll(() => form.locator('[data-field="name"]').textContent()).toBe('không được để trống');
    await form.locator('input[name="staff"]').fill('-3');
    await form.locator('[data-testid="form-save"]').click();
    await expect.poll(() => form.locator('[data-field="staff"]').textContent()).toBe('không được là số âm');
    await p.screenshot('planner-2-form-validation');

    await form.locator('input[name="name"]').fill('Chốt thử nghiệm Đông Ngạc');
    await form.locator('select[name="kind"]').selectOption('security');
    await form.locator('select[name="status"]').selectOption('active');
    await form.locator('input[name="staff"]').fill('4');
    await form.locator('[data-testid="form-save"]').click();
    await form.waitFor({ state: 'detached', timeout: T });

    const all = (await api('GET', '/api/collections/checkpoints/items?limit=10000')).body.features as ApiFeature[];
    const made = all.find((f) => f.properties.name === 'Chốt thử nghiệm Đông Ngạc')!;
    expect(made).toBeDefined();
    id = made.id;
    expect(made.properties).toMatchObject({ kind: 'security', status: 'active', staff: 4 });
    expect(await pixelsBetween(page, made.geometry.coordinates, at)).toBeLessThan(1.5);
    // The server derived the ward; the card shows it.
    expect(made.properties.ward_code).toBe(wardAt(clicked));
    await expect.poll(() => page.locator('[data-testid="derived-ward"]').textContent()).toContain(`(${made.properties.ward_code})`);
    await idle(page);
    await p.screenshot('planner-3-checkpoint-placed');
  });

  it('drags the checkpoint; the move is saved with If-Match and its ward follows', async () => {
    const before = await checkpoint();
    // Zoom out so that the drag crosses into another ward.
    await jumpTo(page, before.geometry.coordinates, 14);
    const from = await toScreen(page, before.geometry.coordinates);
    const target = await findOtherWardTarget(page, from, before.properties.ward_code);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + ((target.x - from.x) * i) / 10, from.y + ((target.y - from.y) * i) / 10);
    await page.mouse.up();
    const dropped = await toLngLat(page, target);

    await expect.poll(async () => (await checkpoint()).version, { timeout: T }).toBe(before.version + 1);
    const after = await checkpoint();
    expect(await pixelsBetween(page, after.geometry.coordinates, target)).toBeLessThan(1.5);
    expect(after.properties.ward_code).toBe(wardAt(dropped as [number, number]));
    expect(after.properties.ward_code).not.toBe(before.properties.ward_code);
    expect(after.properties.name).toBe(before.properties.name);
    await expect.poll(() => page.locator('[data-testid="derived-ward"]').textContent()).toContain(`(${after.properties.ward_code})`);
    await idle(page);
    await p.screenshot('planner-4-checkpoint-dragged');
  });

  it('edits and saves the checkpoint, and finds the change after a reload', async () => {
    await page.click('[data-testid="feature-edit"]');
    const form = page.locator('[data-testid="feature-form"][data-layer="checkpoints"]');
    await form.waitFor({ timeout: T });
    expect(await form.locator('input[name="name"]').inputValue()).toBe('Chốt thử nghiệm Đông Ngạc');
    await form.locator('input[name="staff"]').fill('12');
    await form.locator('input[name="hours"]').fill('06:00–22:00');
    await form.locator('[data-testid="form-save"]').click();
    await form.waitFor({ state: 'detached', timeout: T });
    await expect.poll(async () => (await checkpoint()).properties.staff, { timeout: T }).toBe(12);

    await page.reload();
    await page.waitForSelector('body[data-map-complete]', { timeout: T });
    const f = await checkpoint();
    await jumpTo(page, f.geometry.coordinates, 16);
    const at = await toScreen(page, f.geometry.coordinates);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('[data-testid="details-title"]').textContent(), { timeout: T }).toBe('Chốt thử nghiệm Đông Ngạc');
    expect(await page.locator('[data-testid="feature-details"] [data-prop="staff"]').textContent()).toBe('12');
    expect(await page.locator('[data-testid="feature-details"] [data-prop="hours"]').textContent()).toBe('06:00–22:00');
    await p.screenshot('planner-5-after-reload');
  });

  it('deletes the checkpoint after confirmation, and undo brings it back with the same id', async () => {
    await page.click('[data-testid="feature-delete"]');
    await page.click('[data-testid="delete-confirm"]');
    await expect.poll(async () => (await api('GET', `/api/collections/checkpoints/items/${id}`)).status, { timeout: T }).toBe(404);
    await expect.poll(() => page.locator('[data-testid="edit-undo"]').count()).toBe(1);
    await p.screenshot('planner-6-deleted-with-undo');
    await page.click('[data-testid="edit-undo"]');
    await expect.poll(async () => (await api('GET', `/api/collections/checkpoints/items/${id}`)).status, { timeout: T }).toBe(200);
    const back = await checkpoint();
    expect(back.properties).toMatchObject({ name: 'Chốt thử nghiệm Đông Ngạc', staff: 12, hours: '06:00–22:00' });
    await expect.poll(() => page.evaluate((i) => (window as any).opsmap.map.querySourceFeatures('operational', { sourceLayer: 'checkpoints' }).some((f: any) => f.id === i), id), { timeout: T }).toBe(true);
  });

  it('shows a conflict when someone saved the checkpoint meanwhile, and keeps the planner’s change on request', async () => {
    const f = await checkpoint();
    await jumpTo(page, f.geometry.coordinates, 16);
    const at = await toScreen(page, f.geometry.coordinates);
    await page.mouse.click(at.x, at.y);
    await page.click('[data-testid="feature-edit"]', { timeout: T });
    const form = page.locator('[data-testid="feature-form"][data-layer="checkpoints"]');
    await form.locator('textarea[name="notes"]').fill('Ca đêm thêm 2 người');

    // Behind the page's back, the admin renames it.
    const theirs = await api('PATCH', `/api/collections/checkpoints/items/${id}`, { type: 'Feature', properties: { name: 'Chốt Đông Ngạc (đổi tên)' } }, { 'If-Match': `"${f.version}"` });
    expect(theirs.status).toBe(200);

    await form.locator('[data-testid="form-save"]').click();
    const dialog = page.locator('[data-testid="conflict-dialog"]');
    await dialog.waitFor({ timeout: T });
    expect(await dialog.locator('[data-field="name"] .mine').textContent()).toBe('Chốt thử nghiệm Đông Ngạc');
    expect(await dialog.locator('[data-field="name"] .theirs').textContent()).toBe('Chốt Đông Ngạc (đổi tên)');
    await p.screenshot('planner-7-conflict-dialog');
    await dialog.locator('[data-testid="conflict-keep-mine"]').click();
    await dialog.waitFor({ state: 'detached', timeout: T });
    await expect.poll(async () => (await checkpoint()).version, { timeout: T }).toBe(theirs.body.version + 1);
    expect((await checkpoint()).properties).toMatchObject({ name: 'Chốt thử nghiệm Đông Ngạc', notes: 'Ca đêm thêm 2 người' });
    // The one HTTP error of this test is the 412 it provoked.
    const httpErrors = p.errors.filter((e) => /^\d{3} /.test(e));
    expect(httpErrors.every((e) => e.startsWith('412 PUT '))).toBe(true);
  });

  it('draws a quarantine zone by clicking its corners, saves it through the form, then reshapes it', async () => {
    await page.keyboard.press('Escape');
    await page.click('[data-testid="tool-draw-zone"]');
    await expect.poll(() => page.locator('[data-testid="tool-hint"]').count()).toBe(1);
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const cx = box.x + box.width * 0.55;
    const cy = box.y + box.height * 0.5;
    const corners = [
      { x: cx - 100, y: cy - 80 },
      { x: cx + 90, y: cy - 90 },
      { x: cx + 100, y: cy + 90 },
      { x: cx - 90, y: cy + 100 },
    ];
    for (const c of corners) {
      await page.mouse.move(c.x, c.y, { steps: 3 });
      await page.mouse.click(c.x, c.y);
    }
    await page.mouse.move(corners[0].x, corners[0].y, { steps: 3 });
    await page.mouse.click(corners[0].x, corners[0].y); // close the ring
    const form = page.locator('[data-testid="feature-form"][data-layer="quarantine-zones"]');
    await form.waitFor({ timeout: T });
    await form.locator('input[name="name"]').fill('Vùng phong tỏa thử nghiệm');
    await form.locator('select[name="level"]').selectOption('lockdown');
    await form.locator('input[name="starts_on"]').fill('2021-05-20');
    await p.screenshot('planner-8-zone-drawn');
    await form.locator('[data-testid="form-save"]').click();
    await form.waitFor({ state: 'detached', timeout: T });

    const zones = (await api('GET', '/api/collections/quarantine-zones/items?limit=10000')).body.features as ApiFeature[];
    const zone = zones.find((z) => z.properties.name === 'Vùng phong tỏa thử nghiệm')!;
    expect(zone.geometry.type).toBe('Polygon');
    expect(zone.geometry.coordinates[0]).toHaveLength(5);
    // Every clicked corner is a corner of the saved ring (terra-draw may start or wind it its own way).
    const ring = zone.geometry.coordinates[0] as [number, number][];
    for (const c of corners) expect(Math.min(...(await Promise.all(ring.map((v) => pixelsBetween(page, v, c)))))).toBeLessThan(1.5);
    // The click that closed the ring selected nothing beneath it: the new zone is the selection.
    await expect.poll(() => page.locator('[data-testid="details-title"]').textContent()).toBe('Vùng phong tỏa thử nghiệm');
    await idle(page);
    await p.screenshot('planner-9-zone-saved');

    // Reshape: drag one corner, save the shape (a PATCH of the geometry over version 1).
    await page.click('[data-testid="feature-reshape"]');
    await page.locator('[data-testid="reshape-save"]').waitFor({ timeout: T });
    await idle(page);
    const from = corners[1];
    const to = { x: from.x + 40, y: from.y - 30 };
    await page.mouse.move(from.x, from.y, { steps: 3 });
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + (40 * i) / 8, from.y - (30 * i) / 8);
    await page.mouse.up();
    await p.screenshot('planner-10-zone-reshaping');
    await page.click('[data-testid="reshape-save"]');
    await expect.poll(async () => (await api('GET', `/api/collections/quarantine-zones/items/${zone.id}`)).body.version, { timeout: T }).toBe(2);
    const reshaped = (await api('GET', `/api/collections/quarantine-zones/items/${zone.id}`)).body as ApiFeature;
    const ring2 = reshaped.geometry.coordinates[0] as [number, number][];
    expect(Math.min(...(await Promise.all(ring2.map((v) => pixelsBetween(page, v, to)))))).toBeLessThan(3);
    expect(Math.min(...(await Promise.all(ring2.map((v) => pixelsBetween(page, v, from)))))).toBeGreaterThan(20);
    expect(reshaped.properties.name).toBe('Vùng phong tỏa thử nghiệm');
    expect(p.foreignRequests(server.url)).toEqual([]);
    expect(p.errors.filter((e) => !e.startsWith('412 PUT '))).toEqual([]);
  });
});

/** A screen point 120–300 px from `from` that lies in a ward other than `code` (searched on a ring of directions). */
async function findOtherWardTarget(page: Page, from: { x: number; y: number }, code: string) {
  const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
  for (const r of [150, 220, 300])
    for (let a = 0; a < 360; a += 30) {
      const t = { x: from.x + r * Math.cos((a * Math.PI) / 180), y: from.y + r * Math.sin((a * Math.PI) / 180) };
      if (t.x < box.x + 340 || t.x > box.x + box.width - 330 || t.y < box.y + 40 || t.y > box.y + box.height - 40) continue; // clear of the panels
      const ll = await toLngLat(page, t);
      const inWard = await page.evaluate(
        ([x, y]) => {
          const m = (window as any).opsmap.map;
          const pt = m.project([x, y]);
          return m.queryRenderedFeatures(pt, { layers: ['wards-fill'] }).map((f: any) => f.properties.code as string)[0] ?? null;
        },
        ll,
      );
      if (inWard && inWard !== code) return t;
    }
  throw new Error(`no other ward within 300 px of the checkpoint in ward ${code}`);
}
