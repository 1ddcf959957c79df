import { describe, expect, it } from 'vitest';
import type { PointColumns } from '../db/store.ts';
import { CellCounts } from './incident-cells.ts';
import { PointPlaces, type Place } from './point-places.ts';
import { cellX, cellY } from './tile-key.ts';

/** Counts built as the tiles build them: from the points' places. */
const build = (cols: PointColumns, maxZoom = 14, cellBits = 5) => CellCounts.build(PointPlaces.build(cols, ['category', 'day']), maxZoom, cellBits);

/** Where the places put a point with this state. */
type State = { lon: number; lat: number; category: string | null; day: string | null };
const placeOf = (s: State | null): Place | null => s && { x: cellX(s.lon, 2 ** 32), y: cellY(s.lat, 2 ** 32), values: { category: s.category, day: s.day } };

/** Tile x, y of a point at zoom z (as the map numbers tiles). */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [Math.floor(((lon + 180) / 360) * n), Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n)];
}

function points(n: number) {
  let seed = 7;
  const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const lon = new Float64Array(n), lat = new Float64Array(n);
  const category: (string | null)[] = [], day: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    lon[i] = 105.6 + r() * 0.5;
    lat[i] = 20.8 + r() * 0.4;
    category.push(['traffic', 'violation', 'epidemic_case'][i % 3]);
    day.push(i % 10 === 0 ? null : `2021-05-${String(1 + (i % 31)).padStart(2, '0')}`);
  }
  return { ids: Array.from({ length: n }, (_, i) => i + 1), lon, lat, values: { category, day } };
}

/** A tile's counts summed over the days, as `visit(…, true)` gives them: per cell and category, in order. */
function summed(cells: CellCounts, z: number, x: number, y: number) {
  const out: string[] = [];
  cells.visit(z, x, y, 4096, (px, py, count, c, d) => out.push(`${px},${py},${cells.category(c) ?? ''},${d},${count}`), true);
  return out;
}

describe('counts per tile cell, category and day', () => {
  it('counts every point once per zoom, in the tile that holds it, by category and day', () => {
    const cols = points(5000);
    const cells = build(cols)!;
    for (const z of [14, 12, 10, 7]) {
      const tiles = new Map<string, number[]>();
      for (let i = 0; i < cols.lon.length; i++) {
        const k = tileOf(cols.lon[i], cols.lat[i], z).join('/');
        if (!tiles.has(k)) tiles.set(k, []);
        tiles.get(k)!.push(i);
      }
      let total = 0;
      for (const [k, inside] of tiles) {
        const [x, y] = k.split('/').map(Number);
        const fs = cells.tile(z, x, y, 4096);
        const sum = (keep: (f: (typeof fs)[number]) => boolean) => fs.filter(keep).reduce((s, f) => s + (f.tags.count as number), 0);
        expect(sum(() => true)).toBe(inside.length);
        expect(sum((f) => f.tags.category === 'violation')).toBe(inside.filter((i) => cols.values.category[i] === 'violation').length);
        expect(sum((f) => f.tags.day === '2021-05-07')).toBe(inside.filter((i) => cols.values.day[i] === '2021-05-07').length);
        expect(sum((f) => f.tags.day === undefined)).toBe(inside.filter((i) => cols.values.day[i] === null).length);
        // each feature at the centre of one of the 32 × 32 cells
        for (const f of fs) for (const c of f.geometry[0]) expect((c - 64) % 128).toBe(0);
        total += fs.length ? sum(() => true) : 0;
      }
      expect(total).toBe(cols.lon.length);
      // summed over the days: each cell's counts of a category added up, one entry each
      for (const k of [...tiles.keys()].slice(0, 20)) {
        const [x, y] = k.split('/').map(Number);
        const byCell = new Map<string, number>();
        for (const f of cells.tile(z, x, y, 4096)) byCell.set(`${f.geometry[0].join(',')},${f.tags.category ?? ''},0`, (byCell.get(`${f.geometry[0].join(',')},${f.tags.category ?? ''},0`) ?? 0) + (f.tags.count as number));
        expect(summed(cells, z, x, y).sort()).toEqual([...byCell].map(([key, n]) => `${key},${n}`).sort());
      }
    }
    expect(cells.tile(12, 0, 0, 4096)).toEqual([]);
  });

  it('an edit in place gives the counts a rebuild from the edited columns gives, at every zoom', () => {
    const cols = points(3000);
    const cells = build(cols)!;
    // levels made before the edits (kept in place) and after them (coarsened from edited ones); summed over the days likewise
    cells.prepare(10);
    cells.tile(10, 0, 0, 4096);
    cells.tile(7, 0, 0, 4096);
    let seed = 99;
    const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const alive = cols.ids.map(() => true);
    const ids = [...cols.ids];
    const stateOf = (i: number): State | null => (alive[i] ? { lon: cols.lon[i], lat: cols.lat[i], category: cols.values.category[i], day: cols.values.day[i] } : null);
    const edit = (i: number, state: State | null) => {
      const before = placeOf(stateOf(i));
      if (state) {
        cols.lon[i] = state.lon;
        cols.lat[i] = state.lat;
        cols.values.category[i] = state.category;
        cols.values.day[i] = state.day;
      }
      alive[i] = !!state;
      expect(cells.move(before, placeOf(state))).toBe(true);
    };
    for (let k = 0; k < 400; k++) {
      const i = Math.floor(r() * ids.length);
      const what = r();
      if (what < 0.15) edit(i, null); // deleted
      else if (what < 0.2) edit(i, alive[i] ? { lon: cols.lon[i], lat: cols.lat[i], category: cols.values.category[i] as string, day: cols.values.day[i] as string } : null); // the same state again
      else {
        // moved (a little or across the city), recategorised, to another day (one new: 2021-06-…), or created anew
        const near = r() < 0.5;
        edit(i, {
          lon: near ? cols.lon[i] + (r() - 0.5) * 0.002 : 105.6 + r() * 0.5,
          lat: near ? cols.lat[i] + (r() - 0.5) * 0.002 : 20.8 + r() * 0.4,
          category: r() < 0.1 ? null : ['traffic', 'violation', 'epidemic_case', 'fire'][Math.floor(r() * 4)],
          day: r() < 0.1 ? null : r() < 0.05 ? '2021-06-01' : `2021-05-${String(1 + Math.floor(r() * 31)).padStart(2, '0')}`,
        });
      }
      if (k % 50 === 0) {
        // a feature created with a new id, beyond the ids counted so far
        ids.push(ids.length + 1);
        alive.push(true);
        cols.lon = Float64Array.from([...cols.lon, 105.7 + r() * 0.1]);
        cols.lat = Float64Array.from([...cols.lat, 20.9 + r() * 0.1]);
        cols.values.category.push('violation');
        cols.values.day.push('2021-05-02');
        expect(cells.move(null, placeOf({ lon: cols.lon.at(-1)!, lat: cols.lat.at(-1)!, category: 'violation', day: '2021-05-02' }))).toBe(true);
      }
    }
    const keep = alive.flatMap((a, i) => (a ? [i] : []));
    const rebuilt = build({ ids: keep.map((i) => ids[i]), lon: Float64Array.from(keep.map((i) => cols.lon[i])), lat: Float64Array.from(keep.map((i) => cols.lat[i])), values: { category: keep.map((i) => cols.values.category[i]), day: keep.map((i) => cols.values.day[i]) } })!;
    // the same features (ids aside: they number a tile's cells) in every tile holding a point, at every zoom
    const norm = (fs: ReturnType<CellCounts['tile']>) => fs.map((f) => JSON.stringify([f.geometry, f.tags.category ?? null, f.tags.day ?? null, f.tags.count])).sort();
    for (const z of [14, 12, 10, 9, 7]) {
      const tiles = new Set(keep.map((i) => tileOf(cols.lon[i], cols.lat[i], z).join('/')));
      for (const k of tiles) {
        const [x, y] = k.split('/').map(Number);
        expect(norm(cells.tile(z, x, y, 4096))).toEqual(norm(rebuilt.tile(z, x, y, 4096)));
        expect(summed(cells, z, x, y).sort()).toEqual(summed(rebuilt, z, x, y).sort()); // category indexes differ (an edit appends)
      }
    }
  });

  it('an edit in place is declined, for a rebuild, where it cannot be kept', () => {
    const cols = points(10);
    const cells = build(cols)!;
    // a fifth, sixth, seventh category fit; an eighth does not
    let at = placeOf({ lon: cols.lon[0], lat: cols.lat[0], category: cols.values.category[0], day: cols.values.day[0] });
    for (const c of ['a', 'b', 'c', 'd']) {
      const next = placeOf({ lon: 105.7, lat: 21, category: c, day: null });
      expect(cells.move(at, next)).toBe(true);
      at = next;
    }
    expect(cells.move(at, placeOf({ lon: 105.7, lat: 21, category: 'e', day: null }))).toBe(false);
  });

  it('declines more categories than a key holds, and cells finer than it holds', () => {
    const cols = points(10);
    expect(() => build(cols, 15, 5)).toThrow(RangeError);
    cols.values.category = cols.values.category.map((_, i) => `c${i}`);
    expect(build(cols)).toBeNull();
  });
});
