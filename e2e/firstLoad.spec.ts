/**
 * Issue 10 §2, a light first load: the default page transfers at most 2 MB (every request of the page
 * and its workers: HTML, JS, CSS, wasm, data) before its first animated step, on a first visit (fresh
 * context, no service worker yet), from a plain static server that gzips text as hosts do, and from one
 * that also sends COOP/COEP (the page then runs tfjs-wasm's threaded build, whose binary replaces the
 * single-threaded one: one .wasm either way). Counted twice: bytes the server wrote, and the
 * browser's own sizes of each response (Playwright).
 * While it loads, the page says what and how much.
 */
import { expect, test } from '@playwright/test';
import { startStaticServer } from '../scripts/serve-static.mjs';

const BUDGET = 2_000_000;
const DIST = new URL('../dist/', import.meta.url).pathname;

for (const isolation of [false, true]) {
  test(`the default page transfers at most 2 MB before its first animated step${isolation ? ', cross-origin isolated' : ''}`, async ({
    browser,
  }) => {
    const server = await startStaticServer({
      root: DIST,
      base: '/app/',
      gzip: true,
      isolation,
      onBytes: () => {},
    });
    const context = await browser.newContext({ serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      const seen: Array<Promise<{ url: string; bytes: number }>> = [];
      context.on('requestfinished', (request) =>
        seen.push(
          request
            .sizes()
            .then((s) => ({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize })),
        ),
      );
      await page.goto(server.url);
      await page.waitForFunction(
        () => performance.getEntriesByName('pcalm:first-animated-frame').length > 0,
        null,
        {
          timeout: 60_000,
        },
      );
      const serverBytes = server.bytes();
      const requests = await Promise.all(seen);
      const browserBytes = requests.reduce((sum, r) => sum + r.bytes, 0);
      const names = requests.map((r) => new URL(r.url).pathname);
      const summary = requests
        .sort((a, b) => b.bytes - a.bytes)
        .map((r) => `${r.bytes} ${new URL(r.url).pathname}`)
        .join('\n');
      // The workers' requests are in the browser's count too: the wasm binary and the explorer's data.
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolation);
      const binaries = names.filter((n) => n.endsWith('.wasm'));
      expect(binaries, summary).toHaveLength(1);
      expect(binaries[0].includes('threaded'), summary).toBe(isolation);
      expect(names).toContain('/app/data/fashion-mnist.explorer.bin');
      // The full 55 MB file is not part of the first load.
      expect(names).not.toContain('/app/data/fashion-mnist.bin');
      expect(serverBytes, summary).toBeLessThanOrEqual(BUDGET);
      expect(browserBytes, summary).toBeLessThanOrEqual(BUDGET);
      // The two counts measure the same transfer: the browser's is a little lower, since it reports only
      // a few hundred bytes for a worker's own script (the server's headers are estimated, ±100 bytes each).
      const ratio = browserBytes / serverBytes;
      expect(ratio, `server ${serverBytes} bytes, browser ${browserBytes} bytes`).toBeGreaterThan(0.9);
      expect(ratio).toBeLessThan(1.02);
      // And it is the real data set, not the synthetic fallback.
      expect(await page.evaluate(() => window.pcalm!.state.run!.info.notes)).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test('while it loads, the page says what loads and how much', async ({ browser }) => {
  // A slow link (2 Mbit/s) so the downloads take long enough to be read.
  const server = await startStaticServer({
    root: DIST,
    base: '/app/',
    gzip: true,
    throttle: { bitsPerSecond: 2e6, rttMs: 40 },
  });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'commit' });
    const note = page.locator('[data-panel="CreditHeatmaps"] [data-testid="loading-note"]');
    await expect(note).toContainText(
      /Loading (the WebAssembly engine|Fashion-MNIST sample images): [\d.]+ of [\d.]+ MB \(\d+ %\)…/,
      {
        timeout: 30_000,
      },
    );
    await expect(note).toContainText(/Loading Fashion-MNIST sample images: [\d.]+ of 0\.45 MB \(\d+ %\)…/, {
      timeout: 30_000,
    });
    await expect
      .poll(() => page.evaluate(() => window.pcalm?.steps() ?? 0), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await expect(note).toHaveCount(0);
  } finally {
    await context.close();
    await server.close();
  }
});
