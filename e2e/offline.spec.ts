/**
 * Issue 10 §3, offline and installable: after one visit the default page opens and animates with no
 * network; the training view says whether its data is on the device; a new deploy is offered as
 * "New version — reload" and switches whole. The built app from a sub-path of our own plain static
 * server (a copy of dist/, so a test can deploy a "new version" into it), in contexts that allow
 * service workers (playwright.config.ts blocks them for every other test).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { startStaticServer } from '../scripts/serve-static.mjs';

let root: string;
let server: Awaited<ReturnType<typeof startStaticServer>>;

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pcalm-offline-'));
  cpSync(new URL('../dist/', import.meta.url).pathname, root, { recursive: true });
  server = await startStaticServer({ root, base: '/courses/pcalm/', gzip: true });
});
test.afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

async function firstSteps(page: Page): Promise<void> {
  await expect(page.getByTestId('backend')).toContainText(/backend: (webgpu|webgl|wasm|cpu)/, {
    timeout: 60_000,
  });
  await expect
    .poll(() => page.evaluate(() => window.pcalm?.steps() ?? 0), { timeout: 60_000 })
    .toBeGreaterThan(2);
}

/** Waits until the service worker is installed (precache complete) and controls the page. */
async function controlled(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 60_000 })
    .toBe(true);
}

/**
 * The first visit, in a fresh context that allows service workers: the default page, once it animates
 * and its service worker controls it (everything precached).
 */
async function visitedOnce(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    serviceWorkers: 'allow',
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await firstSteps(page);
  await controlled(page);
  return { context, page };
}

test('after one visit, the default page reloads and animates offline', async ({ browser }) => {
  const { context, page } = await visitedOnce(browser);
  await context.setOffline(true);
  expect(
    await page.evaluate(() =>
      fetch('https://example.org/').then(
        () => 'online',
        () => 'offline',
      ),
    ),
  ).toBe('offline');
  await page.reload();
  await firstSteps(page);
  const info = await page.evaluate(() => window.pcalm!.state.run!.info);
  // Real images from the precached explorer file, not the synthetic fallback.
  expect(info.notes).toEqual([]);
  expect(info.preview.pixels).not.toBeNull();
  // A shared link with settings opens offline too.
  await page.goto(`${server.url}?data=mnist&width=16&depth=8&seed=3`);
  await firstSteps(page);
  expect(await page.evaluate(() => window.pcalm!.state.run!.info.notes)).toEqual([]);
  // Installable: the manifest is linked and names its icons.
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]')!;
    return (await fetch(link.href)).json();
  });
  expect(manifest.start_url).toBe('./');
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(
    expect.arrayContaining(['192x192', '512x512']),
  );
  await context.close();
});

test('on a static host the service worker makes the next load cross-origin isolated: the threaded build', async ({
  browser,
}) => {
  const { context, page } = await visitedOnce(browser);
  // The first load came from the host itself, which sends no COOP/COEP.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('threads')).toHaveText('single-threaded build');
  await page.reload();
  await firstSteps(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('threads')).toHaveText(/^(threaded build, one thread|\d+ threads)$/);
  // Offline too: the headers come from the service worker, not the network.
  await context.setOffline(true);
  await page.reload();
  await firstSteps(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await context.close();
});

test('the training view offline says whether its data is on this device', async ({ browser }) => {
  const { context, page } = await visitedOnce(browser);
  const training = `${server.url}?view=training&data=mnist&width=8&depth=4&evalEvery=5&epochs=1`;

  await context.setOffline(true);
  await page.goto(training);
  const box = page.getByTestId('data-download');
  await expect(box).toContainText(
    'You are offline, and the MNIST training data (55.0 MB) is not on this device yet: training needs the network once',
  );
  // Starting anyway fails with that message, and Retry is offered.
  await page.locator('[data-action=train-start]').click();
  await expect(box).toHaveAttribute('data-state', 'failed');
  await expect(box).toContainText('You are offline');
  await expect(page.locator('[data-action=retry-download]')).toBeVisible();

  // Online once: the download is kept; offline again, the view says so and training runs.
  await context.setOffline(false);
  await page.locator('[data-action=retry-download]').click();
  await expect(box).toContainText('is on this device: training works offline', { timeout: 30_000 });
  await page.locator('[data-action=train-stop]').click();
  await context.setOffline(true);
  await page.reload();
  await expect(box).toContainText(
    'The MNIST training data (55.0 MB) is on this device: training works offline.',
  );
  await page.locator('[data-action=train-start]').click();
  await expect(page.getByTestId('training-status')).toHaveText(/training|finished|final evaluation/, {
    timeout: 30_000,
  });
  await expect(page.locator('.progress-info')).toContainText('mnist: 60000 train / 10000 test');
  await context.close();
});

test('a new deploy is offered as "New version — reload" and switches whole', async ({ browser }) => {
  const { context, page } = await visitedOnce(browser);
  const before = await page.evaluate(() => caches.keys());
  // Deploy: a new build has a new sw.js (its version and precache list change with any file).
  const sw = join(root, 'sw.js');
  const old = readFileSync(sw, 'utf8');
  writeFileSync(sw, old.replace(/const VERSION = '([0-9a-f]+)';/, "const VERSION = 'next$1';"));
  writeFileSync(
    join(root, 'index.html'),
    readFileSync(join(root, 'index.html'), 'utf8').replace(
      '<title>PC-ALM Explorer</title>',
      '<title>PC-ALM Explorer (next)</title>',
    ),
  );
  try {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    // Until the reader chooses, this build keeps running on its own files.
    await expect(page).toHaveTitle('PC-ALM Explorer');
    await page.screenshot({ path: 'e2e/artifacts/update-prompt.png' });
    await prompt.locator('[data-action=reload-new-version]').click();
    await expect(page).toHaveTitle('PC-ALM Explorer (next)', { timeout: 30_000 });
    await firstSteps(page);
    const after = await page.evaluate(() => caches.keys());
    const shells = (keys: string[]) => keys.filter((k) => k.startsWith('pcalm-shell-'));
    expect(shells(before)).toHaveLength(1);
    expect(shells(after)).toHaveLength(1);
    expect(shells(after)[0]).toMatch(/^pcalm-shell-next/);
  } finally {
    writeFileSync(sw, old);
    await context.close();
  }
});
