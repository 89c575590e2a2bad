/**
 * Issue 6, keyboard operation: the main controls are reached with Tab (with a visible focus ring)
 * and operated with the keys a person would use; the global shortcuts (Space, →) act on the run but
 * leave form fields alone. No mouse anywhere in this file.
 */
import { expect, type Page, test } from '@playwright/test';
import {
  openApp,
  pixelDifference,
  playButton,
  readout,
  SMALL,
  settledScreenshot,
  waitForFinished,
} from './helpers';

/** Presses Tab until the focused element matches `selector`; fails if it is not reached. */
async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} was not reached with ${limit} presses of Tab`);
}

/** The focused element's outline, as the focus ring a keyboard user sees. */
const focusRing = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });

const config = (page: Page) => page.evaluate(() => window.pcalm!.config!);

test('the main controls work from the keyboard alone', async ({ page }) => {
  // A long budget at 8 steps/s: still playing whenever the test looks.
  await openApp(page, `${SMALL}&T=400&speed=8`);
  await expect(playButton(page)).toHaveText('Pause');

  // Play / pause and step, from the transport's buttons.
  await tabTo(page, '[data-action="play"]');
  expect(await focusRing(page)).toEqual({ style: 'solid', width: 2 });
  await page.keyboard.press('Enter');
  await expect(playButton(page)).toHaveText('Play');
  await tabTo(page, '[data-action="step"]');
  const paused = (await readout(page)).step;
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await readout(page)).step).toBe(paused + 1);

  // The timeline moves the shown step with the arrow keys.
  await tabTo(page, '[data-param="step"]');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await readout(page)).step).toBe(paused);

  // The export menus open with Enter, their items are reached with Tab.
  await tabTo(page, '[data-testid="export-run"] > summary');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-export="csv"]')).toBeVisible();
  await page.keyboard.press('Escape');
  // Space opens a menu too, and is not taken for play / pause there.
  await page.keyboard.press('Space');
  await expect(page.locator('[data-export="csv"]')).toBeVisible();
  await expect(playButton(page)).toHaveText('Play');
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-export="csv"]')).toBeHidden();

  // Method (a select) changes with the arrow keys; the run restarts with it.
  await tabTo(page, '[data-param="method"]');
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => await page.evaluate(() => window.pcalm!.state.config.method)).toBe('pc');

  // η_λ moves one slider step per arrow key.
  await tabTo(page, '[data-param="etaLambda"]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await config(page)).etaLambda).toBeGreaterThan(1);

  // In a text field Space and → type and move the caret; they neither pause nor step the run.
  await tabTo(page, '[data-param="seed"]');
  const playing = await page.evaluate(() => window.pcalm!.state.playing);
  const steps = await page.evaluate(() => window.pcalm!.state.viewT);
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(() => window.pcalm!.state.playing)).toBe(playing);
  expect(await page.evaluate(() => window.pcalm!.state.viewT)).toBe(steps);
  await page.keyboard.press('Backspace'); // the typed space, so the seed stays valid

  // A figure's export menu, down to the file.
  await tabTo(page, '[data-panel="CreditHeatmaps"] [data-control="heatmap-mode"]');
  await tabTo(page, '[data-panel="CreditHeatmaps"] .panel-header summary');
  expect((await focusRing(page)).style).toBe('solid');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(file.suggestedFilename()).toMatch(/^pcalm-credit-heatmaps-step\d+\.png$/);

  // Outside form fields, Space toggles playback and → steps.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const before = await page.evaluate(() => window.pcalm!.state.playing);
  await page.keyboard.press('Space');
  await expect.poll(() => page.evaluate(() => window.pcalm!.state.playing)).toBe(!before);
});

test('theme and colours switch from the keyboard, repaint the figures and stay in the link', async ({
  page,
}) => {
  await openApp(page, SMALL);
  await waitForFinished(page);
  const heatmaps = page.locator('[data-panel="CreditHeatmaps"] canvas');
  const before = await settledScreenshot(heatmaps);
  const root = (attribute: string) =>
    page.evaluate((a) => document.documentElement.getAttribute(a), attribute);
  expect(await root('data-theme')).toBe('light');

  await tabTo(page, '[data-control="palette"]');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => root('data-palette')).toBe('colorblind');
  // The canvases repaint with cividis: most of the map changes colour.
  await expect
    .poll(async () => pixelDifference(page, before, await settledScreenshot(heatmaps)))
    .toBeGreaterThan(0.3);

  await tabTo(page, '[data-control="theme"]');
  await page.keyboard.press('ArrowDown'); // auto → light
  await page.keyboard.press('ArrowDown'); // light → dark
  await expect.poll(() => root('data-theme')).toBe('dark');
  const panel = await page.evaluate(
    () => getComputedStyle(document.querySelector('.panel')!).backgroundColor,
  );
  expect(panel).toBe('rgb(28, 30, 34)');
  await expect.poll(() => new URL(page.url()).search).toContain('theme=dark&palette=colorblind');
  await page.reload();
  await expect.poll(() => root('data-theme')).toBe('dark');
  expect(await root('data-palette')).toBe('colorblind');
});
