/** Runs the engine's stepper on a network and batch and reads every step back as plain arrays. */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../../src/core/batch';
import type { Network } from '../../src/core/network';
import { type InferenceRates, InferenceStepper } from '../../src/engine/inference';
import {
  disposeMetricsContext,
  metricsContext,
  type StepMetrics,
  stepMetricsTensor,
  unpackMetrics,
} from '../../src/engine/metrics';
import { batchTensors, disposeAll, layerGradients, networkTensors } from '../../src/engine/model';

/** [layer][sample][unit] for stacks, [sample][unit] for e. */
export interface EngineStep {
  t: number;
  H: number[][][];
  Lambda: number[][][];
  R: number[][][];
  e: number[][];
  metrics: StepMetrics;
}

export interface EngineTrace {
  steps: EngineStep[];
  bp: { H: number[][][]; e: number[][]; delta: number[][][]; grads: number[][][] };
  /** layerGradients(model, batch, R + Lambda, e, H) at the final state, per weight matrix W_1 … W_L. */
  grads: number[][][];
}

/** Splits LayerGradients into one [rows][cols] array per weight matrix. */
function gradList(g: { input: tf.Tensor; interior: tf.Tensor | null; readout: tf.Tensor }): number[][][] {
  const interior = g.interior ? (g.interior.arraySync() as number[][][]) : [];
  return [g.input.arraySync() as number[][], ...interior, g.readout.arraySync() as number[][]];
}

/** The state "at step t" (spec §4: after activity step t, before dual step t) and its metrics, t = 0 … T. */
export function engineTrace(net: Network, batch: Batch, rates: InferenceRates): EngineTrace {
  const model = networkTensors(net);
  const b = batchTensors(batch);
  const stepper = new InferenceStepper(model, b, rates);
  const ctx = metricsContext(model, b, stepper.bp);
  const steps: EngineStep[] = [];
  const record = (s: typeof stepper.current): tf.Tensor => {
    const packed = stepMetricsTensor(ctx, s);
    steps.push({
      t: s.t,
      H: s.H.arraySync() as number[][][],
      Lambda: s.Lambda.arraySync() as number[][][],
      R: s.R.arraySync() as number[][][],
      e: s.e.arraySync() as number[][],
      metrics: unpackMetrics(packed.dataSync(), 0, s.t, net.depth),
    });
    return packed;
  };
  try {
    record(stepper.current).dispose();
    while (!stepper.done) stepper.advance(record)?.dispose();
    const s = stepper.current;
    const grads = tf.tidy(() => gradList(layerGradients(model, b, tf.add(s.R, s.Lambda), s.e, s.H)));
    const bp = stepper.bp;
    return {
      steps,
      grads,
      bp: {
        H: bp.H.arraySync() as number[][][],
        e: bp.e.arraySync() as number[][],
        delta: bp.delta.arraySync() as number[][][],
        grads: gradList(bp.grads),
      },
    };
  } finally {
    disposeMetricsContext(ctx);
    stepper.dispose();
    disposeAll(model, b);
  }
}
