/**
 * The fused step (fusedStep.ts) on Node's native module: the same heap tensors and scratch, one native
 * call. When the step's observer is the §6 metrics (`withMetrics`), the module also computes their
 * sums for the state it makes, each layer while its r' is in cache, and fusedMetrics.ts takes them
 * from `nativeSumsOf` instead of a second pass.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { FusedStepAttrs } from './fusedStep';
import { fieldWriter, heapBytes, type NativeModule } from './nativeKernels';
import { type HeapBackend, memoryOf, offsetOf, type Scratch } from './wasmHeap';

/** The sums the native step made beside the state it made, per backend, with that state's ids. */
export const nativeSumsOf = new WeakMap<object, { sums: Float64Array; ids: object[] }>();

/** The dataIds that identify "this state of this batch" for `nativeSumsOf`: h, λ, r, e and δ. */
export function metricsStateIds(t: Record<string, tf.TensorInfo>): object[] {
  return [t.H.dataId, t.Lambda.dataId, t.R.dataId, t.e.dataId, t.delta.dataId];
}

const STATE_INPUTS = ['H', 'Lambda', 'R', 'e', 'P1', 'Y', 'Wint', 'WintT', 'WL', 'WLT'] as const;
const METRICS_INPUTS = ['delta', 'gInt', 'gOut', 'gram', 'xg'] as const;

export function nativeStep(
  be: HeapBackend,
  native: NativeModule,
  inputs: Record<string, tf.TensorInfo>,
  at: FusedStepAttrs,
  out: {
    outH: tf.TensorInfo;
    outR: tf.TensorInfo;
    outE: tf.TensorInfo;
    outL: tf.TensorInfo | null;
    Phi: Scratch;
  },
): void {
  const [S, B, N] = inputs.H.shape;
  const fields = fieldWriter(native.stepFields, at.aInterior);
  fields.set('S', S);
  fields.set('B', B);
  fields.set('N', N);
  fields.set('C', inputs.e.shape[1]);
  fields.set('relu', at.act === 'relu' ? 1 : 0);
  fields.set('residual', at.residual ? 1 : 0);
  fields.set('dual', at.dual ? 1 : 0);
  fields.set('etaH', at.etaH);
  fields.set('etaLambda', at.etaLambda);
  fields.set('aL', at.aL);
  for (const name of STATE_INPUTS) fields.set(name, offsetOf(be, inputs[name]));
  fields.set('outH', offsetOf(be, out.outH));
  fields.set('outR', offsetOf(be, out.outR));
  fields.set('outE', offsetOf(be, out.outE));
  fields.set('outL', out.outL ? offsetOf(be, out.outL) : 0);
  fields.set('Phi', out.Phi.offset);
  const withMetrics = at.withMetrics === true && METRICS_INPUTS.every((name) => name in inputs);
  fields.set('withMetrics', withMetrics ? 1 : 0);
  for (const name of METRICS_INPUTS) fields.set(name, withMetrics ? offsetOf(be, inputs[name]) : 0);
  const sums = native.step(heapBytes(memoryOf(be)!), fields.done());
  if (sums) {
    const state = { H: out.outH, Lambda: inputs.Lambda, R: out.outR, e: out.outE, delta: inputs.delta };
    nativeSumsOf.set(be, { sums, ids: metricsStateIds(state) });
  } else {
    nativeSumsOf.delete(be);
  }
}
