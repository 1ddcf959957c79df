/**
 * Several operational layers' tiles in one answer, so a map showing five layers asks for one tile
 * per place instead of five (issue 12: in a headless browser each tile request is a round of
 * fetching, worker messaging and parsing of its own).
 *
 * No re-encoding: a Mapbox Vector Tile is a protobuf message whose one field in use is
 * `repeated Layer layers = 3`, and protobuf reads concatenated messages as one message with the
 * repeated fields joined. The bytes of single-layer tiles put one after another are therefore one
 * tile holding every layer. Each layer's tile is cut, kept and invalidated by its own source
 * (operational-tiles.ts), and the bundle's version joins the layers' versions, so an edit of any
 * of them changes the bundle's ETag.
 *
 * With `days: 'summed'` a layer's counts per cell, category and day come summed over the days
 * (OperationalTiles.dayTotalsTile): for a map drawing every day at once, which then parses and
 * draws a fifth of the features (a district of the city: ~21,000 instead of ~117,000).
 */
import { isLayerId, LAYER_IDS, type LayerId } from '../../core/layers.ts';
import { HttpProblem } from '../http/problem.ts';
import type { TileSource } from '../http/tile.ts';

/** The layers a bundle names, comma-separated: each a known layer, each once, in the order given. */
export function bundleLayers(raw: string): LayerId[] {
  const names = raw.split(',');
  const unknown = names.filter((n) => !isLayerId(n));
  if (unknown.length) throw new HttpProblem(404, `There is no collection ${unknown.map((n) => `"${n}"`).join(', ')}. Collections are: ${LAYER_IDS.join(', ')}.`);
  if (new Set(names).size !== names.length) throw new HttpProblem(404, `Collections "${raw}": each collection may be named once.`);
  return names as LayerId[];
}

/** Each day's counts as their own features, or each cell's summed over the days. */
export type Days = 'each' | 'summed';

/** The single-layer tiles a bundle is made of (OperationalTiles). */
export interface LayerTiles extends TileSource<LayerId> {
  dayTotalsTile(layer: LayerId, z: number, x: number, y: number): Promise<Uint8Array>;
}

/** Tiles of a list of layers (`wards,incidents`), from the tiles of each. */
export class TileBundles implements TileSource<string> {
  constructor(
    private readonly layers: LayerTiles,
    private readonly days: Days = 'each',
  ) {}

  async version(list: string): Promise<string> {
    const v = (await Promise.all(bundleLayers(list).map((l) => this.layers.version(l)))).join('+');
    return this.days === 'each' ? v : `${v}.${this.days}`;
  }

  async tile(list: string, z: number, x: number, y: number): Promise<Uint8Array> {
    const one = (l: LayerId) => (this.days === 'summed' ? this.layers.dayTotalsTile(l, z, x, y) : this.layers.tile(l, z, x, y));
    return Buffer.concat(await Promise.all(bundleLayers(list).map(one)));
  }
}
