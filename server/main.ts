/** Starts opsmap: configuration from the environment, database migrated and seeded, HTTP server. */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { answerClientErrors, timeoutOptions } from './http/timeouts.ts';
import { databaseName, loadConfig, storeLocation } from './config.ts';
import { openStore } from './db/connect.ts';
import { SERVER_WRITE_LOCK_WAIT_MS } from './db/open.ts';
import { isEmpty, seedCity, seedDemo } from './seed.ts';
import { ensureAdmin } from './auth/first-admin.ts';

const config = loadConfig();
const store = await openStore(storeLocation(config), { borderDistanceM: config.borderDistanceM, writeLockWaitMs: SERVER_WRITE_LOCK_WAIT_MS });
// Several servers starting together on one database: one seeds and creates the admin, the others then find it done.
await store.serialized('first-start', async () => {
  if (config.seedDemo && (await isEmpty(store))) {
    const t0 = Date.now();
    const counts = config.seedScenario === 'city' ? await seedCity(store, { incidents: config.cityIncidents }) : await seedDemo(store);
    console.log(`opsmap: new database ${databaseName(config)} seeded with ${config.seedScenario} data in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  }
  const firstAdmin = await ensureAdmin(store, config.auth);
  if (firstAdmin) console.log(firstAdmin);
});

const app = createApp({ store, config });
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port, serverOptions: timeoutOptions(config.caps.requestTimeoutS) }, (info) => {
  console.log(`opsmap listening on http://${config.host}:${info.port}/ (database ${databaseName(config)})`);
});

answerClientErrors(server as Server, config.caps.requestTimeoutS);

function shutdown() {
  server.close(() => {
    void store.close().then(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
