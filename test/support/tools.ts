/**
 * Tests that need a system tool (Chromium, GDAL, poppler, R) skip with a clear message
 * on a user's machine, and fail under CI=true so that CI always runs everything.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const INSTALL_HINT = 'sudo apt-get install -y chromium gdal-bin poppler-utils r-cran-spdep libsqlite3-mod-spatialite postgresql-15-postgis-3';

function found(tool: string): boolean {
  if (tool.startsWith('/')) return existsSync(tool);
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns true when every tool is present. When one is missing: under CI=true it throws
 * (a missing tool is a failure there); otherwise it prints what is missing and returns false,
 * so the caller can `describe.skipIf(!hasTools(...))`.
 */
export function hasTools(...tools: string[]): boolean {
  const missing = tools.filter((t) => !found(t));
  if (missing.length === 0) return true;
  const msg = `missing system tool(s): ${missing.join(', ')} — install with: ${INSTALL_HINT}`;
  if (process.env.CI === 'true') throw new Error(msg + ' (CI=true: every test must run)');
  console.warn(`SKIPPED: ${msg}`);
  return false;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Real Hanoi data beside the checkout (never copied into the project); OPSMAP_SHARED_DATA for a checkout elsewhere (a git worktree). */
export const SHARED_DATA = process.env.OPSMAP_SHARED_DATA?.replace(/\/?$/, '/') ?? new URL('../../../shared/data/', import.meta.url).pathname;

export function hasSharedData(file: string): boolean {
  if (existsSync(SHARED_DATA + file)) return true;
  console.warn(`SKIPPED: ${SHARED_DATA}${file} is absent; this test uses the real Hanoi data in ../shared/data`);
  return false;
}
