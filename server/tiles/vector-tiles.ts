/**
 * Mapbox Vector Tiles of the reference layers, cut from the database with geojson-vt and encoded
 * with vt-pbf. The geojson-vt index of a layer is built on the first request and kept; encoded
 * tiles are kept in a bounded cache. Both are dropped when the layer changes — in this process or
 * another one (the import CLI): see store.reference.stamp().
 */
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';
import type { Feature } from 'geojson';
import type { ReferenceLayer, Store } from '../db/store.ts';
import { ByteLru } from '../http/byte-lru.ts';

/** Highest zoom cut by the server; the map overzooms beyond it. */
export const TILE_MAX_ZOOM = 14;
const EXTENT = 4096;

/** What each tile feature carries: only what the style draws and labels. */
function tileProps(layer: ReferenceLayer, p: Record<string, unknown>): Record<string, unknown> {
  if (layer === 'roads') {
    const out: Record<string, unknown> = { class: p.highway ?? 'minor' };
    if (p.name) out.name = p.name;
    if (p.ref) out.ref = p.ref;
    return out;
  }
  const out: Record<string, unknown> = { category: p.category ?? 'other' };
  if (p.name) out.name = p.name;
  return out;
}

/** The geojson-vt index of a reference layer, with only the properties the map draws. */
export async function layerIndex(store: Store, layer: ReferenceLayer, maxZoom = TILE_MAX_ZOOM): Promise<GeoJSONVT> {
  const features: Feature[] = (await store.reference.read(layer)).map((f) => ({ type: 'Feature', properties: tileProps(layer, f.properties ?? {}), geometry: f.geometry }));
  return new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom, indexMaxZoom: 5, tolerance: 3, extent: EXTENT, buffer: 64 });
}

/** Encode geojson-vt tiles of several layers into one MVT. */
export function encodeTile(layers: Record<string, { features: unknown[] } | null>): Uint8Array {
  const present: Record<string, { features: unknown[] }> = {};
  for (const [k, t] of Object.entries(layers)) if (t) present[k] = t;
  return vtpbf.fromGeojsonVt(present, { version: 2, extent: EXTENT });
}

interface LayerState {
  version: string;
  index: GeoJSONVT | null;
}

export class ReferenceTiles {
  private stamp = '';
  private layers = new Map<ReferenceLayer, LayerState>();
  private readonly tiles: ByteLru<Uint8Array>;

  constructor(
    private store: Store,
    /** Bytes of encoded tiles kept (config.caches.referenceTileBytes: OPSMAP_CACHE_MB); was 4,096 tiles of any size. */
    maxBytes = 12 * 1024 * 1024,
  ) {
    this.tiles = new ByteLru<Uint8Array>(maxBytes, (t) => t.byteLength);
  }

  /** The layer's content version (changes with every import of it). */
  async version(layer: ReferenceLayer): Promise<string> {
    await this.refresh();
    return (await this.state(layer)).version;
  }

  /** The encoded tile; an empty tile when the layer has nothing there. */
  async tile(layer: ReferenceLayer, z: number, x: number, y: number): Promise<Uint8Array> {
    await this.refresh();
    const st = await this.state(layer);
    const key = `${layer}/${z}/${x}/${y}`;
    const hit = this.tiles.get(key);
    if (hit) return hit;
    // Two requests may both find no index and build it; each builds the same one.
    if (!st.index) st.index = await layerIndex(this.store, layer);
    const t = st.index.getTile(z, x, y);
    const pbf = encodeTile({ [layer]: t ?? { features: [] } });
    this.tiles.set(key, pbf);
    return pbf;
  }

  private async state(layer: ReferenceLayer): Promise<LayerState> {
    let st = this.layers.get(layer);
    if (!st) {
      const version = await this.store.reference.version(layer);
      st = this.layers.get(layer) ?? { version, index: null };
      this.layers.set(layer, st);
    }
    return st;
  }

  /** Something may have changed: re-read the content versions, drop what is stale. */
  private async refresh(): Promise<void> {
    const stamp = await this.store.reference.stamp();
    if (stamp === this.stamp) return;
    for (const [layer, st] of this.layers) {
      const v = await this.store.reference.version(layer);
      if (v === st.version) continue;
      this.layers.set(layer, { version: v, index: null });
      this.tiles.deletePrefix(layer + '/');
    }
    // Only now: a request arriving meanwhile checks again rather than using what is being replaced.
    this.stamp = stamp;
  }
}
