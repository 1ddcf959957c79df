/**
 * Live updates: every committed change is pushed to every open map as a Server-Sent
 * Event within milliseconds. EventSource reconnects by itself after a server restart;
 * on reconnect the client reloads what it shows, so nothing missed while away is lost.
 * Each connection holds one bus listener, removed when the connection closes, so a
 * screen left open all day does not grow the server's memory.
 */
import { streamSSE } from 'hono/streaming';
import type { Change } from '../db/bus.ts';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';

/** Comment lines keep proxies and the browser from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

let open = 0;
/** Open live connections, for tests and monitoring. */
export const liveConnections = () => open;

export function liveEndpoints(deps: AppDeps): Endpoint[] {
  return [
    endpoint({
      method: 'GET',
      path: '/live',
      // The same data as reading.
      permission: 'read',
      doc: {
        tags: ['Live'],
        summary: 'Every committed change as Server-Sent Events: `hello`, then `change` events (a list of changes, or {bulk, collections, count} for a large import)',
        operationId: 'getLiveChanges',
        responses: { '200': { description: 'An event stream that stays open', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
      },
      handler: (c) =>
        streamSSE(c, async (stream) => {
          open++;
          let seq = 0;
          const queue: Change[][] = [];
          let wake: (() => void) | null = null;
          const unsubscribe = deps.db.bus.subscribe((changes) => {
            queue.push(changes);
            wake?.();
          });
          let closed = false;
          stream.onAbort(() => {
            closed = true;
            wake?.();
          });
          try {
            await stream.writeSSE({ event: 'hello', data: JSON.stringify({ at: new Date().toISOString(), heartbeat_ms: HEARTBEAT_MS }), retry: 2000 });
            while (!closed) {
              if (!queue.length) {
                await new Promise<void>((resolve) => {
                  wake = resolve;
                  setTimeout(resolve, HEARTBEAT_MS).unref();
                });
                wake = null;
                if (!queue.length && !closed) await stream.write(': heartbeat\n\n');
                continue;
              }
              // A burst (an import) is sent as one event per bus message, never one per feature.
              const changes = queue.shift()!;
              await stream.writeSSE({ event: 'change', id: String(++seq), data: JSON.stringify(changes.length > 500 ? { bulk: true, collections: [...new Set(changes.map((x) => x.collection))], count: changes.length } : changes) });
            }
          } finally {
            unsubscribe();
            open--;
          }
        }),
    }),
  ];
}
