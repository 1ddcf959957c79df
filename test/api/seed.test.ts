/** First start: an empty database is filled with the demo scenario once, and says it is demo data. */
import { afterEach, describe, expect, it } from 'vitest';
import { isEmpty, seedDemo } from '../../server/seed.ts';
import { makeTestApp, type TestApp, onSqlite } from '../support/app.ts';

let t: TestApp;
afterEach(() => t.close());

describe.skipIf(!onSqlite)('demo seed', () => {
  it('fills an empty database once, with every layer, and labels the data as generated', async () => {
    t = makeTestApp();
    expect(await isEmpty(t.store)).toBe(true);
    const counts = await seedDemo(t.store);
    expect(counts.wards).toBe(23);
    expect(counts.checkpoints).toBeGreaterThan(30);
    expect(counts['polling-stations']).toBeGreaterThan(100);
    expect(counts.incidents).toBeGreaterThan(2000);
    expect(await isEmpty(t.store)).toBe(false);

    const wards = await (await t.req('/api/collections/wards/items?limit=100')).json();
    expect(wards.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(expect.arrayContaining(['Phường Cổ Nhuế 1', 'Phường Xuân Đỉnh', 'Phường Mỹ Đình 2']));
    const col = await (await t.req('/api/collections/wards')).json();
    expect(col.description).toMatch(/approximate/);

    // Every point got its ward from the seeded wards.
    const unassigned = t.db.sqlite.prepare("SELECT count(*) AS n FROM features WHERE collection IN ('checkpoints','polling-stations','incidents') AND json_extract(properties, '$.ward_code') IS NULL").get() as { n: number };
    expect(unassigned.n).toBe(0);
  });

  it('is the same scenario for the same seed', async () => {
    t = makeTestApp();
    await seedDemo(t.store);
    const first = t.db.sqlite.prepare("SELECT properties, geometry FROM features WHERE collection = 'checkpoints' ORDER BY id").all();
    const other = makeTestApp();
    try {
      await seedDemo(other.store);
      expect(other.db.sqlite.prepare("SELECT properties, geometry FROM features WHERE collection = 'checkpoints' ORDER BY id").all()).toEqual(first);
    } finally {
      other.close();
    }
  });
});
