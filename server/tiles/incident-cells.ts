/**
 * Counts of a point layer per tile cell, category and Hanoi day at every zoom where the map shows
 * counts instead of points, built in one pass over the layer's kept places (./point-places.ts:
 * grid cells, category, day — read from compact columns, no GeoJSON) and kept for a layer version. A city-wide tile
 * of a million incidents is then a binary search and a walk over the entries of its cells instead
 * of a query over every incident in it (issue 12: cold tiles took seconds).
 *
 * Layout: cells are numbered along a Morton (Z-order) curve of their Web Mercator column and row,
 * so the cells of one tile are one contiguous run at every level. Each entry is one number,
 *   key = morton(cell) · 2^15 + day index · 8 + category index
 * (index 0: none), sorted; `counts` holds each key's count. The deepest level is built at once;
 * a coarser one from the next finer the first time a tile needs it. A point belongs to the cell
 * (and tile) whose half-open box holds it, west and north edges included, as in the other tiles.
 * One feature's edit is applied in place (`move`): one count moves from the key of the feature's
 * place before (the previous version's PointPlaces, the one home of each feature's place by id)
 * to the key of its place now, at every level kept, instead of a rebuild over the whole layer (a
 * second or two on a city) after every edit.
 * No SQL and no I/O: pure arithmetic over columns.
 */
import { PLACE_ZOOM, type Place, type PointPlaces } from './point-places.ts';
import { lowerBound, morton, unmorton } from './tile-key.ts';

/**
 * Day (12 bits) and category (3 bits) below the cell: with cells of zoom 14 + 5 (38 bits of
 * Morton number) a key takes 53 bits, all a double holds exactly.
 */
const LOW = 2 ** 15;
const MAX_CATEGORIES = 7;
const MAX_DAYS = 2 ** 12 - 1;
/** Column and row bits a key can hold: cells of zoom 19. */
const MAX_CELL_ZOOM = 19;

/** A tile feature as geojson-vt hands them to vt-pbf. */
export interface CellFeature {
  id: number;
  type: 1;
  geometry: [number, number][];
  tags: Record<string, string | number>;
}

/**
 * One zoom's entries, sorted by cell then by day and category: the key split in its two parts.
 * The arrays may be longer than `length` (room for entries an edit inserts); a count an edit
 * brings to 0 stays as an entry and is skipped when a tile is cut.
 */
interface Level {
  cells: Float64Array;
  /** day index · 8 + category index */
  lows: Uint16Array;
  counts: Float64Array;
  length: number;
}

export class CellCounts {
  private levels = new Map<number, Level>();
  /**
   * Per zoom, the same counts summed over the days (entries per cell and category only), for
   * a map drawing every day at once: its tile then walks a few entries a cell instead of one per
   * day and category (a district tile of the city: ~75,000 entries read to write ~5,000).
   * Made from the level of the same zoom the first time they are asked for (or by prepare), kept
   * in step by edits as the levels are.
   */
  private totals = new Map<number, Level>();
  private readonly catIndex: Map<string, number>;
  private readonly dayIndex: Map<string, number>;

  private constructor(
    /** Tile zoom of the deepest level. */
    private readonly maxZoom: number,
    /** log2 of the cells per tile side. */
    private readonly cellBits: number,
    /** By index − 1; an edit may append one (indexes need no order: only a cell's entries are sorted by them). */
    private readonly categories: string[],
    private readonly days: string[],
    deepest: Level,
    /** Which of category and day are counted (see build). */
    private readonly counted: readonly string[],
  ) {
    this.levels.set(maxZoom, deepest);
    this.catIndex = new Map(categories.map((c, i) => [c, i + 1]));
    this.dayIndex = new Map(days.map((d, i) => [d, i + 1]));
  }

  /**
   * Counts for tiles of zoom 0..maxZoom with 2^cellBits cells a side, from the places and, among
   * `counted`, their `category` and `day` columns (either may be absent); null when the categories
   * or days exceed what a key can hold (more than 7 categories, or 4,095 days), so the caller
   * counts some other way.
   */
  static build(places: PointPlaces, maxZoom: number, cellBits: number, counted: readonly string[] = ['category', 'day']): CellCounts | null {
    if (maxZoom + cellBits > MAX_CELL_ZOOM) throw new RangeError(`cells of zoom ${maxZoom + cellBits} do not fit a key (at most ${MAX_CELL_ZOOM})`);
    const n = places.size;
    const category = indexed(places, counted.includes('category') ? 'category' : null);
    const day = indexed(places, counted.includes('day') ? 'day' : null);
    if (category.names.length > MAX_CATEGORIES || day.names.length > MAX_DAYS) return null;
    const shift = PLACE_ZOOM - (maxZoom + cellBits);
    const { xs, ys } = places;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = morton(xs[i] >>> shift, ys[i] >>> shift) * LOW + day.of(i) * 8 + category.of(i);
    keys.sort();
    // Run-length: one entry per distinct key.
    let m = 0;
    const counts = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (m > 0 && keys[m - 1] === keys[i]) counts[m - 1]++;
      else {
        keys[m] = keys[i];
        counts[m++] = 1;
      }
    }
    const cells = new Float64Array(m);
    const lows = new Uint16Array(m);
    for (let i = 0; i < m; i++) {
      cells[i] = Math.floor(keys[i] / LOW);
      lows[i] = keys[i] % LOW;
    }
    return new CellCounts(maxZoom, cellBits, category.names, day.names, { cells, lows, counts: counts.slice(0, m), length: m }, counted);
  }

  /**
   * Moves one feature's count from where it was (`before`, null: it was not counted) to where it
   * is now (`now`, null: it is gone), at every level kept; the same place both times changes
   * nothing. False when it cannot (an eighth category or too many days): the caller builds the
   * counts again.
   */
  move(before: Place | null, now: Place | null): boolean {
    const from = before ? this.keyOf(before) : NaN;
    const to = now ? this.keyOf(now) : NaN;
    if (from === null || to === null) return false;
    if (from === to || (Number.isNaN(from) && Number.isNaN(to))) return true;
    if (!Number.isNaN(from)) this.add(from, -1);
    if (!Number.isNaN(to)) this.add(to, 1);
    return true;
  }

  /** The deepest key of a place; null when its category or day does not fit a key. */
  private keyOf(p: Place): number | null {
    const shift = PLACE_ZOOM - (this.maxZoom + this.cellBits);
    const cat = this.counted.includes('category') ? indexOf(p.values.category, this.categories, this.catIndex, MAX_CATEGORIES) : 0;
    const day = this.counted.includes('day') ? indexOf(p.values.day, this.days, this.dayIndex, MAX_DAYS) : 0;
    if (cat === null || day === null) return null;
    return morton(p.x >>> shift, p.y >>> shift) * LOW + day * 8 + cat;
  }

  /** Adds `delta` to the entry of deepest key `key` at every level kept, by day and summed over the days (inserting it where it is new). */
  private add(key: number, delta: number): void {
    const deep = Math.floor(key / LOW), low = key % LOW;
    for (const [z, level] of this.levels) addTo(level, Math.floor(deep / 4 ** (this.maxZoom - z)), low, delta);
    for (const [z, level] of this.totals) addTo(level, Math.floor(deep / 4 ** (this.maxZoom - z)), low % 8, delta);
  }

  /**
   * Makes every coarser level now rather than on the first tile of its zoom (~0.15 s of CPU for a
   * city's million incidents), and the counts summed over the days of zooms 0…totalsTo.
   */
  prepare(totalsTo = -1): this {
    this.level(0);
    for (let z = 0; z <= Math.min(totalsTo, this.maxZoom); z++) this.totalsLevel(z);
    return this;
  }

  /** The counts of zoom z summed over the days; the level itself where no day is counted (nothing to sum). */
  private totalsLevel(z: number): Level {
    if (!this.days.length) return this.level(z);
    let l = this.totals.get(z);
    if (!l) this.totals.set(z, (l = sumDays(this.level(z))));
    return l;
  }

  /** The level of tile zoom z, made from the next finer one (four cells into one) the first time it is asked for. */
  private level(z: number): Level {
    let l = this.levels.get(z);
    if (!l) this.levels.set(z, (l = coarsen(this.level(z + 1))));
    return l;
  }

  /** The features of tile z/x/y (z ≤ maxZoom): one per cell, category and day, at the cell's centre, `count` and the two as tags. */
  tile(z: number, x: number, y: number, extent: number): CellFeature[] {
    const out: CellFeature[] = [];
    this.visit(z, x, y, extent, (px, py, count, c, d) => {
      const tags: Record<string, string | number> = { count };
      if (c) tags.category = this.categories[c - 1];
      if (d) tags.day = this.days[d - 1];
      out.push({ id: out.length + 1, type: 1, geometry: [[px, py]], tags });
    });
    return out;
  }

  /** How many entries `visit` walks for tile z/x/y (some may be counts brought to 0 by edits, which it skips). */
  entries(z: number, x: number, y: number, summed = false): number {
    const { from, to } = this.range(summed ? this.totalsLevel(z) : this.level(z), x, y);
    return to - from;
  }

  /** The entries of tile x/y of a level: those of its cells, one run. */
  private range(level: Level, x: number, y: number): { from: number; to: number } {
    const first = morton(x, y) * 4 ** this.cellBits;
    return { from: lowerBound(level.cells, first, level.length), to: lowerBound(level.cells, first + 4 ** this.cellBits, level.length) };
  }

  /**
   * Calls `fn` for each non-zero count of tile z/x/y (z ≤ maxZoom), in order: the cell's centre
   * in tile units, the count, and the category and day as indexes (0: none; names through
   * `category` and `day`). What `tile` gives, without an object per count: an encoder of a tile
   * of 80,000 counts writes them straight from here. With `summed`, each cell's counts of a
   * category summed over the days, in category order (day 0), where no day is counted may be
   * entries of one cell and category still apart (the caller adds them up).
   */
  visit(z: number, x: number, y: number, extent: number, fn: (px: number, py: number, count: number, category: number, day: number) => void, summed = false): void {
    if (z > this.maxZoom) throw new RangeError(`cell counts go to zoom ${this.maxZoom}, not ${z}`);
    const level = summed ? this.totalsLevel(z) : this.level(z);
    const { cells, lows, counts } = level;
    const { from, to } = this.range(level, x, y);
    const per = 2 ** this.cellBits;
    const size = extent / per;
    let cell = -1, px = 0, py = 0;
    for (let i = from; i < to; i++) {
      if (counts[i] === 0) continue;
      if (cells[i] !== cell) {
        cell = cells[i];
        const [cx, cy] = unmorton(cell);
        px = Math.round((cx - x * per + 0.5) * size);
        py = Math.round((cy - y * per + 0.5) * size);
      }
      fn(px, py, counts[i], lows[i] % 8, lows[i] >> 3);
    }
  }

  /** The name of category index i (1-based, as `visit` gives it). */
  category(i: number): string {
    return this.categories[i - 1];
  }

  /** The day (YYYY-MM-DD) of day index i (1-based, as `visit` gives it). */
  day(i: number): string {
    return this.days[i - 1];
  }
}

/**
 * The next coarser level: each cell's four children are consecutive on the Z-order curve, and
 * each child's entries are sorted by day and category, so merging the (at most four) runs of a
 * parent keeps the order — one linear pass, no sort.
 */
function coarsen(finer: Level): Level {
  const { cells, lows, counts } = finer;
  const n = finer.length;
  const outCells = new Float64Array(n);
  const outLows = new Uint16Array(n);
  const outCounts = new Float64Array(n);
  const pos = new Int32Array(4), end = new Int32Array(4);
  let m = 0;
  for (let i = 0; i < n; ) {
    const parent = Math.floor(cells[i] / 4);
    let runs = 0;
    while (i < n && Math.floor(cells[i] / 4) === parent) {
      const cell = cells[i];
      pos[runs] = i;
      while (i < n && cells[i] === cell) i++;
      end[runs++] = i;
    }
    const start = m;
    for (;;) {
      let best = -1, bestLow = 0x10000;
      for (let r = 0; r < runs; r++) if (pos[r] < end[r] && lows[pos[r]] < bestLow) (bestLow = lows[pos[r]]), (best = r);
      if (best < 0) break;
      const c = counts[pos[best]++];
      if (m > start && outLows[m - 1] === bestLow) outCounts[m - 1] += c;
      else (outCells[m] = parent), (outLows[m] = bestLow), (outCounts[m++] = c);
    }
  }
  return { cells: outCells.slice(0, m), lows: outLows.slice(0, m), counts: outCounts.slice(0, m), length: m };
}

/**
 * A column of the places as the counts index it: the names in use that are text (sorted; others
 * count as none) and each point's index among them (0: none).
 */
function indexed(places: PointPlaces, prop: string | null): { names: string[]; of: (i: number) => number } {
  const column = prop === null ? undefined : places.column(prop);
  if (!column) return { names: [], of: () => 0 };
  const used = new Uint8Array(column.names.length + 1);
  for (let i = 0; i < column.index.length; i++) used[column.index[i]] = 1;
  const names = column.names.filter((v, i): v is string => used[i + 1] === 1 && typeof v === 'string' && v !== '').sort();
  const at = new Map(names.map((v, i) => [v, i + 1]));
  const of = Int32Array.from([0, ...column.names.map((v) => at.get(v as string) ?? 0)]);
  return { names, of: (i) => of[column.index[i]] };
}

/** Each cell's counts of a category summed over the days: one pass, in the level's order (cell, then category). */
function sumDays(level: Level): Level {
  const { cells, lows, counts } = level;
  const n = level.length;
  const outCells = new Float64Array(n), outLows = new Uint16Array(n), outCounts = new Float64Array(n);
  const sums = new Float64Array(8);
  let m = 0;
  for (let i = 0; i < n; ) {
    const cell = cells[i];
    for (; i < n && cells[i] === cell; i++) sums[lows[i] % 8] += counts[i];
    for (let c = 0; c < 8; c++) if (sums[c]) (outCells[m] = cell), (outLows[m] = c), (outCounts[m++] = sums[c]), (sums[c] = 0);
  }
  return { cells: outCells.slice(0, m), lows: outLows.slice(0, m), counts: outCounts.slice(0, m), length: m };
}

/** Adds `delta` to the level's entry (cell, low), inserting it where it is new. */
function addTo(level: Level, cell: number, low: number, delta: number): void {
  const i = entryIndex(level, cell, low);
  if (i < level.length && level.cells[i] === cell && level.lows[i] === low) level.counts[i] += delta;
  else if (delta < 0) throw new Error(`no count at cell ${cell}, ${low} to take from`); // the index and the counts disagree: a bug
  else insert(level, i, cell, low, delta);
}

/** Index of a category or day (0: none); a new one is appended while there is room, else null. */
function indexOf(v: unknown, names: string[], index: Map<string, number>, max: number): number | null {
  if (typeof v !== 'string' || v === '') return 0;
  const known = index.get(v);
  if (known !== undefined) return known;
  if (names.length >= max) return null;
  names.push(v);
  index.set(v, names.length);
  return names.length;
}

/** The first entry at or after (cell, low), in the level's order. */
function entryIndex(level: Level, cell: number, low: number): number {
  let lo = 0, hi = level.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (level.cells[mid] < cell || (level.cells[mid] === cell && level.lows[mid] < low)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts an entry at i, growing the arrays by half when they are full. */
function insert(level: Level, i: number, cell: number, low: number, count: number): void {
  if (level.length === level.cells.length) {
    const cap = Math.ceil(level.length * 1.5) + 16;
    const grow = <T extends Float64Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    level.cells = grow(level.cells, (n) => new Float64Array(n));
    level.lows = grow(level.lows, (n) => new Uint16Array(n));
    level.counts = grow(level.counts, (n) => new Float64Array(n));
  }
  level.cells.copyWithin(i + 1, i, level.length);
  level.lows.copyWithin(i + 1, i, level.length);
  level.counts.copyWithin(i + 1, i, level.length);
  level.cells[i] = cell;
  level.lows[i] = low;
  level.counts[i] = count;
  level.length++;
}
