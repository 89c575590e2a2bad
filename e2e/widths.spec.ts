/**
 * The width sweep (Fig. 8) in Chromium: points arrive width by width with a progress line, the steps
 * chart follows the chosen width (a click on the figure or the select), Back and Forward undo a choice,
 * the link reopens the same figure, a point equals the explorer's run at that width, Cancel / Continue
 * and a changed setting do what they say, a too-large width is named, and the view fits a phone, a
 * tablet and a desktop (screenshots in e2e/artifacts/). Small widths and depths keep it to seconds.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { expectStill, metricsAt, openApp, scrollsSideways, waitForFinished } from './helpers';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
/** Widths 8, 16, 32 at depth 8 with a longer budget, so each width takes a visible moment. */
const FAST = 'preset=widths&depth=8&data=synthetic&sweepMax=32&T=120';

const progress = (page: Page) => page.getByTestId('sweep-progress');
const finalDots = (page: Page) => page.locator('[data-testid^="final-pcalm-"]');
const query = (page: Page) => new URL(page.url()).searchParams;
const finalText = (page: Page, method: 'pc' | 'pcalm', width: number) =>
  page.getByTestId(`final-text-${method}-${width}`);

async function waitForSweep(page: Page, timeout = 60_000): Promise<void> {
  await expect(progress(page)).toHaveAttribute('data-status', 'done', { timeout });
}

test('points arrive width by width; the steps chart follows the chosen width; Back, Forward and the link keep it', async ({
  page,
}) => {
  // Everything the page shows on the way, as it happens: the order of the points and the progress lines.
  await page.addInitScript(() => {
    const seen: string[] = [];
    const counts: number[] = [];
    const lines: string[] = [];
    Object.assign(window, { sweepSeen: { seen, counts, lines } });
    new MutationObserver(() => {
      const dots = [...document.querySelectorAll('[data-testid^="final-pcalm-"]')];
      for (const dot of dots) {
        const width = dot.getAttribute('data-testid')!.replace('final-pcalm-', '');
        if (!seen.includes(width)) seen.push(width);
      }
      if (counts.at(-1) !== dots.length) counts.push(dots.length);
      const line = document.querySelector('[data-testid="sweep-progress"]')?.textContent ?? '';
      if (line && lines.at(-1) !== line) lines.push(line);
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await openApp(page, FAST);
  await expect(page.locator('[data-view="widths"]')).toBeVisible();
  await waitForSweep(page);
  await expect(progress(page)).toHaveText(
    /^All 3 widths done \(N = 8 … 32, L = 8, T = 120\) in \d+ s on \w+\.$/,
  );
  const log = await page.evaluate(
    () =>
      (window as unknown as { sweepSeen: { seen: string[]; counts: number[]; lines: string[] } }).sweepSeen,
  );
  expect(log.seen).toEqual(['8', '16', '32']);
  expect(log.counts).toEqual([0, 1, 2, 3]);
  for (const expected of [
    /^width 8: 0 of 3 done · now/,
    /^width 16: 1 of 3 done · now/,
    /^width 32: 2 of 3 done · now PC, step \d+ of 120$/,
  ])
    expect(
      log.lines.some((line) => expected.test(line)),
      `a progress line matching ${expected}`,
    ).toBe(true);

  // The steps chart shows the link's default width (32) with T + 1 points per method.
  const steps = page.getByTestId('steps-chart');
  await expect(steps).toHaveAttribute('data-width', '32');
  for (const m of ['pc', 'pcalm'])
    await expect(steps.locator(`path[data-method="${m}"]`)).toHaveAttribute('data-points', '121');
  await expect(page.getByTestId('sweep-reading')).toContainText('PC-ALM at N = 32 ends at');

  // A click on the figure's column of width 8 picks it; Back and Forward undo and redo the choice.
  await page.locator('.widths-column[data-width="8"]').click();
  await expect(steps).toHaveAttribute('data-width', '8');
  await expect.poll(() => query(page).get('sweepWidth')).toBe('8');
  await page.goBack();
  await expect(steps).toHaveAttribute('data-width', '32');
  expect(query(page).get('sweepWidth')).toBeNull();
  await page.goForward();
  await expect(steps).toHaveAttribute('data-width', '8');
  await expect(progress(page)).toHaveAttribute('data-status', 'done'); // nothing was recomputed

  // The select does the same; the link then reopens the same figure, number for number.
  await page.locator('[data-control="sweepWidth"]').selectOption('16');
  await expect(steps).toHaveAttribute('data-width', '16');
  await expect.poll(() => query(page).get('sweepWidth')).toBe('16');
  const shown = {
    pc: await finalText(page, 'pc', 16).textContent(),
    pcalm: await finalText(page, 'pcalm', 16).textContent(),
  };
  expect(Number(shown.pcalm)).toBeGreaterThan(0);
  const shared = page.url();
  expect(shared).toContain('?v=1&preset=widths&depth=8&T=120&data=synthetic&sweepMax=32&sweepWidth=16');
  await page.goto(shared);
  await waitForSweep(page);
  await expect(steps).toHaveAttribute('data-width', '16');
  await expect(finalText(page, 'pcalm', 16)).toHaveText(shown.pcalm!);
  await expect(finalText(page, 'pc', 16)).toHaveText(shown.pc!);
  await expect(page.locator('.notice', { hasText: 'Link:' })).toHaveCount(0);

  // The point is the explorer's run at that width: its cosine at step T, to the shown digits.
  await openApp(page, 'depth=8&data=synthetic&T=120&width=16&speed=max');
  await waitForFinished(page);
  for (const m of ['pc', 'pcalm'] as const)
    expect((await metricsAt(page, m, 120))!.gradCosine.toFixed(3)).toBe(shown[m]);
});

test('Cancel keeps the points and stops, Continue resumes, a changed setting restarts; a too-large width is named', async ({
  page,
}) => {
  await openApp(page, 'preset=widths&data=synthetic&sweepMax=2048');
  // Known before anything runs: width 2048 at depth 32 is over the memory limit.
  await expect(page.getByTestId('sweep-skipped')).toHaveText(
    /^Width 2048 skipped: width 2048 × depth 32 × batch 64 with T = 64 needs about 2\.\d GB, more than the 1\.5 GB this app allows\.$/,
  );
  await expect(page.locator('.widths-skipped[data-skipped="2048"]')).toHaveCount(1);
  await expect.poll(() => finalDots(page).count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  const relu = await finalText(page, 'pcalm', 8).textContent();
  await page.locator('[data-action="sweep-cancel"]').click();
  await expect(progress(page)).toHaveText(/^Cancelled: \d of 9 done\. Continue runs the remaining widths\.$/);
  const kept = await expectStill(page, () => finalDots(page).count(), 1500);
  expect(kept).toBeGreaterThanOrEqual(1);
  await expect(page.locator('[data-action="sweep-cancel"]')).toBeDisabled();

  await page.locator('[data-action="sweep-continue"]').click();
  await expect(progress(page)).toHaveAttribute('data-status', 'running');
  await expect.poll(() => finalDots(page).count(), { timeout: 30_000 }).toBeGreaterThan(kept);

  // A setting of the column (activation) cancels the running sweep and starts a fresh one: width 8
  // comes again, with tanh's number, and 2048 is named again.
  await page.locator('[data-param="act"]').selectOption('tanh');
  await expect
    .poll(
      async () => {
        const text = (await finalText(page, 'pcalm', 8).textContent()) ?? '';
        return Number.isFinite(Number.parseFloat(text)) && text !== relu;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await expect(page.getByTestId('sweep-skipped')).toContainText('Width 2048 skipped');
  // So does the sweep's own: widths up to 16 only, run to the end.
  await page.locator('[data-control="sweepMax"]').selectOption('16');
  await waitForSweep(page);
  await expect(progress(page)).toHaveText(/^All 2 widths done \(N = 8 … 16, L = 32, T = 64\)/);
  await expect(page.getByTestId('sweep-skipped')).toHaveCount(0);
  expect(query(page).get('act')).toBe('tanh');
  expect(query(page).get('sweepMax')).toBe('16');
});

const SIZES = [
  { name: 'desktop', width: 1280, height: 800, mobile: false },
  { name: 'tablet', width: 768, height: 1024, mobile: true },
  { name: 'phone', width: 390, height: 844, mobile: true },
] as const;

for (const size of SIZES) {
  test.describe(`width sweep at ${size.name} ${size.width}×${size.height}`, () => {
    test.use({
      viewport: { width: size.width, height: size.height },
      isMobile: size.mobile,
      hasTouch: size.mobile,
    });

    test('fits the width: charts take it, nothing scrolls sideways', async ({ page }) => {
      await openApp(page, 'preset=widths&depth=16&sweepMax=128&sweepWidth=16');
      await waitForSweep(page);
      await expect(page.getByTestId('steps-chart')).toHaveAttribute('data-width', '16');
      expect(await scrollsSideways(page), 'the page scrolls sideways').toBe(false);
      const view = await page.locator('[data-view="widths"]').boundingBox();
      for (const chart of await page.locator('.widths-view svg').all()) {
        const box = (await chart.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(size.width);
        expect(box.width).toBeGreaterThan(view!.width - 40);
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `widths-${size.name}.png`), fullPage: true });
    });
  });
}
