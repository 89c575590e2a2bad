/**
 * Shared end-to-end helpers. Tests act like a person (click, drag, press keys, hover) and read what a
 * person reads (the step readout, the status line, messages, pixels); `window.pcalm`
 * (src/app/debugHandle.ts) is used only to read exact numbers and to know when a run has finished.
 * Every wait is condition-based; the only fixed waits are the short windows that prove something
 * does NOT change (`expectStill`).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type {} from '../src/app/debugHandle';
import type { StepMetrics } from '../src/core/metricsLayout';

export type MethodId = 'pcalm' | 'pc';

/** A small network (width 16, depth 8: T = 16 when auto) on data that needs no files: seconds, not minutes. */
export const SMALL = 'data=synthetic&width=16&depth=8';

/**
 * Opens the app with a query string; in the explorer view, waits until the status line names the
 * backend and step 0 is computed.
 */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(query ? `/?${query}` : '/');
  await expect.poll(() => page.evaluate(() => window.pcalm?.state.config.view ?? null)).not.toBeNull();
  // Only the explorer view runs the engine (the others have their own).
  if ((await page.evaluate(() => window.pcalm!.state.config.view)) !== 'explorer') return;
  await expect(page.getByTestId('backend')).toContainText(/backend: (webgpu|webgl|wasm|cpu)/);
  await expect.poll(() => page.evaluate(() => window.pcalm?.steps() ?? 0)).toBeGreaterThan(0);
}

/** Waits until both methods have reached T (or stopped on divergence). */
export async function waitForFinished(page: Page, timeout = 60_000): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => window.pcalm?.finished() ?? false), { timeout, message: 'run finished' })
    .toBe(true);
}

/** Steps computed so far (the longer of the two methods). */
export function computedSteps(page: Page): Promise<number> {
  return page.evaluate(() => window.pcalm!.steps());
}

export function runId(page: Page): Promise<number | null> {
  return page.evaluate(() => window.pcalm!.state.run?.info.runId ?? null);
}

export function metricsAt(page: Page, method: MethodId, t: number): Promise<StepMetrics | null> {
  return page.evaluate(([m, step]) => window.pcalm!.metrics(m, step), [method, t] as const);
}

export function allMetrics(page: Page, method: MethodId): Promise<StepMetrics[]> {
  return page.evaluate((m) => window.pcalm!.allMetrics(m), method);
}

/** The transport's "step k / T" readout, as numbers. */
export async function readout(page: Page): Promise<{ step: number; T: number }> {
  const text = (await page.getByTestId('step-readout').textContent()) ?? '';
  const match = /step (\d+) \/ (\d+)/.exec(text);
  if (!match) throw new Error(`step readout "${text}" is not "step k / T"`);
  return { step: Number(match[1]), T: Number(match[2]) };
}

export async function shownStep(page: Page): Promise<number> {
  return (await readout(page)).step;
}

/** The Play / Pause button (its label says what a click will do). */
export function playButton(page: Page): Locator {
  return page.locator('[data-action="play"]');
}

/**
 * Proves that `read` does not change for `ms` milliseconds: the one place a fixed wait is right, since
 * "nothing happens" has no event to wait for.
 */
export async function expectStill<T>(page: Page, read: () => Promise<T>, ms = 1000): Promise<T> {
  const before = await read();
  await page.waitForTimeout(ms);
  const after: unknown = await read();
  expect(after).toEqual(before);
  return before;
}

/**
 * Waits until the engine has stopped producing steps: two readings `gap` ms apart agree. A run that
 * keeps going never satisfies this, so the poll fails instead of passing.
 */
export async function waitForQuiet(page: Page, gap = 300, timeout = 10_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const a = await computedSteps(page);
        await page.waitForTimeout(gap);
        return (await computedSteps(page)) === a;
      },
      { timeout, message: 'the engine stopped producing steps' },
    )
    .toBe(true);
}

/**
 * Drags a range input's thumb with the mouse to about `value`, like a person: press on the thumb,
 * move in small steps, release. Returns the value the input ended at.
 */
export async function dragSlider(page: Page, slider: Locator, value: number): Promise<number> {
  const { xOf, y, current } = await sliderTrack(slider);
  await page.mouse.move(xOf(current), y);
  await page.mouse.down();
  await page.mouse.move(xOf(value), y, { steps: 8 });
  await page.mouse.up();
  return slider.evaluate((el: HTMLInputElement) => Number(el.value));
}

/** Where a range input's thumb sits for a value (page coordinates), and the value it has now. */
async function sliderTrack(
  slider: Locator,
): Promise<{ xOf: (v: number) => number; y: number; current: number }> {
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  if (!box) throw new Error('slider is not visible');
  const { min, max, current } = await slider.evaluate((el: HTMLInputElement) => ({
    min: Number(el.min),
    max: Number(el.max),
    current: Number(el.value),
  }));
  // Chromium's thumb is about as wide as the track is high; its centre travels inside the track.
  const thumb = Math.min(box.height, 16);
  const xOf = (v: number) =>
    box.x + thumb / 2 + ((Math.min(max, Math.max(min, v)) - min) / (max - min || 1)) * (box.width - thumb);
  return { xOf, y: box.y + box.height / 2, current };
}

/**
 * A screenshot of an element, scrolled to the middle of the viewport first: the page header is
 * sticky, and an element half under it would be shot with the header on top.
 */
export async function shoot(locator: Locator): Promise<Buffer> {
  await locator.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }));
  return locator.screenshot();
}

/** A screenshot of an element once it has stopped changing (two consecutive shots agree). */
export async function settledScreenshot(locator: Locator, timeout = 15_000): Promise<Buffer> {
  let previous = await shoot(locator);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    await locator.page().waitForTimeout(150);
    const next = await shoot(locator);
    if (next.equals(previous)) return next;
    previous = next;
  }
  throw new Error('the element kept changing');
}

/**
 * Fraction of pixels (0 … 1) that differ between two PNG screenshots of the same size, decoded by the
 * browser; a channel difference of `tolerance` or less counts as equal (antialiasing noise).
 */
export async function pixelDifference(page: Page, a: Buffer, b: Buffer, tolerance = 8): Promise<number> {
  return page.evaluate(
    async ([pngA, pngB, tol]) => {
      const decode = async (base64: string) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = await Promise.all([decode(pngA), decode(pngB)]);
      if (x.width !== y.width || x.height !== y.height) return 1;
      let differing = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        for (let c = 0; c < 3; c++) {
          if (Math.abs(x.data[i + c] - y.data[i + c]) > tol) {
            differing++;
            break;
          }
        }
      }
      return differing / (x.width * x.height);
    },
    [a.toString('base64'), b.toString('base64'), tolerance] as const,
  );
}

/** RGB of one pixel of a PNG screenshot (device scale 1), at coordinates inside it. */
export async function pixelAt(
  page: Page,
  png: Buffer,
  x: number,
  y: number,
): Promise<[number, number, number]> {
  return page.evaluate(
    async ([base64, px, py]) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const d = ctx.getImageData(Math.round(px), Math.round(py), 1, 1).data;
      return [d[0], d[1], d[2]] as [number, number, number];
    },
    [png.toString('base64'), x, y] as const,
  );
}

const SUPERSCRIPT_DIGITS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
};

/** A number as the tooltips print it: "0.0426", "3.53×10⁻⁶", "3.53×10^-6", "−1.2". */
export function parseShownNumber(text: string): number {
  const plain = text
    .trim()
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]/g, (c) => SUPERSCRIPT_DIGITS[c])
    .replace(/−/g, '-')
    .replace(/\s*[×x]\s*10\^?/, 'e');
  const value = Number(plain);
  if (!Number.isFinite(value)) throw new Error(`"${text}" is not a number as the app prints them`);
  return value;
}

/**
 * Drags a range input's thumb with a finger to about `value`: touch start on the thumb, moves, touch
 * end, through the DevTools protocol (Playwright's touchscreen only taps). Needs a context with
 * hasTouch. Returns the value the input ended at.
 */
export async function touchDragSlider(page: Page, slider: Locator, value: number): Promise<number> {
  const { xOf, y, current } = await sliderTrack(slider);
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x, y, radiusX: 4, radiusY: 4, force: 1, id: 1 }],
    });
  await touch('touchStart', xOf(current));
  for (let i = 1; i <= 8; i++) await touch('touchMove', xOf(current + ((value - current) * i) / 8));
  await touch('touchEnd', xOf(value));
  await cdp.detach();
  return slider.evaluate((el: HTMLInputElement) => Number(el.value));
}

/** True when the page scrolls sideways (something is wider than the viewport). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
