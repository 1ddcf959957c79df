/**
 * Live updates: every committed change is pushed to every open map as a Server-Sent
 * Event within milliseconds. EventSource reconnects by itself after a server restart;
 * on reconnect the client reloads what it shows, so nothing missed while away is lost.
 * Each connection holds one bus listener, removed when the connection closes, so a
 * screen left open all day does not grow the server's memory.
 */
import { streamSSE } from 'hono/streaming';
import type { Change } from '../db/store.ts';
import type { AppDeps } from '../deps.ts';
import { identityOf } from '../auth/guard.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { HttpProblem } from '../http/problem.ts';

/** Comment lines keep proxies and the browser from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

let open = 0;
const perUser = new Map<number, number>();
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
      handler: (c) => {
        // Each stream holds a socket and a bus listener all day: one viewer opened 200 (issue 15 #7).
        const { ssePerUser, sseTotal } = deps.config.caps;
        const userId = identityOf(c)?.user.id ?? 0;
        const mine = perUser.get(userId) ?? 0;
        if (mine >= ssePerUser) throw new HttpProblem(429, `You have ${mine} live connections open, the most one user may (OPSMAP_SSE_PER_USER); close a tab or window of the map.`, { retryAfter: 30 });
        if (open >= sseTotal) throw new HttpProblem(503, `The server has ${open} live connections open, its limit (OPSMAP_SSE_TOTAL); try again shortly.`, { retryAfter: 30 });
        perUser.set(userId, mine + 1);
        open++;
        return streamSSE(c, async (stream) => {
          let seq = 0;
          const queue: Change[][] = [];
          let wake: (() => void) | null = null;
          const unsubscribe = deps.store.changes.subscribe((changes) => {
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
              await stream.writeSSE({ event: 'change', id: String(++seq), data: JSON.stringify(changes.length > 500 || changes.some((x) => x.batch) ? { bulk: true, collections: [...new Set(changes.map((x) => x.collection))], count: changes.reduce((n, x) => n + (x.batch?.count ?? 1), 0) } : changes) });
            }
          } finally {
            unsubscribe();
            open--;
            const left = (perUser.get(userId) ?? 1) - 1;
            if (left > 0) perUser.set(userId, left);
            else perUser.delete(userId);
          }
        });
      },
    }),
  ];
}
