/**
 * `npm run bench`: activity steps per second of PC-ALM inference on the Node backends — wasm with
 * tfjs-wasm's threaded build and with the single-threaded one, cpu; each with and without the §6
 * metrics — beside the three peers of shared/bench (NumPy, PyTorch autograd, torch.bmm) run on the
 * same machine in the same session, with the ratios. tfjs reads its thread setting once per process,
 * so each engine configuration runs in a child process of this command (`--child`).
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { syntheticBatch } from '../core/batch';
import { createNetwork } from '../core/network';
import { InferenceStepper } from '../engine/inference';
import { nativeModule } from '../engine/kernels/nativeKernels';
import { disposeMetricsContext, metricsContext, metricsObserver } from '../engine/metrics';
import { batchTensors, disposeAll, networkTensors } from '../engine/model';
import { CliError, type OptionSpec, parseOptions, textOption } from './args';
import { findPeerDirectory, PEERS, runPeer } from './benchPeers';
import { loadNativeModule } from './native';
import { startNodeBackend } from './runtime';

export const BENCH_OPTIONS: OptionSpec[] = [
  {
    name: 'json',
    help: 'print a JSON list of {backend, threads, width, depth, batch, T, stepsPerSec, stepsPerSecWithMetrics} instead of a table',
  },
  { name: 'sizes', value: 'N:L,...', help: 'networks to time (default 32:32,128:128)' },
  { name: 'backends', value: 'LIST', help: 'Node backends to time: wasm, cpu (default wasm,cpu)' },
  {
    name: 'peers',
    value: 'DIR',
    help: 'where peer_numpy.py, peer_torch.py, peer_torch_bmm.py are (default ../shared/bench); "none" skips them',
  },
  { name: 'seconds', value: 'S', help: 'target timing per row (default 3)' },
  { name: 'child', help: 'internal: time the backends in this process only and print JSON rows' },
];

export interface BenchRow {
  backend: string;
  /** tfjs-wasm pool threads; absent for cpu and peers. */
  threads?: number;
  /** wasm: whether tfjs-wasm's threaded build runs (it may still have a pool of one). */
  threadedBuild?: boolean;
  width: number;
  depth: number;
  batch: number;
  T: number;
  stepsPerSec: number;
  /** With the full per-step metrics of spec §6 computed and read back every 16 steps. */
  stepsPerSecWithMetrics?: number;
  /**
   * What the metrics add to a step: the median over adjacent pairs of runs (one without, one with,
   * which first alternating) of time with / time without − 1. Pairs, because this machine's speed drifts by tens of percent
   * within seconds, and a drift between two separate medians would read as a cost.
   */
  metricsCost?: number;
  /** The first and third quartiles of the pairs' costs (with 4 pairs or more): how much they spread. */
  metricsCostQuartiles?: [number, number];
  /** How many pairs of runs the figures are medians of. */
  pairs?: number;
  /** Why a peer has no figure, or how the row was made. */
  note?: string;
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
      const chunk = tf.concat(pending, 0);
      await chunk.data();
      tf.dispose([chunk, ...pending.splice(0)]);
    }
  }
  await stepper.current.H.data();
  tf.dispose(pending);
  return performance.now() - start;
}

const MAX_PAIRS = 61;
/** The fewest pairs a row aims for in its `seconds`. */
const MIN_PAIRS = 12;

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
/** The q-quantile by the nearest rank. */
const quantile = (v: number[], q: number) =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];

/**
 * Steps/s over runs of `T` activity steps (T = 2L, as the peers are run, or fewer: see below), without
 * and with the metrics: both warmed up first (the metrics' first call makes their batch constants),
 * then timed in pairs (one without, one with, which first alternating) until about `seconds` have
 * passed, at most MAX_PAIRS; the medians, and the median of the pairs' ratios. A peer times one run of
 * 2L steps after 4 warm-up steps.
 */
async function benchOne(
  width: number,
  depth: number,
  seconds: number,
): Promise<{
  T: number;
  plain: number;
  metrics: number;
  cost: number;
  quartiles?: [number, number];
  pairs: number;
}> {
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
  const observe = metricsObserver(ctx);
  try {
    const warm = await timeSteps(stepper, 4);
    await timeSteps(stepper, 4, observe);
    // T = 2L as in the paper, fewer when that would leave fewer than MIN_PAIRS pairs in `seconds`
    // (this machine's speed drifts within seconds: many short pairs give a steadier median than two
    // long ones); a multiple of 16, so that every run reads the metrics back the same number of times.
    const stepsPerRun = (seconds * 1000 * 4) / Math.max(warm, 1e-3) / (2 * MIN_PAIRS);
    const T = Math.max(16, Math.min(2 * depth, 16 * Math.round(stepsPerRun / 16)));
    const plain: number[] = [];
    const metrics: number[] = [];
    const costs: number[] = [];
    const start = performance.now();
    do {
      // Which run of a pair goes first alternates, so that a pair's order adds no bias to the cost.
      const metricsFirst = costs.length % 2 === 1;
      const early = await timeSteps(stepper, T, metricsFirst ? observe : undefined);
      const late = await timeSteps(stepper, T, metricsFirst ? undefined : observe);
      const [without, withMetrics] = metricsFirst ? [late, early] : [early, late];
      plain.push((1000 * T) / without);
      metrics.push((1000 * T) / withMetrics);
      costs.push(withMetrics / without - 1);
    } while (plain.length < MAX_PAIRS && performance.now() - start < 1000 * seconds);
    return {
      T,
      plain: median(plain),
      metrics: median(metrics),
      cost: median(costs),
      quartiles: costs.length >= 4 ? [quantile(costs, 0.25), quantile(costs, 0.75)] : undefined,
      pairs: plain.length,
    };
  } finally {
    disposeMetricsContext(ctx);
    stepper.dispose();
    disposeAll(model, batch);
  }
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

/** Times `backends` in this process (the thread setting comes from PCALM_WASM_THREADS). */
async function timeHere(backends: string[], sizes: Array<[number, number]>, seconds: number, log: boolean) {
  tf.enableProdMode();
  const rows: BenchRow[] = [];
  for (const backend of backends) {
    const report = await startNodeBackend(backend as 'wasm' | 'cpu', { calibrate: false });
    const native = nativeModule();
    for (const [width, depth] of sizes) {
      const r = await benchOne(width, depth, seconds);
      rows.push({
        backend: native ? `wasm + native (${native.products})` : backend,
        threads: report.threads?.count,
        threadedBuild: backend === 'wasm' && !native ? report.threads?.threaded : undefined,
        width,
        depth,
        batch: BATCH,
        T: r.T,
        stepsPerSec: r.plain,
        stepsPerSecWithMetrics: r.metrics,
        metricsCost: r.cost,
        metricsCostQuartiles: r.quartiles,
        pairs: r.pairs,
        note: report.reason,
      });
      if (log) process.stderr.write(`  ${backend} N=${width} L=${depth}: ${r.plain.toFixed(1)} steps/s\n`);
    }
  }
  return rows;
}

/** The same command in a child process, with `env` added; its JSON rows. */
async function timeInChild(argv: string[], env: Record<string, string>): Promise<BenchRow[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...process.execArgv, process.argv[1], 'bench', ...argv, '--child'],
    { env: { ...process.env, ...env }, maxBuffer: 1 << 24, timeout: 3_600_000 },
  );
  return JSON.parse(stdout) as BenchRow[];
}

const fmt = (v: number | undefined) =>
  v === undefined ? '' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);

export function benchTable(rows: BenchRow[]): string[] {
  const peer = (name: string, w: number, d: number) =>
    rows.find((r) => r.backend === name && r.width === w && r.depth === d && r.stepsPerSec > 0)?.stepsPerSec;
  const ratio = (v: number, p: number | undefined) => (p ? `${(v / p).toFixed(2)}×` : '');
  const lines = [
    '| engine | threads | N = L | B | T timed | pairs of runs | activity steps/s | with §6 metrics | metrics cost (of a step) | vs NumPy | vs torch autograd | vs torch bmm |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    if (r.width !== r.depth) continue;
    const ours = !r.backend.includes('(peer)');
    const percent = (v: number) => (100 * v).toFixed(0);
    const spread = r.metricsCostQuartiles
      ? ` (quartiles ${percent(r.metricsCostQuartiles[0])}–${percent(r.metricsCostQuartiles[1])})`
      : '';
    const cost = r.metricsCost === undefined ? '' : `${percent(r.metricsCost)} %${spread}`;
    const speed = r.stepsPerSec > 0 ? fmt(r.stepsPerSec) : `— (${r.note ?? 'failed'})`;
    const vs = (name: string) =>
      ours && r.stepsPerSec > 0 ? ratio(r.stepsPerSec, peer(name, r.width, r.depth)) : '';
    lines.push(
      `| ${r.backend} | ${r.threads === undefined ? '' : `${r.threads}${r.backend.includes('native') ? '' : r.threadedBuild ? ' (threaded build)' : ' (single-threaded build)'}`} | ${r.width} | ${r.batch} | ${r.T} | ${r.pairs ?? ''} | ${speed} | ${fmt(r.stepsPerSecWithMetrics)} | ${cost} | ${vs(PEERS[0].name)} | ${vs(PEERS[1].name)} | ${vs(PEERS[2].name)} |`,
    );
  }
  return lines;
}

export async function benchCommand(argv: string[]): Promise<void> {
  const options = parseOptions(argv, BENCH_OPTIONS, 'bench');
  const sizes = parseSizes(textOption(options, 'sizes') ?? '32:32,128:128');
  const backends = (textOption(options, 'backends') ?? 'wasm,cpu').split(',');
  for (const b of backends)
    if (b !== 'wasm' && b !== 'cpu') throw new CliError(`--backends: "${b}" is not wasm or cpu`);
  const seconds = Number(textOption(options, 'seconds') ?? 3);
  if (!(seconds > 0 && seconds <= 600)) throw new CliError('--seconds: must be a number in (0, 600]');
  const peersOption = textOption(options, 'peers');
  const peerDir = peersOption === 'none' ? null : findPeerDirectory(peersOption);
  if (peersOption && peersOption !== 'none' && !peerDir)
    throw new CliError(`--peers: ${peersOption} has no peer_numpy.py`);
  if (options.has('child')) {
    console.log(JSON.stringify(await timeHere(backends, sizes, seconds, false)));
    return;
  }
  const log = (text: string) => process.stderr.write(`${text}\n`);
  const childArgs = ['--sizes', sizes.map(([n, l]) => `${n}:${l}`).join(','), '--seconds', String(seconds)];
  const rows: BenchRow[] = [];
  // The native kernels on every core and on one; then the wasm kernels alone (what the browser runs)
  // with tfjs-wasm's threaded and single-threaded builds (tfjs reads the setting once per process);
  // then cpu.
  const cores = String(availableParallelism());
  const runs: Array<[string, Record<string, string>]> = [];
  if (backends.includes('wasm')) {
    if (loadNativeModule().module) {
      runs.push(['wasm', { PCALM_NATIVE_THREADS: cores }]);
      if (cores !== '1') runs.push(['wasm', { PCALM_NATIVE_THREADS: '1' }]);
    } else {
      log(`no native kernels: ${(loadNativeModule() as { why: string }).why}`);
    }
    runs.push(['wasm', { PCALM_NATIVE: '0' }], ['wasm', { PCALM_NATIVE: '0', PCALM_WASM_THREADS: '0' }]);
  }
  if (backends.includes('cpu')) runs.push(['cpu', { PCALM_NATIVE: '0' }]);
  for (const [backend, env] of runs) {
    log(
      `timing ${backend}${env.PCALM_NATIVE_THREADS ? ` + native kernels, ${env.PCALM_NATIVE_THREADS} thread(s)` : env.PCALM_WASM_THREADS === '0' ? ' (single-threaded build)' : ''} …`,
    );
    rows.push(...(await timeInChild(['--backends', backend, ...childArgs], env)));
  }
  if (peerDir) {
    for (const [width, depth] of sizes) {
      // The paper's T = 2L: a peer is timed once, so its run is not shortened as our pairs may be.
      const T = 2 * depth;
      for (const peer of PEERS) {
        log(`timing ${peer.name} N=${width} L=${depth} …`);
        const result = await runPeer(peerDir, peer, { width, depth, batch: BATCH, T });
        rows.push({
          backend: peer.name,
          width,
          depth,
          batch: BATCH,
          T,
          stepsPerSec: 'error' in result ? 0 : result.stepsPerSec,
          note: 'error' in result ? `not available: ${result.error}` : result.detail,
        });
      }
    }
  } else {
    log('peers skipped: no shared/bench directory (give --peers DIR)');
  }
  if (options.has('json')) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  for (const line of benchTable(rows)) console.log(line);
  for (const r of rows) if (r.stepsPerSec === 0) console.log(`\n${r.backend}, N = L = ${r.width}: ${r.note}`);
  if (!peerDir) console.log('\n(peers not run: no shared/bench directory; give --peers DIR)');
}
