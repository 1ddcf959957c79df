import { defineConfig } from 'vitest/config';
import { hasPostgres } from './test/support/postgres.ts';

// `npm run test:postgres` runs the API suite again on PostgreSQL (OPSMAP_TEST_BACKEND=postgres);
// without PostgreSQL it runs nothing and says why (under CI=true hasPostgres throws instead).
const onPostgres = process.env.OPSMAP_TEST_BACKEND === 'postgres';

export default defineConfig({
  test: {
    include: onPostgres && !hasPostgres() ? [] : ['core/**/*.test.ts', 'server/**/*.test.ts', 'data/**/*.test.ts', 'test/**/*.test.ts', 'client/**/*.test.ts'],
    passWithNoTests: onPostgres,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
