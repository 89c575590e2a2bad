/**
 * `cli train`: BP, PC and PC-ALM trained one after the other from the same initial weights on the same
 * batch order; per method DIR/<method>/metrics.csv (one row per evaluation point) and summary.json.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../core/gridCells';
import { METHOD_LABELS, TRAIN_METHODS, type TrainMethod } from '../core/methods';
import type { DataSet } from '../data/format';
import { paperSourceText } from '../engine/configEtaH';
import { syntheticDataSet } from '../engine/trainData';
import {
  type EvalPoint,
  type MethodResult,
  planTraining,
  sessionOptions,
  type TrainingPlan,
  TrainingSession,
} from '../engine/training';
import type { Config } from '../state/schema';
import { CliError, intOption, type OptionSpec, parseOptions, textOption } from './args';
import { loadData, parseCliConfig, startBackend, writeFileAtomic } from './runtime';

/** Options `cli grid` takes too, with the same meaning; --config and --out differ only in their help. */
export const SHARED_OPTIONS = {
  config: (help: string): OptionSpec => ({ name: 'config', value: 'QUERY', help }),
  methods: {
    name: 'methods',
    value: 'LIST',
    help: 'comma-separated, from bp, pc, pcalm (default all three)',
  },
  out: (help: string): OptionSpec => ({ name: 'out', value: 'DIR', help, required: true }),
  batches: { name: 'batches', value: 'N', help: 'train at most N batches per epoch (smoke runs)' },
  quiet: { name: 'quiet', help: 'print nothing but errors' },
} satisfies Record<string, OptionSpec | ((help: string) => OptionSpec)>;

export const TRAIN_OPTIONS: OptionSpec[] = [
  SHARED_OPTIONS.config(
    'settings as in the app URL, e.g. "data=fashion&width=32&depth=32&act=relu&epochs=1&lr0=0.001&evalEvery=50"',
  ),
  SHARED_OPTIONS.methods,
  SHARED_OPTIONS.out('writes DIR/<method>/metrics.csv and DIR/<method>/summary.json'),
  SHARED_OPTIONS.batches,
  { name: 'no-train-accuracy', help: 'skip the final pass over the whole train split (faster)' },
  SHARED_OPTIONS.quiet,
];

export const METRICS_COLUMNS = [
  'method',
  'step',
  'epoch',
  'train_loss',
  'test_loss',
  'test_acc',
  'grad_cos',
  'train_s',
  'wall_s',
] as const;

export function parseMethods(raw: string | undefined): TrainMethod[] {
  if (raw === undefined) return [...TRAIN_METHODS];
  const names = raw.split(',').map((s) => s.trim().toLowerCase());
  const bad = names.find((n) => !(TRAIN_METHODS as readonly string[]).includes(n));
  if (bad !== undefined || names.length === 0) {
    throw new CliError(`--methods: "${bad ?? raw}" is not one of ${TRAIN_METHODS.join(', ')}`);
  }
  return [...new Set(names)] as TrainMethod[];
}

/** Everything fixed before the first batch: data, initial weights, η_h, learning rate, T. */
export interface TrainingSetup extends TrainingPlan {
  config: Config;
  data: DataSet;
  backend: string;
}

/** The data named by the config, or an in-memory synthetic set (same shape as MNIST) for data=synthetic. */
export async function trainingData(config: Config): Promise<DataSet> {
  return (await loadData(config)) ?? syntheticDataSet({ seed: config.seed });
}

export async function prepareTraining(
  config: Config,
  data: DataSet,
  backend: string,
): Promise<TrainingSetup> {
  // The plan's data (under rng=official, the officially ordered copy) is the one the run uses.
  return { config, backend, ...(await planTraining(config, data)) };
}

export interface MethodRun {
  result: MethodResult;
  points: EvalPoint[];
  wallSeconds: number;
}

export interface MethodRunOptions {
  maxBatchesPerEpoch?: number;
  trainAccuracy?: boolean;
  onPoint?: (point: EvalPoint, wallSeconds: number) => void | Promise<void>;
  /** After every batch; `seconds` counts from the first batch. */
  onBatch?: (done: number, total: number, seconds: number, last: EvalPoint | null) => void;
}

/** One method from the setup's initial weights to the end; wall time covers evaluations too. */
export async function trainMethod(
  setup: TrainingSetup,
  method: TrainMethod,
  options: MethodRunOptions = {},
): Promise<MethodRun> {
  const started = performance.now();
  const wall = () => (performance.now() - started) / 1000;
  const { config } = setup;
  const session = new TrainingSession(
    sessionOptions(config, setup.data, setup, [method], options.maxBatchesPerEpoch),
  );
  try {
    const points: EvalPoint[] = [];
    const record = async (found: EvalPoint[]) => {
      for (const p of found) {
        points.push(p);
        await options.onPoint?.(p, wall());
      }
    };
    await record(await session.evaluate());
    // Batches/s and ETA count from the first batch, not from the set-up and first evaluation.
    const firstBatch = performance.now();
    while (!session.done) {
      await record(await session.advance());
      const seconds = (performance.now() - firstBatch) / 1000;
      options.onBatch?.(session.steps, session.schedule.total, seconds, points.at(-1) ?? null);
    }
    const [result] = await session.results({ trainAccuracy: options.trainAccuracy ?? true });
    return { result, points, wallSeconds: wall() };
  } finally {
    session.dispose();
  }
}

/** A progress line: rewritten in place on a terminal, one line every 10 % (or 30 s) otherwise. */
export class ProgressLine {
  private lastPrinted = 0;
  private lastDecile = -1;
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly quiet: boolean,
  ) {}

  update(text: string, fraction: number): void {
    if (this.quiet) return;
    if (this.stream.isTTY) {
      this.stream.write(`\r${text.slice(0, (this.stream.columns || 120) - 1)}\x1b[K`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    const now = Date.now();
    if (decile > this.lastDecile || now - this.lastPrinted > 30_000) {
      this.stream.write(`${text}\n`);
      this.lastDecile = decile;
      this.lastPrinted = now;
    }
  }

  end(): void {
    if (!this.quiet && this.stream.isTTY) this.stream.write('\n');
    this.lastDecile = -1;
  }
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** "pcalm 300/937 32% 7.4 batches/s ETA 1:26 | test 71.2% cos 0.91". */
export function progressText(
  label: string,
  done: number,
  total: number,
  seconds: number,
  last: EvalPoint | null,
): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  const percent = Math.floor((100 * done) / Math.max(total, 1));
  const tail = last
    ? ` | test ${(100 * last.testAccuracy).toFixed(1)}% cos ${last.gradCosine.toFixed(3)}`
    : '';
  return `${label} ${done}/${total} ${percent}% ${rate.toFixed(1)} batches/s ETA ${formatDuration(eta)}${tail}`;
}

/** Writes beside the target and renames, so a crash never leaves half a file. */
/** Rounded to `digits` decimals (times and epochs: more digits would only be noise). */
export const round = (x: number, digits: number): number => Number(x.toFixed(digits));

function metricsRow(p: EvalPoint, wallSeconds: number): string {
  return csvLine([
    p.method,
    p.step,
    round(p.epoch, 4),
    p.trainLoss,
    p.testLoss,
    p.testAccuracy,
    p.gradCosine,
    round(p.trainSeconds, 3),
    round(wallSeconds, 3),
  ]);
}

export function summaryJson(setup: TrainingSetup, run: MethodRun, diagnostic: string) {
  const { config } = setup;
  const { result } = run;
  return {
    method: result.method,
    data: config.data,
    arch: config.arch,
    act: config.act,
    param: config.param,
    width: config.width,
    depth: config.depth,
    seed: config.seed,
    batch: config.batch,
    epochs: config.epochs,
    steps: result.steps,
    T: result.method === 'bp' ? 0 : setup.T,
    etaH: setup.etaH,
    etaHSource: setup.hessian
      ? `auto: 1/λ_max of the activity Hessian at the initial weights on the diagnostic batch (λ_max ≈ ${setup.hessian.lambdaMax.toPrecision(4)}; ${setup.hessian.samples}), fixed for the run`
      : setup.paperCell
        ? paperSourceText(setup.paperCell)
        : 'given',
    etaHNotes: setup.notes,
    etaLambda: result.method === 'pcalm' ? config.etaLambda : 0,
    lr0: config.lr0,
    lr: setup.lr,
    finalTrainAccuracy: result.finalTrainAccuracy,
    finalTestAccuracy: result.finalTestAccuracy,
    finalTrainLoss: result.finalTrainLoss,
    finalTestLoss: result.finalTestLoss,
    gradCosine: result.gradCosine,
    gradCosineBatch: diagnostic,
    trainSeconds: result.trainSeconds,
    wallSeconds: run.wallSeconds,
    backend: setup.backend,
    diverged: result.divergence,
    config,
  };
}

export async function trainCommand(argv: string[]): Promise<void> {
  const options = parseOptions(argv, TRAIN_OPTIONS, 'train');
  const config = parseCliConfig(textOption(options, 'config') ?? '');
  const methods = parseMethods(textOption(options, 'methods'));
  const maxBatches = intOption(options, 'batches', Number.MAX_SAFE_INTEGER);
  const out = textOption(options, 'out')!;
  const quiet = options.has('quiet');
  const log = (line: string) => !quiet && console.log(line);

  const data = await trainingData(config);
  const backend = await startBackend(config);
  log(`backend: ${backend.reason}`);
  const setup = await prepareTraining(config, data, backend.active);
  const order = setup.epochOrder ? 'the official shuffled order' : 'file order';
  const diagnostic = `the first ${Math.min(config.batch, data.train.count)} samples of the train split (${order})`;
  log(
    `${data.name}: ${data.train.count} train / ${data.test.count} test; N = ${config.width}, L = ${config.depth}, ` +
      `${config.act}, T = ${setup.T}, η_h = ${setup.etaH.toPrecision(4)}${setup.hessian ? ' (auto)' : setup.paperCell ? ' (paper)' : ''}, ` +
      `Adam lr = ${setup.lr.toPrecision(4)}, ${config.epochs} epoch(s) of batch ${config.batch}`,
  );
  for (const note of setup.notes) log(`note: ${note}`);
  const progress = new ProgressLine(process.stderr, quiet);
  const rows: string[] = [];
  for (const [k, method] of methods.entries()) {
    const dir = join(out, method);
    await mkdir(dir, { recursive: true });
    const csvPath = join(dir, 'metrics.csv');
    const csv = [csvLine(METRICS_COLUMNS)];
    const label = `[${k + 1}/${methods.length}] ${METHOD_LABELS[method]}`;
    const run = await trainMethod(setup, method, {
      maxBatchesPerEpoch: maxBatches,
      trainAccuracy: !options.has('no-train-accuracy'),
      // Rewritten at every point, so an interrupted run still leaves its curve so far.
      onPoint: async (p, wall) => {
        csv.push(metricsRow(p, wall));
        await writeFileAtomic(csvPath, `${csv.join('\n')}\n`);
      },
      onBatch: (done, total, wall, last) =>
        progress.update(progressText(label, done, total, wall, last), done / total),
    });
    progress.end();
    const summary = summaryJson(setup, run, diagnostic);
    await writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const r = run.result;
    const train = r.finalTrainAccuracy === null ? '–' : `${(100 * r.finalTrainAccuracy).toFixed(2)}%`;
    rows.push(
      `| ${METHOD_LABELS[method]} | ${(100 * r.finalTestAccuracy).toFixed(2)}% | ${train} | ${r.gradCosine.toFixed(3)} | ` +
        `${run.wallSeconds.toFixed(1)} s | ${setup.backend} |${r.divergence ? ` diverged at ${r.divergence.step}: ${r.divergence.reason}` : ''}`,
    );
  }
  log('| method | test acc | train acc | grad cos to BP | wall time | backend |');
  log('|---|---|---|---|---|---|');
  for (const row of rows) log(row);
  log(`written to ${out}/<method>/{metrics.csv,summary.json}`);
}
