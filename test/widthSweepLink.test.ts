/**
 * The width sweep on the page's side, in Node: its link keys (read, written, bad values named like
 * every other key's), the preset, which settings restart a sweep, the width the steps chart shows, and
 * the sentences of its progress line and reading.
 */
import { describe, expect, it } from 'vitest';
import { crossoverText, progressText } from '../src/app/views/widths/sweepText';
import type { SweepPoint } from '../src/core/sweepProtocol';
import { DEFAULT_SWEEP_CHOICE, SWEEP_WIDTHS } from '../src/state/linkSettings';
import { defaultLink, describeMessage, parseLink, parseQuery, serializeLink } from '../src/state/query';
import { type Config, defaultConfig } from '../src/state/schema';
import { type SweepState, shownWidth, sweepKey, sweepWidths } from '../src/state/sweep';

describe('the width sweep in the link', () => {
  it('opens from its preset: the widths view at L = 32, widths up to 512, steps of width 32', () => {
    const { config, link, messages } = parseLink('?preset=widths');
    expect(messages).toEqual([]);
    expect(config).toMatchObject({ view: 'widths', depth: 32, arch: 'residual', act: 'relu', T: 'auto' });
    expect([link.sweepMax, link.sweepWidth]).toEqual(['512', '32']);
    expect(sweepWidths(link.sweepMax)).toEqual([8, 16, 32, 64, 128, 256, 512]);
    expect(serializeLink(config, link)).toBe('v=1&preset=widths');
  });

  it('writes its choices after the settings, only where they differ, and reads them back', () => {
    const { config, link } = parseLink('?preset=widths&depth=8&data=synthetic');
    const query = serializeLink(config, { ...link, sweepMax: '32', sweepWidth: '16' });
    expect(query).toBe('v=1&preset=widths&depth=8&data=synthetic&sweepMax=32&sweepWidth=16');
    const again = parseLink(`?${query}`);
    expect(again.messages).toEqual([]);
    expect([again.link.sweepMax, again.link.sweepWidth]).toEqual(['32', '16']);
    expect(again.config).toEqual(config);
    expect(serializeLink(defaultConfig(), { ...defaultLink(), ...DEFAULT_SWEEP_CHOICE })).toBe('v=1');
  });

  // [query, key, words of the problem, what was used]
  const bad: Array<[string, string, string, string]> = [
    ['sweepMax=100', 'sweepMax', '"100" is not one of 8, 16, 32, 64, 128, 256, 512, 1024, 2048', '512'],
    ['sweepMax=4096', 'sweepMax', '"4096" is not one of', '512'],
    ['sweepWidth=abc', 'sweepWidth', '"abc" is not one of 8, 16', '32'],
    ['sweepWidth=', 'sweepWidth', '"" is not one of', '32'],
  ];
  it.each(bad)('%s is named, and the default stands in', (query, key, problem, used) => {
    const { link, messages } = parseLink(`?view=widths&${query}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ key, used });
    expect(messages[0].problem).toContain(problem);
    expect(describeMessage(messages[0])).toBe(`"${key}": ${messages[0].problem}; using ${used}.`);
    expect(link[key as 'sweepMax' | 'sweepWidth']).toBe(used);
  });

  it('is page state: the CLI refuses it like the other page-state keys', () => {
    const { messages } = parseQuery('sweepMax=32');
    expect(messages[0]).toMatchObject({
      key: 'sweepMax',
      problem: 'sets how the app shows a run, not a run setting',
    });
  });

  it('offers powers of two only (the x axis is log2 N)', () => {
    for (const w of SWEEP_WIDTHS) expect(Math.log2(Number(w)) % 1).toBe(0);
    expect(sweepWidths('8')).toEqual([8]);
  });
});

describe('what restarts a sweep', () => {
  const base = { ...defaultConfig(), view: 'widths' as const };
  const key = sweepKey(base, '512');
  const restarts: Array<[string, Partial<Config>, boolean]> = [
    ['depth', { depth: 16 }, true],
    ['η_λ', { etaLambda: 0.5 }, true],
    ['seed', { seed: 1 }, true],
    ['activation', { act: 'tanh' }, true],
    ['budget', { T: 10 }, true],
    ['the explorer’s width', { width: 128 }, false],
    ['the traced layer', { traceLayer: 3 }, false],
    ['the probe sample', { probe: 2 }, false],
    ['the method shown', { method: 'pc' }, false],
    ['a training setting', { lr0: 0.01 }, false],
  ];
  it.each(restarts)('%s: restarts it = %s', (_what, change, restart) => {
    const changed = sweepKey({ ...base, ...change }, '512');
    if (restart) expect(changed).not.toBe(key);
    else expect(changed).toBe(key);
  });

  it('restarts when the widths change', () => {
    expect(sweepKey(base, '256')).not.toBe(key);
  });
});

describe('the width the steps chart shows', () => {
  it('is the chosen one when swept, else the nearest swept width below it, with a note', () => {
    expect(shownWidth('16', [8, 16, 32])).toEqual({ width: 16, note: null });
    expect(shownWidth('64', [8, 16, 32])).toEqual({
      width: 32,
      note: 'width 64 is not in this sweep; showing width 32',
    });
  });
});

const done = (width: number, pc: number | null, pcalm: number): SweepPoint => ({
  width,
  status: 'done',
  etaH: 0.22,
  T: 4,
  cosine: { pc: [0, pc ?? 0], pcalm: [0, pcalm] },
  final: { pc, pcalm },
  divergence: {},
  notes: [],
  seconds: 1,
});

describe('the sweep’s sentences', () => {
  const state = (over: Partial<SweepState>) =>
    ({
      status: 'running',
      widths: [8, 16, 32, 64, 128, 256, 512],
      points: {},
      progress: null,
      seconds: 0,
      backend: 'wasm',
      error: null,
      depth: 32,
      T: 64,
      ...over,
    }) as SweepState;

  it('says which width runs, how many are done and what runs now', () => {
    const points = { 8: done(8, 0.4, 0.8), 16: done(16, 0.6, 0.9), 32: done(32, 0.5, 0.88) };
    const progress = { type: 'sweepProgress', sweepId: 1, width: 64, finished: 3, total: 7, T: 64 } as const;
    expect(progressText(state({ points, progress: { ...progress, method: 'pcalm', t: 40 } }))).toBe(
      'width 64: 3 of 7 done · now PC-ALM, step 40 of 64',
    );
    expect(progressText(state({ points, progress: { ...progress, method: null, t: 0 } }))).toBe(
      'width 64: 3 of 7 done · now building the network and estimating λ_max',
    );
    expect(progressText(state({ points, status: 'cancelled' }))).toBe(
      'Cancelled: 3 of 7 done. Continue runs the remaining widths.',
    );
    expect(progressText(state({ status: 'done', seconds: 146 }))).toBe(
      'All 7 widths done (N = 8 … 512, L = 32, T = 64) in 2 min 26 s on wasm.',
    );
  });

  it('reads the figure: where PC first matches PC-ALM at the shown width, or that it never does', () => {
    const widths = [8, 16, 32];
    const points = { 8: done(8, 0.4, 0.6), 16: done(16, 0.65, 0.9), 32: done(32, 0.7, 0.95) };
    expect(crossoverText({ widths, points }, 8)).toBe(
      'PC-ALM at N = 8 ends at 0.600; PC first gets as far at N = 16 (0.650).',
    );
    expect(crossoverText({ widths, points }, 16)).toBe(
      'PC-ALM at N = 16 ends at 0.900; PC stays below it at every width run up to N = 32 (its best: 0.700 at N = 32).',
    );
    expect(crossoverText({ widths, points: { 8: points[8] } }, 16)).toBeNull();
  });
});
