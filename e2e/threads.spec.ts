/**
 * Issue 13, threads in the browser: `vite preview` sends COOP/COEP, so the page is cross-origin
 * isolated and the engine worker runs tfjs-wasm's threaded build (minified, as deployed: its pthread
 * workers load the package's untouched glue file, src/worker/browserThreads.ts); the status line says
 * so. Without the headers (stripped here on the way in) the page runs the single-threaded build and
 * says why. Both give the same numbers, bit for bit. (The service worker's isolation on a static
 * host is in offline.spec.ts.)
 */
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { ISOLATION_HEADERS } from '../scripts/isolation.mjs';
import { openApp, SMALL, waitForFinished } from './helpers';

const RUN = `${SMALL}&T=24`;

async function allMetrics(page: Page): Promise<string> {
  await waitForFinished(page);
  return page.evaluate(() =>
    JSON.stringify([window.pcalm!.allMetrics('pcalm'), window.pcalm!.allMetrics('pc')]),
  );
}

/** Every response of the context without COOP/COEP, as a static host without them would serve it. */
async function withoutIsolation(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    for (const name of Object.keys(ISOLATION_HEADERS)) delete headers[name.toLowerCase()];
    await route.fulfill({ response, headers });
  });
}

test('an isolated page runs the threaded build, a page without COOP/COEP one thread, with the same bits', async ({
  page,
  browser,
}) => {
  await openApp(page, RUN);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const threads = page.getByTestId('threads');
  // The pool is half the logical cores: one thread on a 2-core machine, more elsewhere.
  await expect(threads).toHaveText(/^(threaded build, one thread|\d+ threads)$/);
  await expect(threads).toHaveAttribute('title', /cross-origin isolated|capped at half the logical cores/);
  await expect(page.getByTestId('backend')).toHaveAttribute('title', /threads?: /);
  const threaded = await allMetrics(page);

  const context = await browser.newContext({ serviceWorkers: 'block' });
  await withoutIsolation(context);
  const plain = await context.newPage();
  await openApp(plain, RUN);
  expect(await plain.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(plain.getByTestId('threads')).toHaveText('single-threaded build');
  await expect(plain.getByTestId('threads')).toHaveAttribute('title', /not cross-origin isolated/);
  const single = await allMetrics(plain);
  await context.close();

  expect(threaded.length).toBeGreaterThan(1000);
  expect(threaded).toBe(single);
});
