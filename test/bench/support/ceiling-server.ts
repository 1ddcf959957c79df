/**
 * The ceiling for the HTTP benchmarks: the same HTTP stack answering with precomputed bytes.
 * BODY_FILE: every path gets that file's bytes. BODY_DIR: path `/<anything>/<k>` gets the bytes
 * of file `<k>` in that directory (all read at start), so that a run of requests can be compared
 * with the same responses, each of its own size, served from memory.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const one = process.env.BODY_FILE ? readFileSync(process.env.BODY_FILE) : null;
const dir = process.env.BODY_DIR;
const bodies = new Map(dir ? readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]) : []);
const app = new Hono();
app.get('/*', (c) => {
  const body = one ?? bodies.get(c.req.path.split('/').pop()!);
  return body ? c.body(body, 200, { 'Content-Type': one ? 'application/geo+json' : 'application/vnd.mapbox-vector-tile' }) : c.notFound();
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) }, (i) => console.log(`listening on ${i.port}`));
