/** Starts opsmap: configuration from the environment, database migrated and seeded, HTTP server. */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { answerClientErrors, timeoutOptions } from './http/timeouts.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import { isEmpty, seedCity, seedDemo } from './seed.ts';
import { ensureAdmin } from './auth/first-admin.ts';

const config = loadConfig();
const db = openDatabase(config.dbFile, { borderDistanceM: config.borderDistanceM });
if (config.seedDemo && isEmpty(db)) {
  const t0 = Date.now();
  const counts = config.seedScenario === 'city' ? await seedCity(db, { incidents: config.cityIncidents }) : seedDemo(db);
  console.log(`opsmap: new database ${config.dbFile} seeded with ${config.seedScenario} data in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
}
const firstAdmin = ensureAdmin(db, config.auth);
if (firstAdmin) console.log(firstAdmin);

const app = createApp({ db, config });
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port, serverOptions: timeoutOptions(config.caps.requestTimeoutS) }, (info) => {
  console.log(`opsmap listening on http://${config.host}:${info.port}/ (database ${config.dbFile})`);
});

answerClientErrors(server as Server, config.caps.requestTimeoutS);

function shutdown() {
  server.close(() => {
    db.sqlite.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
