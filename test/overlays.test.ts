/**
 * The teaching layer's pure parts: the geometry of the predicted fronts over the heatmaps (spec §8),
 * the guided tour's stops, and the explanations' formulas (valid TeX, one per figure).
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { stopIndex, stopPosition, TOUR_STOPS } from '../src/app/explain/tour';
import {
  frontDepth,
  frontFor,
  frontLabel,
  frontLine,
  pathData,
  stepAtDepth,
} from '../src/panels/overlays/fronts';
import { PRESET_IDS } from '../src/state/presets';
import { defaultLink, parseLink, serializeLink } from '../src/state/query';
import { EXPLANATIONS } from '../src/ui/explain/explanations';

const MAP = { x: 60, y: 20, width: 300, height: 126 };

describe('which front a map gets', () => {
  it('PC diffuses; PC-ALM is ballistic, or diffusive at η_λ = 0 (it is PC then)', () => {
    expect(frontFor('pc', 0.25, 1)).toEqual({ kind: 'diffusive', etaH: 0.25, etaLambda: 0 });
    expect(frontFor('pcalm', 0.25, 1)).toEqual({ kind: 'ballistic', etaH: 0.25, etaLambda: 1 });
    expect(frontFor('pcalm', 0.25, 0)?.kind).toBe('diffusive');
    expect(frontLabel(frontFor('pcalm', 0.25, 1)!)).toContain('√(η_h η_λ)·t');
    expect(frontLabel(frontFor('pc', 0.25, 1)!)).toContain('√(η_h t)');
  });

  it('draws nothing without a usable η_h', () => {
    for (const etaH of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(frontFor('pcalm', etaH, 1)).toBeNull();
    expect(frontFor('pcalm', 0.25, Number.NaN)?.kind).toBe('diffusive');
  });

  it('depths are spec §8’s and stepAtDepth inverts them', () => {
    const ballistic = frontFor('pcalm', 0.25, 1)!;
    const diffusive = frontFor('pc', 0.25, 1)!;
    expect(frontDepth(ballistic, 64)).toBeCloseTo(32, 12); // √(¼·1)·64
    expect(frontDepth(diffusive, 64)).toBeCloseTo(4, 12); // √(¼·64)
    for (const depth of [0.5, 3, 31]) {
      expect(frontDepth(ballistic, stepAtDepth(ballistic, depth))).toBeCloseTo(depth, 12);
      expect(frontDepth(diffusive, stepAtDepth(diffusive, depth))).toBeCloseTo(depth, 12);
    }
  });
});

describe('front lines over a map', () => {
  it('the ballistic front starts at the top edge at step 0 and reaches the bottom at L−1 layers', () => {
    // 63 hidden layers, η_h η_λ = ¼: the front crosses the map at t = 126, inside 129 steps.
    const line = frontLine(MAP, frontFor('pcalm', 0.25, 1)!, 129, 63)!;
    expect(line.points).toHaveLength(2);
    const [[x0, y0], [x1, y1]] = line.points;
    expect(x0).toBeCloseTo(MAP.x + (0.5 / 129) * MAP.width, 10); // centre of step 0's column
    expect(y0).toBe(MAP.y);
    expect(x1).toBeCloseTo(MAP.x + (126.5 / 129) * MAP.width, 10);
    expect(y1).toBeCloseTo(MAP.y + MAP.height, 10);
  });

  it('a slow front stops at the last step, part-way down', () => {
    // 7 layers, √(η_h η_λ) = 0.1: after 16 steps it is 1.6 layers down.
    const line = frontLine(MAP, frontFor('pcalm', 0.1, 0.1)!, 17, 7)!;
    const [x1, y1] = line.points[line.points.length - 1];
    expect(x1).toBeCloseTo(MAP.x + (16.5 / 17) * MAP.width, 10);
    expect(y1).toBeCloseTo(MAP.y + (1.6 / 7) * MAP.height, 10);
  });

  it('the diffusive front is a √t curve, sampled densely near t = 0, and never leaves the map', () => {
    const front = frontFor('pc', 0.25, 1)!;
    const line = frontLine(MAP, front, 129, 63)!;
    expect(line.points.length).toBeGreaterThan(20);
    const stepWidth = MAP.width / 129;
    for (const [x, y] of line.points) {
      const t = Math.max(0, (x - MAP.x) / stepWidth - 0.5);
      expect(y).toBeCloseTo(MAP.y + (Math.sqrt(0.25 * t) / 63) * MAP.height, 8);
      expect(x).toBeGreaterThanOrEqual(MAP.x);
      expect(x).toBeLessThanOrEqual(MAP.x + MAP.width);
      expect(y).toBeLessThanOrEqual(MAP.y + MAP.height);
    }
    // Monotone: deeper with every step.
    for (let i = 1; i < line.points.length; i++)
      expect(line.points[i][1]).toBeGreaterThanOrEqual(line.points[i - 1][1]);
  });

  it('the label lies under the line (the side credit has not reached) and inside the map', () => {
    for (const [method, etaLambda] of [
      ['pcalm', 1],
      ['pc', 0],
    ] as const) {
      const line = frontLine(MAP, frontFor(method, 0.25, etaLambda)!, 129, 63)!;
      expect(line.label.x).toBeGreaterThan(MAP.x);
      expect(line.label.x).toBeLessThan(MAP.x + MAP.width);
      expect(line.label.y).toBeGreaterThan(MAP.y);
      expect(line.label.y).toBeLessThanOrEqual(MAP.y + MAP.height);
    }
  });

  it('returns null for degenerate maps and runs instead of throwing', () => {
    const front = frontFor('pcalm', 0.25, 1)!;
    expect(frontLine(MAP, front, 1, 63)).toBeNull();
    expect(frontLine(MAP, front, 129, 0)).toBeNull();
    expect(frontLine({ ...MAP, width: 0 }, front, 129, 63)).toBeNull();
    expect(frontLine(MAP, front, Number.NaN, 63)).toBeNull();
  });

  it('writes compact path data', () => {
    expect(
      pathData([
        [1, 2],
        [3.04, 4.06],
      ]),
    ).toBe('M1.0,2.0L3.0,4.1');
    expect(pathData([])).toBe('');
  });
});

describe('guided tour', () => {
  it('visits the five preset groups in order, every preset once', () => {
    expect(TOUR_STOPS.map((s) => s.preset)).toEqual([...PRESET_IDS]);
    expect([...new Set(TOUR_STOPS.map((s) => s.group))]).toHaveLength(5);
  });

  it('finds the stop of a preset and where it sits', () => {
    expect(stopIndex('annulus')).toBe(2);
    expect(stopIndex(null)).toBe(-1);
    expect(stopIndex('nope')).toBe(-1);
    expect(stopPosition(0)).toEqual({ group: 1, groups: 5, part: 1, parts: 1 });
    expect(stopPosition(4)).toEqual({ group: 4, groups: 5, part: 2, parts: 3 });
    expect(stopPosition(5)).toEqual({ group: 4, groups: 5, part: 3, parts: 3 });
    expect(stopPosition(99)).toEqual({ group: 5, groups: 5, part: 1, parts: 1 });
    expect(stopPosition(Number.NaN)).toEqual(stopPosition(0));
  });
});

describe('explanations', () => {
  it('every formula is valid TeX for KaTeX', () => {
    for (const [id, explanation] of Object.entries(EXPLANATIONS)) {
      expect(explanation.text.length, id).toBeGreaterThan(100);
      for (const f of explanation.formulas) {
        expect(() => katex.renderToString(f.tex, { throwOnError: true }), `${id}: ${f.tex}`).not.toThrow();
        expect(f.caption).toMatch(/§\d/);
      }
    }
  });
});

describe('page-state keys of the teaching layer', () => {
  it('reads overlays= and tour=, reports a bad value and keeps the default', () => {
    const good = parseLink('?v=1&overlays=off&tour=on');
    expect(good.messages).toEqual([]);
    expect(good.link).toMatchObject({ overlays: 'off', tour: 'on' });
    expect(serializeLink(good.config, good.link)).toBe('v=1&overlays=off&tour=on');
    const bad = parseLink('?overlays=maybe&tour=1');
    expect(bad.link).toMatchObject({ overlays: 'on', tour: 'off' });
    expect(bad.messages.map((m) => m.key)).toEqual(['overlays', 'tour']);
    // The defaults (overlays on, tour closed) are not written.
    expect(serializeLink(good.config, defaultLink())).toBe('v=1');
  });
});
