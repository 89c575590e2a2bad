/**
 * Issue 12 in the browser: `etaH=paper` and `rng=official` from a link set their controls, the run
 * steps at the paper's η_h (and says which cell it used when the table has none for the network).
 */
import { expect, type Page, test } from '@playwright/test';
import { openApp } from './helpers';

const control = (page: Page, key: string) => page.locator(`[data-param="${key}"]`).first();

test('etaH=paper and rng=official: controls, the η_h used, the note for a cell off the grid', async ({
  page,
}) => {
  await openApp(page, 'data=synthetic&width=32&depth=8&etaH=paper&rng=official');
  await expect(page.locator('[data-param-word="etaH.paper"]')).toBeChecked();
  await expect(page.locator('[data-param-auto="etaH"]')).not.toBeChecked();
  await expect(control(page, 'rng')).toHaveValue('official');
  // Synthetic data has no row in the paper's table: Fashion-MNIST relu N = 32 L = 8 (0.2117…) is used.
  await expect(page.getByTestId('eta-h')).toContainText('η_h = 0.212');
  await expect(page.locator('.notice', { hasText: 'etaH=paper' })).toContainText(/no data set "synthetic"/);
  // Back to auto from the control: the slider's value is no longer the word.
  await page.locator('[data-param-word="etaH.paper"]').uncheck();
  await page.locator('[data-param-auto="etaH"]').check();
  await expect.poll(() => new URL(page.url()).searchParams.get('etaH')).toBeNull();
});
