/**
 * All of spec §6 for one state as a single wasm-backend kernel, from what the step already has: one
 * SIMD pass per layer sums r², λ², ε², ε·δ and λ·r and stores ε; φ(h) is the step's own scratch; the
 * would-be weight gradients G(t) are one SIMD product per weight matrix (gemmKernel.ts), reduced
 * against G^BP in one more pass. Sums are float32 per lane and float64 across lanes and layers. Packed in the order
 * of metricsLayout.ts, like stepMetricsTensor's stock path. With the native module (nativeKernels.ts)
 * the same sums come from native code in float64, and the packing below is shared.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../core/network';
import { phiScratchOf } from './fusedStep';
import { fieldWriter, heapBytes, type NativeModule, nativeModule } from './nativeKernels';
import { metricsStateIds, nativeSumsOf } from './nativeStep';
import { stepPasses } from './stepPasses';
import { type HeapBackend, heapF32, memoryOf, offsetOf, type Scratch, scratch } from './wasmHeap';

export const FUSED_METRICS = 'PcalmFusedMetrics';

export interface FusedMetricsAttrs {
  act: Activation;
  /** a_1 … a_L. */
  a: number[];
  /** Flat indices into [L-1, B, N] of the traced units. */
  probe: number[];
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

const cosine = (dot: number, a: number, b: number) => dot / Math.max(a * b, 1e-30);

/**
 * The heavy sums of §6 in the native module's layout (nativeKernels.ts's `metricsSums`), whichever
 * path made them: per hidden layer j, at 5j, Σr², Σλ², Σε², Σε·δ, Σλ·r; per weight matrix l, at
 * 5S + 2l, ⟨raw_l, G_l^BP⟩ and ‖raw_l‖² (raw_l = ε_lᵀ φ(h_{l−1}) before its −a_l/B); then Σe².
 */
type MetricsSums = Float64Array;

const sumsLength = (S: number) => 5 * S + 2 * (S + 1) + 1;

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
  const L = S + 1;
  const out = be.makeOutput([4 * S + L + 4 + 2 * at.probe.length], 'float32');
  const Phi = at.act === 'relu' ? scratch(be, 'phi', S, B * N) : null;
  const phiValid = phiScratchOf.get(be) === H.dataId;
  const native = nativeModule();
  // The native step computes the sums of the state it makes when it knows they will be asked for.
  const made = nativeSumsOf.get(be);
  const ids = metricsStateIds(inputs);
  const sums =
    made && native && made.ids.every((id, i) => id === ids[i])
      ? made.sums
      : native
        ? nativeSums(be, native, inputs, at, Phi, phiValid)
        : wasmSums(be, inputs, Phi, phiValid);
  if (Phi) phiScratchOf.set(be, H.dataId);
  pack(heapF32(be), offsetOf(be, out) >> 2, sums, {
    S,
    K: B * N,
    B,
    a: at.a,
    deltaNorms: offsetOf(be, inputs.deltaNorms) >> 2,
    bpSquares: offsetOf(be, inputs.bpSquares) >> 2,
  });
  const f = heapF32(be);
  const g = (offsetOf(be, out) >> 2) + 4 * S + L + 4;
  const hf = offsetOf(be, H) >> 2;
  const lf = offsetOf(be, Lambda) >> 2;
  at.probe.forEach((index, u) => {
    f[g + u] = f[hf + index];
    f[g + at.probe.length + u] = f[lf + index];
  });
  return out;
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
  const raw = native.metricsSums(heapBytes(memoryOf(be)!), fields.done());
  return raw;
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
  const G = scratch(be, 'metrics-g', 1, Math.max(B * B, N * N, C * N));
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
  // product contracted over the batch, then one reduction pass.
  const gradient = (l: number, credit: number, rows: number, input: number, cols: number, gbp: number) => {
    passes.gemmTN(credit, input, G.offset, rows, B, cols);
    passes.gradientDots(G.offset, gbp, Sums.offset, rows * cols);
    sums.set(laneSums(f, Sums.offset >> 2, 2), 5 * S + 2 * l);
  };
  // W_1's G = −(a_1/B) ε_1ᵀ x is N × D (D = 784): from batch Grams instead, ‖ε_1ᵀ x‖² =
  // ⟨ε_1 ε_1ᵀ, x xᵀ⟩ and ⟨ε_1ᵀ x, G^BP⟩ = ⟨ε_1, x G^BPᵀ⟩, with x xᵀ and x G^BPᵀ fixed per batch.
  const e0 = Eps.offset >> 2;
  const e0t = E0T.offset >> 2;
  for (let b = 0; b < B; b++) for (let n = 0; n < N; n++) f[e0t + n * B + b] = f[e0 + b * N + n];
  passes.gemmTN(E0T.offset, E0T.offset, G.offset, B, N, B);
  passes.gradientDots(G.offset, offsetOf(be, gram), Sums.offset, B * B);
  const [inputSquare] = laneSums(f, Sums.offset >> 2, 2);
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
