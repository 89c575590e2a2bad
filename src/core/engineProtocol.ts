/**
 * The typed messages between the app (main thread) and the engine worker. Metrics travel as packed
 * Float32Arrays (layout: src/core/metricsLayout.ts) whose buffers are transferred.
 */
import type { BackendChoice, BackendReport } from './backends';
import type { Batch } from './batch';
import type { EngineConfig } from './engineConfig';
import type { HessianEstimate } from './hessianEstimate';
import type { MethodId } from './methods';
import type { StepDivergence, TraceProbe } from './metricsLayout';
import type { Network } from './network';
import type { FromWorkerSweep, ToWorkerSweep } from './sweepProtocol';

export interface BatchPreview {
  /** B images of side×side uint8 pixels, or null for synthetic data (no images to show). */
  pixels: Uint8Array | null;
  side: number;
  labels: number[];
  classNames: string[];
}

/** Everything fixed for one configuration, sent once after it is set up. */
export interface RunInfo {
  runId: number;
  config: EngineConfig;
  etaH: number;
  /** The Lanczos estimate of λ_max (hessian.ts) when η_h is auto, else null. */
  hessian: HessianEstimate | null;
  /** λ_max of the activity Hessian (always estimated): η_h·λ_max against the Jury ceiling flags instability. */
  lambdaMax: number;
  /** Budget actually used (T = 2L when auto). */
  T: number;
  depth: number;
  width: number;
  inputDim: number;
  batchSize: number;
  /** RMS of δ_l, l = 1 … L-1, for the "relative to BP" colour mode. */
  deltaRms: number[];
  probe: TraceProbe;
  preview: BatchPreview;
  backend: BackendReport['active'];
  /** The network and batch (copies), for the theory worker and for exporting a run file. */
  network: Network;
  batch: Batch;
  /** Problems met while setting up (e.g. data files missing) and what was used instead. */
  notes: string[];
}

/**
 * RunInfo as the worker sends it: the network and batch (megabytes at large sizes) only when they
 * differ from the ones it sent last, so dragging η_λ does not clone them on every tick. The client
 * fills them in from the last ones it received (engineClient).
 */
export interface ConfiguredInfo extends Omit<RunInfo, 'network' | 'batch'> {
  networkAndBatch: { network: Network; batch: Batch } | null;
}

export type ToWorker =
  /** Set up a configuration and start from step 0; `custom` replaces the seeded network and batch (an imported run). */
  | {
      type: 'configure';
      runId: number;
      config: EngineConfig;
      custom?: { id: number; network: Network; batch: Batch };
    }
  | { type: 'play'; stepsPerSecond: number | null }
  | { type: 'pause' }
  /** Advance exactly `count` steps (pausing first). */
  | { type: 'step'; count: number }
  /** Compute up to step t if it is not computed yet (scrubbing past the end). */
  | { type: 'advanceTo'; t: number }
  /** Test hook: make the worker throw, to exercise the restart path. */
  | { type: 'crash' }
  /** The width sweep (sweepProtocol.ts): runs beside the explorer's run, on the same backend. */
  | ToWorkerSweep;

export interface MetricsChunk {
  type: 'metrics';
  runId: number;
  /** Step of the first row; rows are consecutive (a method's array may be empty when it has stopped). */
  fromT: number;
  packed: Record<MethodId, Float32Array>;
}

export type FromWorker =
  | { type: 'backend'; report: BackendReport }
  | { type: 'configured'; info: ConfiguredInfo }
  | MetricsChunk
  | { type: 'progress'; runId: number; t: number; playing: boolean; stepsPerSec: number }
  | { type: 'diverged'; runId: number; method: MethodId; divergence: StepDivergence }
  | { type: 'error'; runId: number | null; message: string }
  | FromWorkerSweep;

export type { BackendChoice };
