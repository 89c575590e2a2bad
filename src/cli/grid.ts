/**
 * `cli grid`: the paper's width × depth × activation grid (Fig. 2). Each cell trains the chosen methods
 * like `cli train` and appends one row per method to DIR/cells.csv as soon as it finishes, so an
 * interrupted grid resumes where it stopped. `--shard i/n` runs every n-th cell from cell i: n jobs on
 * any scheduler cover the grid exactly once, and their cells.csv files merge by concatenation (the app
 * and parseCells skip the repeated header lines).
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CELLS_HEADER,
  type CellRow,
  cellLine,
  type GridCell,
  gridCells,
  parseCells,
  parseShard,
  type Shard,
  shardCells,
} from '../core/gridCells';
import { METHOD_LABELS } from '../core/methods';
import type { Activation } from '../core/network';
import { type Config, SETTINGS } from '../state/schema';
import { CliError, intOption, type OptionSpec, parseOptions, textOption } from './args';
import { parseCliConfig, startBackend } from './runtime';
import {
  formatDuration,
  type MethodRun,
  ProgressLine,
  parseMethods,
  prepareTraining,
  progressText,
  round,
  SHARED_OPTIONS,
  trainingData,
  trainMethod,
} from './train';

const PAPER_SIZES = '8,16,32,64,128';

export const GRID_OPTIONS: OptionSpec[] = [
  SHARED_OPTIONS.config(
    'settings every cell shares, as in the app URL (data, epochs, lr0, T, etaH, batch, backend, …)',
  ),
  { name: 'widths', value: 'LIST', help: `widths N (default ${PAPER_SIZES})` },
  { name: 'depths', value: 'LIST', help: `depths L (default ${PAPER_SIZES})` },
  { name: 'acts', value: 'LIST', help: 'activations, from identity, tanh, relu (default all three)' },
  { name: 'seeds', value: 'LIST', help: 'seeds (default: the seed of --config)' },
  SHARED_OPTIONS.methods,
  {
    name: 'shard',
    value: 'i/n',
    help: 'run only cells i, i+n, i+2n, … (0 ≤ i < n; default 0/1, every cell)',
  },
  SHARED_OPTIONS.out('appends to DIR/cells.csv; cells already there are skipped'),
  SHARED_OPTIONS.batches,
  { name: 'dry-run', help: 'list the cells this shard would run, and stop' },
  SHARED_OPTIONS.quiet,
];

function intList(
  raw: string | undefined,
  fallback: string,
  name: string,
  min: number,
  max: number,
): number[] {
  const parts = (raw ?? fallback).split(',').map((s) => s.trim());
  const values = parts.map(Number);
  const bad = parts.find(
    (p, i) => p === '' || !Number.isInteger(values[i]) || values[i] < min || values[i] > max,
  );
  if (bad !== undefined) throw new CliError(`--${name}: "${bad}" is not an integer from ${min} to ${max}`);
  return [...new Set(values)];
}

function activationList(raw: string | undefined): Activation[] {
  const allowed = SETTINGS.act.values as readonly string[];
  const names = (raw ?? 'identity,tanh,relu').split(',').map((s) => s.trim());
  const bad = names.find((n) => !allowed.includes(n));
  if (bad !== undefined) throw new CliError(`--acts: "${bad}" is not one of ${allowed.join(', ')}`);
  return [...new Set(names)] as Activation[];
}

/** Key of a finished (cell, method) in cells.csv, to skip it on a rerun. */
const doneKey = (c: Pick<CellRow, 'data' | 'act' | 'width' | 'depth' | 'seed' | 'method'>) =>
  [c.data, c.act, c.width, c.depth, c.seed, c.method].join('|');

async function finishedRuns(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return new Set();
  }
  const { rows, problems } = parseCells(text);
  if (problems.length > 0 && rows.length === 0 && text.trim() !== '') {
    throw new CliError(
      `--out: ${path} exists but is not a cells.csv (${problems[0]}); choose another folder`,
    );
  }
  return new Set(rows.map(doneKey));
}

function cellRow(
  config: Config,
  cell: GridCell,
  run: MethodRun,
  setup: { etaH: number; lr: number; T: number },
  backend: string,
): CellRow {
  const r = run.result;
  return {
    data: config.data,
    arch: config.arch,
    param: config.param,
    act: cell.act,
    width: cell.width,
    depth: cell.depth,
    seed: cell.seed,
    method: r.method,
    T: r.method === 'bp' ? 0 : setup.T,
    eta_h: setup.etaH,
    eta_lambda: r.method === 'pcalm' ? config.etaLambda : 0,
    lr: setup.lr,
    epochs: config.epochs,
    batch: config.batch,
    steps: r.steps,
    train_acc: r.finalTrainAccuracy,
    test_acc: r.finalTestAccuracy,
    test_loss: r.finalTestLoss,
    grad_cos: r.gradCosine,
    train_s: round(r.trainSeconds, 3),
    wall_s: round(run.wallSeconds, 3),
    backend,
    diverged: r.divergence ? `step ${r.divergence.step}: ${r.divergence.reason}` : '',
  };
}

export async function gridCommand(argv: string[]): Promise<void> {
  const options = parseOptions(argv, GRID_OPTIONS, 'grid');
  const base = parseCliConfig(textOption(options, 'config') ?? '');
  const get = (name: string) => textOption(options, name);
  const widths = intList(get('widths'), PAPER_SIZES, 'widths', SETTINGS.width.min, SETTINGS.width.max);
  const depths = intList(get('depths'), PAPER_SIZES, 'depths', SETTINGS.depth.min, SETTINGS.depth.max);
  const seeds = intList(get('seeds'), String(base.seed), 'seeds', 0, SETTINGS.seed.max);
  const acts = activationList(get('acts'));
  const methods = parseMethods(get('methods'));
  let shard: Shard;
  try {
    shard = parseShard(get('shard') ?? '0/1');
  } catch (error) {
    throw new CliError(`--shard: ${(error as Error).message}`);
  }
  const maxBatches = intOption(options, 'batches', Number.MAX_SAFE_INTEGER);
  const quiet = options.has('quiet');
  const log = (line: string) => !quiet && console.log(line);
  const all = gridCells(acts, widths, depths, seeds);
  const mine = shardCells(all, shard);
  log(
    `grid: ${all.length} cells × ${methods.length} methods; shard ${shard.index}/${shard.count} runs ${mine.length} cells`,
  );
  if (options.has('dry-run')) {
    for (const c of mine) log(`  act=${c.act} width=${c.width} depth=${c.depth} seed=${c.seed}`);
    return;
  }
  const out = textOption(options, 'out')!;
  await mkdir(out, { recursive: true });
  const csvPath = join(out, 'cells.csv');
  const done = await finishedRuns(csvPath);
  if (done.size === 0) await appendFile(csvPath, `${CELLS_HEADER}\n`);
  const data = await trainingData(base);
  const backend = await startBackend(base);
  log(`backend: ${backend.reason}`);
  const progress = new ProgressLine(process.stderr, quiet);
  const started = performance.now();
  for (const [k, cell] of mine.entries()) {
    const config: Config = { ...base, act: cell.act, width: cell.width, depth: cell.depth, seed: cell.seed };
    const todo = methods.filter((method) => !done.has(doneKey({ ...config, method })));
    if (todo.length === 0) continue;
    const setup = await prepareTraining(config, data, backend.active);
    for (const note of setup.notes) log(`note (${cell.act} N=${cell.width} L=${cell.depth}): ${note}`);
    for (const method of todo) {
      const label = `cell ${k + 1}/${mine.length} ${cell.act} N=${cell.width} L=${cell.depth} seed ${cell.seed} ${METHOD_LABELS[method]}`;
      const run = await trainMethod(setup, method, {
        maxBatchesPerEpoch: maxBatches,
        onBatch: (n, total, wall, last) =>
          progress.update(progressText(label, n, total, wall, last), n / total),
      });
      progress.end();
      await appendFile(csvPath, `${cellLine(cellRow(config, cell, run, setup, backend.active))}\n`);
      log(
        `${label}: test ${(100 * run.result.finalTestAccuracy).toFixed(2)}%, cos ${run.result.gradCosine.toFixed(3)}, ` +
          `${run.wallSeconds.toFixed(1)} s (grid ${formatDuration((performance.now() - started) / 1000)})`,
      );
    }
  }
  log(`cells written to ${csvPath}`);
}
