/**
 * The fused step (fusedStep.ts) on Node's native module: the same heap tensors and scratch, one native
 * call. When the step's observer is the §6 metrics (`metrics` in the attributes), the module also
 * computes their sums for the state it makes, each layer while its r' is in cache; fusedStep.ts packs
 * them into the step's last output.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { FusedStepAttrs } from './fusedStep';
import { sumsLength } from './metricsPack';
import { fieldWriter, heapBytes, type NativeModule } from './nativeKernels';
import { type HeapBackend, memoryOf, offsetOf, type Scratch } from './wasmHeap';

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
): Float64Array | undefined {
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
  const withMetrics = at.metrics !== undefined && METRICS_INPUTS.every((name) => name in inputs);
  fields.set('withMetrics', withMetrics ? 1 : 0);
  for (const name of METRICS_INPUTS) fields.set(name, withMetrics ? offsetOf(be, inputs[name]) : 0);
  return native.step(heapBytes(memoryOf(be)!), fields.done(), withMetrics ? sumsBuffer(be, S) : undefined);
}

/**
 * One sums buffer per backend, reused by every step (its sums are packed before the step returns), so
 * that a step with metrics allocates nothing.
 */
const sumsBuffers = new WeakMap<object, Float64Array>();

function sumsBuffer(be: HeapBackend, S: number): Float64Array {
  let buffer = sumsBuffers.get(be);
  if (!buffer || buffer.length !== sumsLength(S)) {
    buffer = new Float64Array(sumsLength(S));
    sumsBuffers.set(be, buffer);
  }
  return buffer;
}
