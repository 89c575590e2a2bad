/**
 * Issue 3, "The visualizer": the explorer driven like a person would drive it. Small networks on
 * synthetic data keep each test to seconds; only the first test loads the default page, since the
 * default page itself is its subject (and its screenshot is kept for the README).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { heatmapGeometry } from '../src/panels/heatmaps/layout';
import {
  computedSteps,
  dragSlider,
  expectStill,
  metricsAt,
  openApp,
  parseShownNumber,
  pixelAt,
  pixelDifference,
  playButton,
  readout,
  runId,
  SMALL,
  settledScreenshot,
  shoot,
  shownStep,
  waitForFinished,
  waitForQuiet,
} from './helpers';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

/** A run long enough (T = 600 at 30 steps/s) that it is still going whenever a test looks. */
const LONG = `${SMALL}&T=600`;

const heatmapCanvas = (page: Page) => page.locator('[data-panel="CreditHeatmaps"] canvas');
const annulusChart = (page: Page) => page.locator('[data-panel="EigenAnnulus"] svg[role="img"]');

test('the default page loads, reports its backend, animates, and its screenshot is kept', async ({
  page,
}) => {
  await openApp(page);
  // "auto" on this machine: the status line names the backend it chose and says why on hover.
  const backend = page.getByTestId('backend');
  await expect(backend).toHaveText(/^backend: (webgpu|webgl|wasm|cpu)$/);
  const report = (await page.evaluate(() => window.pcalm!.state.backend))!;
  expect(report.requested).toBe('auto');
  await expect(backend).toHaveText(`backend: ${report.active}`);
  await expect(backend).toHaveAttribute('title', report.reason);
  // Under "auto" a software GPU adapter (SwiftShader here) is skipped: it is slower than wasm.
  const webgpu = report.attempts.find((a) => a.name === 'webgpu');
  if (webgpu && /software/i.test(webgpu.detail)) expect(report.active).not.toBe('webgpu');
  await expect(page.getByTestId('step-readout')).toHaveText(/step \d+ \/ 64/);

  // It animates: the shown step advances on its own and the heatmaps repaint with it.
  await expect.poll(() => shownStep(page)).toBeGreaterThanOrEqual(1);
  const early = await shownStep(page);
  const earlyShot = await shoot(heatmapCanvas(page));
  await expect.poll(() => shownStep(page)).toBeGreaterThan(early + 4);
  expect(await pixelDifference(page, earlyShot, await shoot(heatmapCanvas(page)))).toBeGreaterThan(0.01);
  // The metrics behind the picture advance too: the newest step is computed, for both methods.
  const shown = await shownStep(page);
  expect(await metricsAt(page, 'pcalm', shown)).not.toBeNull();
  expect(await metricsAt(page, 'pc', shown)).not.toBeNull();

  await waitForFinished(page);
  await expect(page.getByTestId('step-readout')).toHaveText('step 64 / 64');
  await expect(playButton(page)).toHaveText('Play');
  // For the README: wait for the eigenvalues too (σ(A) of n = 992 takes a few seconds) and for the
  // heatmaps' last animation frames, then shoot the whole page.
  const annulusStatus = page.locator('[data-panel="EigenAnnulus"]').getByTestId('annulus-status');
  await expect(annulusStatus).toContainText('eigenvalues', { timeout: 45_000 });
  await settledScreenshot(heatmapCanvas(page));
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'default-page.png'), fullPage: true });
});

test('pause really stops and play resumes', async ({ page }) => {
  await openApp(page, LONG);
  await expect.poll(() => shownStep(page)).toBeGreaterThanOrEqual(3);
  await playButton(page).click();
  await expect(playButton(page)).toHaveText('Play');
  // A chunk already in flight may still land; after that nothing may move.
  await waitForQuiet(page);
  const paused = await expectStill(
    page,
    async () => ({ steps: await computedSteps(page), readout: await readout(page) }),
    1200,
  );
  expect(paused.readout.step).toBeLessThan(600);

  await playButton(page).click();
  await expect(playButton(page)).toHaveText('Pause');
  await expect.poll(() => computedSteps(page)).toBeGreaterThan(paused.steps + 5);
});

test('single step advances exactly one step for both methods', async ({ page }) => {
  await openApp(page, LONG);
  await expect.poll(() => shownStep(page)).toBeGreaterThanOrEqual(2);
  await playButton(page).click();
  await waitForQuiet(page);
  const counts = () =>
    page.evaluate(() => ({ pcalm: window.pcalm!.steps('pcalm'), pc: window.pcalm!.steps('pc') }));
  const start = await counts();
  expect(start.pc).toBe(start.pcalm);
  const n = start.pcalm;

  const step = page.locator('[data-action="step"]');
  await step.click();
  // toEqual n+1 cannot be passed by a jump of two: the poll would skip over it and time out.
  await expect.poll(counts).toEqual({ pcalm: n + 1, pc: n + 1 });
  await expect(page.getByTestId('step-readout')).toHaveText(`step ${n} / 600`);
  await step.click();
  await expect.poll(counts).toEqual({ pcalm: n + 2, pc: n + 2 });
  await expect(page.getByTestId('step-readout')).toHaveText(`step ${n + 1} / 600`);
  await expect(page.getByTestId('step')).toHaveText(`step ${n + 1} of 600`);
  // …and stays there: stepping does not resume playing.
  await expectStill(page, counts, 800);
  await expect(playButton(page)).toHaveText('Play');
});

test('keyboard: space toggles play and pause, → steps one', async ({ page }) => {
  await openApp(page, LONG);
  await expect.poll(() => shownStep(page)).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Space');
  await expect(playButton(page)).toHaveText('Play');
  await waitForQuiet(page);
  const n = await computedSteps(page);
  await expectStill(page, () => computedSteps(page), 600);

  await page.keyboard.press('ArrowRight');
  await expect.poll(() => computedSteps(page)).toBe(n + 1);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => computedSteps(page)).toBe(n + 2);
  await expect(page.getByTestId('step-readout')).toHaveText(`step ${n + 1} / 600`);

  await page.keyboard.press('Space');
  await expect(playButton(page)).toHaveText('Pause');
  await expect.poll(() => computedSteps(page)).toBeGreaterThan(n + 6);
});

test('the timeline scrubs to an earlier step and the panels follow', async ({ page }) => {
  await openApp(page, `${SMALL}&T=40`);
  await waitForFinished(page);
  await expect(page.getByTestId('step-readout')).toHaveText('step 40 / 40');
  const atEnd = await settledScreenshot(heatmapCanvas(page));
  const cosineStep = page.locator('main').getByText(/^at step \d+$/);
  await expect(cosineStep).toHaveText('at step 40');

  const timeline = page.locator('[data-param="step"]');
  const target = await dragSlider(page, timeline, 10);
  expect(target).toBeGreaterThanOrEqual(5);
  expect(target).toBeLessThanOrEqual(15);
  await expect(page.getByTestId('step-readout')).toHaveText(`step ${target} / 40`);
  await expect(page.getByTestId('step')).toHaveText(`step ${target} of 40`);
  await expect(cosineStep).toHaveText(`at step ${target}`);
  // The heatmaps' cursor line moved with it; nothing was recomputed.
  const scrubbed = await settledScreenshot(heatmapCanvas(page));
  expect(await pixelDifference(page, atEnd, scrubbed)).toBeGreaterThan(0);
  expect(await computedSteps(page)).toBe(41);

  // Back to the end: the same picture as before scrubbing.
  await dragSlider(page, timeline, 40);
  await expect(page.getByTestId('step-readout')).toHaveText('step 40 / 40');
  await expect(cosineStep).toHaveText('at step 40');
  expect(await pixelDifference(page, atEnd, await settledScreenshot(heatmapCanvas(page)))).toBe(0);
});

/** Waits for the annulus to show rates η_λ and its exact eigenvalues, then shoots the plot. */
async function annulusShot(page: Page, etaLambda: number): Promise<Buffer> {
  const panel = page.locator('[data-panel="EigenAnnulus"]');
  await expect(panel.getByTestId('annulus-status')).toContainText(
    `η_λ = ${Number(etaLambda.toPrecision(3))}`,
  );
  await expect(panel.getByTestId('annulus-exact')).toHaveText(/exact M in/);
  return settledScreenshot(annulusChart(page));
}

/** Reset (paused at step 0), an optional change, Play, and the heatmaps once the run has finished. */
async function rerun(page: Page, change: () => Promise<void> = async () => {}): Promise<Buffer> {
  await page.locator('[data-action="reset"]').click();
  await expect(page.getByTestId('step-readout')).toHaveText('step 0 / 16');
  await expect(playButton(page)).toHaveText('Play');
  await change();
  await playButton(page).click();
  await waitForFinished(page);
  return settledScreenshot(heatmapCanvas(page));
}

test('dragging η_λ changes the eigenvalue plot and the heatmaps', async ({ page }) => {
  // n = N(L−1) = 112: small enough for the exact eigenvalues of M to follow the slider.
  await openApp(page, SMALL);
  await waitForFinished(page);
  const heatmapsBefore = await settledScreenshot(heatmapCanvas(page));
  const annulusBefore = await annulusShot(page, 1);

  // The comparison can fail: the same configuration run again paints the same pixels.
  expect(await pixelDifference(page, heatmapsBefore, await rerun(page))).toBe(0);

  let value = Number.NaN;
  const heatmapsAfter = await rerun(page, async () => {
    value = await dragSlider(page, page.locator('[data-param="etaLambda"]'), 0.3);
    expect(value).toBeLessThan(0.7);
    await expect(page.locator('output[for="ctl-etaLambda"]')).toHaveText(String(value));
    await expect.poll(() => page.evaluate(() => window.pcalm!.config?.etaLambda)).toBe(value);
  });
  const annulusAfter = await annulusShot(page, value);
  expect(await pixelDifference(page, heatmapsBefore, heatmapsAfter)).toBeGreaterThan(0.02);
  expect(await pixelDifference(page, annulusBefore, annulusAfter)).toBeGreaterThan(0.001);
});

test('a setting changed after the run has finished plays the new run', async ({ page }) => {
  await openApp(page, SMALL);
  await waitForFinished(page);
  await page.locator('[data-param="width"]').selectOption('8');
  await expect.poll(() => page.evaluate(() => window.pcalm!.config?.width)).toBe(8);
  await expect.poll(() => shownStep(page), { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
  await expect(playButton(page)).toHaveText('Pause');
});

/** Hovers one heatmap cell and returns its tooltip lines. */
async function hoverCell(
  page: Page,
  cell: {
    row: number;
    column: number;
    t: number;
    layer: number;
    rows: number;
    steps: number;
    hidden: number;
  },
): Promise<string[]> {
  const canvas = heatmapCanvas(page);
  const box = (await canvas.boundingBox())!;
  const map = heatmapGeometry(box.width, cell.rows).maps[cell.row][cell.column];
  const x = map.x + ((cell.t + 0.5) / cell.steps) * map.width;
  const y = map.y + ((cell.hidden - cell.layer + 0.5) / cell.hidden) * map.height;
  await page.mouse.move(box.x + x, box.y + y);
  const tip = page.locator('[data-panel="CreditHeatmaps"] [role="tooltip"]');
  await expect(tip).toContainText(`layer ${cell.layer} of ${cell.hidden} · step ${cell.t}`);
  return tip.locator('div').allTextContents();
}

const rmsOf = (lines: string[]) => {
  const line = lines.find((l) => l.startsWith('RMS '));
  if (!line) throw new Error(`no RMS in tooltip ${JSON.stringify(lines)}`);
  return parseShownNumber(line.slice(4));
};

test('PC and PC-ALM side by side show different credit in the deepest layers', async ({ page }) => {
  await openApp(page, 'data=synthetic&width=16&depth=16');
  await page.locator('[data-param="method"]').selectOption('both');
  await expect.poll(() => page.evaluate(() => window.pcalm!.state.config.method)).toBe('both');
  await waitForFinished(page);
  const T = 32;
  const hidden = 15;
  await expect(page.getByTestId('step-readout')).toHaveText(`step ${T} / ${T}`);
  const shot = await settledScreenshot(heatmapCanvas(page));
  const box = (await heatmapCanvas(page).boundingBox())!;
  const geometry = heatmapGeometry(box.width, 2);

  // Rows: PC above PC-ALM; column 2 is the composite credit ε, the credit the weight update uses.
  for (const layer of [1, 2]) {
    const cell = { column: 2, t: T, layer, rows: 2, steps: T + 1, hidden };
    const pcLines = await hoverCell(page, { ...cell, row: 0 });
    expect(pcLines[0]).toBe('PC · composite ε = r + λ');
    const almLines = await hoverCell(page, { ...cell, row: 1 });
    expect(almLines[0]).toBe('PC-ALM · composite ε = r + λ');
    const pc = rmsOf(pcLines);
    const alm = rmsOf(almLines);
    // PC-ALM's wave has reached the input side; PC's diffusive credit is orders of magnitude smaller.
    expect(alm).toBeGreaterThan(100 * pc);
    // The read-out is the engine's number (three significant digits).
    const engine = await page.evaluate(
      ([t, l]) => [
        window.pcalm!.metrics('pc', t)!.epsRms[l - 1],
        window.pcalm!.metrics('pcalm', t)!.epsRms[l - 1],
      ],
      [T, layer] as const,
    );
    expect(Math.abs(pc - engine[0]) / engine[0]).toBeLessThan(0.01);
    expect(Math.abs(alm - engine[1]) / engine[1]).toBeLessThan(0.01);

    // …and the eye sees it: the two cells have different colours.
    const centre = (row: number) => {
      const m = geometry.maps[row][2];
      return [
        m.x + ((T - 0.5) / (T + 1)) * m.width, // one column left of the cursor line at step T
        m.y + ((hidden - layer + 0.5) / hidden) * m.height,
      ] as const;
    };
    const [pcColour, almColour] = await Promise.all([0, 1].map((row) => pixelAt(page, shot, ...centre(row))));
    const distance = Math.hypot(...pcColour.map((c, i) => c - almColour[i]));
    expect(distance).toBeGreaterThan(60);
  }
});

test('a size the device cannot hold is refused with its memory estimate; the run keeps going', async ({
  page,
}) => {
  await openApp(page, `${SMALL}&batch=4&T=1000`);
  await page.locator('[data-param="width"]').selectOption('512');
  await expect.poll(() => page.evaluate(() => window.pcalm!.config?.width)).toBe(512);
  await expect.poll(() => shownStep(page)).toBeGreaterThanOrEqual(1);
  const id = await runId(page);

  await page.locator('[data-param="depth"]').selectOption('512');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    /Refused: width 512 × depth 512 × batch 4 with T = 1000 needs about [\d.]+ GB/,
  );
  await expect(alert).toContainText('Kept the previous settings.');
  // The control shows what runs, and what runs is the previous configuration, still going.
  await expect(page.locator('[data-param="depth"]')).toHaveValue('8');
  expect(await page.evaluate(() => window.pcalm!.config?.depth)).toBe(8);
  expect(await runId(page)).toBe(id);
  const before = await computedSteps(page);
  await expect.poll(() => computedSteps(page)).toBeGreaterThan(before + 1);
  await expect(playButton(page)).toHaveText('Pause');
});

test('after the worker crashes the app says so and the run comes back with the last configuration', async ({
  page,
}) => {
  await openApp(page, `${SMALL}&T=300&etaLambda=0.5&seed=7`);
  await expect.poll(() => computedSteps(page)).toBeGreaterThanOrEqual(4);
  const config = await page.evaluate(() => window.pcalm!.config);
  const id = (await runId(page))!;
  const step3 = await metricsAt(page, 'pcalm', 3);

  await page.evaluate(() => window.pcalm!.crash());
  await expect(page.getByRole('alert')).toContainText(
    /The engine worker stopped \(.+\)\. Restarting it with the last configuration that ran\./,
  );
  await expect.poll(() => runId(page)).toBeGreaterThan(id);
  expect(await page.evaluate(() => window.pcalm!.config)).toEqual(config);
  await expect(page.getByTestId('backend')).toHaveText(/^backend: (webgpu|webgl|wasm|cpu)$/);
  // It plays again from step 0, computing the same numbers as before the crash.
  await expect.poll(() => computedSteps(page)).toBeGreaterThanOrEqual(6);
  expect(await metricsAt(page, 'pcalm', 3)).toEqual(step3);
  await expect(page.locator('output[for="ctl-etaLambda"]')).toHaveText('0.5');
});
