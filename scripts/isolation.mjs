/**
 * The two headers that make a page cross-origin isolated (SharedArrayBuffer, so the engine worker can
 * run tfjs-wasm's threaded build). One list for everything that serves the app: `vite` and `vite
 * preview` (vite.config.ts), the static test server (--isolation, scripts/serve-static.mjs) and the
 * service worker, which scripts/vite-sw-plugin.mjs writes it into (src/sw/sw.js).
 */
export const ISOLATION_HEADERS = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
});
