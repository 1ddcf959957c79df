/**
 * Tiles of several operational layers in one answer (server/tiles/bundle.ts): what the map reads,
 * one request per tile place for every layer it shows. The single-layer routes stay
 * (server/routes/tiles.ts) for other clients and for a single layer.
 */
import { z } from 'zod';
import { LAYER_IDS, type LayerId } from '../../core/layers.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { fromParser } from '../http/query.ts';
import { MVT, serveTile, type TileSource } from '../http/tile.ts';
import { ERRORS } from '../openapi.ts';
import { bundleLayers, TileBundles } from '../tiles/bundle.ts';
import { TILE_MAX_ZOOM } from '../tiles/operational-tiles.ts';

/** The endpoint over the single-layer tiles it joins (the same cache serves both routes). */
export function tileBundleEndpoint(layers: TileSource<LayerId>): Endpoint {
  const bundles = new TileBundles(layers);
  return endpoint({
    method: 'GET',
    path: '/operational-tiles/:layers/:z/:x/:y{[0-9]+\\.pbf}',
    docPath: '/operational-tiles/{layers}/{z}/{x}/{y}.pbf',
    permission: 'read',
    // checked here so that a wrong name is a 404 before any tile is cut; kept as written (the order of the layers in the tile)
    params: z.object({ layers: fromParser((raw) => {
        bundleLayers(raw);
        return raw;
      }), z: z.string(), x: z.string(), y: z.string() }),
    doc: {
      tags: ['Tiles'],
      summary: `Operational layers: one Mapbox Vector Tile holding several layers (zoom 0–${TILE_MAX_ZOOM}; the map overzooms beyond)`,
      description:
        'One MVT layer per collection named in `layers`, in that order, each exactly as `GET /collections/{collectionId}/tiles/{z}/{x}/{y}.pbf` answers it (feature ids, properties, counts per cell where a tile aggregates). ' +
        'The ETag changes when any of the named collections changes.',
      operationId: 'get-operational-tiles',
      parameters: [
        { name: 'layers', in: 'path', required: true, description: `Collections, comma-separated, each once: ${LAYER_IDS.join(', ')}`, schema: { type: 'string' }, example: 'wards,incidents' },
        { name: 'z', in: 'path', required: true, schema: { type: 'integer', minimum: 0, maximum: TILE_MAX_ZOOM } },
        { name: 'x', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
        { name: 'y', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
      ],
      responses: { '200': { description: 'Tile', content: { [MVT]: { schema: { type: 'string', format: 'binary' } } } }, '304': { description: 'Not modified' }, ...ERRORS },
    },
    handler: (c, { params }) => serveTile(c, bundles, params.layers, params, TILE_MAX_ZOOM),
  });
}
