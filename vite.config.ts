import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { serviceWorkerPlugin } from './scripts/vite-sw-plugin.mjs';

export default defineConfig({
  // Relative URLs: the built dist/ works from any static host and any sub-path without a rebuild.
  base: './',
  plugins: [react(), serviceWorkerPlugin()],
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
