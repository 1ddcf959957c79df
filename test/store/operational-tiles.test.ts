/**
 * Operational vector tiles read only through the Store: the same tiles from SQLite and from
 * PostgreSQL + PostGIS (which skips with a message where it is absent), and a committed write
 * starts a new generation on both.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, describe, expect, it } from 'vitest';
import { createFeature, importFeatures } from '../../server/features/edit.ts';
import { OperationalTiles } from '../../server/tiles/operational-tiles.ts';
import { stopOwnCluster } from '../support/postgres.ts';
import { storeBackends } from '../support/store-backends.ts';

const actor = { name: 'tester', address: null };
const ward = (code: string, x0: number, x1: number) => ({
  type: 'Feature',
  properties: { code, name: `Phường ${code}`, district: 'Quận Bắc Từ Liêm', province: 'Thành phố Hà Nội' },
  geometry: { type: 'Polygon', coordinates: [[[x0, 21.05], [x1, 21.05], [x1, 21.07], [x0, 21.07], [x0, 21.05]]] },
});
const incident = (lon: number, lat: number, day: number, category: string) => ({
  type: 'Feature',
  properties: { category, occurred_at: `2021-07-${String(day).padStart(2, '0')}T10:00:00+07:00`, severity: 2 },
  geometry: { type: 'Point', coordinates: [lon, lat] },
});

afterAll(stopOwnCluster);

const backends = storeBackends();

function decode(pbf: Uint8Array, layer: string) {
  const l = new VectorTile(new PbfReader(pbf)).layers[layer];
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : [];
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`operational tiles on ${backend.name}`, () => {
    // Everything here lies in tile 10/812/450; all incidents but the last in 14/13006/7211.
    it('cut points, areas and low-zoom counts, and see a committed edit', async () => {
      const { store, close } = await backend.open();
      const tiles = new OperationalTiles(store);
      try {
        await importFeatures(store, 'wards', [ward('00611', 105.77, 105.79), ward('00598', 105.79, 105.81)], actor);
        await importFeatures(store, 'incidents', [incident(105.78, 21.06, 1, 'traffic'), incident(105.781, 21.061, 1, 'traffic'), incident(105.782, 21.06, 2, 'violation'), incident(105.8, 21.06, 2, 'traffic')], actor);
        const counts = decode(await tiles.tile('incidents', 10, 812, 450), 'incidents').map((f) => [f.properties.category, f.properties.day, f.properties.count]);
        const wards = decode(await tiles.tile('wards', 12, 3251, 1802), 'wards').map((f) => f.properties.code).sort();
        const v0 = await tiles.version('incidents');
        const points = decode(await tiles.tile('incidents', 14, 13006, 7211), 'incidents').map((f) => f.properties.category);
        await createFeature(store, 'incidents', incident(105.7805, 21.0605, 3, 'public_order'), actor);
        const v1 = await tiles.version('incidents');
        const after = decode(await tiles.tile('incidents', 14, 13006, 7211), 'incidents').map((f) => f.properties.category);
        const got = { counts: counts.sort(), wards, points: points.sort(), after: after.sort() };
        expect(v1).not.toBe(v0);
        expect(got).toEqual({
          counts: [['traffic', '2021-07-01', 2], ['traffic', '2021-07-02', 1], ['violation', '2021-07-02', 1]].sort(),
          wards: ['00598', '00611'],
          points: ['traffic', 'traffic', 'violation'],
          after: ['public_order', 'traffic', 'traffic', 'violation'],
        });
      } finally {
        tiles.close();
        await close();
      }
    });

    it('take a commit of this process in place: no layer is read and counted whole again', async () => {
      const { store, close } = await backend.open();
      const whole: string[] = [];
      // A read of a whole layer: list, or points without `only` (an edit re-reads its features by id).
      const features = new Proxy(store.features, {
        get(target, key, receiver) {
          const v = Reflect.get(target, key, receiver);
          if (key !== 'list' && key !== 'points') return typeof v === 'function' ? v.bind(target) : v;
          return (...args: unknown[]) => {
            if (key === 'list' || !(args[3] as { only?: unknown } | undefined)?.only) whole.push(`${String(key)} ${String(args[0])}`);
            return v.apply(target, args);
          };
        },
      });
      const tiles = new OperationalTiles({ features, changes: store.changes });
      try {
        await importFeatures(store, 'wards', [ward('00611', 105.77, 105.79), ward('00598', 105.79, 105.81)], actor);
        await importFeatures(store, 'incidents', [incident(105.78, 21.06, 1, 'traffic'), incident(105.781, 21.061, 1, 'traffic')], actor);
        const counts = async () => decode(await tiles.tile('incidents', 10, 812, 450), 'incidents').map((f) => [f.properties.category, f.properties.day, f.properties.count]).sort();
        await counts();
        await tiles.tile('wards', 12, 3251, 1802);
        whole.length = 0;
        await createFeature(store, 'incidents', incident(105.7805, 21.0605, 1, 'traffic'), actor);
        expect(await counts()).toEqual([['traffic', '2021-07-01', 3]]);
        await tiles.tile('wards', 12, 3251, 1802);
        expect(whole).toEqual([]);
      } finally {
        tiles.close();
        await close();
      }
    });

    it('warm at start: ready once every layer is indexed, and the first tiles then read nothing from the store', async () => {
      const { store, close } = await backend.open();
      let reads = 0;
      const features = new Proxy(store.features, {
        get(target, key, receiver) {
          const v = Reflect.get(target, key, receiver);
          return typeof v === 'function' ? (...args: unknown[]) => (reads++, v.apply(target, args)) : v;
        },
      });
      await importFeatures(store, 'wards', [ward('00611', 105.77, 105.79), ward('00598', 105.79, 105.81)], actor);
      await importFeatures(store, 'incidents', [incident(105.78, 21.06, 1, 'traffic'), incident(105.781, 21.061, 1, 'traffic'), incident(105.782, 21.06, 2, 'violation')], actor);
      const tiles = new OperationalTiles({ features, changes: store.changes });
      try {
        expect(tiles.ready).toBe(false);
        await tiles.warm();
        expect(tiles.ready).toBe(true);
        reads = 0;
        const counts = decode(await tiles.tile('incidents', 10, 812, 450), 'incidents').map((f) => f.properties.count);
        const wards = decode(await tiles.tile('wards', 12, 3251, 1802), 'wards').map((f) => f.properties.code).sort();
        const points = decode(await tiles.tile('incidents', 14, 13006, 7211), 'incidents').length;
        expect({ counts: counts.sort(), wards, points, reads }).toEqual({ counts: [1, 2], wards: ['00598', '00611'], points: 3, reads: 0 });
      } finally {
        tiles.close();
        await close();
      }
    });

    it('keep every tile once cut, summed over the days or not: asked again, nothing is read from the store', async () => {
      const { store, close } = await backend.open();
      let reads = 0;
      const features = new Proxy(store.features, {
        get(target, key, receiver) {
          const v = Reflect.get(target, key, receiver);
          return typeof v === 'function' ? (...args: unknown[]) => (reads++, v.apply(target, args)) : v;
        },
      });
      const tiles = new OperationalTiles({ features, changes: store.changes });
      try {
        await importFeatures(store, 'wards', [ward('00611', 105.77, 105.79), ward('00598', 105.79, 105.81)], actor);
        await importFeatures(store, 'incidents', [incident(105.78, 21.06, 1, 'traffic'), incident(105.781, 21.061, 1, 'traffic'), incident(105.782, 21.06, 2, 'violation')], actor);
        // counts (z10), street points (z14), an area layer's tile, each summed and by day
        const asked = [['incidents', 10, 812, 450], ['incidents', 14, 13006, 7211], ['wards', 12, 3251, 1802]] as const;
        const all = async () => {
          const out: Uint8Array[] = [];
          for (const [l, z, x, y] of asked) out.push(await tiles.dayTotalsTile(l, z, x, y), await tiles.tile(l, z, x, y));
          return out;
        };
        const first = await all();
        reads = 0;
        expect(await all()).toEqual(first);
        expect(reads).toBe(0);
        // summed counts carry no day; by day they do; points are the same tile either way
        expect(decode(first[0], 'incidents').map((f) => [f.properties.category, f.properties.day, f.properties.count]).sort()).toEqual([['traffic', undefined, 2], ['violation', undefined, 1]]);
        expect(decode(first[1], 'incidents').map((f) => [f.properties.category, f.properties.day, f.properties.count]).sort()).toEqual([['traffic', '2021-07-01', 2], ['violation', '2021-07-02', 1]]);
        expect(first[2]).toEqual(first[3]);
      } finally {
        tiles.close();
        await close();
      }
    });
  });
}
