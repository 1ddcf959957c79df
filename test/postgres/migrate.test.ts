/** The PostgreSQL schema: migrations apply once, even with several servers starting together. */
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/postgres/migrate.ts';
import { openPool } from '../../server/db/postgres/pool.ts';
import { hasPostgres, stopOwnCluster, testDatabase } from '../support/postgres.ts';

describe.skipIf(!hasPostgres())('PostgreSQL migrations', () => {
  afterAll(stopOwnCluster);

  it('three servers migrating one fresh database at once apply each migration exactly once', async () => {
    const db = await testDatabase();
    const pools = [openPool(db.url), openPool(db.url), openPool(db.url)];
    try {
      const applied = await Promise.all(pools.map((p) => migrate(p)));
      expect(applied.flat().sort()).toEqual(readdirSync(new URL('../../server/db/postgres/migrations', import.meta.url)).filter((f) => f.endsWith('.sql')).sort());
      expect(await migrate(pools[0])).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await db.drop();
    }
  });

  it('derives the PostGIS geometry from the stored GeoJSON, in SRID 4326, behind a per-layer GiST index', async () => {
    const db = await testDatabase();
    const pool = openPool(db.url);
    try {
      await migrate(pool);
      const geometry = JSON.stringify({ type: 'Point', coordinates: [105.8, 21.03] });
      await pool.query(
        `INSERT INTO features (collection, properties, geometry, minx, miny, maxx, maxy, created_at, updated_at) VALUES ('incidents', '{}', $1, 105.8, 21.03, 105.8, 21.03, 'x', 'x')`,
        [geometry],
      );
      const r = await pool.query('SELECT ST_SRID(geom) AS srid, ST_X(geom) AS x, ST_Y(geom) AS y, count(*) OVER () AS n FROM features');
      expect(r.rows[0]).toEqual({ srid: 4326, x: 105.8, y: 21.03, n: 1 }); // n: int8 parsed as a number
      await pool.query('SET enable_seqscan = off');
      const plan = await pool.query(`EXPLAIN SELECT id FROM features WHERE collection = 'incidents' AND geom && ST_MakeEnvelope(105, 21, 106, 22, 4326)`);
      expect(plan.rows.map((x) => x['QUERY PLAN']).join('\n')).toContain('features_geom_incidents');
    } finally {
      await pool.end();
      await db.drop();
    }
  });
});
