/** Serves the built client (dist/) at /, with index.html for client-side routes. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, extname } from 'node:path';
import type { AppDeps } from '../deps.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { HttpProblem } from '../http/problem.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pbf': 'application/x-protobuf',
  '.wasm': 'application/wasm',
};

export function clientEndpoints(deps: AppDeps): Endpoint[] {
  const root = deps.config.clientDir;
  return [
    endpoint({
      method: 'GET',
      path: '/*',
      // The sign-in screen must load before anyone has signed in. No data is in these files.
      permission: 'public',
      doc: { notInApi: 'the web client’s files, served at the root' },
      handler: (c) => {
        // `GET /%` (not a percent-encoding) or `/%00` (a NUL, which the file system refuses) threw: a 500 to anyone.
        let decoded: string;
        try {
          decoded = decodeURIComponent(new URL(c.req.url).pathname);
        } catch {
          throw new HttpProblem(400, 'The path is not valid percent-encoding.');
        }
        if (decoded.includes('\0')) throw new HttpProblem(400, 'The path contains a NUL character.');
        const path = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
        let file = join(root, path);
        if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = join(root, 'index.html');
        if (!existsSync(file)) return c.text('The client is not built. Run `npm start` (it builds it) or `npm run build`.', 503);
        const hashed = /\/assets\//.test(file);
        return c.body(readFileSync(file), 200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
      },
    }),
  ];
}
