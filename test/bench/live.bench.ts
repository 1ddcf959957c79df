/**
 * Live update latency, API write → browser, on the demo data in headless Chromium (issue 5
 * target: median under 200 ms). Each of WRITES incidents is created with a POST from Node; the
 * page stamps, on the same machine clock (Date.now()):
 *   - event:   the Server-Sent Event naming the change reaches an EventSource in the page;
 *   - screen:  the commander's summary counts the new incident (the app reloaded the layer);
 *   - drawn:   the first frame that draws the new incident on the incidents layer.
 * Measured twice, on the planner's map and on the commander's view (which also recomputes its
 * hot spot views on each change). Baselines in the same run: the POST as Node sees it, and a
 * plain fetch round-trip from the page to the same server (GET of one incident).
 */
import { cpus, loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { openPage } from '../support/browser.ts';
import type { RunningServer } from '../support/server.ts';
import { withAppInBrowser } from './support/app-in-browser.ts';
import { median, percentile } from './support/percentile.ts';

const WRITES = 30;
const fmt = (xs: number[]) => (xs.length ? `median ${median(xs).toFixed(0).padStart(4)} ms, p90 ${percentile(xs, 0.9).toFixed(0).padStart(4)} ms` : '–');

// In the page as a string: tsx would wrap inner functions in a naming helper the page lacks.
const STAMPS = `(() => {
  const w = window;
  w.stamps = { open: false, event: new Map(), screen: new Map(), drawn: new Map() };
  const es = new EventSource('/api/live');
  es.addEventListener('hello', () => (w.stamps.open = true));
  es.addEventListener('change', (e) => {
    for (const c of JSON.parse(e.data)) if (c.collection === 'incidents') w.stamps.event.set(c.id, Date.now());
  });
  const summary = document.querySelector('[data-testid="commander-summary"]');
  if (summary) new MutationObserver(() => w.stamps.screen.set(Number(summary.dataset.total), Date.now())).observe(summary, { attributes: true, attributeFilter: ['data-total'] });
  w.watchDrawn = (id) => {
    const m = w.opsmap.map;
    // Every frame until the incident is in it (idle would also wait for the hot spot views).
    const check = () => {
      if (!m.queryRenderedFeatures({ layers: ['incidents-circle'], filter: ['==', ['id'], id] }).length) return;
      w.stamps.drawn.set(id, Date.now());
      m.off('render', check);
    };
    m.on('render', check);
  };
})()`;

async function measure(server: RunningServer, browser: Browser, auth: Record<string, string>, mode: 'plan' | 'command', first: number) {
  const p = await openPage(browser, { width: 1280, height: 800, signIn: { url: server.url, ...server.credentials } });
  const page = p.page;
  const out = { post: [] as number[], event: [] as number[], screen: [] as number[], drawn: [] as number[], rtt: [] as number[] };
  try {
    await page.goto(`${server.url}/#map=12/21.045/105.765&layers=wards,checkpoints,quarantine-zones,polling-stations,incidents${mode === 'command' ? '&mode=command' : ''}`);
    await page.waitForSelector('body[data-map-complete]', { timeout: 60_000 });
    let before = 0;
    if (mode === 'command') {
      // The election week, so each new incident (dated 23 May) is counted.
      await page.locator('[data-testid="time-slider"]').fill('22');
      await page.waitForSelector('[data-testid="commander-panel"][data-loading="false"]', { timeout: 60_000 });
      before = Number(await page.locator('[data-testid="commander-summary"]').getAttribute('data-total'));
    }
    await page.waitForFunction(() => document.querySelector('[data-testid="live-state"]')?.getAttribute('data-state') === 'open', null, { timeout: 60_000 });
    await page.evaluate(STAMPS);
    await page.waitForFunction(() => (window as any).stamps.open, null, { timeout: 60_000 });

    for (let i = 0; i < WRITES; i++) {
      const t0 = Date.now();
      const r = await fetch(`${server.url}/api/collections/incidents/items`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [105.77 + (first + i) * 0.0004, 21.06] },
          properties: { category: 'public_order', occurred_at: '2021-05-23T10:00:00+07:00', severity: 1, description: `bench ${mode} ${i}` },
        }),
      });
      out.post.push(Date.now() - t0);
      if (r.status !== 201) throw new Error(`POST failed: ${r.status} ${await r.text()}`);
      const id = (await r.json()).id as number;
      await page.evaluate((fid) => (window as any).watchDrawn(fid), id);
      const want = before + i + 1;
      await page.waitForFunction(
        ([n, fid, cmd]) => (!cmd || (window as any).stamps.screen.has(n)) && (window as any).stamps.drawn.has(fid) && (window as any).stamps.event.has(fid),
        [want, id, mode === 'command'] as const,
        { timeout: 20_000 },
      );
      const s = await page.evaluate(([n, fid]) => ({ event: (window as any).stamps.event.get(fid), screen: (window as any).stamps.screen.get(n), drawn: (window as any).stamps.drawn.get(fid) }), [want, id] as const);
      out.event.push(s.event - t0);
      if (mode === 'command') out.screen.push(s.screen - t0);
      out.drawn.push(s.drawn - t0);
      // Writes spaced out, as people make them: each measured alone, not batched by the debounce.
      await new Promise((r) => setTimeout(r, 400));
    }
    for (let i = 0; i < WRITES; i++)
      out.rtt.push(
        await page.evaluate(async () => {
          const t = performance.now();
          await (await fetch('/api/collections/incidents/items?limit=1')).text();
          return performance.now() - t;
        }),
      );
  } finally {
    await p.close();
  }
  return out;
}

export async function bench(): Promise<void> {
  await withAppInBrowser(async (server, browser, auth) => {
    for (const mode of ['plan', 'command'] as const) {
      const r = await measure(server, browser, auth, mode, mode === 'plan' ? 0 : WRITES);
      const rtt = median(r.rtt);
      const x = (xs: number[]) => (xs.length ? `  (${(median(xs) / rtt).toFixed(1)}× a round-trip)` : '');
      console.log(`${mode === 'plan' ? 'planner’s map' : 'commander’s view'}: ${WRITES} incidents created one at a time; load average ${loadavg().map((v) => v.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
      console.log(`  baseline, page fetch round-trip (GET 1 item): ${fmt(r.rtt)}`);
      console.log(`  baseline, the POST as Node sees it:           ${fmt(r.post)}`);
      console.log(`  write → SSE event in the page:                ${fmt(r.event)}${x(r.event)}`);
      if (r.screen.length) console.log(`  write → commander’s summary counts it:        ${fmt(r.screen)}${x(r.screen)}`);
      const m = median(r.drawn);
      console.log(`  write → drawn on the open map:                ${fmt(r.drawn)}${x(r.drawn)}  target < 200 ms: ${m < 200 ? 'met' : 'NOT met'}`);
    }
  });
}
