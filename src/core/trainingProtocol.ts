/**
 * The typed messages between the app and the training worker (a worker of its own, beside the
 * inference worker, so a training run never blocks the explorer's protocol).
 */
import type { BackendReport } from './backends';
import type { Batch } from './batch';
import type { EngineConfig } from './engineConfig';
import type { TrainMethod } from './methods';
import type { Network } from './network';
import type { EvalPoint, MethodResult } from './results';

/** Everything fixed for one training run, sent once it is set up. */
export interface TrainingRunInfo {
  runId: number;
  config: EngineConfig;
  methods: TrainMethod[];
  /** Activity rate used by PC and PC-ALM (auto: estimated once at the initial weights). */
  etaH: number;
  lambdaMax: number | null;
  /** Adam rate η0·√(N/L). */
  lr: number;
  T: number;
  batchesPerEpoch: number;
  totalBatches: number;
  dataName: string;
  trainCount: number;
  testCount: number;
  /** Which batch the gradient cosines are measured on. */
  diagnostic: string;
  backend: BackendReport['active'];
  /** Problems met while setting up (e.g. data files missing) and what was used instead. */
  notes: string[];
}

export type TrainingPhase = 'starting' | 'running' | 'paused' | 'finishing' | 'done' | 'stopped';

export type ToTrainingWorker =
  | { type: 'start'; runId: number; config: EngineConfig; methods: TrainMethod[] }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Ends the run; the weights stay for snapshots until the next start. */
  | { type: 'stop' };

/** The current weights of one method and the diagnostic batch, for the inference panels. */
export interface TrainingSnapshot {
  runId: number;
  method: TrainMethod;
  /** Batches trained when it was taken. */
  step: number;
  network: Network;
  batch: Batch;
}

/** Request/reply of the training worker, over comlink (its run's stream stays plain messages). */
export interface TrainingApi {
  /** Rejects with a message when there is no run to take weights from. */
  snapshot(method: TrainMethod): Promise<TrainingSnapshot>;
}

export interface TrainingProgress {
  type: 'progress';
  runId: number;
  phase: TrainingPhase;
  /** Batches trained (by every method). */
  step: number;
  total: number;
  /** Batches per second over the recent past, while running. */
  batchesPerSec: number;
  /** Seconds spent running (pauses excluded). */
  elapsed: number;
}

export type FromTrainingWorker =
  | { type: 'backend'; report: BackendReport }
  | { type: 'started'; info: TrainingRunInfo }
  | { type: 'points'; runId: number; points: EvalPoint[] }
  | TrainingProgress
  | { type: 'finished'; runId: number; results: MethodResult[] }
  | { type: 'error'; runId: number | null; message: string };
