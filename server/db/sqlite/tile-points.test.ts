/**
 * A box's points read through the tile key's index (features_tile_points): exactly the points in
 * the box, edges included, in id order, up to the limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFeatures } from '../../features/edit.ts';
import { openDatabase, type Db } from '../open.ts';
import type { Bbox } from '../store.ts';
import { pointColumns } from './feature-queries.ts';
import { sqliteStore } from './store.ts';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsmap-tile-points-'));
  db = openDatabase(join(dir, 'a.sqlite'));
});
afterEach(() => {
  db.sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('points by tile key (SQLite)', () => {
  it('are the points of the box, edges included, in id order', async () => {
    let seed = 5;
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const points = Array.from({ length: 2000 }, (_, i) => [105.78 + r() * 0.04, 21.0 + r() * 0.04, i] as const);
    const features = points.map(([x, y, i]) => ({
      type: 'Feature',
      properties: { category: ['traffic', 'violation'][i % 2], occurred_at: `2021-05-0${1 + (i % 9)}T10:00:00+07:00`, severity: 1 + (i % 3) },
      geometry: { type: 'Point', coordinates: [x, y] },
    }));
    const { ids } = await importFeatures(sqliteStore(db), 'incidents', features, { name: 't', address: null });
    // a box whose west and south edges pass through points
    const [w, s] = [points.find(([x]) => x > 105.785 && x < 105.795)![0], points.find(([, y]) => y > 21.005 && y < 21.015)![1]];
    const box: Bbox = [w, s, w + 0.013, s + 0.011];
    const inside = points.map((p, k) => ({ p, id: ids[k] })).filter(({ p: [x, y] }) => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]);
    expect(inside.length).toBeGreaterThan(100);
    const props = ['category', 'day', 'severity'];
    const here = await pointColumns(db, 'incidents', { bbox: box }, props);
    expect(here.ids).toEqual(inside.map((x) => x.id));
    expect([...here.lon]).toEqual(inside.map((x) => x.p[0]));
    expect([...here.lat]).toEqual(inside.map((x) => x.p[1]));
    expect(here.values.severity).toEqual(inside.map((x) => 1 + (x.p[2] % 3)));
    expect(here.values.day).toEqual(inside.map((x) => `2021-05-0${1 + (x.p[2] % 9)}`));
    // with a limit: that many, still in id order
    const some = await pointColumns(db, 'incidents', { bbox: box }, props, { limit: 50 });
    expect(some.ids).toHaveLength(50);
    expect(some.ids).toEqual([...some.ids].sort((a, b) => a - b));
  });
});
