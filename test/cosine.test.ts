/**
 * Pure logic of panel 3 (BP cosine over steps) and panel 4 (unit traces): when the predicted
 * inflection t* is drawn, the y ranges, reading series out of a MetricsBuffer, the incremental path
 * and band painting, and hit-testing.
 */
import { scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { GrowingPath } from '../src/panels/charts/growingPath';
import { integerTicks } from '../src/panels/charts/integerTicks';
import { nearestStep } from '../src/panels/charts/nearestStep';
import { tooltipX } from '../src/panels/charts/tooltipPlacement';
import {
  bandHeight,
  bandOrder,
  cosineDomain,
  cosineGeometry,
  formatCosine,
  inflectionMarker,
  lowestValue,
  matrixAt,
  valueAt,
} from '../src/panels/cosine/cosineModel';
import { cosineToUnit, paintBandColumns } from '../src/panels/cosine/layerBand';
import { matrixName } from '../src/panels/cosine/svgBits';
import {
  growDomain,
  layerOptions,
  minHalfSpan,
  selectedLayer,
  traceExtent,
  tracesGeometry,
  traceValue,
} from '../src/panels/traces/traceModel';
import { MetricsBuffer } from '../src/state/metricsBuffer';

/** A buffer whose every value is fill(t, offset), for `steps` steps. */
function filledBuffer(
  depth: number,
  units: number,
  steps: number,
  fill: (t: number, offset: number) => number,
) {
  const buffer = new MetricsBuffer(depth, units, steps);
  const { width } = buffer.layout;
  const rows = new Float32Array(width * steps);
  for (let t = 0; t < steps; t++) for (let k = 0; k < width; k++) rows[t * width + k] = fill(t, k);
  buffer.write(0, rows);
  return buffer;
}

const base = { depth: 32, etaH: 0.25, etaLambda: 1, T: 64, arch: 'residual', param: 'mupc' } as const;

describe('inflection marker t* = L/√(η_h η_λ)', () => {
  it('is drawn at 2L for the spec example (η_h = 1/4, η_λ = 1, T = 2L)', () => {
    const m = inflectionMarker(base);
    expect(m.visible).toBe(true);
    expect(m.step).toBeCloseTo(64, 10);
    expect(m.label).toBe('t* ≈ 64');
    expect(m.note).toContain('32/√(0.25·1)');
  });

  it('is hidden, with a reason, when η_λ = 0 (PC-ALM is PC: no front)', () => {
    const m = inflectionMarker({ ...base, etaLambda: 0 });
    expect(m.visible).toBe(false);
    expect(m.step).toBe(Number.POSITIVE_INFINITY);
    expect(m.note).toMatch(/η_λ = 0/);
  });

  it('is hidden when t* falls past the budget, and says where it would be', () => {
    const m = inflectionMarker({ ...base, etaH: 0.229 }); // t* ≈ 66.9 > 64
    expect(m.visible).toBe(false);
    expect(m.step).toBeGreaterThan(64);
    expect(m.note).toMatch(/≈ 67.*past the budget T = 64/);
    expect(inflectionMarker({ ...base, T: 67 }).visible).toBe(true);
  });

  it('never throws on bad rates or sizes', () => {
    for (const bad of [Number.NaN, -1, 0, Number.POSITIVE_INFINITY]) {
      expect(inflectionMarker({ ...base, etaH: bad }).visible).toBe(false);
      expect(inflectionMarker({ ...base, etaLambda: bad }).visible).toBe(false);
    }
    expect(inflectionMarker({ ...base, depth: 0 }).visible).toBe(false);
    expect(inflectionMarker({ ...base, T: Number.NaN }).visible).toBe(false);
  });

  it('flags networks outside the residual mean-field setting of spec §8', () => {
    expect(inflectionMarker(base).note).not.toMatch(/rough guide/);
    expect(inflectionMarker({ ...base, arch: 'chain' }).note).toMatch(/rough guide/);
    expect(inflectionMarker({ ...base, param: 'standard' }).note).toMatch(/rough guide/);
  });
});

describe('cosine y range', () => {
  it('is [0, 1.05] unless a curve goes negative, then widens in quarter steps down to −1', () => {
    expect(cosineDomain(0.4)).toEqual([0, 1.05]);
    expect(cosineDomain(Number.POSITIVE_INFINITY)).toEqual([0, 1.05]);
    expect(cosineDomain(Number.NaN)).toEqual([0, 1.05]);
    expect(cosineDomain(-0.1)).toEqual([-0.25, 1.05]);
    expect(cosineDomain(-0.5)).toEqual([-0.5, 1.05]);
    expect(cosineDomain(-3)).toEqual([-1, 1.05]);
  });
});

describe('series from a MetricsBuffer', () => {
  const depth = 4;
  const buffer = filledBuffer(depth, 2, 5, (t, k) => t * 1000 + k);
  const { layout } = buffer;

  it('reads the overall and per-matrix cosine at a step, NaN outside the computed steps', () => {
    expect(valueAt(buffer, 3, layout.gradCosine)).toBe(3000 + layout.gradCosine);
    expect(valueAt(buffer, 2, layout.layerGradCosine + depth - 1)).toBe(2000 + layout.layerGradCosine + 3);
    expect(valueAt(buffer, 5, layout.gradCosine)).toBeNaN();
    expect(valueAt(buffer, -1, layout.gradCosine)).toBeNaN();
    expect(valueAt(buffer, 1.5, layout.gradCosine)).toBeNaN();
  });

  it('finds the lowest finite value over a step range, skipping NaN', () => {
    const b = filledBuffer(depth, 0, 4, (t) => [0.5, Number.NaN, -0.2, 0.9][t]);
    expect(lowestValue(b, b.layout.gradCosine, 0, 4)).toBeCloseTo(-0.2, 6);
    expect(lowestValue(b, b.layout.gradCosine, 3, 4)).toBeCloseTo(0.9, 6);
    expect(lowestValue(b, b.layout.gradCosine, 1, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(lowestValue(b, b.layout.gradCosine, 2, 99)).toBeCloseTo(-0.2, 6);
  });

  it('reads traced units: λ as is, h raw or as its change since step 0', () => {
    const b = filledBuffer(depth, 2, 3, (t, k) =>
      k === layout.traceH + 1 ? 0.3 + 0.01 * t : k === layout.traceLambda ? 0 - t : 0,
    );
    expect(traceValue(b, 'h', 1, 2, false)).toBeCloseTo(0.32, 6);
    expect(traceValue(b, 'h', 1, 2, true)).toBeCloseTo(0.02, 6);
    expect(traceValue(b, 'lambda', 0, 2, true)).toBe(-2);
    expect(traceValue(b, 'h', 2, 0, false)).toBeNaN(); // no such unit
    expect(traceValue(b, 'h', 0, 3, false)).toBeNaN(); // not computed
    expect(traceExtent(b, 'lambda', 0, 3, false)).toEqual([-2, 0]);
    expect(traceExtent(b, 'lambda', 5, 9, false)).toBeNull();
  });

  it('formats a cosine for read-outs, with a dash for a missing value', () => {
    expect(formatCosine(0.85791)).toBe('0.858');
    expect(formatCosine(Number.NaN)).toBe('—');
  });
});

describe('GrowingPath', () => {
  const x = (t: number) => t * 10;
  const y = (v: number) => 100 - v * 100;
  const values = [0, 0.5, Number.NaN, 0.25, 1];

  it('built step by step equals built at once, and a NaN starts a new subpath', () => {
    const once = new GrowingPath(x, y).extend(values.length, (t) => values[t]);
    const live = new GrowingPath(x, y);
    live.extend(2, (t) => values[t]);
    live.extend(2, (t) => values[t]);
    const grown = live.extend(values.length, (t) => values[t]);
    expect(grown).toBe(once);
    expect(once).toBe('M0,100L10,50M30,75L40,0');
    expect(live.steps).toBe(5);
  });
});

describe('per-matrix band painting', () => {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) lut.set([i, 255 - i, 7, 255], 4 * i);
  const depth = 3;

  it('puts W_L in the top row, maps −1 … 1 across the map, paints only the new columns', () => {
    const buffer = filledBuffer(depth, 0, 2, (t, k) => {
      const l = k - metricsOffset(depth);
      return t === 1 && l === depth - 1 ? 1 : t === 1 && l === 0 ? -1 : t === 1 ? Number.NaN : 0;
    });
    const image = { data: new Uint8ClampedArray(4 * 4 * depth), width: 4, height: depth };
    paintBandColumns(image, buffer, 1, 99, lut, [9, 9, 9]);
    const px = (row: number, t: number) =>
      Array.from(image.data.slice(4 * (row * 4 + t), 4 * (row * 4 + t) + 4));
    expect(px(0, 1)).toEqual([255, 0, 7, 255]); // W_3 = +1, top row
    expect(px(2, 1)).toEqual([0, 255, 7, 255]); // W_1 = −1, bottom row
    expect(px(1, 1)).toEqual([9, 9, 9, 255]); // NaN
    expect(px(0, 0)).toEqual([0, 0, 0, 0]); // column 0 was not asked for
    expect(px(0, 2)).toEqual([0, 0, 0, 0]); // not computed
    expect(cosineToUnit(0)).toBe(0.5);
  });
});

/** Offset of the per-matrix block, from a fresh layout (keeps the test independent of its value). */
function metricsOffset(depth: number): number {
  return new MetricsBuffer(depth, 0, 1).layout.layerGradCosine;
}

describe('cosine figure layout and hit-testing', () => {
  it('stacks the plot and two bands without overlap, inside the figure, at any width', () => {
    for (const width of [0, 200, 480, 1400]) {
      for (const depth of [2, 32, 128, 1024]) {
        const g = cosineGeometry(width, depth);
        expect(g.bands).toHaveLength(2);
        expect(g.bands[0].y).toBeGreaterThan(g.plot.y + g.plot.height);
        expect(g.bands[1].y).toBeGreaterThan(g.bands[0].y + g.bands[0].height);
        expect(g.axisY).toBeGreaterThanOrEqual(g.bands[1].y + g.bands[1].height);
        expect(g.height).toBeGreaterThan(g.axisY);
        expect(g.plot.x + g.plot.width).toBeLessThanOrEqual(g.width);
      }
    }
    expect(bandHeight(32)).toBe(64);
    expect(bandHeight(128)).toBe(128);
    expect(bandHeight(2)).toBeGreaterThanOrEqual(40);
  });

  it('finds the weight matrix under the pointer, W_L at the top', () => {
    const band = { x: 0, y: 100, width: 50, height: 64 };
    expect(matrixAt(100, band, 32)).toBe(32);
    expect(matrixAt(163.9, band, 32)).toBe(1);
    expect(matrixAt(132, band, 32)).toBe(16);
    expect(matrixAt(99, band, 32)).toBeNull();
    expect(matrixAt(164, band, 32)).toBeNull();
    expect(matrixAt(120, band, 0)).toBeNull();
  });

  it('rounds and clamps the pointer step to 0 … T', () => {
    expect(nearestStep(12.4, 64)).toBe(12);
    expect(nearestStep(-3, 64)).toBe(0);
    expect(nearestStep(80, 64)).toBe(64);
    expect(nearestStep(Number.NaN, 64)).toBeNull();
  });

  it('puts the chosen method first', () => {
    expect(bandOrder('pc')).toEqual(['pc', 'pcalm']);
    expect(bandOrder('pcalm')).toEqual(['pcalm', 'pc']);
    expect(bandOrder('both')).toEqual(['pcalm', 'pc']);
  });

  it('names weight matrices with subscripts', () => {
    expect(matrixName(32)).toBe('W₃₂');
    expect(matrixName(1)).toBe('W₁');
  });
});

describe('unit-trace ranges and layer choices', () => {
  it('keeps the range while the data fit and widens with headroom when they do not', () => {
    const current: [number, number] = [-1, 1];
    expect(growDomain(current, [-0.5, 0.9], 1e-3)).toBe(current);
    const grown = growDomain(current, [-0.5, 3], 1e-3)!;
    expect(grown[0]).toBeLessThan(-1);
    expect(grown[1]).toBeGreaterThan(3);
    expect(growDomain(null, null, 1e-3)).toBeNull();
    expect(growDomain(current, null, 1e-3)).toBe(current);
  });

  it('gives a flat trace (λ ≡ 0 under PC) a small symmetric range', () => {
    const d = growDomain(null, [0, 0], minHalfSpan('lambda', true))!;
    expect(d[0]).toBeLessThan(0);
    expect(d[1]).toBeGreaterThan(0);
    expect(d[1] - d[0]).toBeCloseTo(2 * minHalfSpan('lambda', true), 12);
  });

  it('lists the middle layer and each hidden layer 1 … L−1', () => {
    const options = layerOptions(32);
    expect(options).toHaveLength(32);
    expect(options[0]).toEqual({ value: 0, label: 'middle (16)' });
    expect(options.at(-1)).toEqual({ value: 31, label: 'layer 31' });
    expect(layerOptions(2)).toEqual([
      { value: 0, label: 'middle (1)' },
      { value: 1, label: 'layer 1' },
    ]);
  });

  it('maps the traceLayer setting to a listed choice, as the engine clamps it', () => {
    expect(selectedLayer(0, 32)).toBe(0);
    expect(selectedLayer(7, 32)).toBe(7);
    expect(selectedLayer(500, 32)).toBe(31);
    expect(selectedLayer(Number.NaN, 32)).toBe(0);
  });

  it('lays the λ plot under the h plot', () => {
    for (const width of [0, 380, 1200]) {
      const g = tracesGeometry(width);
      expect(g.plots.lambda.y).toBeGreaterThan(g.plots.h.y + g.plots.h.height);
      expect(g.height).toBeGreaterThan(g.axisY);
    }
  });
});

describe('tooltip placement', () => {
  it('opens right of the pointer on the left half and left of it on the right half, never off the figure', () => {
    expect(tooltipX(100, ['step 3'], 400)).toBe(100);
    const x = tooltipX(380, ['a line of twenty chr'], 400);
    expect(x).toBeLessThan(380 - 20 * 6);
    expect(tooltipX(210, ['a much longer line than the figure is wide, really'], 400)).toBe(0);
    expect(tooltipX(Number.NaN, [], 400)).toBeNaN();
  });
});

describe('step axis ticks', () => {
  it('are whole steps only', () => {
    expect(integerTicks(scaleLinear().domain([0, 1]), 5)).toEqual([0, 1]);
    expect(integerTicks(scaleLinear().domain([0, 64]), 6)).toEqual([0, 10, 20, 30, 40, 50, 60]);
  });
});
