/**
 * The credit heatmaps' and batch strip's pure parts: colour domain, value → colour, incremental
 * column painting, layout and hit-testing, colour maps.
 */
import { describe, expect, it } from 'vitest';
import {
  COLORMAP_NAMES,
  colormap,
  LUT_SIZE,
  lutIndex,
  rampLut,
  rgbaBytes,
} from '../src/panels/charts/colormaps';
import {
  batchGridGeometry,
  cellOrigin,
  labelName,
  sampleAt,
  tileImages,
} from '../src/panels/heatmaps/batchGrid';
import { heatmapGeometry, hitCell, stepCentreX } from '../src/panels/heatmaps/layout';
import {
  clearColumnsFrom,
  columnsToPaint,
  layerOfRow,
  paintColumns,
  type RgbaImage,
  rowOfLayer,
} from '../src/panels/heatmaps/paint';
import {
  bpReference,
  cellValue,
  colourDomain,
  colourPosition,
  DECADES_ABOVE_BP,
  DECADES_BELOW_BP,
  decadeTicks,
  emptyReason,
  formatPowerOfTen,
  formatValue,
  isHeatmapMode,
} from '../src/panels/heatmaps/scale';
import { MetricsBuffer } from '../src/state/metricsBuffer';

const INVALID = [255, 0, 0, 255] as const;

function image(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(4 * width * height) };
}

function pixel(img: RgbaImage, x: number, y: number): number[] {
  const at = 4 * (y * img.width + x);
  return Array.from(img.data.slice(at, at + 4));
}

describe('colour domain', () => {
  it('anchors the RMS domain on the largest finite δ RMS, spanning the documented decades', () => {
    const d = colourDomain('rms', [0.01, 0.04, Number.NaN, 0.02]);
    expect(d.kind).toBe('log');
    if (d.kind !== 'log') return;
    expect(d.reference).toBeCloseTo(0.04);
    expect(d.min).toBeCloseTo(0.04 * 10 ** -DECADES_BELOW_BP);
    expect(d.max).toBeCloseTo(0.04 * 10 ** DECADES_ABOVE_BP);
    expect(Math.log10(d.max / d.min)).toBeCloseTo(DECADES_BELOW_BP + DECADES_ABOVE_BP);
  });

  it('does not depend on the data shown, only on BP (fixed for a run)', () => {
    expect(colourDomain('rms', [0.03])).toEqual(colourDomain('rms', [0.03]));
    expect(colourDomain('relative', [5, 7])).toEqual(colourDomain('relative', [0.001]));
  });

  it('falls back to 1 when no δ is usable, and never yields a degenerate domain', () => {
    for (const deltas of [[], [0, 0], [Number.NaN, Number.POSITIVE_INFINITY], [-1]]) {
      expect(bpReference(deltas)).toBe(1);
      const d = colourDomain('rms', deltas);
      expect(d.max).toBeGreaterThan(d.min);
      expect(d.min).toBeGreaterThan(0);
    }
  });

  it('relative mode is centred on 1 = BP; cosine mode is linear on [−1, 1]', () => {
    const rel = colourDomain('relative', [0.2]);
    expect(rel.kind === 'log' && rel.reference).toBe(1);
    expect(colourDomain('cosine', [0.2])).toEqual({ kind: 'linear', min: -1, max: 1 });
  });

  it('recognises the modes', () => {
    expect(isHeatmapMode('rms')).toBe(true);
    expect(isHeatmapMode('cosine')).toBe(true);
    expect(isHeatmapMode('bogus')).toBe(false);
    expect(isHeatmapMode(undefined)).toBe(false);
  });
});

describe('value → colour position', () => {
  const log = colourDomain('relative', []);
  const cos = colourDomain('cosine', []);

  it('puts zeros and values at or below the floor at 0, overshoots at 1', () => {
    expect(colourPosition(0, log)).toBe(0);
    expect(colourPosition(1e-12, log)).toBe(0);
    expect(colourPosition(-3, log)).toBe(0);
    expect(colourPosition(1e9, log)).toBe(1);
  });

  it('is logarithmic: each decade is the same distance', () => {
    const a = colourPosition(1e-3, log);
    const b = colourPosition(1e-2, log);
    const c = colourPosition(1e-1, log);
    expect(b - a).toBeCloseTo(c - b);
    expect(colourPosition(1, log)).toBeCloseTo(DECADES_BELOW_BP / (DECADES_BELOW_BP + DECADES_ABOVE_BP));
  });

  it('maps cosines linearly with 0 in the middle', () => {
    expect(colourPosition(-1, cos)).toBe(0);
    expect(colourPosition(0, cos)).toBeCloseTo(0.5);
    expect(colourPosition(1, cos)).toBe(1);
    expect(colourPosition(2, cos)).toBe(1);
  });

  it('marks non-finite values as NaN (painted as invalid, never as a plausible colour)', () => {
    expect(colourPosition(Number.NaN, log)).toBeNaN();
    expect(colourPosition(Number.POSITIVE_INFINITY, log)).toBeNaN();
    expect(colourPosition(Number.NEGATIVE_INFINITY, cos)).toBeNaN();
  });
});

describe('cell values', () => {
  const depth = 4; // hidden layers 1 … 3
  const buffer = new MetricsBuffer(depth, 0, 3);
  const { width, rRms, lambdaRms, epsRms, creditCosine } = buffer.layout;
  const row = new Float32Array(width);
  for (let l = 0; l < 3; l++) {
    row[rRms + l] = 0.1 * (l + 1);
    row[lambdaRms + l] = 0.01 * (l + 1);
    row[epsRms + l] = 0.5 * (l + 1);
    row[creditCosine + l] = -0.25 * (l + 1);
  }
  buffer.write(0, row);
  const deltas = [0.5, 0, Number.NaN];

  it('reads RMS, RMS relative to BP, and the ε cosine per layer', () => {
    expect(cellValue(buffer, 0, 1, 'r', 'rms', deltas)).toBeCloseTo(0.1);
    expect(cellValue(buffer, 0, 3, 'lambda', 'rms', deltas)).toBeCloseTo(0.03);
    expect(cellValue(buffer, 0, 1, 'eps', 'relative', deltas)).toBeCloseTo(1);
    expect(cellValue(buffer, 0, 2, 'eps', 'cosine', deltas)).toBeCloseTo(-0.5);
  });

  it('is undefined (NaN) where it has no meaning', () => {
    expect(cellValue(buffer, 0, 2, 'eps', 'relative', deltas)).toBeNaN(); // δ = 0
    expect(cellValue(buffer, 0, 3, 'eps', 'relative', deltas)).toBeNaN(); // δ NaN
    expect(cellValue(buffer, 0, 1, 'r', 'cosine', deltas)).toBeNaN(); // cosine only for ε
    expect(cellValue(buffer, 0, 0, 'r', 'rms', deltas)).toBeNaN(); // layer out of range
    expect(cellValue(buffer, 0, 4, 'r', 'rms', deltas)).toBeNaN();
  });

  it('says why a map is empty: λ of PC, λ at η_λ = 0, r and λ in cosine mode', () => {
    expect(emptyReason('lambda', 'rms', 0, 'pc')).toMatch(/PC has no multipliers/);
    expect(emptyReason('lambda', 'rms', 0, 'pcalm')).toMatch(/η_λ = 0/);
    expect(emptyReason('lambda', 'rms', 1, 'pcalm')).toBeNull();
    expect(emptyReason('r', 'cosine', 1, 'pcalm')).toMatch(/ε only/);
    expect(emptyReason('eps', 'cosine', 0, 'pc')).toBeNull();
  });
});

describe('incremental painting', () => {
  it('paints only the columns computed since the last paint', () => {
    expect(columnsToPaint(0, 1, 65)).toEqual({ from: 0, to: 1, restart: false });
    expect(columnsToPaint(10, 14, 65)).toEqual({ from: 10, to: 14, restart: false });
    expect(columnsToPaint(14, 14, 65)).toEqual({ from: 14, to: 14, restart: false });
  });

  it('caps at the image width and restarts when rows were replaced', () => {
    expect(columnsToPaint(60, 80, 65)).toEqual({ from: 60, to: 65, restart: false });
    expect(columnsToPaint(30, 5, 65)).toEqual({ from: 0, to: 5, restart: true });
    expect(columnsToPaint(0, Number.NaN, 65).to).toBe(0);
    expect(columnsToPaint(-4, 3, 0)).toEqual({ from: 0, to: 0, restart: false });
  });

  it('puts the last hidden layer on the top row and layer 1 at the bottom', () => {
    expect(rowOfLayer(31, 31)).toBe(0);
    expect(rowOfLayer(1, 31)).toBe(30);
    for (let row = 0; row < 5; row++) expect(rowOfLayer(layerOfRow(row, 5), 5)).toBe(row);
  });

  it('paints exactly the asked columns with LUT colours, NaN in the invalid colour', () => {
    const lut = colormap('viridis').lut;
    const img = image(4, 3);
    const domain = colourDomain('cosine', []);
    const valueAt = (t: number, layer: number) =>
      layer === 2 && t === 1 ? Number.NaN : layer === 3 ? 1 : -1;
    expect(paintColumns(img, 1, 3, valueAt, domain, lut, INVALID)).toBe(2);
    expect(pixel(img, 0, 0)).toEqual([0, 0, 0, 0]); // column 0 untouched
    expect(pixel(img, 3, 0)).toEqual([0, 0, 0, 0]); // column 3 untouched
    const top = 4 * (LUT_SIZE - 1);
    expect(pixel(img, 1, 0)).toEqual(Array.from(lut.slice(top, top + 4))); // layer 3 → cos 1
    expect(pixel(img, 2, 2)).toEqual(Array.from(lut.slice(0, 4))); // layer 1 → cos −1
    expect(pixel(img, 1, 1)).toEqual([...INVALID]); // layer 2, t = 1 → NaN
  });

  it('clamps painting to the image and clears not-computed columns', () => {
    const lut = colormap('viridis').lut;
    const img = image(3, 2);
    expect(paintColumns(img, -5, 99, () => 1, colourDomain('cosine', []), lut, INVALID)).toBe(3);
    clearColumnsFrom(img, 1);
    expect(pixel(img, 0, 1)[3]).toBe(255);
    expect(pixel(img, 1, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(img, 2, 1)).toEqual([0, 0, 0, 0]);
  });
});

describe('heatmap layout', () => {
  it('fits three maps per row inside the width, with two rows for both methods', () => {
    for (const width of [400, 964, 1630]) {
      for (const rows of [1, 2]) {
        const g = heatmapGeometry(width, rows);
        expect(g.maps).toHaveLength(rows);
        const last = g.maps[rows - 1][2];
        expect(last.x + last.width).toBeLessThanOrEqual(Math.max(width, g.width));
        expect(g.legend.y).toBeGreaterThan(last.y + last.height);
        expect(g.height).toBeGreaterThan(g.legend.y + g.legend.height);
        if (rows === 2) expect(g.maps[1][0].y).toBeGreaterThan(g.maps[0][0].y + g.maps[0][0].height);
      }
    }
  });

  it('survives a zero or negative width', () => {
    const g = heatmapGeometry(0, 1);
    expect(g.maps[0][0].width).toBeGreaterThan(0);
    expect(heatmapGeometry(-50, 0).maps).toHaveLength(1);
  });

  it('finds the cell under the pointer: step from the left, layer 1 at the bottom', () => {
    const g = heatmapGeometry(964, 2);
    const m = g.maps[1][2];
    const steps = 65;
    const hidden = 31;
    expect(hitCell(g, m.x + 0.1, m.y + m.height - 0.1, steps, hidden)).toEqual({
      row: 1,
      column: 2,
      t: 0,
      layer: 1,
    });
    expect(hitCell(g, m.x + m.width - 0.1, m.y + 0.1, steps, hidden)).toEqual({
      row: 1,
      column: 2,
      t: 64,
      layer: 31,
    });
    expect(hitCell(g, m.x - 1, m.y + 5, steps, hidden)).toBeNull();
    expect(hitCell(g, 5, 5, steps, hidden)).toBeNull();
    expect(hitCell(g, m.x + 5, m.y + 5, 0, hidden)).toBeNull();
  });

  it('puts the shown-step line at the centre of its column, clamped', () => {
    const map = { x: 100, y: 0, width: 200, height: 50 };
    expect(stepCentreX(map, 0, 4)).toBe(125);
    expect(stepCentreX(map, 3, 4)).toBe(275);
    expect(stepCentreX(map, 99, 4)).toBe(275);
    expect(stepCentreX(map, -3, 4)).toBe(125);
  });
});

describe('number text', () => {
  it('formats values and legend ticks readably', () => {
    expect(formatValue(0.0253)).toBe('0.0253');
    expect(formatValue(6.12e-6)).toBe('6.12×10⁻⁶');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(Number.NaN)).toBe('undefined');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatPowerOfTen(1e-4)).toBe('10⁻⁴');
    expect(formatPowerOfTen(0.1)).toBe('0.1');
    expect(formatPowerOfTen(1)).toBe('1');
    expect(decadeTicks(3e-6, 0.13)).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 1e-1].map((v) => expect.closeTo(v, 12)));
    expect(decadeTicks(0, 1)).toEqual([]);
    expect(decadeTicks(1, Number.NaN)).toEqual([]);
  });
});

describe('colour maps', () => {
  it('has a 256-entry opaque LUT for every map, and falls back on unknown names', () => {
    for (const name of COLORMAP_NAMES) {
      const map = colormap(name);
      expect(map.lut).toHaveLength(4 * LUT_SIZE);
      for (let i = 3; i < map.lut.length; i += 4) expect(map.lut[i]).toBe(255);
    }
    expect(colormap('no-such-map').name).toBe('viridis');
    expect(colormap('no-such-map', 'diverging').kind).toBe('diverging');
    expect(colormap('cividis').kind).toBe('sequential');
  });

  it('runs viridis from dark to light (perceptually ordered)', () => {
    const lut = colormap('viridis').lut;
    const luminance = (i: number) => 0.2126 * lut[4 * i] + 0.7152 * lut[4 * i + 1] + 0.0722 * lut[4 * i + 2];
    for (let i = 16; i < LUT_SIZE; i += 16) expect(luminance(i)).toBeGreaterThan(luminance(i - 16));
  });

  it('clamps LUT indices and parses CSS colours, with fallbacks', () => {
    expect(lutIndex(-1)).toBe(0);
    expect(lutIndex(Number.NaN)).toBe(0);
    expect(lutIndex(2)).toBe(LUT_SIZE - 1);
    expect(rgbaBytes('#ff0000')).toEqual([255, 0, 0, 255]);
    expect(rgbaBytes('not a colour')).toEqual([128, 128, 128, 255]);
    const ramp = rampLut('#ffffff', '#000000');
    expect(Array.from(ramp.slice(0, 4))).toEqual([255, 255, 255, 255]);
    expect(Array.from(ramp.slice(-4))).toEqual([0, 0, 0, 255]);
  });
});

describe('batch strip', () => {
  it('fits 64 labelled thumbnails in a small panel and keeps within the height when it can', () => {
    const g = batchGridGeometry(460, 64, 28, 360);
    expect(g.labels).toBe(true);
    expect(g.columns * g.rows).toBeGreaterThanOrEqual(64);
    expect(g.width).toBeLessThanOrEqual(460);
    expect(g.height).toBeLessThanOrEqual(360);
  });

  it('drops the names before the thumbnails get tiny, and never fails on odd input', () => {
    const big = batchGridGeometry(460, 1024, 28, 360);
    expect(big.labels).toBe(false);
    expect(big.image).toBeGreaterThanOrEqual(12);
    expect(batchGridGeometry(0, 0, 0, 0).columns).toBeGreaterThanOrEqual(1);
    expect(batchGridGeometry(-10, 5, 28, 100).columns).toBe(1);
  });

  it('hit-tests thumbnails and ignores gaps and empty cells', () => {
    const g = batchGridGeometry(460, 12, 28, 360);
    const o = cellOrigin(g, 5);
    expect(sampleAt(g, 12, o.x + 1, o.y + 1)).toBe(5);
    expect(sampleAt(g, 12, -1, 3)).toBeNull();
    expect(sampleAt(g, 12, o.x + g.cellWidth - 2, o.y + 1)).toBeNull(); // gap
    const beyond = cellOrigin(g, 12);
    expect(sampleAt(g, 12, beyond.x + 1, beyond.y + 1)).toBeNull();
  });

  it('tiles uint8 images through the LUT and tolerates short pixel arrays', () => {
    const lut = rampLut('#ffffff', '#000000');
    const tiles = tileImages(Uint8Array.from([0, 255, 255, 0, 128]), 2, 2, lut);
    expect(tiles.width).toBe(2);
    expect(tiles.height).toBe(4);
    expect(Array.from(tiles.data.slice(0, 4))).toEqual([255, 255, 255, 255]);
    expect(Array.from(tiles.data.slice(4, 8))).toEqual([0, 0, 0, 255]);
    expect(tiles.data[4 * 5 + 3]).toBe(0); // pixel 5 missing → transparent
  });

  it('names labels, with fallbacks', () => {
    expect(labelName(7, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'Sneaker'])).toBe('Sneaker');
    expect(labelName(12, ['a'])).toBe('class 12');
    expect(labelName(undefined, ['a'])).toBe('?');
    expect(labelName(Number.NaN, ['a'])).toBe('?');
  });
});
