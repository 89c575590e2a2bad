/**
 * What is measured at every inference step (spec §6), computed on the device as one packed vector so
 * that a whole step (or a chunk of steps) comes back with a single readback.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TraceProbe } from '../core/metricsLayout';
import type { BackpropResult } from './backprop';
import {
  fusedMetricsTensor,
  fusedStepUsable,
  markMetricsObserver,
  releaseFusedMetrics,
} from './fusedInference';
import { compositeCredit, type InferenceState } from './inference';
import { type BatchTensors, layerGradientDots, layerGradients, type NetworkTensors } from './model';

// The packing order and its unpacking live in a tfjs-free module so the main thread can read rows.
export {
  DIVERGENCE_BOUND,
  findDivergence,
  type MetricsLayout,
  metricsLayout,
  packedLength,
  type StepDivergence,
  type StepMetrics,
  type TraceProbe,
  unpackMetrics,
} from '../core/metricsLayout';

export interface MetricsContext {
  model: NetworkTensors;
  batch: BatchTensors;
  bp: BackpropResult;
  /** ‖G_l^BP‖² per weight matrix, [L]. */
  bpGradSquares: tf.Tensor;
  /** ‖δ_l‖ per layer, [L-1]. */
  deltaNorms: tf.Tensor;
  probe: TraceProbe | null;
  /** Flat indices into a [L-1, B, N] tensor for the probe's units. */
  probeIndices: tf.Tensor | null;
}

export function metricsContext(
  model: NetworkTensors,
  batch: BatchTensors,
  bp: BackpropResult,
  probe: TraceProbe | null = null,
): MetricsContext {
  const { width: N } = model.net;
  const B = batch.X.shape[0];
  const base = probe ? ((probe.layer - 1) * B + probe.sample) * N : 0;
  return {
    model,
    batch,
    bp,
    probe,
    bpGradSquares: tf.tidy(() => layerGradientDots(model, bp.grads, bp.grads)),
    deltaNorms: tf.tidy(() => tf.sqrt(tf.sum(tf.square(bp.delta), [1, 2]))),
    probeIndices: probe
      ? tf.tensor1d(
          probe.units.map((u) => base + u),
          'int32',
        )
      : null,
  };
}

export function disposeMetricsContext(ctx: MetricsContext): void {
  releaseFusedMetrics(ctx);
  tf.dispose([ctx.bpGradSquares, ctx.deltaNorms]);
  if (ctx.probeIndices) ctx.probeIndices.dispose();
}

const observers = new WeakMap<MetricsContext, (s: InferenceState) => tf.Tensor>();

/**
 * The observer `(s) => stepMetricsTensor(ctx, s)` for `InferenceStepper.advance`, one per context.
 * Through it the native step computes the metrics' sums in its own pass (fusedInference.ts).
 */
export function metricsObserver(ctx: MetricsContext): (s: InferenceState) => tf.Tensor {
  let observe = observers.get(ctx);
  if (!observe) {
    observe = markMetricsObserver((s: InferenceState) => stepMetricsTensor(ctx, s), ctx);
    observers.set(ctx, observe);
  }
  return observe;
}

function layerRms(S: tf.Tensor): tf.Tensor {
  return tf.sqrt(tf.mean(tf.square(S), [1, 2]));
}

/** a·b / (‖a‖‖b‖), 0 when either is the zero vector. */
function cosine(dot: tf.Tensor, normA: tf.Tensor, normB: tf.Tensor): tf.Tensor {
  return tf.div(dot, tf.maximum(tf.mul(normA, normB), 1e-30));
}

/** All of spec §6 for one state, packed in the order `unpackMetrics` reads. */
export function stepMetricsTensor(ctx: MetricsContext, s: InferenceState): tf.Tensor {
  // On wasm: one kernel over what the step already holds (kernels/fusedMetrics.ts).
  if (fusedStepUsable(ctx.model.act)) return fusedMetricsTensor(ctx, s);
  return tf.tidy(() => {
    const { model, batch, bp } = ctx;
    const B = batch.X.shape[0];
    const E = compositeCredit(s.R, s.Lambda);
    const epsNorms = tf.sqrt(tf.sum(tf.square(E), [1, 2]));
    const creditCos = cosine(tf.sum(tf.mul(E, tf.neg(bp.delta)), [1, 2]), epsNorms, ctx.deltaNorms);

    const G = layerGradients(model, batch, E, s.e, s.H);
    const dots = layerGradientDots(model, G, bp.grads);
    const squares = layerGradientDots(model, G, G);
    const layerCos = cosine(dots, tf.sqrt(squares), tf.sqrt(ctx.bpGradSquares));
    const overallCos = cosine(tf.sum(dots), tf.sqrt(tf.sum(squares)), tf.sqrt(tf.sum(ctx.bpGradSquares)));

    const loss = tf.div(tf.mul(0.5, tf.sum(tf.square(s.e))), B);
    const constraint = tf.div(tf.sum(tf.square(s.R)), B);
    const energy = tf.add(loss, tf.mul(0.5, constraint));
    const lagrangian = tf.add(energy, tf.div(tf.sum(tf.mul(s.Lambda, s.R)), B));

    const parts = [
      layerRms(s.R),
      layerRms(s.Lambda),
      layerRms(E),
      creditCos,
      layerCos,
      tf.stack([overallCos, energy, lagrangian, constraint]),
    ];
    if (ctx.probeIndices) {
      parts.push(tf.gather(tf.reshape(s.H, [-1]), ctx.probeIndices));
      parts.push(tf.gather(tf.reshape(s.Lambda, [-1]), ctx.probeIndices));
    }
    return tf.concat(parts, 0);
  });
}
