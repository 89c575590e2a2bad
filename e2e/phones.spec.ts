/**
 * Phones and tablets, emulated (isMobile, hasTouch) at the four sizes a class brings: the page never
 * scrolls sideways, every figure takes the width, the settings open as a drawer from a visible button,
 * the transport stays reachable, and a finger drags η_λ, scrubs the timeline, taps a batch image and
 * opens ⓘ. A screenshot of each size (closed and with the drawer open) is kept in e2e/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import {
  openApp,
  playButton,
  SMALL,
  scrollsSideways,
  shownStep,
  touchDragSlider,
  waitForFinished,
} from './helpers';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

const SIZES = [
  { name: 'phone-portrait', width: 390, height: 844 },
  { name: 'phone-landscape', width: 844, height: 390 },
  { name: 'tablet-portrait', width: 768, height: 1024 },
  { name: 'tablet-landscape', width: 1024, height: 768 },
] as const;

for (const size of SIZES) {
  test.describe(`${size.name} ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height }, isMobile: true, hasTouch: true });

    test('fits the width, settings in a drawer, transport reachable', async ({ page }) => {
      await openApp(page, SMALL);
      await waitForFinished(page);
      expect(await scrollsSideways(page), 'the page scrolls sideways').toBe(false);
      // Every figure spans the content width (one per row) and ends inside the viewport.
      const panels = page.locator('[data-panel]');
      expect(await panels.count()).toBe(5);
      for (const box of await panels.evaluateAll((els) =>
        els.map((e) => e.getBoundingClientRect().toJSON()),
      )) {
        expect(box.right).toBeLessThanOrEqual(size.width);
        expect(box.width).toBeGreaterThan(size.width - 40);
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `${size.name}.png`), fullPage: true });

      const drawer = page.locator('#settings');
      await expect(drawer).not.toBeInViewport();
      const toggle = page.getByRole('button', { name: /Settings/ });
      await expect(toggle).toBeInViewport();
      await toggle.tap();
      await expect(drawer).toBeInViewport();
      await expect(page.locator('[data-param="etaLambda"]')).toBeVisible();
      await page.screenshot({ path: join(ARTIFACTS, `${size.name}-settings.png`) });
      await page.getByRole('button', { name: 'Close settings' }).tap();
      await expect(drawer).not.toBeInViewport();

      // The transport is in the sticky header: reachable after scrolling to the last figure.
      await page.locator('[data-panel="BatchStrip"]').scrollIntoViewIfNeeded();
      await expect(playButton(page)).toBeInViewport();
      await expect(page.locator('.transport [data-param="step"]')).toBeInViewport();
    });
  });
}

test.describe('touch on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('a finger drags η_λ, scrubs the timeline, taps a batch image and opens ⓘ', async ({ page }) => {
    await openApp(page, 'data=fashion&width=16&depth=8');
    await waitForFinished(page);

    // Scrub back through the computed steps with a finger.
    const timeline = page.locator('.transport [data-param="step"]');
    const end = await shownStep(page);
    const scrubbed = await touchDragSlider(page, timeline, 4);
    expect(scrubbed).toBeLessThan(end);
    await expect.poll(() => shownStep(page)).toBe(scrubbed);

    // A tap on a thumbnail shows its read-out (there is no hover on a phone).
    const batch = page.locator('[data-panel="BatchStrip"] canvas');
    await batch.scrollIntoViewIfNeeded();
    const box = (await batch.boundingBox())!;
    await page.touchscreen.tap(box.x + 10, box.y + 10);
    await expect(page.locator('[data-panel="BatchStrip"] [role="tooltip"]')).toContainText('sample 0');

    // ⓘ opens with a tap and typesets its formulas.
    await page.locator('[data-panel="CreditHeatmaps"] .explain-toggle').tap();
    await expect(page.getByTestId('explain-heatmaps')).toBeVisible();

    // η_λ from the drawer, by finger: the run restarts with the new rate.
    await page.getByRole('button', { name: /Settings/ }).tap();
    const slider = page.locator('[data-param="etaLambda"]');
    const before = await page.evaluate(() => window.pcalm!.state.config.etaLambda);
    const after = await touchDragSlider(page, slider, 2);
    expect(Math.abs(after - 2)).toBeLessThan(0.3);
    expect(after).not.toBe(before);
    await expect.poll(() => page.evaluate(() => window.pcalm!.config?.etaLambda)).toBe(after);
  });
});

test.describe('the other views on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the scalar example fits, and its w₁, w₂, x, y travel in the link', async ({ page }) => {
    await openApp(page, 'view=scalar&w1=0.5&x=-1');
    await expect(page.locator('[data-view="scalar"]')).toBeVisible();
    expect(await scrollsSideways(page), 'the scalar view scrolls sideways').toBe(false);
    const w1 = page.locator('[data-scalar="w1"]');
    await expect(w1).toHaveValue('0.5');
    await expect(page.locator('[data-scalar="x"]')).toHaveValue('-1');
    // A finger on w₂ changes the example, and the address follows (a teacher copies it from there).
    await touchDragSlider(page, page.locator('[data-scalar="w2"]'), -1);
    await expect.poll(() => new URL(page.url()).searchParams.get('w2')).not.toBeNull();
    const shared = page.url();
    expect(new URL(shared).searchParams.get('w1')).toBe('0.5');
    await page.goto(shared);
    await expect(page.locator('[data-scalar="w2"]')).toHaveValue(new URL(shared).searchParams.get('w2')!);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'phone-scalar.png'), fullPage: true });
  });

  test('the training view fits', async ({ page }) => {
    await openApp(page, 'view=training&data=synthetic&width=8&depth=4');
    await expect(page.getByRole('button', { name: 'Start training' })).toBeVisible();
    expect(await scrollsSideways(page), 'the training view scrolls sideways').toBe(false);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'phone-training.png'), fullPage: true });
  });
});
