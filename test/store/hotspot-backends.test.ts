/**
 * Hot spots read the same on SQLite and PostgreSQL: the same incidents imported into both stores
 * give byte-identical answers (hotspotJob reads through the Store, hotspotBody computes), for the
 * coordinates-only read (a time window: `coordinates`) and for reads that look at each point
 * (several categories, a box: `points`). Each backend packs the coordinates its own way (a BLOB of
 * doubles from SQLite, base64 of big-endian pairs from PostgreSQL): not one value may change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkImport } from '../../server/features/bulk.ts';
import { HotspotQuery } from '../../server/routes/analysis.ts';
import { hotspotBody, hotspotJob } from '../../server/workers/hotspot-task.ts';
import { cluster, uniform } from '../fixtures/hotspots/synthetic.ts';
import { stopOwnCluster } from '../support/postgres.ts';
import { storeBackends } from '../support/store-backends.ts';
import type { Store } from '../../server/db/store.ts';

const actor = { name: 'tester', address: '127.0.0.1' };
const CATEGORIES = ['traffic', 'violation', 'public_order'];
const box = { west: 105.74, south: 21.02, east: 105.8, north: 21.08 };
const points = [...uniform(1500, box, 11), ...cluster(700, [105.77, 21.05], 0.003, 12)];
const incidents = points.map(([lon, lat], i) => ({
  type: 'Feature' as const,
  properties: { category: CATEGORIES[i % 3], severity: 1 + (i % 3), occurred_at: `2021-05-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 10}:30:00+07:00` },
  geometry: { type: 'Point' as const, coordinates: [lon, lat] },
}));

const QUERIES = [
  {},
  { datetime: '2021-05-03/2021-05-20' },
  { datetime: '2021-05-03/2021-05-20', category: 'traffic,violation' },
  { bbox: '105.75,21.03,105.79,21.07' },
  { severity: '2' },
];

const backends = storeBackends().filter((b) => !b.skip);
const answers = new Map<string, string[]>();
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  for (const b of backends) {
    const s = await b.open();
    opened.push(s);
    const store: Store = s.store;
    await bulkImport(store, 'incidents', incidents, actor, { source: 'incidents.geojson' });
    const out: string[] = [];
    for (const q of QUERIES) out.push(new TextDecoder().decode(hotspotBody(await hotspotJob(store, HotspotQuery.parse(q), 300_000_000))));
    // The coordinates-only read holds the same points as the columns read.
    const all = await store.features.coordinates('incidents', {});
    const cols = await store.features.points('incidents', {}, [], { ids: false });
    const pairs = (xs: ArrayLike<number>, ys: ArrayLike<number>) => Array.from({ length: xs.length }, (_, i) => `${xs[i]},${ys[i]}`).sort();
    out.push(JSON.stringify(pairs(all.filter((_, i) => i % 2 === 0), all.filter((_, i) => i % 2 === 1))) === JSON.stringify(pairs(cols.lon, cols.lat)) ? 'same points' : 'different points');
    answers.set(b.name, out);
  }
}, 120_000);

afterAll(async () => {
  for (const s of opened) await s.close();
  await stopOwnCluster();
});

describe('hot spots on every backend', () => {
  it('finds hot spots in the planted cluster', () => {
    const whole = JSON.parse(answers.get('SQLite')![0]);
    expect(whole.parameters.n_incidents).toBe(points.length);
    expect(whole.parameters.bin_counts['3']).toBeGreaterThan(0);
    expect(answers.get('SQLite')!.at(-1)).toBe('same points');
  });

  it.skipIf(backends.length < 2)('gives byte-identical answers on PostgreSQL', () => {
    const sqlite = answers.get('SQLite')!;
    const postgres = answers.get('PostgreSQL')!;
    QUERIES.forEach((q, k) => expect(postgres[k], JSON.stringify(q)).toBe(sqlite[k]));
    expect(postgres.at(-1)).toBe('same points');
  });
});
