/**
 * Issue 4, shareable links: opening good and bad links, the address bar following the controls,
 * reload and back. Small networks on synthetic data keep each test to a few seconds.
 */
import { expect, type Page, test } from '@playwright/test';
import { dragSlider, openApp, playButton, readout, SMALL } from './helpers';

const control = (page: Page, key: string) => page.locator(`[data-param="${key}"]`).first();
const notices = (page: Page) => page.locator('.notice');
const query = (page: Page) => new URL(page.url()).searchParams;
const historyLength = (page: Page) => page.evaluate(() => window.history.length);

test('a good link sets its controls and runs; an unstable η_h is flagged but runs', async ({ page }) => {
  await openApp(page, `v=1&${SMALL}&act=tanh&method=pc&etaLambda=1.5&etaH=0.9&speed=max`);
  await expect(control(page, 'act')).toHaveValue('tanh');
  await expect(control(page, 'method')).toHaveValue('pc');
  await expect(control(page, 'width')).toHaveValue('16');
  await expect(control(page, 'depth')).toHaveValue('8');
  await expect(control(page, 'etaLambda')).toHaveValue('1.5');
  await expect(control(page, 'etaH')).toHaveValue('0.9');
  await expect(control(page, 'speed')).toHaveValue('null');
  expect((await readout(page)).T).toBe(16);
  // Nothing about the link itself is reported.
  await expect(page.locator('.notice', { hasText: 'Link:' })).toHaveCount(0);
  // PC alone: ceiling 4/(2+0) = 2, and η_h·λ_max ≈ 0.9 × 4 is above it.
  await expect(page.locator('.notice', { hasText: 'Jury ceiling' })).toHaveText(
    /PC: η_h·λ_max = .* is above the Jury ceiling .* = 2\.00.*running anyway/,
  );
});

test('a bad link names every bad value, applies the rest, and never renders its markup', async ({ page }) => {
  const markupKey = encodeURIComponent('<img src=x onerror="window.pwned=1">');
  await openApp(
    page,
    `${SMALL}&act=tanh&etaLambda=NaN&batch=1e309&seed=0x10&colour=red&${markupKey}=1&%E0%A4%A=1&hide=etaH,bogus&v=7`,
  );
  const texts = await notices(page).allTextContents();
  for (const expected of [
    /"etaLambda": "NaN" is not a number .*; using default 1\./,
    /"batch": 1e309 is not an integer .*; using default 64\./,
    /"seed": "0x10" is not an integer .*; using default 0\./,
    /"colour": is not a known setting; ignored\./,
    /"<img src=x onerror="window\.pwned=1">": is not a known setting; ignored\./,
    /"%E0%A4%A": is not valid URL encoding; ignored\./,
    /"hide": "bogus" is not a control.*; using the rest of the list \(etaH\)\./,
    /"v": version "7" is not 1; using version 1\./,
  ]) {
    expect(
      texts.some((t) => expected.test(t)),
      `a message matching ${expected}`,
    ).toBe(true);
  }
  await expect(control(page, 'act')).toHaveValue('tanh');
  await expect(control(page, 'batch')).toHaveValue('64');
  await expect(control(page, 'etaH')).toHaveCount(0);
  await expect(page.locator('.notices img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  // The address now says what runs: bad values gone, good ones kept.
  expect(query(page).get('act')).toBe('tanh');
  expect(query(page).has('etaLambda')).toBe(false);
  // Each message can be dismissed.
  const count = await notices(page).count();
  await notices(page).first().getByRole('button', { name: 'Dismiss message' }).click();
  await expect(notices(page)).toHaveCount(count - 1);
});

test('absurd sizes are refused by name and the rest of the link still runs', async ({ page }) => {
  await openApp(page, 'data=synthetic&width=1024&depth=100&batch=8&act=tanh');
  await expect(page.locator('.notice-error')).toContainText(
    /Refused: width 1024 × depth 100 × batch 8 .* needs about .* GB.*Using width = 32 instead/,
  );
  await expect(control(page, 'width')).toHaveValue('32');
  await expect(control(page, 'depth')).toHaveValue('100');
  await expect(control(page, 'act')).toHaveValue('tanh');
  expect((await readout(page)).T).toBe(200);
  expect(query(page).has('width')).toBe(false);
});

test('dragging replaces the address, a discrete change pushes, back and reload restore', async ({ page }) => {
  await openApp(page, SMALL);
  const entries = await historyLength(page);
  const dragged = await dragSlider(page, control(page, 'etaLambda'), 1.6);
  expect(dragged).not.toBe(1);
  await expect.poll(() => query(page).get('etaLambda')).toBe(String(dragged));
  expect(await historyLength(page)).toBe(entries);

  await control(page, 'method').selectOption('pc');
  await expect.poll(() => query(page).get('method')).toBe('pc');
  expect(await historyLength(page)).toBe(entries + 1);

  await page.goBack();
  await expect(control(page, 'method')).toHaveValue('pcalm');
  await expect(control(page, 'etaLambda')).toHaveValue(String(dragged));
  expect(query(page).has('method')).toBe(false);

  await page.reload();
  await expect(control(page, 'etaLambda')).toHaveValue(String(dragged));
  await expect(control(page, 'method')).toHaveValue('pcalm');
  await expect(control(page, 'width')).toHaveValue('16');
});

test('a link with step= opens paused there; pausing writes the step; reload keeps it', async ({ page }) => {
  await openApp(page, `${SMALL}&step=5`);
  await expect(page.getByTestId('step-readout')).toHaveText('step 5 / 16');
  await expect(playButton(page)).toHaveText('Play');
  expect(query(page).get('step')).toBe('5');

  await page.reload();
  await expect(page.getByTestId('step-readout')).toHaveText('step 5 / 16');
  await expect(playButton(page)).toHaveText('Play');

  // Stepping moves the cursor and the address follows; playing removes the step.
  await page.locator('[data-action="step"]').click();
  await expect.poll(() => query(page).get('step')).toBe('6');
  await playButton(page).click();
  await expect.poll(() => query(page).has('step')).toBe(false);
});

test('presets, classroom hiding, copy link and reset to defaults', async ({ page }) => {
  // No clipboard (as on plain http): "Copy link" falls back to a selected read-only field.
  await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
  await openApp(page, 'preset=annulus&data=synthetic&hide=panel.annulus,depth');
  await expect(page.getByTestId('preset-note')).toContainText('Eigenvalue annulus');
  await expect(control(page, 'width')).toHaveValue('8');
  await expect(control(page, 'act')).toHaveValue('identity');
  await expect(control(page, 'depth')).toHaveCount(0);
  await expect(page.locator('[data-panel="EigenAnnulus"]')).toHaveCount(0);
  await expect(page.locator('[data-panel="CreditHeatmaps"]')).toHaveCount(1);

  await page.locator('[data-action="copy-link"]').click();
  await expect(page.getByTestId('link-field')).toHaveValue(page.url());
  expect(page.url()).toContain('preset=annulus&data=synthetic&hide=depth,panel.annulus');

  const entries = await historyLength(page);
  await page.locator('[data-testid="presets"] summary').click();
  await page.locator('[data-preset="inflection-1.5"]').click();
  await expect(control(page, 'etaLambda')).toHaveValue('1.5');
  await expect(control(page, 'width')).toHaveValue('32');
  expect(query(page).get('preset')).toBe('inflection-1.5');
  expect(await historyLength(page)).toBe(entries + 1);

  await page.locator('[data-action="reset-defaults"]').click();
  await expect(control(page, 'etaLambda')).toHaveValue('1');
  await expect(page.getByTestId('preset-note')).toHaveCount(0);
  // The classroom list survives a reset: it is how the page is shown, not a setting.
  await expect.poll(() => new URL(page.url()).search).toBe('?v=1&hide=depth,panel.annulus');
});
