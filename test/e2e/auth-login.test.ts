/**
 * Signing in through the browser: the sign-in screen loads without an account, shows the
 * server's reason on a wrong password, and after sign-in the map renders under the strict
 * Content-Security-Policy (MapLibre's worker included) with no CSP violation; signing out
 * brings the screen back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CHROMIUM, hasTools } from '../support/tools.ts';
import { launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';

describe.skipIf(!hasTools(CHROMIUM))('signing in in the browser', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the sign-in screen, the reason for a failure, then the map under the CSP', async () => {
    const p = await openPage(browser, { locale: 'en-GB' });
    try {
      const csp: string[] = [];
      p.page.on('console', (m) => /Content.Security.Policy|Refused to/i.test(m.text()) && csp.push(m.text()));
      const main = await p.page.goto(server.url);
      expect(main!.headers()['content-security-policy']).toContain("script-src 'self'");
      await p.page.waitForSelector('[data-testid=login]');

      await p.page.fill('[data-testid=login-name]', server.credentials.name);
      await p.page.fill('[data-testid=login-password]', 'not the password');
      await p.page.click('[data-testid=login-submit]');
      await expect.poll(() => p.page.textContent('[data-testid=login-error]')).toBe('Wrong user name or password.');

      await p.page.fill('[data-testid=login-password]', server.credentials.password);
      await p.page.click('[data-testid=login-submit]');
      await p.page.waitForSelector('body[data-map-complete]', { timeout: 60_000 });
      const rendered = await p.page.evaluate(() => (window as any).opsmap.map.queryRenderedFeatures().length as number);
      expect(rendered).toBeGreaterThan(0);
      expect(csp).toEqual([]);
      expect(p.errors.filter((e) => !/401/.test(e))).toEqual([]);
      await p.screenshot('auth-after-sign-in');

      const cookies = await p.context.cookies();
      expect(cookies.find((c) => c.name === 'opsmap_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      // The page's scripts cannot read the session cookie.
      expect(await p.page.evaluate(() => document.cookie)).not.toContain('opsmap_session');
    } finally {
      await p.close();
    }
  });

  it('a write from the page carries the CSRF token; after sign-out the sign-in screen returns', async () => {
    const p = await openPage(browser, { signIn: { url: server.url, name: server.credentials.name, password: server.credentials.password } });
    try {
      await p.page.goto(server.url);
      await p.page.waitForSelector('body[data-map-complete]', { timeout: 60_000 });
      const status = await p.page.evaluate(async () => {
        const me = await (await fetch('/api/auth/me')).json();
        const withToken = await fetch('/api/auth/tokens', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: '{"name":"from the page"}' });
        const without = await fetch('/api/auth/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"forged"}' });
        await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
        return [withToken.status, without.status];
      });
      expect(status).toEqual([201, 403]);
      await p.page.reload();
      await p.page.waitForSelector('[data-testid=login]');
    } finally {
      await p.close();
    }
  });
});
