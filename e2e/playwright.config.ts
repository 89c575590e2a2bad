/**
 * End-to-end tests drive Debian's Chromium (/usr/bin/chromium; Playwright's own browsers are never
 * downloaded) against the built app served by `vite preview`. WebGPU is enabled so the SwiftShader
 * adapter can be exercised; the app's "auto" backend still prefers wasm over a software adapter.
 */
import { readFileSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Read, not imported: Node's ESM loader refuses a JSON import without an import attribute.
const chromium = JSON.parse(readFileSync(new URL('./chromium.json', import.meta.url), 'utf8'));

const PORT = Number(process.env.E2E_PORT ?? 4180);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: './artifacts/results',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  // Two cores: the app's engine worker is CPU-bound, so one page at a time keeps timings honest.
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}/`,
    viewport: { width: 1440, height: 900 },
    launchOptions: chromium,
    trace: 'off',
    // The app's service worker stays out of the other tests (offline.spec.ts allows it in its own contexts).
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    cwd: '..',
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
