/**
 * The grid (src/engine/trainGrid.ts): shards cover every cell exactly once, cells.csv round-trips and
 * survives concatenated shards and bad rows, gaps average over seeds. Then `cli train` and `cli grid`
 * as a user runs them (child processes; each start costs about a second, so few of them).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CELL_COLUMNS,
  CELLS_HEADER,
  type CellRow,
  cellLine,
  gapGrids,
  gridCells,
  parseCells,
  parseCsv,
  parseShard,
  shardCells,
} from '../src/core/gridCells';

const row = (over: Partial<CellRow>): CellRow => ({
  data: 'fashion',
  arch: 'residual',
  param: 'mupc',
  act: 'relu',
  width: 8,
  depth: 8,
  seed: 0,
  method: 'bp',
  T: 0,
  eta_h: 0.25,
  eta_lambda: 0,
  lr: 0.001,
  epochs: 1,
  batch: 64,
  steps: 937,
  train_acc: 0.8,
  test_acc: 0.78,
  test_loss: 0.2,
  grad_cos: 1,
  train_s: 10,
  wall_s: 12,
  backend: 'wasm',
  diverged: '',
  ...over,
});

describe('grid cells and shards', () => {
  it('n shards run every cell exactly once, whatever n', () => {
    const cells = gridCells(
      ['identity', 'tanh', 'relu'],
      [8, 16, 32, 64, 128],
      [8, 16, 32, 64, 128],
      [0, 1, 2],
    );
    expect(cells).toHaveLength(225);
    for (const n of [1, 2, 7, 225, 300]) {
      const seen = Array.from({ length: n }, (_, i) => shardCells(cells, { index: i, count: n })).flat();
      expect(seen).toHaveLength(225);
      expect(new Set(seen)).toEqual(new Set(cells));
    }
  });

  it('parses i/n strictly', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard(' 3/4 ')).toEqual({ index: 3, count: 4 });
    for (const bad of ['4/4', '1/0', '-1/3', 'a/b', '1', '1/2/3', '']) {
      expect(() => parseShard(bad), bad).toThrow(/not a shard i\/n/);
    }
  });
});

describe('cells.csv', () => {
  it('round-trips rows, quoting text with commas or quotes', () => {
    const rows = [row({}), row({ method: 'pc', diverged: 'step 5: training loss became "NaN", stopped' })];
    const text = `${CELLS_HEADER}\n${rows.map(cellLine).join('\n')}\n`;
    const parsed = parseCells(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual(rows);
    expect(parseCsv('a,"b ""c"", d"\r\n1,2\n')).toEqual([
      ['a', 'b "c", d'],
      ['1', '2'],
    ]);
  });

  it('reads concatenated shards (repeated headers) and reports bad rows without throwing', () => {
    const shard = (rows: CellRow[]) => `${CELLS_HEADER}\n${rows.map(cellLine).join('\n')}\n`;
    const text = `${shard([row({})])}${shard([row({ width: 16 })])}garbage line\n${cellLine(row({ width: 32 })).replace(',bp,', ',sgd,')}\n`;
    const { rows, problems } = parseCells(text);
    expect(rows.map((r) => r.width)).toEqual([8, 16]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/record 5: 1 fields/);
    expect(problems[1]).toMatch(/method "sgd"/);
  });

  it('refuses a file that is not a cells.csv, and empty or hostile input', () => {
    expect(parseCells('').problems[0]).toMatch(/empty/);
    expect(parseCells('a,b\n1,2\n').problems[0]).toMatch(/lacks act, width, depth, method, test_acc/);
    const hostile = `${CELLS_HEADER}\n${CELL_COLUMNS.map(() => '<img src=x onerror=alert(1)>').join(',')}\n`;
    const parsed = parseCells(hostile);
    expect(parsed.rows).toEqual([]);
    expect(parsed.problems[0]).toMatch(/"width" is not a number/);
    const many = `${CELLS_HEADER}\n${'x\n'.repeat(100)}`;
    expect(parseCells(many).problems).toHaveLength(21);
  });

  it('averages accuracy over seeds and takes the gap in percentage points', () => {
    const rows = [
      row({ method: 'pc', test_acc: 0.6, seed: 0 }),
      row({ method: 'pc', test_acc: 0.7, seed: 1 }),
      row({ method: 'pcalm', test_acc: 0.75, seed: 0 }),
      row({ method: 'pcalm', test_acc: 0.77, seed: 1 }),
      row({ method: 'pc', test_acc: 0.5, width: 16 }),
      row({ method: 'pcalm', test_acc: 0.5, act: 'tanh' }),
    ];
    const grids = gapGrids(rows, 'pcalm', 'pc');
    expect(grids.map((g) => g.act)).toEqual(['relu', 'tanh']);
    const relu = grids[0];
    expect(relu.widths).toEqual([8, 16]);
    expect(relu.cells[0]).toMatchObject({ width: 8, depth: 8, seeds: 2 });
    expect(relu.cells[0].gap).toBeCloseTo(11, 10);
    expect(relu.cells[1].gap).toBeNull();
  });
});

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const out = mkdtempSync(join(tmpdir(), 'pcalm-train-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const TINY = 'data=synthetic&width=4&depth=3&batch=16&evalEvery=2&backend=cpu';

describe('cli train and grid', () => {
  it('train writes metrics.csv and summary.json per method and prints progress', async () => {
    const dir = join(out, 'train');
    const r = await cli('train', '--config', TINY, '--methods', 'bp,pcalm', '--batches', '5', '--out', dir);
    expect(r.stderr).toMatch(/\[2\/2\] PC-ALM 5\/5 100% [\d.]+ batches\/s ETA/);
    expect(r.code).toBe(0);
    for (const method of ['bp', 'pcalm']) {
      const csv = readFileSync(join(dir, method, 'metrics.csv'), 'utf8')
        .trim()
        .split('\n');
      expect(csv[0]).toBe('method,step,epoch,train_loss,test_loss,test_acc,grad_cos,train_s,wall_s');
      expect(csv.slice(1).map((line) => line.split(',')[1])).toEqual(['0', '2', '4', '5']);
      const summary = JSON.parse(readFileSync(join(dir, method, 'summary.json'), 'utf8'));
      expect(summary).toMatchObject({ method, steps: 5, backend: 'cpu', width: 4, depth: 3, diverged: null });
      for (const key of [
        'finalTrainAccuracy',
        'finalTestAccuracy',
        'gradCosine',
        'wallSeconds',
        'trainSeconds',
      ]) {
        expect(Number.isFinite(summary[key]), key).toBe(true);
      }
      expect(summary.gradCosineBatch).toMatch(/first 16 samples/);
    }
    expect(r.stdout).toMatch(/\| PC-ALM \| [\d.]+% \|/);
  });

  it('train refuses bad options with one line and writes nothing', async () => {
    const dir = join(out, 'bad');
    const bad = await cli('train', '--config', TINY, '--methods', 'bp,sgd', '--out', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('--methods: "sgd" is not one of bp, pc, pcalm');
    const badConfig = await cli('train', '--config', 'lr0=-1', '--out', dir);
    expect(badConfig.stderr).toMatch(/"lr0"/);
    expect(() => readFileSync(join(dir, 'bp', 'summary.json'))).toThrow();
  });

  it('grid shards merge by concatenation into the whole grid, and a rerun skips finished cells', async () => {
    const args = [
      '--config',
      TINY,
      '--widths',
      '2,3',
      '--depths',
      '2,3',
      '--acts',
      'relu',
      '--methods',
      'bp,pc',
    ];
    const runs = await Promise.all(
      [0, 1].map((i) =>
        cli(
          'grid',
          ...args,
          '--batches',
          '2',
          '--shard',
          `${i}/2`,
          '--out',
          join(out, `shard${i}`),
          '--quiet',
        ),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const merged = [0, 1].map((i) => readFileSync(join(out, `shard${i}`, 'cells.csv'), 'utf8')).join('');
    const { rows, problems } = parseCells(merged);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(8);
    const cells = new Set(rows.map((r) => `${r.width}x${r.depth}/${r.method}`));
    expect(cells.size).toBe(8);
    const again = await cli(
      'grid',
      ...args,
      '--batches',
      '2',
      '--shard',
      '0/2',
      '--out',
      join(out, 'shard0'),
    );
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/cell \d+\/\d+ .*: test/);
    expect(parseCells(readFileSync(join(out, 'shard0', 'cells.csv'), 'utf8')).rows).toHaveLength(4);
  });
});
