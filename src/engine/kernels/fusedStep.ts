/**
 * One PC-ALM activity step (and its dual step) as a single wasm-backend kernel (spec §4): three SIMD
 * passes per layer (stepPasses.ts) plus the step's four products on XNNPACK, instead of ~40 tfjs
 * kernels. The passes do the stock path's float32 operations in its order and the products are the
 * same XNNPACK calls as PcalmStackedMatMul, so the result is bit for bit the stock one. Identity and
 * ReLU only: wasm has no tanh instruction, so tanh networks keep the stock kernels. In Node with the
 * native module (nativeKernels.ts) the same step runs natively on the same heap: the same element-wise
 * float32 order, the module's own products (so equal to the stock path up to summation order), layers
 * in parallel.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../core/network';
import { type MetricsPackAttrs, metricsOutput } from './metricsPack';
import { nativeModule } from './nativeKernels';
import { nativeStep } from './nativeStep';
import { stepPasses } from './stepPasses';
import {
  constantLayerIds,
  type HeapBackend,
  memoryOf,
  offsetOf,
  releaseFreedConstants,
  scratch,
  xnnProduct,
} from './wasmHeap';

export const FUSED_STEP = 'PcalmFusedStep';

/**
 * The dataId of the h' whose φ(h') the 'phi' scratch holds, per backend: the metrics of the state the
 * step just produced reuse it instead of recomputing it.
 */
export const phiScratchOf = new WeakMap<object, object>();

export interface FusedStepAttrs {
  act: Activation;
  residual: boolean;
  etaH: number;
  /** Dual rate; the dual output exists only when `dual`. */
  etaLambda: number;
  dual: boolean;
  aL: number;
  /** a_2 … a_{L-1}. */
  aInterior: number[];
  /**
   * Native kernels only: also the §6 metrics of the new state (h', λ, r', e'), as a last output packed
   * like the metrics kernel's (inputs delta, gInt, gOut, gram, xg, deltaNorms, bpSquares).
   */
  metrics?: MetricsPackAttrs;
}

/** The record id tfjs gave a tensor's buffer: usable as the left operand of a product. */
function tensorId(backend: HeapBackend, t: tf.TensorInfo): number {
  return (backend.dataIdMap.get(t.dataId) as unknown as { id: number }).id;
}

export function fusedStep(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo[] {
  const be = args.backend as HeapBackend;
  const { H, Lambda, R, e, P1, Y, Wint, WintT, WL, WLT } = args.inputs as Record<string, tf.TensorInfo>;
  const at = args.attrs as unknown as FusedStepAttrs;
  const [S, B, N] = H.shape;
  const C = e.shape[1];
  const I = S - 1;
  const K = B * N;
  releaseFreedConstants(be);
  const outH = be.makeOutput([S, B, N], 'float32');
  const outR = be.makeOutput([S, B, N], 'float32');
  const outE = be.makeOutput([B, C], 'float32');
  const outL = at.dual ? be.makeOutput([S, B, N], 'float32') : null;
  const Phi = scratch(be, 'phi', S, K);
  const outputs = outL ? [outH, outR, outE, outL] : [outH, outR, outE];
  const native = nativeModule();
  if (native) {
    const inputs = args.inputs as Record<string, tf.TensorInfo>;
    const sums = nativeStep(be, native, inputs, at, { outH, outR, outE, outL, Phi });
    phiScratchOf.set(be, outH.dataId);
    if (at.metrics) {
      if (!sums) throw new Error('PcalmFusedStep: the native step made no metrics (an input is missing)');
      const { deltaNorms, bpSquares } = inputs;
      outputs.push(metricsOutput(be, sums, { H: outH, Lambda, deltaNorms, bpSquares }, at.metrics));
    }
    return outputs;
  }
  if (at.metrics) throw new Error('PcalmFusedStep: metrics inside the step need the native kernels');
  const E = scratch(be, 'eps', S, K);
  const U = scratch(be, 'pulled', S, K);
  const P = scratch(be, 'mixed', Math.max(I, 1), K);
  const Yh = scratch(be, 'readout', 1, B * C);
  const wIds = I > 0 ? constantLayerIds(be, Wint, I, N * N) : [];
  const wtIds = I > 0 ? constantLayerIds(be, WintT, I, N * N) : [];
  const wlId = constantLayerIds(be, WL, 1, C * N)[0];
  const wltId = constantLayerIds(be, WLT, 1, N * C)[0];

  const passes = stepPasses(memoryOf(be)!)!;
  const bytes = 4 * K;
  const h = offsetOf(be, H);
  const lam = offsetOf(be, Lambda);
  const eps = E.offset;
  passes.eps(offsetOf(be, R), lam, eps, S * K);

  // ε_{l+1} W_{l+1} for the interior layers, e W_L for the last hidden layer.
  for (let i = 0; i < I; i++) xnnProduct(be, E.layerIds[i + 1], B, N, wIds[i], N, U.layerIds[i]);
  xnnProduct(be, tensorId(be, e), B, C, wlId, N, U.layerIds[S - 1]);

  const relu = at.act === 'relu';
  const hOut = offsetOf(be, outH);
  for (let j = 0; j < S; j++) {
    const last = j === I;
    const skip = !last && at.residual;
    const x = j * bytes;
    passes.activity(relu, skip)(
      h + x,
      eps + x,
      skip ? eps + x + bytes : 0,
      U.offset + x,
      hOut + x,
      Phi.offset + x,
      K,
      last ? at.aL : at.aInterior[j],
      at.etaH,
    );
  }

  phiScratchOf.set(be, outH.dataId);

  // φ(h_l) W_{l+1}ᵀ for the predictions of layers 2 … L-1, φ(h_{L-1}) W_Lᵀ for ŷ.
  for (let i = 0; i < I; i++) xnnProduct(be, Phi.layerIds[i], B, N, wtIds[i], N, P.layerIds[i]);
  xnnProduct(be, Phi.layerIds[S - 1], B, N, wltId, C, Yh.layerIds[0]);

  const rOut = offsetOf(be, outR);
  const lOut = outL ? offsetOf(be, outL) : 0;
  const dual = outL !== null;
  for (let j = 0; j < S; j++) {
    const x = j * bytes;
    const mode = j === 0 ? 'first' : at.residual ? 'skip' : 'chain';
    passes.residual(mode, dual)(
      hOut + x,
      j === 0 ? 0 : hOut + x - bytes,
      j === 0 ? offsetOf(be, P1) : P.offset + x - bytes,
      lam + x,
      rOut + x,
      lOut + x,
      K,
      j === 0 ? 0 : at.aInterior[j - 1],
      at.etaLambda,
    );
  }
  passes.residual('chain', false)(offsetOf(be, Y), 0, Yh.offset, 0, offsetOf(be, outE), 0, B * C, at.aL, 0);
  return outputs;
}
