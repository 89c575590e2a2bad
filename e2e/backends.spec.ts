/**
 * The same configuration on each tfjs backend the URL can force (`backend=`) gives the same metrics
 * within float32 tolerance. Headless Chromium's WebGPU adapter is SwiftShader (software): "auto"
 * skips it, but forcing webgpu must still run on it, and the status line must say so.
 */
import { expect, type Page, test } from '@playwright/test';
import type { StepMetrics } from '../src/core/metricsLayout';
import { allMetrics, type MethodId, openApp, SMALL, waitForFinished } from './helpers';

const CONFIG = 'data=synthetic&width=16&depth=8&batch=16';
const FORCED = ['wasm', 'cpu', 'webgpu'] as const;
const METHODS: MethodId[] = ['pcalm', 'pc'];

/**
 * Tolerance: each step is a few dozen float32 kernels whose rounding differs per backend (XNNPACK's
 * blocked sums on wasm, sequential sums on cpu, parallel reductions and fused multiply-adds in WGSL),
 * and the differences compound over T = 16 iterations and through 1/‖·‖ in the cosines and RMS. A
 * value is compared against the largest magnitude its series (method × quantity × layer) reaches in
 * the run: |a − b| ≤ RTOL · scale. The worst seen here is 3.4e-5 (cpu) and 1.1e-5 (webgpu) of scale,
 * a few hundred float32 ulps; RTOL = 1e-3 leaves a 30× margin yet is 100× tighter than any real
 * disagreement (PC against PC-ALM differs by > 0.1 of scale, checked below so this cannot pass vacuously).
 */
const RTOL = 1e-3;

type Series = Map<string, number[]>;

/** method/quantity[index] → values over steps. */
function seriesOf(rows: Record<MethodId, StepMetrics[]>): Series {
  const out: Series = new Map();
  for (const method of METHODS) {
    for (const row of rows[method]) {
      for (const [key, value] of Object.entries(row)) {
        if (key === 't') continue;
        const values = Array.isArray(value) ? value : [value];
        values.forEach((v, i) => {
          const name = `${method}/${key}[${i}]`;
          if (!out.has(name)) out.set(name, []);
          out.get(name)!.push(v as number);
        });
      }
    }
  }
  return out;
}

/** The worst |a − b| / scale over all series, with where it happened. */
function worstDisagreement(a: Series, b: Series): { ratio: number; where: string } {
  let worst = { ratio: 0, where: 'nowhere' };
  for (const [name, xs] of a) {
    const ys = b.get(name);
    if (!ys || ys.length !== xs.length) return { ratio: Number.POSITIVE_INFINITY, where: `${name}: length` };
    const scale = Math.max(...xs.map(Math.abs), ...ys.map(Math.abs), 1e-30);
    xs.forEach((x, t) => {
      const y = ys[t];
      const ratio = Number.isNaN(x) && Number.isNaN(y) ? 0 : Math.abs(x - y) / scale;
      if (!(ratio <= worst.ratio)) worst = { ratio, where: `${name} at step ${t}: ${x} vs ${y}` };
    });
  }
  return worst;
}

async function runOn(page: Page, backend: (typeof FORCED)[number]) {
  await openApp(page, `${CONFIG}&backend=${backend}`);
  const report = await page.evaluate(() => window.pcalm!.state.backend);
  // Never compare wasm with wasm by accident: a backend that could not start fails here, with why.
  expect(report?.active, `backend=${backend} did not start here: ${report?.reason}`).toBe(backend);
  await expect(page.getByTestId('backend')).toHaveText(`backend: ${backend}`);
  await waitForFinished(page, 90_000);
  const rows = { pcalm: await allMetrics(page, 'pcalm'), pc: await allMetrics(page, 'pc') };
  expect(rows.pcalm).toHaveLength(17);
  expect(rows.pc).toHaveLength(17);
  return { report: report!, series: seriesOf(rows) };
}

test('webgpu, wasm and cpu give the same metrics for the same configuration', async ({ page }) => {
  test.setTimeout(180_000);
  const results = new Map<string, Series>();
  for (const backend of FORCED) {
    const { report, series } = await runOn(page, backend);
    test.info().annotations.push({ type: `backend ${backend}`, description: report.reason });
    if (backend === 'webgpu') expect(report.reason).toMatch(/webgpu/i);
    results.set(backend, series);
  }

  const wasm = results.get('wasm')!;
  for (const other of ['cpu', 'webgpu']) {
    const worst = worstDisagreement(wasm, results.get(other)!);
    test.info().annotations.push({
      type: `${other} vs wasm`,
      description: `worst ${worst.ratio.toExponential(2)} of scale`,
    });
    expect(worst.ratio, `${other} vs wasm, worst at ${worst.where}`).toBeLessThanOrEqual(RTOL);
  }

  // The comparison has teeth: PC-ALM against PC on the same backend is far outside the tolerance.
  const split = (s: Series, method: MethodId): Series =>
    new Map(
      [...s].filter(([k]) => k.startsWith(`${method}/`)).map(([k, v]) => [k.slice(method.length + 1), v]),
    );
  expect(worstDisagreement(split(wasm, 'pcalm'), split(wasm, 'pc')).ratio).toBeGreaterThan(0.1);
});

test('a .wasm that does not download: the app says so and runs on the cpu backend', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route(/\.wasm$/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`/?${SMALL}`);
  await expect(page.getByTestId('backend')).toHaveText('backend: cpu', { timeout: 60_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute(
    'title',
    /wasm: starting wasm failed \(did its \.wasm binary download\?\)/,
  );
  await expect(page.locator('.notice').filter({ hasText: 'running on plain JavaScript' })).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => window.pcalm?.steps() ?? 0), { timeout: 30_000 })
    .toBeGreaterThan(1);
  await context.close();
});
