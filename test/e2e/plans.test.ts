/**
 * Polling-station plans and election day in headless Chromium, on the demo data, with several
 * people at once, each in a browser context of their own (own session): planner A fills in a
 * station's plan (forces, a scenario) and approves it, and the readiness board changes; planner
 * B, who had the same plan open and edited it, is told that A saved first and loads A's version;
 * the plan PDF downloads and holds the station, the forces and every scenario with Vietnamese
 * diacritics; the history lists who saved what and restores an older version; and on election
 * day a status report sent from the team's browser appears on the commander's board within a
 * second. Screenshots are saved.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SCENARIOS } from '../../core/plan/scenarios.ts';
import { CHROMIUM, hasTools } from '../support/tools.ts';
import { launchBrowser, openPage, type RecordedPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const T = 60_000;
const OUT = new URL('../output/plans/', import.meta.url).pathname;
const PW = 'tram-lantern-quay-41';
const PLANNER_A = { name: 'planner-a', password: PW };
const PLANNER_B = { name: 'planner-b', password: PW };
const COMMANDER = { name: 'commander-day', password: PW };
const TEAM = { name: 'team-kv', password: PW };

interface Row {
  station_id: number;
  code: string;
  name: string;
  level: string;
  gaps: { code: string }[];
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

describe.skipIf(!hasTools(CHROMIUM, 'pdftotext'))('polling-station plans and election day in the browser', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: RecordedPage[] = [];
  let admin: Record<string, string>;
  let station: Row;
  let teamStation: Row;

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, { method, headers: { ...admin, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  };

  async function open(who: { name: string; password: string }, hash = ''): Promise<RecordedPage> {
    const p = await openPage(browser, { width: 1400, height: 900, signIn: { url: server.url, ...who } });
    pages.push(p);
    await p.page.goto(server.url + hash);
    await p.page.waitForSelector('body[data-map-complete]', { timeout: T });
    return p;
  }

  /** Through the readiness board: find the station by code, click its row (the map flies there and its details open). */
  async function pickOnBoard(page: Page, code: string) {
    if ((await page.getByTestId('readiness-board').count()) === 0) await page.getByTestId('open-readiness').click();
    await page.waitForSelector('[data-testid="readiness-board"][data-loading="false"]', { timeout: T });
    await page.getByTestId('board-search').fill(code);
    const row = page.locator('[data-testid="board-row"]', { hasText: code }).first();
    const id = await row.getAttribute('data-station');
    await row.click();
    // The details of THIS station: those of the one picked before stay until the click is handled.
    await page.waitForSelector(`[data-testid="feature-details"][data-layer="polling-stations"][data-id="${id}"] [data-testid="open-plan"]`, { timeout: T });
  }

  async function openPlan(page: Page, code: string) {
    await pickOnBoard(page, code);
    await page.getByTestId('open-plan').click();
    await page.waitForSelector('[data-testid="plan-editor"][data-version]:not([data-version=""])', { timeout: T });
  }

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startServer();
    admin = { Authorization: 'Basic ' + Buffer.from(`${server.credentials.name}:${server.credentials.password}`).toString('base64') };
    const board = (await api('GET', '/api/readiness')).body as { rows: Row[] };
    // Two stations with no forces yet; the team reports for the second.
    const open = board.rows.filter((r) => r.gaps.some((g) => g.code === 'no_forces')).sort((a, b) => a.code.localeCompare(b.code));
    [station, teamStation] = [open[0], open[1]];
    for (const [u, role] of [[PLANNER_A, 'planner'], [PLANNER_B, 'planner'], [COMMANDER, 'commander']] as const) expect((await api('POST', '/api/admin/users', { ...u, role })).status).toBe(201);
    expect((await api('POST', '/api/admin/users', { ...TEAM, role: 'team', scope: { stations: [teamStation.station_id] } })).status).toBe(201);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  let a: RecordedPage;
  let b: RecordedPage;

  it('planner A fills in a station’s plan and approves it; the readiness board changes', async () => {
    a = await open(PLANNER_A);
    b = await open(PLANNER_B);
    const pa = a.page;
    await pickOnBoard(pa, station.code);
    const row = pa.locator(`[data-testid="board-row"][data-station="${station.station_id}"]`);
    expect(await row.getAttribute('data-level')).toBe('gaps');
    expect(await row.locator('[data-gap="no_forces"]').count()).toBe(1);
    await pa.getByTestId('open-plan').click();
    await pa.waitForSelector('[data-testid="plan-editor"][data-version="0"]', { timeout: T });

    // Planner B opens the same plan and starts editing it, before A saves.
    await openPlan(b.page, station.code);
    await b.page.getByTestId('add-force').click();
    await b.page.locator('[data-testid="force-row"] [data-field="unit"]').fill('Dân quân tự vệ phường');
    await b.page.locator('[data-testid="force-row"] [data-field="headcount"]').fill('3');
    expect(await b.page.getByTestId('plan-editor').getAttribute('data-dirty')).toBe('true');

    // A: two units, and the fever scenario's response made local.
    const addForce = async (unit: string, kind: string, leader: string, phone: string, headcount: string, shift: string) => {
      await pa.getByTestId('add-force').click();
      const f = pa.locator('[data-testid="force-row"]').last();
      await f.locator('[data-field="unit"]').fill(unit);
      await f.locator('[data-field="kind"]').selectOption(kind);
      await f.locator('[data-field="leader"]').fill(leader);
      await f.locator('[data-field="phone"]').fill(phone);
      await f.locator('[data-field="headcount"]').fill(headcount);
      await f.locator('[data-field="shift"]').fill(shift);
    };
    await addForce('Công an phường', 'police', 'Nguyễn Văn Đức', '0912 345 678', '6', '06:00–19:00');
    await addForce('Trạm y tế phường', 'medical', 'Trần Thị Hương', '0987 654 321', '2', 'cả ngày');
    expect(await pa.getByTestId('force-total').innerText()).toContain('8');
    await pa.locator('[data-field="entrances"]').fill('Cổng chính phố Tân Xuân vào, cổng phụ ra; luồng một chiều.');
    await pa.getByTestId('plan-tab-scenarios').click();
    const fever = pa.locator('[data-scenario="fever_at_door"]');
    await fever.locator('summary').click();
    const response = fever.locator('[data-field="response"]');
    await response.fill((await response.inputValue()) + ' Gọi bác sĩ Hương (0987 654 321).');
    await a.screenshot('plans-1-editor-scenarios');
    await pa.getByTestId('plan-approve').click();
    await pa.waitForSelector('[data-testid="plan-editor"][data-status="approved"][data-version="1"]', { timeout: T });
    expect(await pa.getByTestId('plan-approved-by').innerText()).toContain('planner-a');

    // The board follows: no gap about forces or approval for this station any more.
    await expect
      .poll(async () => row.locator('[data-gap="no_forces"], [data-gap="not_approved"]').count(), { timeout: 10_000 })
      .toBe(0);
    expect(await row.locator('td').nth(5).innerText()).toBe('8');
    await pa.getByTestId('plan-tab-derived').click();
    await pa.waitForSelector('[data-testid="plan-facilities"]');
    await a.screenshot('plans-2-approved-board');

    // The same screens in English, then back.
    await pa.getByTestId('lang-en').click();
    expect(await pa.getByTestId('readiness-board').getAttribute('aria-label')).toBe('Readiness of the polling stations');
    expect(await pa.getByTestId('plan-editor').locator('.kicker').innerText()).toMatch(/polling-station security plan/i);
    expect(await pa.getByTestId('plan-facilities').innerText()).toContain('Hospital or clinic');
    await a.screenshot('plans-2b-english');
    await pa.getByTestId('lang-vi').click();
  });

  it('planner B, who edited the same version, is told A saved first and loads A’s version', async () => {
    const pb = b.page;
    await pb.getByTestId('plan-save').click();
    const conflict = pb.getByTestId('plan-conflict');
    await conflict.waitFor({ timeout: T });
    expect(await conflict.innerText()).toContain('planner-a đã lưu kế hoạch này trước bạn (phiên bản 1)');
    await b.screenshot('plans-3-conflict');
    await pb.getByTestId('plan-reload').click();
    await pb.waitForSelector('[data-testid="plan-editor"][data-version="1"][data-status="approved"]', { timeout: T });
    const units = await pb.locator('[data-testid="force-row"] [data-field="unit"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(units).toEqual(['Công an phường', 'Trạm y tế phường']);
    expect(await pb.getByTestId('plan-conflict').count()).toBe(0);
  });

  it('the plan PDF downloads and holds the station, the forces and every scenario', async () => {
    const pa = a.page;
    const [download] = await Promise.all([pa.waitForEvent('download', { timeout: T }), pa.getByTestId('plan-print').click()]);
    const file = `${OUT}plan-${station.code}.pdf`;
    await download.saveAs(file);
    const text = squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
    expect(text).toContain(squash(station.name));
    for (const s of ['Công an phường', 'Nguyễn Văn Đức', '0912 345 678', 'Trạm y tế phường', 'Trần Thị Hương']) expect(text).toContain(s);
    for (const s of SCENARIOS) expect(text).toContain(squash(s.title.vi));
    expect(text).toContain('Gọi bác sĩ Hương');
  });

  it('the history lists who saved each version, and an older version can be restored', async () => {
    // B changes A's plan (version 2); A, reading the history, brings back version 1 (version 3).
    const pb = b.page;
    await pb.locator('[data-testid="force-row"] [data-field="headcount"]').first().fill('4');
    await pb.getByTestId('plan-save').click();
    await pb.waitForSelector('[data-testid="plan-editor"][data-version="2"]', { timeout: T });
    const pa = a.page;
    await pa.getByTestId('plan-tab-history').click();
    const v2 = pa.locator('[data-testid="plan-history"] li[data-version="2"]');
    await v2.waitFor({ timeout: T }); // A's open editor took B's save live: nothing was being edited there
    expect(await v2.innerText()).toContain('planner-b');
    const v1 = pa.locator('[data-testid="plan-history"] li[data-version="1"]');
    expect(await v1.innerText()).toContain('planner-a');
    await a.screenshot('plans-3b-history');
    await v1.getByTestId('restore-version').click();
    await pa.waitForSelector('[data-testid="plan-editor"][data-version="3"]', { timeout: T });
    expect(await pa.locator('[data-testid="plan-history"] li[data-version="3"]').innerText()).toContain('khôi phục');
    await pa.getByTestId('plan-tab-forces').click();
    expect(await pa.getByTestId('force-total').innerText()).toContain('8');
  });

  it('a status report from the team’s browser appears on the commander’s election-day board within a second', async () => {
    const c = await open(COMMANDER, '#mode=command');
    const pc = c.page;
    await pc.waitForSelector('[data-testid="election-day"][data-live="true"]:not([data-answers="0"])', { timeout: T });
    const openBefore = Number(await pc.locator('[data-testid="day-counts"] [data-status="open"]').getAttribute('data-count'));

    const t = await open(TEAM);
    const pt = t.page;
    await pickOnBoard(pt, teamStation.code);
    const form = pt.getByTestId('report-form');
    await form.waitFor({ timeout: T });
    await pt.getByTestId('report-time').fill('07:00');
    await pt.getByTestId('report-status').selectOption('open');
    const [res] = await Promise.all([pt.waitForResponse((r) => r.url().endsWith(`/polling-stations/${teamStation.station_id}/reports`) && r.request().method() === 'POST'), pt.getByTestId('report-send-status').click()]);
    expect(res.status()).toBe(201);

    // Within a second of the answer: counted as open, listed, and on the timeline.
    await pc.waitForSelector(`[data-testid="day-counts"] [data-status="open"][data-count="${openBefore + 1}"]`, { timeout: 1000 });
    await pc.waitForSelector(`[data-testid="day-stations"] li[data-station="${teamStation.station_id}"][data-status="open"]`, { timeout: 1000 });
    expect(await pc.locator('[data-testid="day-timeline"] li').first().innerText()).toContain(teamStation.code);
    await t.screenshot('plans-4-team-report');
    await c.screenshot('plans-5-commander-election-day');

    // The team may not report for a station that is not its own: the form is not offered there.
    await pickOnBoard(pt, station.code);
    expect(await pt.getByTestId('report-form').count()).toBe(0);
  });

  it('no page error in any browser', () => {
    for (const p of pages) expect(p.errors.filter((e) => !/\b(412|409)\b/.test(e))).toEqual([]);
  });
});
