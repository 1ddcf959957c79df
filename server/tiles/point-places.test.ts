import { describe, expect, it } from 'vitest';
import type { Bbox, PointColumns } from '../db/store.ts';
import { PointPlaces } from './point-places.ts';
import { cellX, cellY } from './tile-key.ts';

/** A seeded random generator, so every run checks the same points. */
function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const PROPS = ['category', 'day', 'severity'];

/** n incidents over a few street tiles of Hanoi, ids given in no order. */
function incidents(n: number, r = rng(7)): PointColumns {
  const ids = Array.from({ length: n }, (_, i) => 3 * n - 2 * i); // sparse enough to test, dense enough to index
  const lon = Float64Array.from(ids, () => 105.78 + r() * 0.05);
  const lat = Float64Array.from(ids, () => 21.0 + r() * 0.04);
  const values = {
    category: ids.map((_, i) => (i % 7 === 0 ? null : ['traffic', 'violation', 'epidemic_case'][i % 3])),
    day: ids.map((_, i) => `2021-05-${String(1 + (i % 28)).padStart(2, '0')}`),
    severity: ids.map((_, i) => 1 + (i % 3)),
  };
  return { ids, lon, lat, values };
}

/** What a box holds, by brute force: ids in order, with their values. */
function inside(cols: PointColumns, [w, s, e, n]: Bbox) {
  return cols.ids
    .map((id, i) => ({ id, i }))
    .filter(({ i }) => cols.lon[i] >= w && cols.lon[i] <= e && cols.lat[i] >= s && cols.lat[i] <= n)
    .sort((a, b) => a.id - b.id)
    .map(({ id, i }) => [id, ...PROPS.map((p) => cols.values[p][i])]);
}

/** What the places hold in a box, in the same shape. */
function found(places: PointPlaces, box: Bbox) {
  return [...places.inBox(box)!].map((i) => [places.ids[i], ...PROPS.map((p) => { const c = places.column(p)!; return c.index[i] ? c.names[c.index[i] - 1] : null; })]);
}

const BOXES: Bbox[] = [
  [105.79, 21.01, 105.8, 21.02], // a street tile's size
  [105.78, 21.0, 105.83, 21.04], // everything
  [105.8012, 21.0137, 105.8013, 21.0138], // smaller than a sort cell
  [105.9, 21.0, 106.0, 21.1], // nothing
];

describe('PointPlaces', () => {
  const cols = incidents(4000);
  const places = PointPlaces.build(cols, PROPS);

  it('finds the points of a box, edges included, in id order, with their values', () => {
    for (const box of BOXES) expect(found(places, box)).toEqual(inside(cols, box));
    // a point on each edge of a box is in it
    const [lon, lat, id] = [cols.lon[17], cols.lat[17], cols.ids[17]];
    for (const box of [[lon, lat, lon + 0.01, lat + 0.01], [lon - 0.01, lat - 0.01, lon, lat]] as Bbox[]) expect(found(places, box).map(([i]) => i)).toContain(id);
    expect(places.size).toBe(4000);
  });

  it('declines a crowded box (more than the limit) and gives one at the limit', () => {
    const box = BOXES[0];
    const n = inside(cols, box).length;
    expect(n).toBeGreaterThan(100);
    expect(places.inBox(box, n - 1)).toBeNull();
    expect(places.inBox(box, n)).toHaveLength(n);
  });

  it('knows each feature’s place by id', () => {
    const i = 123;
    expect(places.place(cols.ids[i])).toEqual({ x: cellX(cols.lon[i], 2 ** 32), y: cellY(cols.lat[i], 2 ** 32), values: { category: cols.values.category[i], day: cols.values.day[i], severity: cols.values.severity[i] } });
    expect(places.place(1)).toBeNull(); // no such id
  });

  it('after edits (moved within and across tiles, values changed, deleted, created) holds what a build of the edited points holds', () => {
    const r = rng(99);
    const edited = { ids: [...cols.ids], lon: Float64Array.from(cols.lon), lat: Float64Array.from(cols.lat), values: Object.fromEntries(PROPS.map((p) => [p, [...cols.values[p]]])) };
    const alive = edited.ids.map(() => true);
    let now = places;
    for (let round = 0; round < 5; round++) {
      const changed: number[] = [];
      const after: PointColumns = { ids: [], lon: new Float64Array(0), lat: new Float64Array(0), values: Object.fromEntries(PROPS.map((p) => [p, []])) };
      const lon: number[] = [], lat: number[] = [];
      for (let k = 0; k < 40; k++) {
        const i = Math.floor(r() * edited.ids.length);
        if (changed.includes(edited.ids[i])) continue;
        changed.push(edited.ids[i]);
        if (r() < 0.2) {
          alive[i] = false; // deleted
          continue;
        }
        alive[i] = true;
        const near = r() < 0.5; // a few metres, or anywhere (another street tile)
        edited.lon[i] = near ? edited.lon[i] + (r() - 0.5) * 1e-4 : 105.78 + r() * 0.05;
        edited.lat[i] = near ? edited.lat[i] + (r() - 0.5) * 1e-4 : 21.0 + r() * 0.04;
        edited.values.category[i] = r() < 0.3 ? `new-${round}-${k}` : 'traffic'; // new names
        edited.values.severity[i] = r() < 0.5 ? null : 5;
        after.ids.push(edited.ids[i]);
        lon.push(edited.lon[i]);
        lat.push(edited.lat[i]);
        for (const p of PROPS) after.values[p].push(edited.values[p][i]);
      }
      // created: a new id beyond every other
      const id = Math.max(...edited.ids) + 1 + round;
      changed.push(id);
      edited.ids.push(id);
      alive.push(true);
      edited.lon = Float64Array.from([...edited.lon, 105.8]);
      edited.lat = Float64Array.from([...edited.lat, 21.02]);
      for (const p of PROPS) edited.values[p].push({ category: 'violation', day: '2021-06-01', severity: 2 }[p]);
      after.ids.push(id);
      lon.push(105.8);
      lat.push(21.02);
      for (const p of PROPS) after.values[p].push(edited.values[p].at(-1));
      after.lon = Float64Array.from(lon);
      after.lat = Float64Array.from(lat);
      now = now.with(changed, after)!;
    }
    const keep = edited.ids.flatMap((_, i) => (alive[i] ? [i] : []));
    const rebuilt: PointColumns = { ids: keep.map((i) => edited.ids[i]), lon: Float64Array.from(keep, (i) => edited.lon[i]), lat: Float64Array.from(keep, (i) => edited.lat[i]), values: Object.fromEntries(PROPS.map((p) => [p, keep.map((i) => edited.values[p][i])])) };
    expect(now.size).toBe(keep.length);
    for (const box of BOXES) expect(found(now, box)).toEqual(inside(rebuilt, box));
    for (const i of keep.slice(0, 200)) expect(now.place(edited.ids[i])).toEqual(PointPlaces.build(rebuilt, PROPS).place(edited.ids[i]));
    // the edits made new versions: the first is as it was
    for (const box of BOXES) expect(found(places, box)).toEqual(inside(cols, box));
  });

  it('widens a column whose names outgrow its index', () => {
    const few = PointPlaces.build({ ids: [1, 2], lon: Float64Array.of(105.8, 105.81), lat: Float64Array.of(21, 21.01), values: { category: ['a', 'b'] } }, ['category']);
    expect(few.column('category')!.index).toBeInstanceOf(Uint8Array);
    const n = 300;
    const many = few.with([], { ids: Array.from({ length: n }, (_, i) => 3 + i), lon: new Float64Array(n).fill(105.805), lat: new Float64Array(n).fill(21.005), values: { category: Array.from({ length: n }, (_, i) => `c${i}`) } })!;
    const c = many.column('category')!;
    expect(c.index).toBeInstanceOf(Uint16Array);
    expect([...many.inBox([105.7, 20.9, 105.9, 21.1])!].map((i) => c.names[c.index[i] - 1])).toEqual(['a', 'b', ...Array.from({ length: n }, (_, i) => `c${i}`)]);
  });

  it('declines edits in place where ids are too sparse to index flat (the caller rebuilds)', () => {
    const sparse = PointPlaces.build({ ids: [1, 2 ** 31], lon: Float64Array.of(105.8, 105.81), lat: Float64Array.of(21, 21.01), values: {} }, []);
    expect(sparse.inBox([105.7, 20.9, 105.9, 21.1])).toHaveLength(2);
    expect(sparse.with([1], { ids: [], lon: new Float64Array(0), lat: new Float64Array(0), values: {} })).toBeNull();
  });
});
