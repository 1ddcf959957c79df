/**
 * Mapbox Vector Tiles of the six operational layers, cut from the Store per request, so the map
 * reads by viewport and zoom instead of downloading whole layers (issue 12). One MVT layer per
 * tile, named like the operational layer, with feature ids and the scalar properties the style
 * and the filters use.
 *
 * What a tile holds:
 *  - points (checkpoints, stations, facilities, incidents at street zoom): every feature in the
 *    tile and its buffer, encoded directly; incidents with INCIDENT_TILE_COLUMNS only;
 *  - areas (wards, zones): cut and simplified by geojson-vt from the features meeting the tile;
 *  - incidents below INCIDENT_POINT_ZOOM: counts per grid cell, category and Hanoi day (feature
 *    property `count`), so the time slider and the category filter still work on tile
 *    properties while a city-wide tile carries a few thousand cells instead of 1,000,000 points;
 *  - any point layer with more than MAX_POINTS_PER_TILE features in a tile: counts per cell
 *    likewise (never a silent cut: the tile says `count` wherever it aggregated).
 * Counts are taken over the tile's own half-open box, so adding up a level's tiles counts every
 * feature once.
 *
 * Data comes through the Store only (features.list / features.points), so the same code serves
 * SQLite and PostgreSQL. Encoded tiles are kept in a bounded cache per layer generation: a
 * committed change of a layer (this server's change feed) or a commit seen through the feed's
 * stamp (another process) starts a new generation, and the generation is in the ETag.
 *
 * More is also kept per generation, so that a cold tile is cheap (issue 12: seconds on a city):
 * from one read of each point layer, its places sorted by tile key with the values its tiles
 * carry (./point-places.ts), so that a point tile is cut from memory and written from columns,
 * and its counts per cell (and, for incidents, category and day) at every aggregated zoom
 * (./incident-cells.ts) — incidents read from their compact columns, the small point layers
 * (a few thousand features each) from their rows, every scalar property; and for each area layer
 * (wards, zones) one geojson-vt index, built once from the whole layer instead of reading and
 * parsing its rows for each tile. All are rebuilt on the first request after a change of their
 * layer, but the incidents' places and counts take a few edits in place.
 */
import GeoJSONVT from 'geojson-vt';
import type { Feature, Geometry } from 'geojson';
import { LAYER_IDS, type LayerId } from '../../core/layers.ts';
import { hanoiDay } from '../../core/time/hanoi-day.ts';
import type { Bbox, Change, FeatureRow, Store } from '../db/store.ts';
import { ByteLru } from '../http/byte-lru.ts';
import { CellCounts } from './incident-cells.ts';
import { encodePoints, PointLayerWriter, type PointFeature } from './mvt-points.ts';
import { PLACE_ZOOM, PointPlaces } from './point-places.ts';
import { encodeTile, TILE_MAX_ZOOM } from './vector-tiles.ts';

export { TILE_MAX_ZOOM };
const EXTENT = 4096;
/** Tile buffer in tile units: symbols near an edge are drawn by both tiles. */
const BUFFER = 64;
/** Below this zoom incidents come as counts per cell, category and day. */
export const INCIDENT_POINT_ZOOM = 13;
/** More points than this in one tile of a layer come as counts per cell. */
export const MAX_POINTS_PER_TILE = 4000;
/** Cells per tile side when aggregating (a cell is 16 screen pixels on a 512 px tile). */
export const CELLS_PER_SIDE = 32;
/**
 * What a street-zoom tile of incidents carries: what the style and the filters read (the
 * category's colour and filter, the time slider's Hanoi day, the severity filter), all compact
 * columns, so a tile of a million-incident layer is read from an index without a row (details
 * are fetched on click). The other point layers, a few thousand features, carry every scalar.
 */
export const INCIDENT_TILE_COLUMNS = ['category', 'day', 'severity'];

const POINT_LAYERS: readonly LayerId[] = ['checkpoints', 'polling-stations', 'incidents', 'facilities'];
/** log2 of CELLS_PER_SIDE. */
const CELL_BITS = Math.log2(CELLS_PER_SIDE);
/** Long free text the map never draws; details are fetched on click. */
const LEFT_OUT = new Set(['notes', 'description', 'address', 'contact', 'phone']);

export const isOperationalLayer = (s: string): s is LayerId => (LAYER_IDS as readonly string[]).includes(s);

/** West, south, east, north of tile z/x/y. */
export function tileBounds(z: number, x: number, y: number): Bbox {
  const n = 2 ** z;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/** Position of lon/lat in tile units of z/x/y (may fall outside 0..EXTENT within the buffer). */
function project(z: number, x: number, y: number, lon: number, lat: number): [number, number] {
  const n = 2 ** z;
  const px = ((lon + 180) / 360) * n;
  const s = Math.sin((lat * Math.PI) / 180);
  const py = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n;
  return [Math.round((px - x) * EXTENT), Math.round((py - y) * EXTENT)];
}

/** The properties a tile feature carries: scalars, without long free text; `day` for incidents. */
export function tileProperties(layer: LayerId, p: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(p)) {
    if (LEFT_OUT.has(k) || v === null || v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  if (layer === 'incidents') {
    const day = hanoiDay(p.occurred_at);
    if (day) out.day = day;
  }
  return out;
}

/** A geojson-vt tile feature, as vt-pbf encodes it. */
interface TileFeature {
  id?: number;
  type: 1 | 2 | 3;
  geometry: unknown;
  tags: Record<string, unknown>;
}

function expand(b: Bbox, z: number): Bbox {
  const dx = ((b[2] - b[0]) * BUFFER) / EXTENT;
  const dy = ((b[3] - b[1]) * BUFFER) / EXTENT;
  return [b[0] - dx, Math.max(-85.06, b[1] - dy), b[2] + dx, Math.min(85.06, b[3] + dy)];
}

/** Inside the tile's own box, west and north edges included, east and south left to the neighbours. */
const owns = (b: Bbox, lon: number, lat: number) => lon >= b[0] && lon < b[2] && lat > b[1] && lat <= b[3];

type FeatureReads = Pick<Store, 'features' | 'changes'>;

/** A point layer's places and its counts per cell (null: they cannot be kept, see CellCounts.build), from one read. */
interface KeptPoints {
  places: PointPlaces;
  counts: CellCounts | null;
}

/** A street tile's points: their positions in the kept places, in id order. */
interface StreetPoints {
  places: PointPlaces;
  at: Uint32Array;
}

/** What a layer's tiles of one version are cut from, made on first use (see the module comment). */
interface Derived {
  version: string;
  points?: Promise<KeptPoints>;
  /** An area layer's geojson-vt index over the whole layer (null: empty). */
  index?: Promise<GeoJSONVT | null>;
}

/**
 * Up to this many features changed in one commit are applied to the kept places and counts in
 * place (each re-read by id); more (an import, a re-derivation after a ward edit) rebuild them.
 */
const MAX_EDITS_IN_PLACE = 1000;

/** The columns counts are kept per (besides the cell): category and day for incidents. */
const countedProps = (layer: LayerId) => (layer === 'incidents' ? ['category', 'day'] : []);

export class OperationalTiles {
  private generation = new Map<LayerId, number>();
  private readonly tiles: ByteLru<Uint8Array>;
  /** Per layer, what its current generation's tiles are cut from (see the module comment), by version. */
  private derived = new Map<LayerId, Derived>();
  private stamp: string | null = null;
  /** Distinguishes ETags of this process from those of an earlier one. */
  private readonly epoch = Date.now().toString(36);
  private readonly unsubscribe: () => void;
  private warmed = false;

  constructor(
    private store: FeatureReads,
    /** Bytes of encoded tiles kept (config.caches.tileBytes: OPSMAP_CACHE_MB). */
    maxBytes = 36 * 1024 * 1024,
  ) {
    this.tiles = new ByteLru<Uint8Array>(maxBytes, (t) => t.byteLength);
    this.unsubscribe = store.changes.subscribe((changes) => {
      const edited = new Map<LayerId, Change[]>();
      for (const c of changes) {
        if (!isOperationalLayer(c.collection)) continue;
        let cs = edited.get(c.collection);
        if (!cs) edited.set(c.collection, (cs = []));
        cs.push(c);
      }
      for (const [layer, cs] of edited) this.bump(layer, cs.length <= MAX_EDITS_IN_PLACE && !cs.some((c) => c.batch || c.action === 'import') ? cs.map((c) => c.id) : undefined);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * Makes what the tiles are cut from now rather than on the first request: the incidents' counts
   * per cell at every zoom (a second of reading and sorting on a city, which would otherwise stall
   * the first low-zoom requests after a start) and the index of each area layer. A failure is not kept;
   * the first request then tries again. Then cuts and encodes a few tiles of every kind once and
   * throws them away (nothing is cached): until V8 has compiled the writers, the first tiles after a
   * start took 5–10× their time (a 1.5 MB count tile 54 ms against 6 ms later). `ready` is true
   * once all this is done (GET /api/health says so, for a monitor or a load balancer).
   */
  async warm(): Promise<void> {
    const v = (layer: LayerId) => this.version(layer);
    try {
      const points = await Promise.all(POINT_LAYERS.map(async (l) => this.keptPoints(l, await v(l))));
      await Promise.all(LAYER_IDS.filter((l) => !POINT_LAYERS.includes(l)).map(async (l) => this.layerIndex(l, await v(l))));
      const { places } = points.reduce((a, b) => (b.places.size > a.places.size ? b : a));
      if (places.size) {
        // the tiles over the middle, in key order, of the largest point layer: where a city's data is
        const mid = places.size >> 1;
        for (const z of [10, 12, INCIDENT_POINT_ZOOM + 1])
          for (const layer of LAYER_IDS)
            for (const byDay of [true, false]) await this.encode(layer, await v(layer), z, places.xs[mid] >>> (PLACE_ZOOM - z), places.ys[mid] >>> (PLACE_ZOOM - z), byDay);
      }
    } catch {
      // a failure is not kept (see above): requests build what they need
    }
    this.warmed = true;
  }

  /** Whether what the tiles are cut from has been made since the start (see warm()). */
  get ready(): boolean {
    return this.warmed;
  }

  /** The layer's content generation as an ETag-able string (changes whenever a tile may have). */
  async version(layer: LayerId): Promise<string> {
    await this.refresh();
    return `${this.epoch}.${this.generation.get(layer) ?? 0}`;
  }

  /** The encoded tile (an empty layer where there is nothing). */
  tile(layer: LayerId, z: number, x: number, y: number): Promise<Uint8Array> {
    return this.kept(layer, z, x, y, true);
  }

  /**
   * The tile with its counts per cell summed over the days: one feature per cell and category,
   * `count` and `category`, no `day` — for a map that draws every day at once (a city's district
   * view: ~21,000 features in nine tiles instead of ~117,000). A tile of points is the tile itself.
   */
  dayTotalsTile(layer: LayerId, z: number, x: number, y: number): Promise<Uint8Array> {
    // An area layer has no counts: its tile is the same either way, cut and kept once.
    return this.kept(layer, z, x, y, !POINT_LAYERS.includes(layer));
  }

  /**
   * The tile from the cache, else cut, encoded and kept — unless the layer changed meanwhile (it
   * may mix both states). `byDay`: counts per cell carry their day. Summed and by-day tiles are
   * kept apart even when the tile holds points (the same bytes), so a map asking for either finds
   * it without cutting the tile again to learn which kind it is.
   */
  private async kept(layer: LayerId, z: number, x: number, y: number, byDay: boolean): Promise<Uint8Array> {
    const v = await this.version(layer);
    const key = `${layer}/${v}/${z}/${x}/${y}${byDay ? '' : '/day-totals'}`;
    const hit = this.tiles.get(key);
    if (hit) return hit;
    const pbf = await this.encode(layer, v, z, x, y, byDay);
    if ((await this.version(layer)) === v) this.tiles.set(key, pbf);
    return pbf;
  }

  /** What the layer's tiles of this version are cut from, made on first use. */
  private derivedOf(layer: LayerId, version: string) {
    let d = this.derived.get(layer);
    if (!d || d.version !== version) this.derived.set(layer, (d = { version }));
    return d;
  }

  /** The point layer's places and counts per cell (and category and day), for this version of the layer. */
  private keptPoints(layer: LayerId, version: string): Promise<KeptPoints> {
    const d = this.derivedOf(layer, version);
    if (!d.points) this.keepPoints(d, this.buildPoints(layer));
    return d.points!;
  }

  private keepPoints(d: Derived, p: Promise<KeptPoints>): void {
    p.catch(() => d.points === p && (d.points = undefined)); // a failure is not kept: the next request tries again
    d.points = p;
  }

  /**
   * Places and counts of the whole layer, from one read: the incidents' compact columns (what a
   * street tile carries), or a small layer's rows (every scalar property its tiles carry).
   */
  private async buildPoints(layer: LayerId): Promise<KeptPoints> {
    const places =
      layer === 'incidents'
        ? PointPlaces.build(await this.store.features.points(layer, {}, INCIDENT_TILE_COLUMNS), INCIDENT_TILE_COLUMNS)
        : placesOfRows(layer, (await this.store.features.list(layer, { limit: 1_000_000_000 })).rows);
    return { places, counts: countsOf(places, countedProps(layer)) };
  }

  /**
   * The places and counts after a few edits: the previous version's, with each edited feature
   * moved to where the database has it now (gone if it is not there), instead of a read of the
   * whole layer; a rebuild when they cannot take the edits in place.
   */
  private async edited(layer: LayerId, before: Promise<KeptPoints>, ids: number[]): Promise<KeptPoints> {
    const kept = await before.catch(() => null);
    if (!kept) return this.buildPoints(layer);
    const edited = [...new Set(ids)];
    const places = kept.places.with(edited, await this.store.features.points(layer, {}, INCIDENT_TILE_COLUMNS, { only: edited }));
    if (!places) return this.buildPoints(layer);
    const { counts } = kept;
    if (counts && !edited.every((id) => counts.move(kept.places.place(id), places.place(id)))) return { places, counts: countsOf(places, countedProps(layer)) };
    return { places, counts };
  }

  /** geojson-vt's index over the whole area layer, for this version of it (null: an empty layer). */
  private layerIndex(layer: LayerId, version: string): Promise<GeoJSONVT | null> {
    const d = this.derivedOf(layer, version);
    if (!d.index) {
      const p = this.store.features.list(layer, { limit: 1_000_000_000 }).then(({ rows }) => areaIndex(layer, rows));
      p.catch(() => d.index === p && (d.index = undefined));
      d.index = p;
    }
    return d.index;
  }

  /**
   * The encoded tile. Points, and counts per cell above all, are written directly
   * (./mvt-points.ts): vt-pbf's generic path, and an object per count, were most of the time of
   * a tile of 80,000 counts. Areas go through vt-pbf.
   */
  private async encode(layer: LayerId, v: string, z: number, x: number, y: number, byDay: boolean): Promise<Uint8Array> {
    const c = await this.cutOrCounts(layer, v, z, x, y);
    if (c instanceof CellCounts) return writeCounts(layer, c, z, x, y, byDay);
    if (!Array.isArray(c)) return writePlaces(layer, c, z, x, y);
    return POINT_LAYERS.includes(layer) ? encodePoints(layer, c as PointFeature[], EXTENT) : encodeTile({ [layer]: { features: c } });
  }

  /** The tile's features, or the kept counts its features are to be read from. */
  private async cutOrCounts(layer: LayerId, v: string, z: number, x: number, y: number): Promise<TileFeature[] | CellCounts | StreetPoints> {
    const own = tileBounds(z, x, y);
    if (layer === 'incidents' && z < INCIDENT_POINT_ZOOM) return this.counts(layer, v, z, x, y, own);
    if (POINT_LAYERS.includes(layer)) return this.points(layer, v, z, x, y, own);
    const index = await this.layerIndex(layer, v);
    return ((index?.getTile(z, x, y)?.features ?? []) as TileFeature[]).map((f) => ({ ...f, id: Number(f.id) }));
  }

  /**
   * A tile of points: those in the tile and its buffer, found in the kept places and written from
   * their columns (writePlaces); more than MAX_POINTS_PER_TILE are drawn from the kept counts instead.
   */
  private async points(layer: LayerId, v: string, z: number, x: number, y: number, own: Bbox): Promise<StreetPoints | CellCounts | TileFeature[]> {
    const { places } = await this.keptPoints(layer, v);
    const at = places.inBox(expand(own, z), MAX_POINTS_PER_TILE);
    return at ? { places, at } : this.counts(layer, v, z, x, y, own);
  }

  /** The layer's kept counts per cell (and, for incidents, category and day), or the tile's counted now when those cannot be kept. */
  private async counts(layer: LayerId, v: string, z: number, x: number, y: number, own: Bbox): Promise<TileFeature[] | CellCounts> {
    const { counts } = await this.keptPoints(layer, v);
    return counts ?? this.cells(layer, z, x, y, own, countedProps(layer));
  }

  /**
   * Counts of the layer's points in the tile's own box per cell (and, for incidents, per
   * category and day), each drawn at its cell's centre with property `count`.
   */
  private async cells(layer: LayerId, z: number, x: number, y: number, own: Bbox, props: string[]): Promise<TileFeature[]> {
    const cols = await this.store.features.points(layer, { bbox: own }, props);
    const groups = new Map<string, { cx: number; cy: number; tags: Record<string, unknown> }>();
    const size = EXTENT / CELLS_PER_SIDE;
    for (let i = 0; i < cols.lon.length; i++) {
      const lon = cols.lon[i];
      const lat = cols.lat[i];
      if (!owns(own, lon, lat)) continue;
      const [px, py] = project(z, x, y, lon, lat);
      const cx = Math.min(CELLS_PER_SIDE - 1, Math.max(0, Math.floor(px / size)));
      const cy = Math.min(CELLS_PER_SIDE - 1, Math.max(0, Math.floor(py / size)));
      const category = props.includes('category') ? String(cols.values.category[i] ?? '') : '';
      const day = props.includes('day') ? String(cols.values.day[i] ?? '') : '';
      const key = `${cx}|${cy}|${category}|${day}`;
      const g = groups.get(key);
      if (g) (g.tags.count as number)++;
      else groups.set(key, { cx, cy, tags: { count: 1, ...(category ? { category } : {}), ...(day ? { day } : {}) } });
    }
    let id = 0;
    return [...groups.values()].map((g) => ({ id: ++id, type: 1 as const, geometry: [[Math.round((g.cx + 0.5) * size), Math.round((g.cy + 0.5) * size)]], tags: g.tags }));
  }

  /**
   * A new generation of the layer: its tiles are dropped, and so is what they are cut from,
   * except the places and counts per cell when `edited` names the few features that changed:
   * those are carried to the new generation with the edits applied.
   */
  private bump(layer: LayerId, edited?: number[]): void {
    const gen = (this.generation.get(layer) ?? 0) + 1;
    this.generation.set(layer, gen);
    const before = this.derived.get(layer)?.points;
    this.derived.delete(layer);
    // a small point layer is read again whole (a few thousand rows): its places carry every property, not compact columns
    if (edited && before && layer === 'incidents') {
      const d: Derived = { version: `${this.epoch}.${gen}` };
      this.keepPoints(d, this.edited(layer, before, edited));
      this.derived.set(layer, d);
    }
    this.tiles.deletePrefix(layer + '/');
  }

  /** A commit no subscription saw (another process): every layer may have changed. */
  private async refresh(): Promise<void> {
    const s = await this.store.changes.stamp();
    if (this.stamp === null) this.stamp = s;
    if (s === this.stamp) return;
    this.stamp = s;
    for (const layer of LAYER_IDS) this.bump(layer);
  }

}

/**
 * Tile z/x/y of the kept counts as MVT: each count a point feature (ids 1, 2, … as `CellCounts.tile`
 * numbers them) with `count`, `category`, `day`; with `byDay` false, each cell's counts of a
 * category summed over the days, without `day`, a cell's largest count first (ids 1, 2, … in
 * that order).
 */
function writeCounts(layer: LayerId, counts: CellCounts, z: number, x: number, y: number, byDay: boolean): Uint8Array {
  // a count feature takes ~20 bytes: its id, up to three tags and one point, with their heads
  const w = new PointLayerWriter(layer, EXTENT, 24 * counts.entries(z, x, y, !byDay));
  const kCount = w.key('count'), kCategory = w.key('category'), kDay = w.key('day');
  // value indexes, found once per category, day and count
  const categories: number[] = [], days: number[] = [];
  const tags = new Float64Array(6), point = new Float64Array(2);
  let id = 0;
  if (!byDay) {
    // A cell's entries are consecutive (sorted by day, then category): sums per category, written
    // when the cell ends, the largest first, so that a map drawing them in order shows each
    // category's (smaller) circle over the larger ones at the same place.
    const sums = new Float64Array(8);
    const order = [0, 1, 2, 3, 4, 5, 6, 7];
    let cx = NaN, cy = NaN;
    const flush = () => {
      order.sort((a, b) => sums[b] - sums[a] || a - b);
      for (const c of order) {
        if (!sums[c]) continue;
        let n = 0;
        tags[n++] = kCount;
        tags[n++] = w.value(sums[c]);
        if (c) (tags[n++] = kCategory), (tags[n++] = categories[c] ??= w.value(counts.category(c)));
        point[0] = cx;
        point[1] = cy;
        w.feature(++id, tags, n / 2, point, 1);
        sums[c] = 0;
      }
    };
    counts.visit(
      z,
      x,
      y,
      EXTENT,
      (px, py, count, c) => {
        if (px !== cx || py !== cy) flush(), (cx = px), (cy = py);
        sums[c] += count;
      },
      true,
    );
    flush();
    return w.finish();
  }
  counts.visit(z, x, y, EXTENT, (px, py, count, c, d) => {
    let n = 0;
    tags[n++] = kCount;
    tags[n++] = w.value(count);
    if (c) (tags[n++] = kCategory), (tags[n++] = categories[c] ??= w.value(counts.category(c)));
    if (d) (tags[n++] = kDay), (tags[n++] = days[d] ??= w.value(counts.day(d)));
    point[0] = px;
    point[1] = py;
    w.feature(++id, tags, n / 2, point, 1);
  });
  return w.finish();
}

/** Counts per cell (and `counted`) at every zoom up to TILE_MAX_ZOOM, all levels made now (all are asked for as soon as a map opens on the city), summed over the days too below street zoom. */
const countsOf = (places: PointPlaces, counted: string[]) => CellCounts.build(places, TILE_MAX_ZOOM, CELL_BITS, counted)?.prepare(INCIDENT_POINT_ZOOM - 1) ?? null;

/**
 * A tile's points as an MVT of tile z/x/y, in id order, with the places' kept columns: written
 * straight from the columns, without an object per point (~3,000 in a street tile of the city's
 * incidents) or per property, each value's index in the tile found once per value.
 */
function writePlaces(layer: LayerId, { places, at }: StreetPoints, z: number, x: number, y: number): Uint8Array {
  const { props } = places;
  // a point feature takes its id, a point and a tag pair per column, with their heads: ~12 + 4 a column bytes
  const w = new PointLayerWriter(layer, EXTENT, at.length * (12 + 4 * props.length));
  const keys = props.map((p) => w.key(p));
  const columns = props.map((p) => places.column(p)!);
  const valueOf = props.map((): number[] => []);
  const { ids, xs, ys } = places;
  // a tile is 2^(32 − z) cells of the places' grid a side and EXTENT units: each point at its cell's centre
  const cells = 2 ** (PLACE_ZOOM - z) / EXTENT, x0 = x * EXTENT, y0 = y * EXTENT;
  const tags = new Float64Array(2 * props.length), point = new Float64Array(2);
  for (const i of at) {
    let n = 0;
    for (let k = 0; k < props.length; k++) {
      const v = columns[k].index[i];
      if (!v) continue; // none
      tags[n++] = keys[k];
      tags[n++] = valueOf[k][v] ??= w.value(columns[k].names[v - 1] as string | number | boolean);
    }
    point[0] = Math.round((xs[i] + 0.5) / cells - x0);
    point[1] = Math.round((ys[i] + 0.5) / cells - y0);
    w.feature(ids[i], tags, n / 2, point, 1);
  }
  return w.finish();
}

/**
 * One geojson-vt index over a whole area layer: each tile is then clipped and simplified from it
 * (geojson-vt drills down from the nearest tile it has), instead of indexing every feature that
 * meets the tile again for each request. Split down to zoom 12 when it is built (warm(), at start):
 * drilling from zoom 5 to the first district tile the map asks for was ~20-30 ms of that request.
 */
function areaIndex(layer: LayerId, rows: FeatureRow[]): GeoJSONVT | null {
  if (!rows.length) return null;
  const features: Feature[] = rows.map((r) => ({ type: 'Feature', id: r.id, properties: tileProperties(layer, JSON.parse(r.properties)), geometry: JSON.parse(r.geometry) as Geometry }));
  return new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom: TILE_MAX_ZOOM, indexMaxZoom: 12, indexMaxPoints: 0, tolerance: 3, extent: EXTENT, buffer: BUFFER });
}

/** A small point layer's places with every property its tiles carry (tileProperties), from its rows. */
function placesOfRows(layer: LayerId, rows: FeatureRow[]): PointPlaces {
  const props = new Set<string>();
  const tags = rows.map((r) => {
    const t = tileProperties(layer, JSON.parse(r.properties));
    for (const k in t) props.add(k);
    return t;
  });
  const lon = new Float64Array(rows.length), lat = new Float64Array(rows.length);
  rows.forEach((r, i) => ([lon[i], lat[i]] = (JSON.parse(r.geometry) as { coordinates: [number, number] }).coordinates));
  const names = [...props];
  return PointPlaces.build({ ids: rows.map((r) => r.id), lon, lat, values: Object.fromEntries(names.map((p) => [p, tags.map((t) => t[p] ?? null)])) }, names);
}
