import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { serviceWorkerPlugin } from './scripts/vite-sw-plugin.mjs';

// Cross-origin isolation (SharedArrayBuffer) lets the engine worker run tfjs-wasm's threaded build.
// Off unless PCALM_ISOLATION=1: in the threaded browser build two runs of the same configuration were
// seen to differ in the last bits (e2e "dragging η_λ", 1 run in 3), while the single-threaded build
// is deterministic; static hosts do not send these headers anyway.
const isolation: Record<string, string> =
  process.env.PCALM_ISOLATION === '1'
    ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
    : {};

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
