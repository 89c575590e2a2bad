/**
 * The service worker (plain JS; scripts/vite-sw-plugin.mjs puts the build's precache list, version and
 * the isolation headers of scripts/isolation.mjs
 * above this text and writes it as dist/sw.js, beside index.html, so its scope is the app's folder
 * on any host and sub-path).
 *
 * - Install: precaches the app shell (HTML, JS, CSS), the wasm binaries tfjs can pick, the KaTeX woff2
 *   fonts, the icons and the explorer's small data files, in a cache named after this build.
 * - Fetch: every file of the app comes from this build's cache, the page too, so one build's files
 *   are never mixed with another's; the full data sets come from the data cache once the page has
 *   downloaded them (src/app/fullData.ts); anything else goes to the network.
 * - Every response it gives carries COOP/COEP, so from the second load on (the first one on a static
 *   host has no service worker yet) the page is cross-origin isolated and the engine runs tfjs-wasm's
 *   threaded build, on hosts that cannot send headers of their own (GitHub Pages).
 * - A new deploy installs beside the old one and waits; the page offers "New version — reload"
 *   (src/app/serviceWorker.ts), which tells it to take over; then the old build's cache is deleted.
 */
/* global PRECACHE, VERSION, ISOLATION */
const SHELL = `pcalm-shell-${VERSION}`;
const DATA_CACHE = 'pcalm-data-v1';
const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) =>
      // cache: 'reload' skips the HTTP cache, so an old copy of an unhashed file never gets in.
      cache.addAll(PRECACHE.map((path) => new Request(scoped(path), { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('pcalm-shell-') && key !== SHELL) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

/** The response with the isolation headers added (an opaque or error response passes as it is). */
function isolated(response) {
  if (response.type === 'opaque' || response.type === 'error' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function respond(request, url) {
  const shell = await caches.open(SHELL);
  if (request.mode === 'navigate') {
    // Any link into the app (its query is the settings) opens this build's page.
    const page = await shell.match(scoped('./index.html'));
    return page ?? fetch(request);
  }
  const hit =
    (await shell.match(url.href, { ignoreSearch: true })) ??
    (await (await caches.open(DATA_CACHE)).match(url.href));
  return hit ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!url.href.startsWith(self.registration.scope) || url.pathname.endsWith('/sw.js')) return;
  event.respondWith(respond(request, url).then(isolated));
});
