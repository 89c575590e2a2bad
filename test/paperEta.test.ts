/**
 * etaH=paper: the paper's per-cell η_h table (src/core/paperEta.ts) against the CSV it was taken from
 * (data/paper-eta-by-cell.csv), the nearest-cell fallback and its message, and the setting's codec.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAPER_ETA_TABLE, PAPER_SIZES, paperCellEtaH, paperEtaH } from '../src/core/paperEta';
import { configEtaH } from '../src/engine/configEtaH';
import { parseLink, serializeLink } from '../src/state/query';
import { defaultConfig, SETTINGS } from '../src/state/schema';
import { allowedText, parseValue } from '../src/state/settingKinds';

const CSV = readFileSync(new URL('../data/paper-eta-by-cell.csv', import.meta.url), 'utf8');

/** The CSV's rows as objects (no quoted commas except the seeds column, which is read as text). */
function csvRows(): Array<Record<string, string>> {
  const [head, ...lines] = CSV.trim().split('\n');
  const names = head.split(',');
  return lines.map((line) => {
    const cells = line.match(/("[^"]*"|[^,]+)/g) ?? [];
    return Object.fromEntries(names.map((n, i) => [n, cells[i]]));
  });
}

describe('the paper’s η_h table', () => {
  it('holds every row of the source CSV exactly (150 cells: 2 data sets × 3 activations × 5 N × 5 L)', () => {
    const rows = csvRows();
    expect(rows).toHaveLength(150);
    for (const r of rows) {
      const dataset = r.dataset === 'mnist' ? 'mnist' : 'fashion';
      expect(r.dataset === 'mnist' || r.dataset === 'fashion_mnist').toBe(true);
      const act = r.activation === 'linear' ? 'identity' : (r.activation as 'tanh' | 'relu');
      const value = paperCellEtaH({ dataset, act, width: Number(r.N), depth: Number(r.L) });
      expect(value, `${r.dataset} ${r.activation} ${r.N} ${r.L}`).toBe(
        Number(r.eta_best_1_over_lambda_median),
      );
      // The CSV's own consistency: 2/λ is twice 1/λ (a check that the right column was read).
      expect(Number(r.eta_max_2_over_lambda_median)).toBeCloseTo(2 * value, 12);
    }
    expect(Object.keys(PAPER_ETA_TABLE)).toEqual(['fashion_mnist', 'mnist']);
  });

  it('gives the anchor cells (identity is the paper’s “linear”)', () => {
    const mnist = paperEtaH({ data: 'mnist', act: 'relu', width: 32, depth: 32 });
    expect(mnist).toMatchObject({ etaH: 0.2358746556590083, exact: true, note: null });
    expect(paperEtaH({ data: 'fashion', act: 'relu', width: 32, depth: 32 }).etaH).toBe(0.23588549900873967);
    expect(paperEtaH({ data: 'fashion', act: 'identity', width: 8, depth: 8 }).etaH).toBe(
      0.19710231417935553,
    );
    expect(() => paperCellEtaH({ dataset: 'mnist', act: 'relu', width: 24, depth: 32 })).toThrow(/no cell/);
  });

  it('falls back to the nearest cell (log scale) and names the neighbours and the one used', () => {
    const off = paperEtaH({ data: 'mnist', act: 'tanh', width: 24, depth: 32 });
    expect(off.exact).toBe(false);
    expect(off.cell).toEqual({ dataset: 'mnist', act: 'tanh', width: 32, depth: 32 });
    expect(off.etaH).toBe(paperCellEtaH(off.cell));
    expect(off.note).toMatch(/no cell N = 24 L = 32/);
    expect(off.note).toMatch(/nearest cells: N = 16 L = 32 \(0\.\d+\), N = 32 L = 32 \(0\.\d+\)/);
    expect(off.note).toMatch(/used MNIST tanh N = 32 L = 32's η_h = 0\.\d+/);
    // 20 is nearer 16 than 32 on a log scale; outside the grid the edge is used.
    expect(paperEtaH({ data: 'mnist', act: 'relu', width: 20, depth: 32 }).cell.width).toBe(16);
    expect(paperEtaH({ data: 'mnist', act: 'relu', width: 4, depth: 1024 }).cell).toMatchObject({
      width: 8,
      depth: 128,
    });
    const synthetic = paperEtaH({ data: 'synthetic', act: 'relu', width: 32, depth: 32 });
    expect(synthetic.etaH).toBe(0.23588549900873967);
    expect(synthetic.note).toMatch(/no data set "synthetic": Fashion-MNIST's cells are used/);
    expect(paperEtaH({ data: 'mnist', act: 'relu', width: 32, depth: 32, arch: 'chain' }).note).toMatch(
      /residual μPC network, not chain/,
    );
    expect(() => paperEtaH({ data: 'mnist', act: 'relu', width: 0, depth: 32 })).toThrow(RangeError);
    expect(PAPER_SIZES).toEqual([8, 16, 32, 64, 128]);
  });
});

describe('the etaH=paper setting', () => {
  it('parses in links and the CLI’s --config, round-trips, and says what it accepts', () => {
    expect(parseValue(SETTINGS.etaH, 'paper')).toEqual({ ok: true, value: 'paper' });
    expect(parseValue(SETTINGS.etaH, ' Paper ')).toEqual({ ok: true, value: 'paper' });
    expect(parseValue(SETTINGS.T, 'paper').ok).toBe(false);
    expect(allowedText(SETTINGS.etaH)).toBe('"auto", "paper" or a number > 0 and ≤ 10');
    const { config, messages } = parseLink('etaH=paper&data=mnist');
    expect(messages).toEqual([]);
    expect(config.etaH).toBe('paper');
    expect(serializeLink(config, parseLink('').link)).toContain('etaH=paper');
    expect(defaultConfig().etaH).toBe('auto');
  });

  it('resolves to the table’s number for the engines, auto and numbers pass through', () => {
    const base = { ...defaultConfig(), data: 'mnist' as const };
    expect(configEtaH({ ...base, etaH: 'paper' })).toMatchObject({ etaH: 0.2358746556590083, note: null });
    expect(configEtaH({ ...base, etaH: 'auto' })).toEqual({ etaH: 'auto', paperCell: null, note: null });
    expect(configEtaH({ ...base, etaH: 0.3 }).etaH).toBe(0.3);
    expect(configEtaH({ ...base, etaH: 'paper', width: 48 }).note).toMatch(/no cell N = 48/);
  });
});
