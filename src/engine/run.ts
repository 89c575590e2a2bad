/**
 * A whole inference run on one batch: resolve η_h, step to T, measure every step (spec §6), stop on
 * divergence. Metrics come back in chunks with one readback each. Shared by the CLI and the worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../core/batch';
import type { MethodId } from '../core/methods';
import type { Network } from '../core/network';
import type { InferenceRun } from '../core/results';
import { backprop, disposeBackprop } from './backprop';
import { type HessianEstimate, lanczosLambdaMax } from './hessian';
import { type InferenceRates, InferenceStepper } from './inference';
import {
  disposeMetricsContext,
  findDivergence,
  type MetricsContext,
  metricsContext,
  metricsObserver,
  packedLength,
  type StepDivergence,
  type StepMetrics,
  stepMetricsTensor,
  type TraceProbe,
  unpackMetrics,
} from './metrics';
import { batchTensors, disposeAll, networkTensors } from './model';

export type { InferenceRun };

export interface RunSpec {
  network: Network;
  batch: Batch;
  etaH: number | 'auto';
  etaLambda: number;
  T: number;
  probe?: TraceProbe | null;
  /** Steps per readback. */
  chunk?: number;
}

/**
 * The two methods every view runs side by side: PC-ALM at the configuration's η_λ and PC, which is
 * PC-ALM at η_λ = 0, with the same η_h and budget.
 */
export function methodRates(etaH: number, etaLambda: number, T: number): Record<MethodId, InferenceRates> {
  return { pcalm: { etaH, etaLambda, T }, pc: { etaH, etaLambda: 0, T } };
}

/** Packed metrics of consecutive steps firstT … firstT+steps−1, still on the device. */
export interface PackedChunk {
  packed: tf.Tensor | null;
  firstT: number;
  steps: number;
}

/** Owns the tensors of one batch's inference and reads its metrics back in chunks. */
export class InferenceSession {
  readonly stepper: InferenceStepper;
  readonly context: MetricsContext;
  private readonly model;
  private readonly batchT;
  private readonly traceUnits: number;

  constructor(
    readonly network: Network,
    batch: Batch,
    rates: { etaH: number; etaLambda: number; T: number },
    probe: TraceProbe | null = null,
  ) {
    this.model = networkTensors(network);
    this.batchT = batchTensors(batch);
    this.stepper = new InferenceStepper(this.model, this.batchT, rates);
    this.context = metricsContext(this.model, this.batchT, this.stepper.bp, probe);
    this.traceUnits = probe?.units.length ?? 0;
  }

  /** Packed metrics of the current state (used for t = 0); the caller disposes it. */
  observePacked(): tf.Tensor {
    return stepMetricsTensor(this.context, this.stepper.current);
  }

  /** Metrics of the current state (used for t = 0). */
  async observeCurrent(): Promise<StepMetrics> {
    const packed = this.observePacked();
    const data = await packed.data();
    packed.dispose();
    return unpackMetrics(data, 0, this.stepper.t, this.network.depth, this.traceUnits);
  }

  /**
   * Advances up to `count` steps (not past T) and returns their packed metrics as one tensor (the
   * caller reads it back, possibly joined with other sessions' chunks, and disposes it).
   */
  advancePacked(count: number): PackedChunk {
    const firstT = this.stepper.t + 1;
    const packedSteps: tf.Tensor[] = [];
    for (let k = 0; k < count && !this.stepper.done; k++) {
      packedSteps.push(this.stepper.advance(metricsObserver(this.context))!);
    }
    if (packedSteps.length === 0) return { packed: null, firstT, steps: 0 };
    const packed = tf.concat(packedSteps, 0);
    tf.dispose(packedSteps);
    return { packed, firstT, steps: packedSteps.length };
  }

  /** Metrics of a chunk read back into `data` at `offset`. */
  decode(
    data: ArrayLike<number>,
    offset: number,
    chunk: Pick<PackedChunk, 'firstT' | 'steps'>,
  ): StepMetrics[] {
    const width = packedLength(this.network.depth, this.traceUnits);
    return Array.from({ length: chunk.steps }, (_, k) =>
      unpackMetrics(data, offset + k * width, chunk.firstT + k, this.network.depth, this.traceUnits),
    );
  }

  /** Advances up to `count` steps and returns their metrics, with one readback. */
  async advance(count: number): Promise<StepMetrics[]> {
    const chunk = this.advancePacked(count);
    if (!chunk.packed) return [];
    const data = await chunk.packed.data();
    chunk.packed.dispose();
    return this.decode(data, 0, chunk);
  }

  async deltaRms(): Promise<number[]> {
    const rms = tf.tidy(() => tf.sqrt(tf.mean(tf.square(this.stepper.bp.delta), [1, 2])));
    const data = Array.from(await rms.data());
    rms.dispose();
    return data;
  }

  dispose(): void {
    disposeMetricsContext(this.context);
    this.stepper.dispose();
    disposeAll(this.model, this.batchT);
  }
}

/** λ_max of the activity Hessian of a network and batch at the forward pass (spec §9). */
export async function estimateHessian(network: Network, batch: Batch): Promise<HessianEstimate> {
  const model = networkTensors(network);
  const b = batchTensors(batch);
  const bp = backprop(model, b);
  try {
    return await lanczosLambdaMax(model, bp);
  } finally {
    disposeBackprop(bp);
    disposeAll(model, b);
  }
}

/** η_h for a network and batch: the given number, or 1/λ_max of the activity Hessian. */
export async function resolveEtaH(
  network: Network,
  batch: Batch,
  etaH: number | 'auto',
): Promise<{ etaH: number; hessian: HessianEstimate | null }> {
  if (etaH !== 'auto') return { etaH, hessian: null };
  const hessian = await estimateHessian(network, batch);
  return { etaH: hessian.etaH, hessian };
}

export async function runInference(spec: RunSpec): Promise<InferenceRun> {
  const { etaH, hessian } = await resolveEtaH(spec.network, spec.batch, spec.etaH);
  const session = new InferenceSession(
    spec.network,
    spec.batch,
    { etaH, etaLambda: spec.etaLambda, T: spec.T },
    spec.probe ?? null,
  );
  try {
    const steps = [await session.observeCurrent()];
    let divergence: StepDivergence | null = null;
    while (!session.stepper.done && !divergence) {
      for (const m of await session.advance(spec.chunk ?? 16)) {
        divergence = findDivergence(m);
        steps.push(m);
        if (divergence) break;
      }
    }
    return {
      etaH,
      etaLambda: spec.etaLambda,
      T: spec.T,
      hessian,
      steps,
      deltaRms: await session.deltaRms(),
      divergence,
    };
  } finally {
    session.dispose();
  }
}
