/**
 * Headless Chromium for end-to-end tests: the system browser driven by playwright-core, WebGL
 * through SwiftShader, every request the page makes recorded (so a test can prove that nothing
 * leaves the server's origin), screenshots saved under test/output/screenshots/ for a person to see.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './tools.ts';

export const SCREENSHOT_DIR = new URL('../output/screenshots/', import.meta.url).pathname;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface RecordedPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page asked for, in order (documents, scripts, fonts, workers, fetches). */
  requests: string[];
  /** Errors thrown in the page, console errors and HTTP errors, to fail tests on a broken client. */
  errors: string[];
  /** Requests whose origin is not `origin`. */
  foreignRequests(origin: string): string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenOptions {
  width?: number;
  height?: number;
  locale?: string;
  /** Sign in before the page opens (the session cookie is shared by the whole context). */
  signIn?: { url: string; name: string; password: string };
}

export async function openPage(browser: Browser, opts: OpenOptions = {}): Promise<RecordedPage> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 }, locale: opts.locale ?? 'vi-VN' });
  if (opts.signIn) {
    const { url, name, password } = opts.signIn;
    const res = await context.request.post(`${url}/api/auth/login`, { data: { name, password } });
    if (!res.ok()) throw new Error(`sign-in as ${name} failed: ${res.status()} ${await res.text()}`);
  }
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  // Context-level so requests from workers (MapLibre's tile worker) are seen too.
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  // A failed load is reported with its URL (the console message alone does not name it).
  context.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  return {
    page,
    context,
    requests,
    errors,
    foreignRequests(origin: string) {
      return requests.filter((u) => {
        if (u.startsWith('data:') || u.startsWith('blob:')) return false;
        try {
          return new URL(u).origin !== origin;
        } catch {
          return true;
        }
      });
    },
    async screenshot(name: string) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = `${SCREENSHOT_DIR}${name}.png`;
      await page.screenshot({ path });
      return path;
    },
    close: () => context.close(),
  };
}

/** Wait until the map (the app's `window.opsmap`) has stopped moving and drawn everything it has. */
export async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const m = (window as unknown as { opsmap: { map: { once(e: string, f: () => void): void; triggerRepaint(): void } } }).opsmap.map;
        m.once('idle', () => resolve());
        m.triggerRepaint();
      }),
  );
}
