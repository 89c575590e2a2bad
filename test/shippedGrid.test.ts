/**
 * The Fig. 2 grid shipped with the app (src/app/views/training/fig2/): every row parses, the cells it
 * holds are the ones its README lists, and one small cell recomputed now with the CLI, with the shipped
 * config, gives the same row in every column but the timings. The runs are deterministic, so a change to
 * the engine that moves the numbers fails here until the shipped file is recomputed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_GRID } from '../src/app/views/training/fig2/shippedGrid';
import { CELL_COLUMNS, CELLS_HEADER, type CellRow, parseCells, parseCsv } from '../src/core/gridCells';
import { gridCoverage } from '../src/core/gridCoverage';
import { ROOT } from './helpers/imports';

const FIG2 = join(ROOT, 'src', 'app', 'views', 'training', 'fig2');
const TIMING = new Set<keyof CellRow>(['train_s', 'wall_s']);
const { rows, problems } = parseCells(SHIPPED_GRID.text);

/** "N×L" of the cells that have every planned method, in plan order. */
const complete = () =>
  gridCoverage(rows, SHIPPED_GRID)
    .filter((c) => c.missing.length === 0)
    .map((c) => `${c.width}x${c.depth}`);

describe('the shipped Fig. 2 grid', () => {
  it('is the file on disk, with the CLI header, and every row is valid', () => {
    expect(SHIPPED_GRID.text).toBe(readFileSync(join(FIG2, 'cells.csv'), 'utf8'));
    expect(SHIPPED_GRID.text.split('\n')[0]).toBe(CELLS_HEADER);
    expect(problems).toEqual([]);
    // Every record became a row: nothing skipped silently.
    expect(rows.length).toBe(parseCsv(SHIPPED_GRID.text).length - 1);
    for (const r of rows) {
      expect(r).toMatchObject({ data: 'fashion', arch: 'residual', param: 'mupc', act: 'relu', seed: 0 });
      expect(r).toMatchObject({ epochs: 1, backend: 'wasm', diverged: '' });
      expect(SHIPPED_GRID.widths).toContain(r.width);
      expect(SHIPPED_GRID.depths).toContain(r.depth);
      expect(r.T).toBe(r.method === 'bp' ? 0 : 2 * r.depth);
      expect(r.test_acc).toBeGreaterThan(0.1);
      expect(r.test_acc).toBeLessThanOrEqual(1);
      expect(r.wall_s).toBeGreaterThan(0);
    }
    // One row per (cell, method): the run was never restarted into the same file with other settings.
    const keys = rows.map((r) => `${r.width}x${r.depth}-${r.method}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('holds the cells in the order the grid runs them, the ones its README lists as complete', () => {
    // cli grid runs widths outer, depths inner, methods in order; a copy of a running grid is a prefix.
    const order = SHIPPED_GRID.widths.flatMap((w) =>
      SHIPPED_GRID.depths.flatMap((d) => SHIPPED_GRID.methods.map((m) => `${w}x${d}-${m}`)),
    );
    expect(rows.map((r) => `${r.width}x${r.depth}-${r.method}`)).toEqual(order.slice(0, rows.length));
    const readme = readFileSync(join(FIG2, 'README.md'), 'utf8');
    const listed = /Complete cells \(N×L\): ([^\n]*)/.exec(readme)?.[1] ?? '';
    expect(listed.split(', ').map((s) => s.replace('×', 'x'))).toEqual(complete());
    expect(complete().length).toBeGreaterThanOrEqual(6);
  });

  const dir = mkdtempSync(join(tmpdir(), 'fig2-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The 8 × 8 BP cell recomputed by `cli grid` with `env` added, into `out`. */
  async function recompute(out: string, env: Record<string, string>) {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const args = [
      'src/cli/main.ts',
      'grid',
      '--config',
      SHIPPED_GRID.config,
      '--widths',
      '8',
      '--depths',
      '8',
    ];
    args.push('--acts', 'relu', '--methods', 'bp', '--out', out);
    const code = await new Promise<number>((done) => {
      execFile(tsx, args, { cwd: ROOT, timeout: 280_000, env: { ...process.env, ...env } }, (error) =>
        done(error ? 1 : 0),
      );
    });
    expect(code).toBe(0);
    const again = parseCells(readFileSync(join(out, 'cells.csv'), 'utf8'));
    expect(again.problems).toEqual([]);
    expect(again.rows).toHaveLength(1);
    return again.rows[0];
  }

  // The grid was computed with the wasm kernels (its README says so): PCALM_NATIVE=0 gives the same
  // arithmetic, so every column but the timings comes back to the last digit.
  it('recomputes N = 8, L = 8, BP with the CLI and finds the same row', async () => {
    const fresh = await recompute(join(dir, 'wasm'), { PCALM_NATIVE: '0' });
    const shipped = rows.find((r) => r.width === 8 && r.depth === 8 && r.method === 'bp');
    expect(shipped).toBeDefined();
    for (const column of CELL_COLUMNS) {
      if (!TIMING.has(column))
        expect({ column, value: fresh[column] }).toEqual({ column, value: shipped?.[column] });
    }
  }, 300_000);

  // Node's native kernels (their own products, another float32 summation order) move η_h = 1/λ_max in
  // the eighth digit; the trained network's accuracy and loss stay those of the shipped row.
  it.skipIf(!existsSync(join(ROOT, 'build', 'native', 'pcalm_native.node')))(
    'recomputes the same cell on the native kernels to float32 rounding',
    async () => {
      const fresh = await recompute(join(dir, 'native'), {});
      const shipped = rows.find((r) => r.width === 8 && r.depth === 8 && r.method === 'bp')!;
      expect(Math.abs(Number(fresh.eta_h) / Number(shipped.eta_h) - 1)).toBeLessThan(1e-6);
      for (const column of ['train_acc', 'test_acc'] as const)
        expect(Math.abs(Number(fresh[column]) - Number(shipped[column]))).toBeLessThanOrEqual(2e-3);
      expect(Math.abs(Number(fresh.test_loss) / Number(shipped.test_loss) - 1)).toBeLessThan(1e-3);
    },
    300_000,
  );
});
