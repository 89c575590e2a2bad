/**
 * All of spec §6 for one state as a single wasm-backend kernel, from what the step already has: one
 * SIMD pass per layer sums r², λ², ε², ε·δ and λ·r and stores ε; φ(h) is the step's own scratch; the
 * would-be weight gradients G(t) are formed tile by tile and dotted with G^BP at once, one SIMD
 * kernel per weight matrix (productDotsKernel.ts). Sums are float32 per lane and float64 across
 * lanes and layers. Packed in the order of metricsLayout.ts (metricsPack.ts), like
 * stepMetricsTensor's stock path. With the native module (nativeKernels.ts) the same sums come from
 * native code, and the step itself usually makes them (fusedStep.ts), so this kernel only runs for a
 * state the step did not make.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../core/network';
import { phiScratchOf } from './fusedStep';
import { type MetricsPackAttrs, type MetricsSums, metricsOutput, sumsLength } from './metricsPack';
import { fieldWriter, heapBytes, type NativeModule, nativeModule } from './nativeKernels';
import { stepPasses } from './stepPasses';
import { type HeapBackend, heapF32, memoryOf, offsetOf, type Scratch, scratch } from './wasmHeap';

export const FUSED_METRICS = 'PcalmFusedMetrics';

export interface FusedMetricsAttrs extends MetricsPackAttrs {
  act: Activation;
}

/** Adds up a pass's sums: `count` 4-lane accumulators, then `count` tail values. */
function laneSums(f: Float32Array, at: number, count: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const v = at + 4 * k;
    out.push(f[v] + f[v + 1] + f[v + 2] + f[v + 3] + f[at + 4 * count + k]);
  }
  return out;
}

export function fusedMetrics(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const be = args.backend as HeapBackend;
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const { H, Lambda } = inputs;
  const at = args.attrs as unknown as FusedMetricsAttrs;
  const [S, B, N] = H.shape;
  const Phi = at.act === 'relu' ? scratch(be, 'phi', S, B * N) : null;
  const phiValid = phiScratchOf.get(be) === H.dataId;
  const native = nativeModule();
  const sums = native
    ? nativeSums(be, native, inputs, at, Phi, phiValid)
    : wasmSums(be, inputs, Phi, phiValid);
  if (Phi) phiScratchOf.set(be, H.dataId);
  return metricsOutput(
    be,
    sums,
    { H, Lambda, deltaNorms: inputs.deltaNorms, bpSquares: inputs.bpSquares },
    at,
  );
}

function nativeSums(
  be: HeapBackend,
  native: NativeModule,
  t: Record<string, tf.TensorInfo>,
  at: FusedMetricsAttrs,
  Phi: Scratch | null,
  phiValid: boolean,
): MetricsSums {
  const [S, B, N] = t.H.shape;
  const fields = fieldWriter(native.metricsFields);
  fields.set('S', S);
  fields.set('B', B);
  fields.set('N', N);
  fields.set('C', t.e.shape[1]);
  fields.set('relu', at.act === 'relu' ? 1 : 0);
  fields.set('phiValid', phiValid ? 1 : 0);
  for (const name of ['H', 'Lambda', 'R', 'e', 'delta', 'gInt', 'gOut', 'gram', 'xg']) {
    fields.set(name, offsetOf(be, t[name]));
  }
  fields.set('Phi', Phi ? Phi.offset : offsetOf(be, t.H));
  return native.metricsSums(heapBytes(memoryOf(be)!), fields.done());
}

function wasmSums(
  be: HeapBackend,
  t: Record<string, tf.TensorInfo>,
  Phi: Scratch | null,
  phiValid: boolean,
): MetricsSums {
  const { H, Lambda, R, e, delta, gInt, gOut, gram, xg } = t;
  const [S, B, N] = H.shape;
  const C = e.shape[1];
  const I = S - 1;
  const K = B * N;
  const bytes = 4 * K;
  const Eps = scratch(be, 'metrics-eps', S, K);
  // Two float64 (four floats), 8-byte aligned as scratch is.
  const Products = scratch(be, 'metrics-products', 1, 4);
  const E0T = scratch(be, 'metrics-eps1-t', 1, K);
  const Sums = scratch(be, 'metrics-sums', 1, 40);
  const passes = stepPasses(memoryOf(be)!)!;

  // φ(h): the step's scratch when it made this h, else computed here; identity is h itself.
  if (Phi && !phiValid) passes.relu(offsetOf(be, H), Phi.offset, S * K);
  const phiOffset = Phi ? Phi.offset : offsetOf(be, H);

  // The passes below allocate nothing, so one view of the heap serves them all.
  const f = heapF32(be);
  const sums = new Float64Array(sumsLength(S));
  const lam = offsetOf(be, Lambda);
  const r = offsetOf(be, R);
  const d = offsetOf(be, delta);
  for (let j = 0; j < S; j++) {
    const x = j * bytes;
    passes.stats(r + x, lam + x, d + x, Eps.offset + x, Sums.offset, K);
    sums.set(laneSums(f, Sums.offset >> 2, 5), 5 * j);
  }

  let sumE2 = 0;
  const eOff = offsetOf(be, e) >> 2;
  for (let k = 0; k < B * C; k++) sumE2 += f[eOff + k] * f[eOff + k];

  // ⟨raw_l, G_l^BP⟩ and ‖raw_l‖², raw_l = ε_lᵀ φ(h_{l−1}) (x for W_1, e for the readout): one SIMD
  // kernel that forms raw_l tile by tile, contracted over the batch, and dots each tile at once.
  const products = new Float64Array(f.buffer, Products.offset, 2);
  const gradient = (l: number, credit: number, rows: number, input: number, cols: number, gbp: number) => {
    passes.productDots(credit, input, gbp, Products.offset, rows, B, cols);
    sums.set(products, 5 * S + 2 * l);
  };
  // W_1's G = −(a_1/B) ε_1ᵀ x is N × D (D = 784): from batch Grams instead, ‖ε_1ᵀ x‖² =
  // ⟨ε_1 ε_1ᵀ, x xᵀ⟩ and ⟨ε_1ᵀ x, G^BP⟩ = ⟨ε_1, x G^BPᵀ⟩, with x xᵀ and x G^BPᵀ fixed per batch.
  const e0 = Eps.offset >> 2;
  const e0t = E0T.offset >> 2;
  for (let b = 0; b < B; b++) for (let n = 0; n < N; n++) f[e0t + n * B + b] = f[e0 + b * N + n];
  passes.productDots(E0T.offset, E0T.offset, offsetOf(be, gram), Products.offset, B, N, B);
  const inputSquare = products[0];
  passes.gradientDots(Eps.offset, offsetOf(be, xg), Sums.offset, K);
  const [inputDot] = laneSums(f, Sums.offset >> 2, 2);
  sums[5 * S] = inputDot;
  sums[5 * S + 1] = inputSquare;
  for (let i = 0; i < I; i++) {
    gradient(
      i + 1,
      Eps.offset + (i + 1) * bytes,
      N,
      phiOffset + i * bytes,
      N,
      offsetOf(be, gInt) + i * 4 * N * N,
    );
  }
  gradient(S, offsetOf(be, e), C, phiOffset + (S - 1) * bytes, N, offsetOf(be, gOut));
  sums[sumsLength(S) - 1] = sumE2;
  return sums;
}
