/**
 * GET /api/health: for a load balancer or a monitor, before anyone signs in. It says whether
 * the database answers, whether the map's tiles are ready (see OperationalTiles.warm) and how much
 * work waits; nothing about the data.
 */
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { workPool } from '../workers/pool.ts';
import { liveConnections } from './live.ts';
import type { OperationalTiles } from '../tiles/operational-tiles.ts';

export function healthEndpoints(deps: AppDeps, tiles: Pick<OperationalTiles, 'ready'>): Endpoint[] {
  return [
    endpoint({
      method: 'GET',
      path: '/health',
      // A monitor has no account; the answer carries no data.
      permission: 'public',
      doc: {
        tags: ['Capabilities'],
        summary: 'Whether the server and its database answer',
        operationId: 'getHealth',
        responses: {
          '200': { description: '{status: "ok", database: "ok", tiles: "ready" | "warming" (the map\'s tile indexes are still being made after a start: tiles are slower until then), work_waiting, live_connections}', content: { 'application/json': { schema: { type: 'object' } } } },
          '503': { description: 'The database does not answer' },
        },
      },
      handler: async (c) => {
        let database = 'ok';
        try {
          await deps.store.ping();
        } catch {
          database = 'unavailable';
        }
        const body = { status: database === 'ok' ? 'ok' : 'degraded', database, tiles: tiles.ready ? 'ready' : 'warming', work_waiting: workPool(deps.config.work).waiting, live_connections: liveConnections() };
        return c.json(body, database === 'ok' ? 200 : 503, { 'Cache-Control': 'no-store' });
      },
    }),
  ];
}
