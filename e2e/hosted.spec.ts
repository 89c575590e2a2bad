/**
 * Issue 10 §1, hosted anywhere: the *built* dist/ served from a sub-path (/courses/pcalm/) by a plain
 * static file server (scripts/serve-static.mjs: MIME types, nothing else, no Vite) runs the default
 * page on real data to its first animated steps; links, Back and "Copy link" keep the sub-path.
 */
import { expect, type Page, test } from '@playwright/test';
import { startStaticServer } from '../scripts/serve-static.mjs';

const SUBPATH = '/courses/pcalm/';
let server: Awaited<ReturnType<typeof startStaticServer>>;
const requested: string[] = [];

test.beforeAll(async () => {
  server = await startStaticServer({
    root: new URL('../dist/', import.meta.url).pathname,
    base: SUBPATH,
    onBytes: (_n, path) => {
      if (!requested.includes(path)) requested.push(path);
    },
  });
});
test.afterAll(async () => server?.close());

const control = (page: Page, key: string) => page.locator(`[data-param="${key}"]`).first();

test('the built app runs the default page from a sub-path of a plain static server', async ({ page }) => {
  const failed: string[] = [];
  page.context().on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.context().on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
  await page.goto(server.url);
  await expect(page.getByTestId('backend')).toContainText(/backend: (webgpu|webgl|wasm|cpu)/);
  await expect
    .poll(() => page.evaluate(() => window.pcalm?.steps() ?? 0), { timeout: 60_000 })
    .toBeGreaterThan(2);
  await page.waitForFunction(() => performance.getEntriesByName('pcalm:first-animated-frame').length > 0);
  // Real Fashion-MNIST images, not the synthetic fallback: no note, and the strip shows pictures.
  const info = await page.evaluate(() => window.pcalm!.state.run!.info);
  expect(info.notes).toEqual([]);
  expect(info.config.data).toBe('fashion');
  expect(info.preview.pixels).not.toBeNull();
  expect(failed).toEqual([]);
  // Every file came from under the sub-path (a request outside it would have been a 404 above).
  expect(requested.some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(requested.some((p) => p.startsWith('data/'))).toBe(true);
});

test('links, Back and Copy link keep the sub-path', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
  await page.goto(`${server.url}?data=synthetic&width=16&depth=8`);
  await expect.poll(() => page.evaluate(() => window.pcalm?.steps() ?? 0)).toBeGreaterThan(0);
  await expect(control(page, 'width')).toHaveValue('16');
  await control(page, 'method').selectOption('pc');
  await expect.poll(() => new URL(page.url()).searchParams.get('method')).toBe('pc');
  expect(new URL(page.url()).pathname).toBe(SUBPATH);
  await page.locator('[data-action="copy-link"]').click();
  const link = await page.getByTestId('link-field').inputValue();
  expect(link).toBe(page.url());
  expect(link.startsWith(server.url)).toBe(true);
  await page.goBack();
  await expect(control(page, 'method')).toHaveValue('pcalm');
  expect(new URL(page.url()).pathname).toBe(SUBPATH);
  // The copied link opens the same settings in a new page, from the sub-path.
  const again = await page.context().newPage();
  await again.goto(link);
  await expect(control(again, 'method')).toHaveValue('pc');
  await expect(control(again, 'width')).toHaveValue('16');
});
