/**
 * The packed §6 vector (metricsLayout.ts's order) from the heavy sums, whichever kernel made them: the
 * metrics kernel (fusedMetrics.ts, wasm or native) or, with the native kernels, the step itself
 * (fusedStep.ts), which then needs no second kernel call per step.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type HeapBackend, heapF32, offsetOf } from './wasmHeap';

/**
 * The heavy sums of §6 in the native module's layout (nativeKernels.ts's `metricsSums`), whichever
 * path made them: per hidden layer j, at 5j, Σr², Σλ², Σε², Σε·δ, Σλ·r; per weight matrix l, at
 * 5S + 2l, ⟨raw_l, G_l^BP⟩ and ‖raw_l‖² (raw_l = ε_lᵀ φ(h_{l−1}) before its −a_l/B); then Σe².
 */
export type MetricsSums = Float64Array;

export const sumsLength = (S: number) => 5 * S + 2 * (S + 1) + 1;

export interface MetricsPackAttrs {
  /** a_1 … a_L. */
  a: number[];
  /** Flat indices into [L-1, B, N] of the traced units. */
  probe: number[];
}

const cosine = (dot: number, a: number, b: number) => dot / Math.max(a * b, 1e-30);

/**
 * A new [4S + L + 4 + 2·probes] tensor with the §6 metrics of the state (h, λ): `sums`, the batch's
 * ‖δ_l‖ and ‖G_l^BP‖², and h and λ at the traced units.
 */
export function metricsOutput(
  be: HeapBackend,
  sums: MetricsSums,
  t: { H: tf.TensorInfo; Lambda: tf.TensorInfo; deltaNorms: tf.TensorInfo; bpSquares: tf.TensorInfo },
  at: MetricsPackAttrs,
): tf.TensorInfo {
  const [S, B, N] = t.H.shape;
  const L = S + 1;
  const out = be.makeOutput([4 * S + L + 4 + 2 * at.probe.length], 'float32');
  const o = offsetOf(be, out) >> 2;
  pack(heapF32(be), o, sums, {
    S,
    K: B * N,
    B,
    a: at.a,
    deltaNorms: offsetOf(be, t.deltaNorms) >> 2,
    bpSquares: offsetOf(be, t.bpSquares) >> 2,
  });
  const f = heapF32(be);
  const g = o + 4 * S + L + 4;
  const hf = offsetOf(be, t.H) >> 2;
  const lf = offsetOf(be, t.Lambda) >> 2;
  at.probe.forEach((index, u) => {
    f[g + u] = f[hf + index];
    f[g + at.probe.length + u] = f[lf + index];
  });
  return out;
}

/** Writes the packed §6 vector (metricsLayout.ts's order, less the probe) at float index `o`. */
function pack(
  f: Float32Array,
  o: number,
  sums: MetricsSums,
  c: { S: number; K: number; B: number; a: number[]; deltaNorms: number; bpSquares: number },
): void {
  const { S, K, B } = c;
  const L = S + 1;
  let sumR2 = 0;
  let sumLR = 0;
  for (let j = 0; j < S; j++) {
    const r2 = sums[5 * j];
    const l2 = sums[5 * j + 1];
    const e2 = sums[5 * j + 2];
    const ed = sums[5 * j + 3];
    const lr = sums[5 * j + 4];
    f[o + j] = Math.sqrt(r2 / K);
    f[o + S + j] = Math.sqrt(l2 / K);
    f[o + 2 * S + j] = Math.sqrt(e2 / K);
    f[o + 3 * S + j] = cosine(-ed, Math.sqrt(e2), f[c.deltaNorms + j]);
    sumR2 += r2;
    sumLR += lr;
  }
  let dotAll = 0;
  let sqAll = 0;
  let bpAll = 0;
  for (let l = 0; l < L; l++) {
    // G_l = −(a_l / B) · raw_l.
    const scale = c.a[l] / B;
    const dot = -scale * sums[5 * S + 2 * l];
    const square = scale * scale * sums[5 * S + 2 * l + 1];
    const bp = f[c.bpSquares + l];
    f[o + 4 * S + l] = cosine(dot, Math.sqrt(square), Math.sqrt(bp));
    dotAll += dot;
    sqAll += square;
    bpAll += bp;
  }
  const loss = (0.5 * sums[sumsLength(S) - 1]) / B;
  const constraint = sumR2 / B;
  const energy = loss + 0.5 * constraint;
  const g = o + 4 * S + L;
  f[g] = cosine(dotAll, Math.sqrt(sqAll), Math.sqrt(bpAll));
  f[g + 1] = energy;
  f[g + 2] = energy + sumLR / B;
  f[g + 3] = constraint;
}
