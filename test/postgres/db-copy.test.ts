/** npm run db:copy: a SQLite database moved into PostgreSQL answers the same, and keeps counting ids on. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYER_IDS } from '../../core/layers.ts';
import { generateDemo } from '../../data/demo/generate.ts';
import { openPostgresStore } from '../../server/db/postgres/store.ts';
import { openSqliteStore } from '../../server/db/sqlite/store.ts';
import { createFeature, deleteFeature, importFeatures, patchFeature } from '../../server/features/edit.ts';
import { hasPostgres, stopOwnCluster, testDatabase } from '../support/postgres.ts';
import { ROOT } from '../support/server.ts';

const run = promisify(execFile);
const actor = { name: 'seed', address: null };

describe.skipIf(!hasPostgres())('npm run db:copy', () => {
  afterAll(stopOwnCluster);

  it('copies features, history, users, tokens, settings and reference layers; counts match; new ids follow the copied ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsmap-copy-'));
    const file = join(dir, 'opsmap.sqlite');
    const src = openSqliteStore(file);
    const demo = generateDemo(7);
    for (const layer of LAYER_IDS) await importFeatures(src, layer, demo[layer].features, actor);
    const cp = (await src.features.list('checkpoints', { limit: 1 })).rows[0];
    await patchFeature(src, 'checkpoints', cp.id, { properties: { staff: 11 } }, cp.version, actor);
    const gone = await createFeature(src, 'checkpoints', { type: 'Feature', properties: { name: 'Tạm', kind: 'traffic', status: 'active', staff: 1, hours: '24/7' }, geometry: { type: 'Point', coordinates: [105.8, 21.03] } }, actor);
    await deleteFeature(src, 'checkpoints', gone.id, 1, actor);
    const u = await src.accounts.users.create({ name: 'lan', passwordHash: 'scrypt$x', role: 'planner', scope: '{"wards":["00611"]}' });
    await src.accounts.tokens.create({ userId: u.id, name: 'qgis', tokenHash: 'abc', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: null });
    await src.settings.set('seeded', { seed: 7 });
    await src.reference.import('roads', [{ type: 'Feature', properties: { name: 'Đường Láng' }, geometry: { type: 'LineString', coordinates: [[105.8, 21], [105.81, 21.01]] } }]);
    const expected = {
      checkpoints: await src.features.list('checkpoints'),
      wards: await src.features.list('wards'),
      history: await src.history.log(),
      users: await src.accounts.users.list(),
    };
    await src.close();

    const db = await testDatabase();
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/db-copy.ts'), '--from', file, '--to', db.url], { cwd: ROOT });
      expect(stdout).toContain('All counts match.');
      expect(stdout).toMatch(/features: checkpoints\s+\d+\s+\d+/);
      const pg = await openPostgresStore(db.url);
      try {
        expect(await pg.features.list('checkpoints')).toEqual(expected.checkpoints);
        expect(await pg.features.list('wards')).toEqual(expected.wards);
        expect(await pg.history.log()).toEqual(expected.history);
        expect(await pg.accounts.users.list()).toEqual(expected.users);
        expect((await pg.accounts.tokens.find('abc'))?.user.name).toBe('lan');
        expect(await pg.settings.get('seeded')).toEqual({ seed: 7 });
        expect((await pg.reference.read('roads')).length).toBe(1);
        const next = await createFeature(pg, 'checkpoints', { type: 'Feature', properties: { name: 'Mới', kind: 'traffic', status: 'active', staff: 1, hours: '24/7' }, geometry: { type: 'Point', coordinates: [105.8, 21.03] } }, actor);
        expect(next.id).toBeGreaterThan(gone.id); // a deleted feature's id is never handed out again
        expect((await pg.accounts.users.create({ name: 'an', passwordHash: 'h', role: 'viewer', scope: null })).id).toBeGreaterThan(u.id);
      } finally {
        await pg.close();
      }
      // A second copy into the same database is refused: it is not empty any more.
      const again = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'server/cli/db-copy.ts'), '--from', file, '--to', db.url], { cwd: ROOT }).catch((e) => e);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('not empty');
    } finally {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
