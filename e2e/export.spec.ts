/**
 * Issue 6, export and import: every file the page writes is checked as a file (PNG signature, XML,
 * CSV, JSON against run-format.md) and against the run's own numbers (`window.pcalm`); a run file is
 * opened again on another configuration and reproduces its run; bad files get a message and the run
 * on screen stays. Small networks on synthetic data keep each test to seconds.
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import type { AppRunFile } from '../src/app/exportImport/runExport';
import type { RunFileStep } from '../src/core/runFile';
import { allMetrics, type MethodId, openApp, runId, SMALL, waitForFinished } from './helpers';

/** Clicks a menu item and returns the saved download's file name and bytes. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

const panel = (page: Page, id: string) => page.locator(`[data-panel="${id}"]`);

async function exportFigure(page: Page, figure: Locator, format: 'png' | 'svg') {
  await figure.locator('.panel-header summary').click();
  return download(page, () => figure.locator(`[data-export="${format}"]`).click());
}

async function exportRun(page: Page, format: 'json' | 'csv') {
  await page.getByTestId('export-run').locator('summary').click();
  return download(page, () => page.locator(`[data-export="${format}"]`).click());
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('a panel exports as a PNG and as an SVG figure', async ({ page }) => {
  await openApp(page, `${SMALL}&method=both`);
  await waitForFinished(page);
  const heatmaps = panel(page, 'CreditHeatmaps');
  const png = await exportFigure(page, heatmaps, 'png');
  expect(png.name).toBe('pcalm-credit-heatmaps-step16.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.bytes.length).toBeGreaterThan(20_000);
  // Printed at 2 device pixels per CSS pixel: the IHDR width is twice the panel's.
  const box = (await heatmaps.boundingBox())!;
  expect(png.bytes.readUInt32BE(16)).toBe(2 * Math.ceil(box.width));

  for (const [id, kind] of [
    ['CreditHeatmaps', 'image'],
    ['cosine', 'path'],
  ] as const) {
    const svg = await exportFigure(page, panel(page, id), 'svg');
    expect(svg.name).toMatch(/\.svg$/);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        images: Array.from(doc.querySelectorAll('image'), (i) => i.getAttribute('href')?.slice(0, 22)),
        curves: Array.from(doc.querySelectorAll('path')).filter(
          (p) => (p.getAttribute('d') ?? '').length > 50,
        ).length,
        texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent),
        variables: text.includes('var(--'),
      };
    }, svg.bytes.toString('utf8'));
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    if (kind === 'image') expect(parsed.images).toContain('data:image/png;base64,');
    else expect(parsed.curves).toBeGreaterThanOrEqual(2); // PC and PC-ALM
    expect(parsed.texts.join(' ')).toContain(id === 'cosine' ? 'Gradient cosine to BP' : 'Credit flow');
    // Colours are resolved: no CSS variable survives into the file.
    expect(parsed.variables).toBe(false);
  }
});

/** The run file's per-step keys, each equal to the app's metrics of that step. */
function expectSteps(steps: RunFileStep[], metrics: Awaited<ReturnType<typeof allMetrics>>) {
  expect(steps).toHaveLength(metrics.length);
  steps.forEach((step, t) => {
    const m = metrics[t];
    expect(step.t).toBe(t);
    for (const key of ['gradCosine', 'energy', 'lagrangian'] as const) expect(step[key]).toBe(m[key]);
    for (const key of ['layerGradCosine', 'rRms', 'lambdaRms', 'epsRms', 'creditCosine'] as const)
      expect(step[key]).toEqual(m[key]);
  });
}

test('the metrics export as CSV and the run as a JSON run file, equal to the run', async ({ page }) => {
  await openApp(page, `${SMALL}&method=both&etaLambda=0.5`);
  await waitForFinished(page);
  const metrics = { pcalm: await allMetrics(page, 'pcalm'), pc: await allMetrics(page, 'pc') };

  const csv = await exportRun(page, 'csv');
  expect(csv.name).toBe('pcalm-metrics-both-L8-N16-B64-synthetic-seed0.csv');
  const [header, ...rows] = csv.bytes
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
  expect(rows).toHaveLength(metrics.pcalm.length + metrics.pc.length);
  for (const [method, t] of [
    ['pcalm', 0],
    ['pcalm', 9],
    ['pc', 16],
  ] as const) {
    const row = rows.find((r) => r[0] === method && r[1] === String(t))!;
    const value = (column: string) => Number(row[header.indexOf(column)]);
    const m = metrics[method as MethodId][t];
    expect(value('gradCosine')).toBe(m.gradCosine);
    expect(value('rRms_3')).toBe(m.rRms[2]);
    expect(value('creditCosine_7')).toBe(m.creditCosine[6]);
    expect(value('layerGradCosine_8')).toBe(m.layerGradCosine[7]);
    expect(value('constraint')).toBe(m.constraint);
  }

  const json = await exportRun(page, 'json');
  expect(json.name).toBe('pcalm-run-both-L8-N16-B64-synthetic-seed0.json');
  const file = JSON.parse(json.bytes.toString('utf8')) as AppRunFile;
  const state = await page.evaluate(() => ({
    config: window.pcalm!.config,
    backend: window.pcalm!.backend,
    info: { etaH: window.pcalm!.state.run!.info.etaH, deltaRms: window.pcalm!.state.run!.info.deltaRms },
  }));
  for (const key of [
    'format',
    'config',
    'backend',
    'network',
    'batch',
    'etaH',
    'etaLambda',
    'T',
    'steps',
    'bp',
  ])
    expect(file, `key ${key}`).toHaveProperty(key);
  expect(file.format).toBe('pcalm-run/1');
  expect(file.config).toEqual(state.config);
  expect(file.backend).toBe(state.backend);
  expect(file.network.a).toHaveLength(8);
  expect(file.network.W.map((w) => w.shape)).toEqual([
    [16, 784],
    ...Array.from({ length: 6 }, () => [16, 16]),
    [10, 16],
  ]);
  for (const m of [...file.network.W, file.batch.x, file.batch.y])
    expect(m.data).toHaveLength(m.shape[0] * m.shape[1]);
  expect([file.batch.x.shape[0], file.batch.y.shape[0]]).toEqual([64, 64]);
  expect([file.etaH, file.etaLambda, file.T]).toEqual([state.info.etaH, 0.5, 16]);
  expect(file.bp.deltaRms).toEqual(state.info.deltaRms);
  expectSteps(file.steps, metrics.pcalm);
  expectSteps(file.pc!.steps, metrics.pc);
});

test('an exported run file opens again on another configuration and reproduces its run', async ({ page }) => {
  await openApp(page, `${SMALL}&seed=3&etaLambda=0.5&act=tanh`);
  await waitForFinished(page);
  const exported = await exportRun(page, 'json');
  const file = JSON.parse(exported.bytes.toString('utf8')) as AppRunFile;

  await openApp(page, 'data=synthetic&width=8&depth=4');
  await waitForFinished(page);
  const before = await runId(page);
  await page.getByTestId('run-file-input').setInputFiles({
    name: exported.name,
    mimeType: 'application/json',
    buffer: exported.bytes,
  });
  await expect(page.getByTestId('imported-note')).toContainText(`run file “${exported.name}”`);
  await expect.poll(() => runId(page)).not.toBe(before);
  await waitForFinished(page);
  const config = await page.evaluate(() => window.pcalm!.config!);
  expect([config.width, config.depth, config.seed, config.act, config.etaLambda]).toEqual([
    16,
    8,
    3,
    'tanh',
    0.5,
  ]);
  const metrics = await allMetrics(page, 'pcalm');
  expect(metrics).toHaveLength(file.steps.length);
  metrics.forEach((m, t) => {
    expect(m.gradCosine).toBeCloseTo(file.steps[t].gradCosine, 5);
    m.rRms.forEach((v, l) => {
      expect(v).toBeCloseTo(file.steps[t].rRms[l], 6);
    });
  });

  // A rate change keeps the imported network; a network setting goes back to a seeded one.
  const firstWeight = () => page.evaluate(() => window.pcalm!.state.run!.info.network.W[0].data[0]);
  const weight = await firstWeight();
  expect(weight).toBeCloseTo(file.network.W[0].data[0], 6);
  await page.locator('[data-param="etaLambda"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.evaluate(() => window.pcalm!.config?.etaLambda)).not.toBe(0.5);
  await expect(page.getByTestId('imported-note')).toBeVisible();
  expect(await firstWeight()).toBe(weight);
  await page.locator('[data-param="seed"]').fill('5');
  await page.locator('[data-param="seed"]').press('Enter');
  await expect(page.getByTestId('imported-note')).toHaveCount(0);
  await expect.poll(firstWeight).not.toBe(weight);
});

test('a malformed file, dropped or picked, gets a message and the run stays', async ({ page }) => {
  await openApp(page, SMALL);
  await waitForFinished(page);
  const before = await runId(page);
  // Dropped: a drag of files over the page, then the drop.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(
      new File(['{"format": "pcalm-run/1", "etaH": NaN'], 'broken.json', { type: 'application/json' }),
    );
    for (const type of ['dragenter', 'dragover', 'drop'])
      document.body.dispatchEvent(
        new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
      );
  });
  const alert = page.locator('.notice-error');
  await expect(alert).toContainText('Could not open “broken.json”: it is not JSON');
  await expect(alert).toContainText('The current run stays.');
  // Picked: JSON of the right format with a matrix of the wrong shape.
  const wrong = { format: 'pcalm-run/1', network: { a: [1, 1], W: [{ shape: [2, 3], data: [1, 2, 3] }] } };
  await page.getByTestId('run-file-input').setInputFiles({
    name: 'wrong.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(wrong)),
  });
  await expect(alert).toContainText('Could not open “wrong.json”: it is not a usable run file: "network.W"');
  expect(await runId(page)).toBe(before);
  await expect(page.getByTestId('imported-note')).toHaveCount(0);
  await expect(page.locator('.drop-hint')).toHaveCount(0);
  // The message can be dismissed.
  await alert.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(alert).toHaveCount(0);
});
