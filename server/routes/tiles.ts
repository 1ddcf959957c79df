/**
 * Vector tiles of the operational layers (server/tiles/operational-tiles.ts): what the map reads
 * instead of whole layers. One route per collection, in the OGC API – Tiles spirit
 * (`/collections/{id}/tiles/{z}/{x}/{y}.pbf`; x before y as MapLibre's tile URLs write it).
 */
import { z } from 'zod';
import { LAYERS } from '../../core/layers.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { collectionParams } from '../http/ogc.ts';
import { MVT, serveTile } from '../http/tile.ts';
import { ERRORS } from '../openapi.ts';
import { tileBundleEndpoint } from './tile-bundles.ts';
import { CELLS_PER_SIDE, INCIDENT_POINT_ZOOM, MAX_POINTS_PER_TILE, OperationalTiles, TILE_MAX_ZOOM } from '../tiles/operational-tiles.ts';

/** The endpoints over `tiles`, the app's one OperationalTiles (made and warmed at start: server/app.ts). */
export function tileEndpoints(tiles: OperationalTiles): Endpoint[] {
  return [
    endpoint({
      method: 'GET',
      path: '/collections/:collectionId/tiles/:z/:x/:y{[0-9]+\\.pbf}',
      docPath: '/collections/{collectionId}/tiles/{z}/{x}/{y}.pbf',
      permission: 'read',
      params: collectionParams.extend({ z: z.string(), x: z.string(), y: z.string() }),
      doc: {
        perCollection: (layer, title) => ({
          tags: [title],
          summary: `${title}: Mapbox Vector Tile (zoom 0–${TILE_MAX_ZOOM}; the map overzooms beyond)`,
          description:
            `One MVT layer named \`${layer}\`, feature ids = feature ids, with the scalar properties the map styles and filters (details: GET the item by id).` +
            (layer === 'incidents' ? ` Below zoom ${INCIDENT_POINT_ZOOM} incidents come as counts per cell (${CELLS_PER_SIDE}×${CELLS_PER_SIDE} per tile), category and Hanoi day: properties \`count\`, \`category\`, \`day\`.` : '') +
            (LAYERS[layer].geometryTypes.includes('Point') ? ` More than ${MAX_POINTS_PER_TILE} features in one tile come as counts per cell (property \`count\`).` : ''),
          operationId: `get-${layer}-tile`,
          parameters: [
            { name: 'z', in: 'path', required: true, schema: { type: 'integer', minimum: 0, maximum: TILE_MAX_ZOOM } },
            { name: 'x', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
            { name: 'y', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
          ],
          responses: { '200': { description: 'Tile', content: { [MVT]: { schema: { type: 'string', format: 'binary' } } } }, '304': { description: 'Not modified' }, ...ERRORS },
        }),
      },
      handler: (c, { params }) => serveTile(c, tiles, params.collectionId, params, TILE_MAX_ZOOM),
    }),
    tileBundleEndpoint(tiles),
  ];
}
