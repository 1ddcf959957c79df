/**
 * Builds the client once per test run when an end-to-end test is going to need it,
 * so e2e tests drive the same dist/ that `npm start` serves.
 */
import { execFileSync } from 'node:child_process';

export default function setup() {
  if (process.env.OPSMAP_SKIP_BUILD === '1') return;
  const wantsE2E = process.argv.some((a) => a.includes('e2e')) || !process.argv.slice(2).some((a) => a.endsWith('.ts') || a.includes('/'));
  if (!wantsE2E) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
