/** The ceiling for the items benchmark: the same HTTP stack answering with precomputed bytes. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';

const body = readFileSync(process.env.BODY_FILE!);
const app = new Hono();
app.get('/*', (c) => c.body(body, 200, { 'Content-Type': 'application/geo+json' }));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) }, (i) => console.log(`listening on ${i.port}`));
