/**
 * The set-up shared by the browser benchmarks: the built client (built if missing), the
 * server as `npm start` runs it, headless Chromium, and the admin's Basic header. Returns
 * without running when Chromium is missing (hasTools says so, or fails under CI=true).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { ROOT, startServer, type RunningServer, type StartOptions } from '../../support/server.ts';
import { CHROMIUM, hasTools } from '../../support/tools.ts';

export async function withAppInBrowser(run: (server: RunningServer, browser: Browser, auth: Record<string, string>) => Promise<void>, env?: Record<string, string>, start?: Pick<StartOptions, 'startMs'>): Promise<void> {
  if (!hasTools(CHROMIUM)) return;
  if (!existsSync(`${ROOT}dist/index.html`)) execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  const server = await startServer({ env, ...start });
  const browser = await launchBrowser();
  try {
    await run(server, browser, { Authorization: 'Basic ' + Buffer.from(`${server.credentials.name}:${server.credentials.password}`).toString('base64') });
  } finally {
    await browser.close();
    await server.stop();
  }
}
