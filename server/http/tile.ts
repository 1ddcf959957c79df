/**
 * Answering a request for one Mapbox Vector Tile, whichever source cuts it (reference layers in
 * server/tiles/vector-tiles.ts, operational layers in server/tiles/operational-tiles.ts): the
 * address checked, an ETag from the layer's version so a map revalidates instead of refetching.
 */
import type { Context } from 'hono';
import { HttpProblem } from './problem.ts';

export const MVT = 'application/vnd.mapbox-vector-tile';

export interface TileSource<L extends string> {
  /** Changes whenever anything in the layer changes. */
  version(layer: L): Promise<string>;
  tile(layer: L, z: number, x: number, y: number): Promise<Uint8Array>;
}

/** A tile number from the path; a tile outside the pyramid does not exist (404). */
function tileNumber(raw: string, name: string, max: number): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) > max) throw new HttpProblem(404, `Tile ${name} "${raw}" is out of range (0–${max}).`);
  return Number(raw);
}

export async function serveTile<L extends string>(c: Context, source: TileSource<L>, layer: L, at: { z: string; x: string; y: string }, maxZoom: number): Promise<Response> {
  const z = tileNumber(at.z, 'zoom', maxZoom);
  const x = tileNumber(at.x, 'x', 2 ** z - 1);
  const y = tileNumber(at.y.replace(/\.pbf$/, ''), 'y', 2 ** z - 1);
  const etag = `"${layer}-${await source.version(layer)}"`;
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag });
  const body = await source.tile(layer, z, x, y);
  return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': MVT, ETag: etag, 'Cache-Control': 'no-cache' });
}
