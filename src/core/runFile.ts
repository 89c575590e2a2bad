/**
 * The run file of shared/spec/run-format.md: written by the CLI and the app's export, read back by
 * `--network` and the app's import. Building and reading it are pure functions.
 */
import type { Batch } from './batch';
import type { StepMetrics } from './metricsLayout';
import type { Matrix, Network, NetworkShape } from './network';
import type { InferenceRun } from './results';

export const RUN_FORMAT = 'pcalm-run/1';

export interface JsonMatrix {
  shape: [number, number];
  data: number[];
}

export interface RunFileStep {
  t: number;
  gradCosine: number;
  layerGradCosine: number[];
  rRms: number[];
  lambdaRms: number[];
  epsRms: number[];
  creditCosine: number[];
  energy: number;
  lagrangian: number;
  constraint: number;
}

export interface RunFile {
  format: typeof RUN_FORMAT;
  config: Record<string, unknown>;
  backend: string;
  network: { a: number[]; W: JsonMatrix[] };
  batch: { x: JsonMatrix; y: JsonMatrix };
  etaH: number;
  etaLambda: number;
  T: number;
  steps: RunFileStep[];
  bp: { deltaRms: number[] };
  /** Extras (allowed by the format): how η_h was found, divergence, the PC run of method=both. */
  method?: string;
  hessian?: InferenceRun['hessian'];
  divergence?: InferenceRun['divergence'];
  pc?: { etaLambda: number; steps: RunFileStep[]; divergence: InferenceRun['divergence'] };
}

const toJson = (m: Matrix): JsonMatrix => ({ shape: [m.rows, m.cols], data: Array.from(m.data) });
const fromJson = (m: JsonMatrix): Matrix => ({
  rows: m.shape[0],
  cols: m.shape[1],
  data: Float32Array.from(m.data),
});

/** JSON has no NaN or Infinity: non-finite values are written as null (a diverged step says so). */
const finite = (v: number): number => (Number.isFinite(v) ? v : (null as unknown as number));
const finiteAll = (vs: number[]) => vs.map(finite);

export function runFileSteps(steps: StepMetrics[]): RunFileStep[] {
  return steps.map((s) => ({
    t: s.t,
    gradCosine: finite(s.gradCosine),
    layerGradCosine: finiteAll(s.layerGradCosine),
    rRms: finiteAll(s.rRms),
    lambdaRms: finiteAll(s.lambdaRms),
    epsRms: finiteAll(s.epsRms),
    creditCosine: finiteAll(s.creditCosine),
    energy: finite(s.energy),
    lagrangian: finite(s.lagrangian),
    constraint: finite(s.constraint),
  }));
}

export function buildRunFile(args: {
  config: Record<string, unknown>;
  backend: string;
  network: Network;
  batch: Batch;
  run: InferenceRun;
  method: string;
  pcRun?: InferenceRun;
}): RunFile {
  const { config, backend, network, batch, run, method, pcRun } = args;
  return {
    format: RUN_FORMAT,
    config,
    backend,
    network: { a: network.a, W: network.W.map(toJson) },
    batch: { x: toJson(batch.x), y: toJson(batch.y) },
    etaH: run.etaH,
    etaLambda: run.etaLambda,
    T: run.T,
    steps: runFileSteps(run.steps),
    bp: { deltaRms: run.deltaRms },
    method,
    hessian: run.hessian,
    divergence: run.divergence,
    ...(pcRun
      ? { pc: { etaLambda: 0, steps: runFileSteps(pcRun.steps), divergence: pcRun.divergence } }
      : {}),
  };
}

/** Problems of a parsed run file's network and batch, empty when usable. */
export function runFileProblems(file: unknown): string[] {
  const problems: string[] = [];
  const f = file as Partial<RunFile> | null;
  if (!f || typeof f !== 'object') return ['the file is not a JSON object'];
  if (f.format !== RUN_FORMAT)
    problems.push(`"format" is ${JSON.stringify(f.format)}, expected "${RUN_FORMAT}"`);
  const isMatrix = (m: unknown): m is JsonMatrix => {
    const j = m as JsonMatrix;
    return (
      !!j &&
      Array.isArray(j.shape) &&
      j.shape.length === 2 &&
      j.shape.every((d) => Number.isInteger(d) && d > 0) &&
      Array.isArray(j.data) &&
      j.data.length === j.shape[0] * j.shape[1] &&
      j.data.every((v) => typeof v === 'number' && Number.isFinite(v))
    );
  };
  const W = f.network?.W;
  const a = f.network?.a;
  if (!Array.isArray(W) || W.length < 2 || !W.every(isMatrix))
    problems.push('"network.W" is not a list of ≥ 2 matrices');
  else if (!Array.isArray(a) || a.length !== W.length || !a.every((v) => Number.isFinite(v))) {
    problems.push('"network.a" must hold one finite number per matrix');
  } else {
    const N = W[0].shape[0];
    W.forEach((m, i) => {
      const expected = i === W.length - 1 ? [m.shape[0], N] : i === 0 ? [N, m.shape[1]] : [N, N];
      if (m.shape[0] !== expected[0] || m.shape[1] !== expected[1]) {
        problems.push(`"network.W[${i}]" has shape ${m.shape.join('×')}, expected ${expected.join('×')}`);
      }
    });
  }
  if (!isMatrix(f.batch?.x) || !isMatrix(f.batch?.y))
    problems.push('"batch.x" and "batch.y" must be matrices');
  else if (Array.isArray(W) && W.every(isMatrix)) {
    if (f.batch.x.shape[1] !== W[0].shape[1]) problems.push('"batch.x" columns do not match W_1');
    if (f.batch.y.shape[1] !== W[W.length - 1].shape[0]) problems.push('"batch.y" columns do not match W_L');
    if (f.batch.x.shape[0] !== f.batch.y.shape[0])
      problems.push('"batch.x" and "batch.y" have different rows');
  }
  return problems;
}

/** The network and batch of a run file, with the architecture settings of its config. */
export function networkFromRunFile(
  file: RunFile,
  settings: Pick<NetworkShape, 'arch' | 'act' | 'param'>,
): { network: Network; batch: Batch } {
  const problems = runFileProblems(file);
  if (problems.length > 0) throw new Error(`not a usable run file: ${problems.join('; ')}`);
  const W = file.network.W.map(fromJson);
  const network: Network = {
    ...settings,
    inputDim: W[0].cols,
    width: W[0].rows,
    depth: W.length,
    classes: W[W.length - 1].rows,
    a: [...file.network.a],
    W,
  };
  const y = fromJson(file.batch.y);
  const labels = Array.from({ length: y.rows }, (_, i) => {
    const row = y.data.subarray(i * y.cols, (i + 1) * y.cols);
    return row.indexOf(Math.max(...row));
  });
  return { network, batch: { x: fromJson(file.batch.x), y, labels } };
}
