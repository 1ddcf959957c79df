/**
 * Once per test run: builds the client when an end-to-end test is going to need it, so e2e
 * tests drive the same dist/ that `npm start` serves; and, for the run of the API suite on
 * PostgreSQL (OPSMAP_TEST_BACKEND=postgres), starts the one throwaway cluster every test file
 * makes its databases on (test files run alone start their own).
 */
import { execFileSync } from 'node:child_process';
import { hasPostgres, makeMigratedTemplate, startCluster } from './postgres.ts';

export default async function setup() {
  let teardown: (() => Promise<void>) | undefined;
  if (process.env.OPSMAP_TEST_BACKEND === 'postgres' && !process.env.OPSMAP_TEST_PG_ADMIN && hasPostgres()) {
    const cluster = await startCluster();
    await makeMigratedTemplate(cluster.adminUrl);
    process.env.OPSMAP_TEST_PG_ADMIN = cluster.adminUrl; // inherited by the test workers
    teardown = () => cluster.stop();
  }
  if (process.env.OPSMAP_SKIP_BUILD !== '1') {
    const wantsE2E = process.argv.some((a) => a.includes('e2e')) || !process.argv.slice(2).some((a) => a.endsWith('.ts') || a.includes('/'));
    if (wantsE2E) execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  }
  return teardown;
}
