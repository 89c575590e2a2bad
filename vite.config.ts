import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Cross-origin isolation (SharedArrayBuffer) lets the engine worker run tfjs-wasm's threaded build;
// PCALM_ISOLATION=0 serves without it (one thread), e.g. to compare.
const isolation: Record<string, string> =
  process.env.PCALM_ISOLATION === '0'
    ? {}
    : { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  plugins: [react()],
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
