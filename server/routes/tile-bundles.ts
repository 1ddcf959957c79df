/**
 * Tiles of several operational layers in one answer (server/tiles/bundle.ts): what the map reads,
 * one request per tile place for every layer it shows. The single-layer routes stay
 * (server/routes/tiles.ts) for other clients and for a single layer.
 */
import { z } from 'zod';
import { LAYER_IDS } from '../../core/layers.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { fromParser } from '../http/query.ts';
import { MVT, serveTile } from '../http/tile.ts';
import { ERRORS } from '../openapi.ts';
import { bundleLayers, TileBundles, type LayerTiles } from '../tiles/bundle.ts';
import { TILE_MAX_ZOOM } from '../tiles/operational-tiles.ts';

/** The endpoint over the single-layer tiles it joins (the same cache serves both routes). */
export function tileBundleEndpoint(layers: LayerTiles): Endpoint {
  const bundles = { each: new TileBundles(layers, 'each'), summed: new TileBundles(layers, 'summed') };
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
    // not strict: the map adds `v` (the layers' change counts) to ask again after a change
    query: z.object({ days: z.enum(['each', 'summed']).default('each') }),
    doc: {
      tags: ['Tiles'],
      summary: `Operational layers: one Mapbox Vector Tile holding several layers (zoom 0–${TILE_MAX_ZOOM}; the map overzooms beyond)`,
      description:
        'One MVT layer per collection named in `layers`, in that order, each exactly as `GET /collections/{collectionId}/tiles/{z}/{x}/{y}.pbf` answers it (feature ids, properties, counts per cell where a tile aggregates). ' +
        'The ETag changes when any of the named collections changes. With `days=summed`, where a tile holds counts per cell, category and day (incidents below street zoom), each cell\'s counts of a category come summed over the days instead: one feature per cell and category, `count` and `category`, no `day` (for a map drawing every day at once).',
      operationId: 'get-operational-tiles',
      parameters: [
        { name: 'layers', in: 'path', required: true, description: `Collections, comma-separated, each once: ${LAYER_IDS.join(', ')}`, schema: { type: 'string' }, example: 'wards,incidents' },
        { name: 'z', in: 'path', required: true, schema: { type: 'integer', minimum: 0, maximum: TILE_MAX_ZOOM } },
        { name: 'x', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
        { name: 'y', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
        { name: 'days', in: 'query', required: false, description: 'Counts per cell: each day its own (`each`, as the single-layer tiles) or summed over the days (`summed`)', schema: { type: 'string', enum: ['each', 'summed'], default: 'each' } },
      ],
      responses: { '200': { description: 'Tile', content: { [MVT]: { schema: { type: 'string', format: 'binary' } } } }, '304': { description: 'Not modified' }, ...ERRORS },
    },
    handler: (c, { params, query }) => serveTile(c, bundles[query.days], params.layers, params, TILE_MAX_ZOOM),
  });
}
