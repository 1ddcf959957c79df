import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The client lives in client/; `vite build` writes dist/, which the Hono server serves at /.
// In `npm run dev` Vite serves the client and proxies the API to a server on API_PORT.
const apiPort = process.env.API_PORT ?? process.env.PORT ?? '8080';

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [svelte()],
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': `http://127.0.0.1:${apiPort}`, '/fonts': `http://127.0.0.1:${apiPort}` } },
});
