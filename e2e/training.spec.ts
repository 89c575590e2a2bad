import { expect, type Page, test } from '@playwright/test';

/** A small configuration on real data (MNIST, 937 batches an epoch) with many epochs, so it is still running when paused. */
const SMALL = '/?view=training&data=mnist&width=8&depth=4&evalEvery=5&epochs=20';

async function trainedBatches(page: Page): Promise<number> {
  const text = (await page.getByTestId('training-step').textContent()) ?? '';
  return Number(/batch (\d+)/.exec(text)?.[1] ?? Number.NaN);
}

async function accuracyPoints(page: Page): Promise<number> {
  const path = page.locator('[data-chart=accuracy] path[data-method=pcalm]');
  return Number((await path.getAttribute('data-points')) ?? 0);
}

test('training in the browser: progress, the accuracy curve advances, pause and resume', async ({ page }) => {
  await page.goto(SMALL);
  await page.locator('[data-action=train-start]').click();
  const status = page.getByTestId('training-status');
  await expect(status).toHaveText('training');
  await expect.poll(() => trainedBatches(page)).toBeGreaterThan(10);
  await expect(page.locator('.progress-readout')).toContainText(/batches\/s/);
  await expect(page.locator('.progress-readout')).toContainText(/ETA \d+:\d\d/);

  // The test-accuracy curve gains points and the methods learn.
  await expect.poll(() => accuracyPoints(page)).toBeGreaterThanOrEqual(4);
  const before = await accuracyPoints(page);
  await expect.poll(() => accuracyPoints(page)).toBeGreaterThan(before);
  // Each point evaluates MNIST's whole 10,000-image test split, so allow for a slow machine.
  await expect
    .poll(async () => Number.parseFloat((await page.getByTestId('acc-bp').textContent()) ?? ''), {
      timeout: 60_000,
    })
    .toBeGreaterThan(30);

  // Pause: nothing moves; resume: it goes on from where it was.
  await page.locator('[data-action=train-pause]').click();
  await expect(status).toHaveText('paused');
  const paused = await trainedBatches(page);
  await page.waitForTimeout(1500);
  expect(await trainedBatches(page)).toBe(paused);
  await page.locator('[data-action=train-resume]').click();
  await expect(status).toHaveText('training');
  await expect.poll(() => trainedBatches(page)).toBeGreaterThan(paused + 5);

  // Stop keeps what was learned: final numbers, and the explorer opens on the trained weights.
  await page.locator('[data-action=train-stop]').click();
  await expect(status).toHaveText('stopped');
  await expect(page.locator('tr[data-method=pcalm]')).toContainText('final');
  await page.locator('[data-action=open-explorer-pcalm]').click();
  await expect(page.locator('.notices')).toContainText(/PC-ALM weights after \d+ training batches/);
  await expect(page.locator('main.figures')).toBeVisible();
});
