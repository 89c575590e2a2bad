/**
 * Issue 11 §1, "The spectrum at any size the engine runs": the eigenvalue panel shows the spectrum
 * (σ density on the ring, ρ(M) with the readout, the verdict from ρ(M)) at the paper's sizes without
 * any button, computed by the matrix-free path in the theory worker. Screenshots of the annulus are
 * kept in e2e/artifacts/ (annulus-depth64.png, annulus-128.png).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { openApp, settledScreenshot } from './helpers';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

async function expectSpectrum(page: Page, n: number, timeout: number): Promise<void> {
  const panel = page.locator('[data-panel="EigenAnnulus"]');
  // Nothing to press: no compute button at any size.
  await expect(panel.getByRole('button', { name: /compute/i })).toHaveCount(0);
  const status = panel.getByTestId('annulus-status');
  await expect(status).toContainText(`n = ${n.toLocaleString('en')}`, { timeout });
  await expect(status).toContainText('by Lanczos', { timeout });
  await expect(panel.getByTestId('annulus-density').locator('path').first()).toBeAttached();
  // The verdict is ρ(M) with the readout itself, the Jury comparison beside it.
  const verdictBox = panel.getByTestId('annulus-verdict');
  await expect(verdictBox).toContainText(/(Stable|Unstable): ρ\(M\) = [0-9.]+/, { timeout });
  await expect(verdictBox).toContainText('4/(2 + η_λ)');
  await expect(panel.getByTestId('annulus-exact')).toContainText(
    'outermost eigenvalues of M with the readout',
    {
      timeout,
    },
  );
  const rho = Number((await verdictBox.textContent())?.match(/ρ\(M\) = ([0-9.]+)/)?.[1]);
  expect(rho).toBeGreaterThan(0.9);
  expect(rho).toBeLessThan(1.1);
}

async function shootAnnulus(page: Page, name: string): Promise<void> {
  const panel = page.locator('[data-panel="EigenAnnulus"]');
  await settledScreenshot(panel.locator('svg[role="img"]'));
  mkdirSync(ARTIFACTS, { recursive: true });
  await panel.screenshot({ path: join(ARTIFACTS, name) });
}

test('?preset=ballistic (depth 64) shows a spectrum and a verdict without pressing anything', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page, 'preset=ballistic');
  await expectSpectrum(page, 32 * 63, 180_000);
  await shootAnnulus(page, 'annulus-depth64.png');
});

test('?width=128&depth=128 (n = 16,256) shows a spectrum and a verdict without pressing anything', async ({
  page,
}) => {
  test.setTimeout(420_000);
  // Not openApp: its 20 s wait for the first engine step is too short for this network on a loaded
  // machine, and the spectrum needs only the network the engine reports before it steps.
  await page.goto('/?width=128&depth=128');
  await expectSpectrum(page, 128 * 127, 360_000);
  await shootAnnulus(page, 'annulus-128.png');
});
