/**
 * The Fig. 2 grid that ships with the app: the training view draws it without anything loaded (three
 * gap heatmaps, holes hollow), a hovered or tapped cell shows its numbers, a user's cells.csv replaces
 * it and the view says which grid is shown. Screenshots at desktop and phone size go to e2e/artifacts/.
 * Expected numbers are read from the shipped file itself, so the test follows a re-copied grid.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { scrollsSideways } from './helpers';

const HERE = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(HERE, 'artifacts');
const CSV = readFileSync(join(HERE, '..', 'src', 'app', 'views', 'training', 'fig2', 'cells.csv'), 'utf8');

/** The shipped rows as records (the file has no quoted fields: plain split is enough here). */
const records = (() => {
  const [head, ...lines] = CSV.trim().split('\n');
  const names = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
})();
const acc = (w: number, d: number, m: string) =>
  Number(records.find((r) => r.width === String(w) && r.depth === String(d) && r.method === m)?.test_acc);

async function openTraining(page: Page): Promise<void> {
  await page.goto('/?view=training');
  await expect(page.locator('.training-grid')).toHaveAttribute('data-grid-source', 'shipped');
}

test('the training view shows the shipped grid; hover shows a cell; a loaded file replaces it', async ({
  page,
}) => {
  await openTraining(page);
  const source = page.getByTestId('grid-source');
  await expect(source).toContainText('the grid shipped with the app');
  await expect(source).toContainText('--widths 8,16,32,64 --depths 8,16,32,64');
  await expect(source).toContainText('wasm');
  // Three heatmaps, each with all 16 places of the planned 4 × 4 grid.
  const maps = page.locator('.grid-heatmap');
  await expect(maps).toHaveCount(3);
  for (const gap of ['pc-bp', 'pcalm-bp', 'pcalm-pc']) {
    await expect(page.locator(`[data-gap=${gap}] .gap-cell`)).toHaveCount(16);
  }
  // The shipped grid is complete: the largest cell is drawn with its gap too, in points.
  const largest = page.locator('[data-gap=pc-bp] [data-cell="64x64"]');
  await expect(largest).not.toHaveClass(/missing/);
  await expect(largest.locator('.gap-value')).toHaveText(
    (100 * (acc(64, 64, 'pc') - acc(64, 64, 'bp'))).toFixed(1),
  );
  await expect(source).toContainText('Every planned cell is in it');
  // The smallest, with its gap in points.
  const gap = 100 * (acc(8, 8, 'pcalm') - acc(8, 8, 'bp'));
  const small = page.locator('[data-gap=pcalm-bp] [data-cell="8x8"]');
  await expect(small).not.toHaveClass(/missing/);
  await expect(small.locator('.gap-value')).toHaveText(gap.toFixed(1));

  await small.hover();
  const readout = page.getByTestId('grid-readout');
  await expect(readout).toContainText('N = 8, L = 8');
  await expect(readout).toContainText(`BP ${(100 * acc(8, 8, 'bp')).toFixed(2)} %`);
  await expect(readout).toContainText(`PC-ALM − BP ${gap.toFixed(2)}`);
  // Keyboard focus shows a cell too.
  await page.locator('[data-gap=pc-bp] [data-cell="8x16"]').focus();
  await expect(readout).toContainText('N = 8, L = 16');
  await page.locator('[data-gap=pcalm-pc] [data-cell="64x64"]').hover();
  await expect(readout).toContainText('N = 64, L = 64');
  await expect(readout).toContainText(`PC ${(100 * acc(64, 64, 'pc')).toFixed(2)} %`);

  await page.locator('[data-gap=pcalm-bp] [data-cell="16x8"]').hover();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.locator('.training-grid').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'fig2-desktop.png'), fullPage: true });

  // A user's file replaces the shipped grid, and the view names it.
  const mine = `${CSV.split('\n')[0]}\n${CSV.split('\n')[1]}\n`;
  await page.locator('[data-action=load-cells]').setInputFiles({
    name: 'mine.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(mine),
  });
  await expect(page.locator('.training-grid')).toHaveAttribute('data-grid-source', 'file');
  await expect(source).toContainText('mine.csv, 1 rows');
  await expect(page.locator('[data-gap=pc-bp] .gap-cell')).toHaveCount(1);
  // Its one cell has BP only: the PC − BP gap is drawn hollow with a dash, not as a zero.
  const hole = page.locator('[data-gap=pc-bp] [data-cell="8x8"]');
  await expect(hole).toHaveClass(/missing/);
  await expect(hole.locator('.gap-value')).toHaveText('–');
  await page.locator('[data-action=shipped-grid]').click();
  await expect(page.locator('.training-grid')).toHaveAttribute('data-grid-source', 'shipped');
  await expect(page.locator('[data-gap=pc-bp] .gap-cell')).toHaveCount(16);
});

test.describe('phone 390×844', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the shipped grid fits the width and a tap shows a cell', async ({ page }) => {
    await openTraining(page);
    await page.locator('[data-gap=pc-bp] [data-cell="16x16"]').tap();
    const readout = page.getByTestId('grid-readout');
    await expect(readout).toContainText('N = 16, L = 16');
    await expect(readout).toContainText(`PC ${(100 * acc(16, 16, 'pc')).toFixed(2)} %`);
    expect(await scrollsSideways(page), 'the page scrolls sideways').toBe(false);
    // Nothing of the grid sticks out of its panel (the page-level check above allows a zoomed-out page).
    const panel = await page.locator('.training-grid').boundingBox();
    for (const part of await page.locator('.training-grid svg, .grid-summary, .grid-readout').all()) {
      const box = await part.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'fig2-phone.png'), fullPage: true });
  });
});
