import { expect, test } from '@playwright/test';

test('the default page loads, reports its backend and animates', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('backend')).toContainText(/backend: (webgpu|webgl|wasm|cpu)/);
  const step = page.getByTestId('step');
  await expect(step).toContainText(/step [1-9]\d* of 64/);
});
