/**
 * `npm run bench`: activity steps per second of PC-ALM inference on the Node backends, optionally
 * beside the PyTorch peer (shared/bench/peer_torch.py) run on the same machine in the same session.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { syntheticBatch } from '../core/batch';
import { createNetwork } from '../core/network';
import { initBackend } from '../engine/backend';
import { InferenceStepper } from '../engine/inference';
import { disposeMetricsContext, metricsContext, stepMetricsTensor } from '../engine/metrics';
import { batchTensors, disposeAll, networkTensors } from '../engine/model';
import { CliError, type OptionSpec, parseOptions, textOption } from './args';
import { wasmDirectory } from './runtime';

export const BENCH_OPTIONS: OptionSpec[] = [
  {
    name: 'json',
    help: 'print a JSON list of {backend, width, depth, batch, T, stepsPerSec} instead of a table',
  },
  { name: 'sizes', value: 'N:L,...', help: 'networks to time (default 32:32,128:128)' },
  { name: 'backends', value: 'LIST', help: 'Node backends to time: wasm, cpu (default wasm,cpu)' },
  {
    name: 'peer',
    value: 'FILE',
    help: 'also run the PyTorch peer script with /usr/bin/python3 (e.g. ../shared/bench/peer_torch.py)',
  },
  { name: 'seconds', value: 'S', help: 'target timing per row (default 3)' },
];

export interface BenchRow {
  backend: string;
  width: number;
  depth: number;
  batch: number;
  T: number;
  stepsPerSec: number;
  /** With the full per-step metrics of spec §6 computed and read back every 16 steps. */
  stepsPerSecWithMetrics?: number;
}

const BATCH = 64;
const INPUT_DIM = 784;

async function timeSteps(
  stepper: InferenceStepper,
  steps: number,
  observe?: Parameters<InferenceStepper['advance']>[0],
) {
  const pending: tf.Tensor[] = [];
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    const m = stepper.advance(observe);
    if (m) pending.push(m);
    if (pending.length === 16) {
      await tf.concat(pending, 0).data();
      tf.dispose(pending.splice(0));
    }
  }
  await stepper.current.H.data();
  tf.dispose(pending);
  return performance.now() - start;
}

/** Steps/s over `T` activity steps after a short warm-up, like the peer (which times T after 4). */
async function benchOne(
  width: number,
  depth: number,
  seconds: number,
): Promise<{ T: number; plain: number; metrics: number }> {
  const net = createNetwork(
    { arch: 'residual', act: 'relu', param: 'mupc', inputDim: INPUT_DIM, width, depth, classes: 10 },
    0,
  );
  const model = networkTensors(net);
  const batch = batchTensors(syntheticBatch(BATCH, INPUT_DIM, 10, 0));
  const stepper = new InferenceStepper(model, batch, {
    etaH: 0.25,
    etaLambda: 1,
    T: Number.MAX_SAFE_INTEGER,
  });
  const ctx = metricsContext(model, batch, stepper.bp);
  try {
    const warm = await timeSteps(stepper, 4);
    // T = 2L as in the paper, fewer when that would take much longer than `seconds`.
    const T = Math.max(4, Math.min(2 * depth, Math.round((seconds * 1000 * 4) / Math.max(warm, 1e-3))));
    const plain = (1000 * T) / (await timeSteps(stepper, T));
    const metrics = (1000 * T) / (await timeSteps(stepper, T, (s) => stepMetricsTensor(ctx, s)));
    return { T, plain, metrics };
  } finally {
    disposeMetricsContext(ctx);
    stepper.dispose();
    disposeAll(model, batch);
  }
}

async function peerRow(script: string, width: number, depth: number, T: number): Promise<BenchRow> {
  const { stdout } = await promisify(execFile)('/usr/bin/python3', [
    script,
    String(width),
    String(depth),
    String(BATCH),
    String(T),
  ]);
  const match = /([\d.]+) activity steps\/s/.exec(stdout);
  if (!match) throw new CliError(`--peer: unexpected output from ${script}: ${stdout.trim()}`, 1);
  return { backend: 'torch (peer)', width, depth, batch: BATCH, T, stepsPerSec: Number(match[1]) };
}

function parseSizes(raw: string): Array<[number, number]> {
  return raw.split(',').map((pair) => {
    const [n, l] = pair.split(':').map(Number);
    if (!Number.isInteger(n) || !Number.isInteger(l) || n < 1 || l < 2 || n > 1024 || l > 1024) {
      throw new CliError(`--sizes: "${pair}" is not N:L with 1 ≤ N ≤ 1024 and 2 ≤ L ≤ 1024`);
    }
    return [n, l];
  });
}

export async function benchCommand(argv: string[]): Promise<void> {
  const options = parseOptions(argv, BENCH_OPTIONS, 'bench');
  const sizes = parseSizes(textOption(options, 'sizes') ?? '32:32,128:128');
  const backends = (textOption(options, 'backends') ?? 'wasm,cpu').split(',');
  for (const b of backends)
    if (b !== 'wasm' && b !== 'cpu') throw new CliError(`--backends: "${b}" is not wasm or cpu`);
  const seconds = Number(textOption(options, 'seconds') ?? 3);
  if (!(seconds > 0 && seconds <= 600)) throw new CliError('--seconds: must be a number in (0, 600]');
  const peer = textOption(options, 'peer');
  if (peer && !existsSync(resolve(peer))) throw new CliError(`--peer: ${peer} does not exist`);
  tf.enableProdMode();
  const rows: BenchRow[] = [];
  for (const backend of backends) {
    await initBackend(backend as 'wasm' | 'cpu', { wasmPaths: wasmDirectory() });
    for (const [width, depth] of sizes) {
      const r = await benchOne(width, depth, seconds);
      rows.push({
        backend,
        width,
        depth,
        batch: BATCH,
        T: r.T,
        stepsPerSec: r.plain,
        stepsPerSecWithMetrics: r.metrics,
      });
      if (!options.has('json'))
        process.stderr.write(`  ${backend} N=${width} L=${depth}: ${r.plain.toFixed(1)} steps/s\n`);
    }
  }
  if (peer)
    for (const [width, depth] of sizes) rows.push(await peerRow(resolve(peer), width, depth, 2 * depth));
  if (options.has('json')) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const peerSpeed = (w: number, d: number) =>
    rows.find((r) => r.backend.startsWith('torch') && r.width === w && r.depth === d)?.stepsPerSec;
  console.log('| backend | N | L | B | T timed | activity steps/s | with §6 metrics | vs torch peer |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const p = peerSpeed(r.width, r.depth);
    const ratio = p && !r.backend.startsWith('torch') ? `${(r.stepsPerSec / p).toFixed(2)}×` : '';
    const withMetrics = r.stepsPerSecWithMetrics?.toFixed(1) ?? '';
    console.log(
      `| ${r.backend} | ${r.width} | ${r.depth} | ${r.batch} | ${r.T} | ${r.stepsPerSec.toFixed(1)} | ${withMetrics} | ${ratio} |`,
    );
  }
}
