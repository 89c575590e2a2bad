import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { ISOLATION_HEADERS } from './scripts/isolation.mjs';
import { serviceWorkerPlugin } from './scripts/vite-sw-plugin.mjs';

// Cross-origin isolation (COOP/COEP) lets the engine worker run tfjs-wasm's threaded build
// (SharedArrayBuffer needs it); on a static host the service worker adds the same headers
// (src/sw/sw.js). PCALM_ISOLATION=0 serves without them, to see the single-threaded page. Both builds
// give the same bits (e2e/threads.spec.ts).
const isolation: Record<string, string> = process.env.PCALM_ISOLATION === '0' ? {} : { ...ISOLATION_HEADERS };

export default defineConfig({
  // Relative URLs: the built dist/ works from any static host and any sub-path without a rebuild.
  base: './',
  plugins: [react(), serviceWorkerPlugin()],
  server: { headers: isolation },
  preview: { headers: isolation },
  // The engine worker imports tfjs lazily per backend; ES workers keep those imports code-split.
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
