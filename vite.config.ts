import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { serviceWorkerPlugin } from './scripts/vite-sw-plugin.mjs';

// Cross-origin isolation (SharedArrayBuffer) lets the engine worker run tfjs-wasm's threaded build;
// PCALM_ISOLATION=0 serves without it (one thread), e.g. to compare.
const isolation: Record<string, string> =
  process.env.PCALM_ISOLATION === '0'
    ? {}
    : { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

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
