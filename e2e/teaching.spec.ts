/**
 * Issue 6, the teaching layer: the scalar example's arrows follow its sliders and match the theory
 * module; the guided tour's Next / Back change the preset and the explanation; the theory-overlay
 * switch adds and removes the predicted fronts and t*; an ⓘ explanation typesets its formulas.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { DEFAULT_INPUTS, scalarModel, stepIn } from '../src/app/views/scalar/scalarModel';
import { openApp, SMALL } from './helpers';

const query = (page: Page) => new URL(page.url()).searchParams;

interface DrawnArrow {
  dw1: number;
  dw2: number;
  /** Direction on screen, degrees counter-clockwise (SVG y points down). */
  angle: number;
  length: number;
}

async function drawnArrow(arrow: Locator): Promise<DrawnArrow> {
  const read = async (name: string) => Number(await arrow.getAttribute(name));
  const [x1, y1, x2, y2] = await Promise.all(['x1', 'y1', 'x2', 'y2'].map(read));
  return {
    dw1: await read('data-dw1'),
    dw2: await read('data-dw2'),
    angle: (Math.atan2(y1 - y2, x2 - x1) * 180) / Math.PI,
    length: Math.hypot(x2 - x1, y2 - y1),
  };
}

test('scalar example: moving w1 with the keyboard moves the BP and PC-ALM arrows as the theory says', async ({
  page,
}) => {
  await openApp(page, 'preset=scalar');
  const plane = page.getByTestId('update-plane');
  await expect(plane).toBeVisible();
  const bp = plane.locator('[data-arrow="bp"]');
  const pcalm = plane.locator('[data-arrow="pcalm"]');
  // The cursor to the last step (this also stops the opening animation), then w1 up by four steps.
  const step = page.locator('[data-scalar="step"]');
  await step.focus();
  await page.keyboard.press('End');
  const T = Number(await step.getAttribute('max'));
  await expect(page.getByTestId('scalar-step')).toHaveText(`${T} / ${T}`);
  const before = { bp: await drawnArrow(bp), pcalm: await drawnArrow(pcalm) };

  const w1 = page.locator('[data-scalar="w1"]');
  await w1.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('output[for="scalar-w1"]')).toHaveText('0.40');
  await expect.poll(async () => (await drawnArrow(bp)).dw2).not.toBe(before.bp.dw2);
  const after = { bp: await drawnArrow(bp), pcalm: await drawnArrow(pcalm) };

  // The rates are the settings column's (the preset sets η_h = 0.2), as the view resolves them.
  const etaH = await page.evaluate(() => window.pcalm!.state.config.etaH);
  expect(etaH).toBe(0.2);
  const model = scalarModel({ ...DEFAULT_INPUTS, w1: 0.4 }, { etaH, etaLambda: 1, T: 'auto' });
  expect(model.rates.T).toBe(T);
  const expected = { bp: model.bp, pcalm: model.pcalm.updates[stepIn(model.pcalm, T)] };
  for (const kind of ['bp', 'pcalm'] as const) {
    expect(after[kind].dw1).toBeCloseTo(expected[kind].dw1, 12);
    expect(after[kind].dw2).toBeCloseTo(expected[kind].dw2, 12);
    // Equal units on both axes: the arrow on screen points where the numbers point.
    const angle = (Math.atan2(expected[kind].dw2, expected[kind].dw1) * 180) / Math.PI;
    expect(Math.abs(after[kind].angle - angle)).toBeLessThan(1);
    // Both arrows moved on screen, not only in their data.
    expect(Math.abs(after[kind].angle - before[kind].angle)).toBeGreaterThan(3);
  }
  expect(after.pcalm.length / after.bp.length).toBeCloseTo(
    Math.hypot(expected.pcalm.dw1, expected.pcalm.dw2) / Math.hypot(expected.bp.dw1, expected.bp.dw2),
    2,
  );

  // At step 0 PC-ALM's update has no Δw1 yet: its arrow points straight up.
  await step.focus();
  await page.keyboard.press('Home');
  const start = await drawnArrow(pcalm);
  expect(start.dw1).toBe(0);
  expect(Math.abs(start.angle - 90)).toBeLessThan(1);
});

test('guided tour: Next and Back apply the neighbouring preset and show its explanation', async ({
  page,
}) => {
  await openApp(page, 'preset=scalar');
  await page.locator('[data-action="tour"]').click();
  const card = page.getByTestId('tour-card');
  await expect(card).toContainText('1 of 5');
  await expect(page.getByTestId('tour-title')).toHaveText('Scalar two-layer example');
  await expect(card.locator('[data-tour="back"]')).toBeDisabled();
  const first = await page.getByTestId('tour-explanation').textContent();
  await expect.poll(() => query(page).get('tour')).toBe('on');

  await card.locator('[data-tour="next"]').click();
  await expect(page.getByTestId('tour-title')).toHaveText('Ballistic vs diffusive credit');
  await expect(card).toContainText('2 of 5');
  await expect(page.getByTestId('tour-explanation')).not.toHaveText(first ?? '');
  await expect.poll(() => query(page).get('preset')).toBe('ballistic');
  await expect(page.locator('[data-panel="CreditHeatmaps"]')).toBeVisible();
  // The card replaces the preset note, so the explanation is not shown twice.
  await expect(page.getByTestId('preset-note')).toHaveCount(0);

  await card.locator('[data-tour="back"]').click();
  await expect(page.getByTestId('tour-title')).toHaveText('Scalar two-layer example');
  await expect(page.getByTestId('tour-explanation')).toHaveText(first ?? '');
  await expect.poll(() => query(page).get('preset')).toBe('scalar');
  await expect(page.getByTestId('update-plane')).toBeVisible();

  await card.locator('[aria-label="Close the tour"]').click();
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId('preset-note')).toBeVisible();
});

test('theory overlays: the switch adds and removes the fronts and t*; ⓘ typesets the formulas', async ({
  page,
}) => {
  await openApp(page, `${SMALL}&method=both&T=40`);
  const heatmaps = page.locator('[data-panel="CreditHeatmaps"]');
  const fronts = heatmaps.getByTestId('front-lines');
  // On by default: PC's diffusive front on its r and ε maps (its λ map is blank), PC-ALM's ballistic
  // front on all three.
  await expect(fronts.locator('[data-front="diffusive"] path.front-line')).toHaveCount(2);
  await expect(fronts.locator('[data-front="ballistic"] path.front-line')).toHaveCount(3);
  await expect(page.getByTestId('inflection-marker')).toBeVisible();

  await page.locator('[data-control="overlays"]').uncheck();
  await expect(fronts).toHaveCount(0);
  await expect(page.getByTestId('inflection-marker')).toHaveCount(0);
  await expect.poll(() => query(page).get('overlays')).toBe('off');
  await page.locator('[data-control="overlays"]').check();
  await expect(fronts.locator('path.front-line')).toHaveCount(5);

  await heatmaps.locator('[data-explain="heatmaps"]').click();
  const explanation = heatmaps.getByTestId('explain-heatmaps');
  await expect(explanation).toContainText('front');
  await expect(explanation.locator('.katex')).toHaveCount(3);
});
