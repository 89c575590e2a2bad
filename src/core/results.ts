/**
 * What a finished inference run and a training run report: plain data, shared by the engine that
 * computes it, the workers that send it and the page and CLI that show it.
 */
import type { HessianEstimate } from './hessianEstimate';
import type { TrainMethod } from './methods';
import type { StepDivergence, StepMetrics } from './metricsLayout';

export interface InferenceRun {
  etaH: number;
  etaLambda: number;
  T: number;
  hessian: HessianEstimate | null;
  /** t = 0 … T (or up to the divergence step). */
  steps: StepMetrics[];
  /** RMS of δ_l over batch × units, l = 1 … L-1. */
  deltaRms: number[];
  divergence: StepDivergence | null;
}

/** One row of metrics.csv / one point of the app's curves. */
export interface EvalPoint {
  method: TrainMethod;
  /** Batches trained so far. */
  step: number;
  /** step / batches per epoch. */
  epoch: number;
  /** Mean forward-pass loss of the batches since the previous point (null at step 0). */
  trainLoss: number | null;
  testLoss: number;
  testAccuracy: number;
  /** Gradient cosine to BP on the diagnostic batch (diagnosticBatch) at the current weights. */
  gradCosine: number;
  /** Seconds spent in weight updates so far (evaluations excluded). */
  trainSeconds: number;
}

export interface TrainingDivergence {
  step: number;
  reason: string;
}

export interface MethodResult {
  method: TrainMethod;
  steps: number;
  finalTrainAccuracy: number | null;
  finalTrainLoss: number | null;
  finalTestAccuracy: number;
  finalTestLoss: number;
  gradCosine: number;
  trainSeconds: number;
  divergence: TrainingDivergence | null;
}
