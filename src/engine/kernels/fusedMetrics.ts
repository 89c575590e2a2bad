/**
 * All of spec §6 for one state as a single wasm-backend kernel, from what the step already has: one
 * SIMD pass per layer sums r², λ², ε², ε·δ and λ·r and stores ε; φ(h) is the step's own scratch; the
 * would-be weight gradients G(t) are one SIMD product per weight matrix (gemmKernel.ts), reduced
 * against G^BP in one more pass. Sums are float32 per lane and float64 across lanes and layers. Packed in the order
 * of metricsLayout.ts, like stepMetricsTensor's stock path.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../core/network';
import { phiScratchOf } from './fusedStep';
import { stepPasses } from './stepPasses';
import { type HeapBackend, heapF32, memoryOf, offsetOf, scratch } from './wasmHeap';

export const FUSED_METRICS = 'PcalmFusedMetrics';

export interface FusedMetricsAttrs {
  act: Activation;
  /** a_1 … a_L. */
  a: number[];
  /** Flat indices into [L-1, B, N] of the traced units. */
  probe: number[];
}

/** Adds up a pass's sums: `count` 4-lane accumulators, then `count` tail values. */
function sums(f: Float32Array, at: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => {
    const v = at + 4 * k;
    return f[v] + f[v + 1] + f[v + 2] + f[v + 3] + f[at + 4 * count + k];
  });
}

const cosine = (dot: number, a: number, b: number) => dot / Math.max(a * b, 1e-30);

export function fusedMetrics(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const be = args.backend as HeapBackend;
  const { H, Lambda, R, e, delta, gInt, gOut, deltaNorms, bpSquares, gram, xg } = args.inputs as Record<
    string,
    tf.TensorInfo
  >;
  const at = args.attrs as unknown as FusedMetricsAttrs;
  const [S, B, N] = H.shape;
  const C = e.shape[1];
  const I = S - 1;
  const L = S + 1;
  const K = B * N;
  const bytes = 4 * K;
  const out = be.makeOutput([4 * S + L + 4 + 2 * at.probe.length], 'float32');
  const Eps = scratch(be, 'metrics-eps', S, K);
  const G = scratch(be, 'metrics-g', 1, Math.max(B * B, N * N, C * N));
  const E0T = scratch(be, 'metrics-eps1-t', 1, K);
  const Sums = scratch(be, 'metrics-sums', 1, 40);
  const passes = stepPasses(memoryOf(be)!)!;

  // φ(h): the step's scratch when it made this h, else computed here; identity is h itself.
  let phiOffset = offsetOf(be, H);
  if (at.act === 'relu') {
    const Phi = scratch(be, 'phi', S, K);
    if (phiScratchOf.get(be) !== H.dataId) {
      passes.relu(offsetOf(be, H), Phi.offset, S * K);
      phiScratchOf.set(be, H.dataId);
    }
    phiOffset = Phi.offset;
  }

  // The passes below allocate nothing, so one view of the heap serves them all.
  const f32 = heapF32(be);
  const perLayer = Array.from({ length: S }, () => [0, 0, 0, 0, 0]);
  const h = offsetOf(be, H);
  const lam = offsetOf(be, Lambda);
  const r = offsetOf(be, R);
  const d = offsetOf(be, delta);
  for (let j = 0; j < S; j++) {
    const x = j * bytes;
    passes.stats(r + x, lam + x, d + x, Eps.offset + x, Sums.offset, K);
    perLayer[j] = sums(f32, Sums.offset >> 2, 5);
  }

  let sumE2 = 0;
  const f = heapF32(be);
  const eOff = offsetOf(be, e) >> 2;
  for (let k = 0; k < B * C; k++) sumE2 += f[eOff + k] * f[eOff + k];

  // ⟨G_l, G_l^BP⟩ and ‖G_l‖² from G_l = −(a_l / B) · raw_l, raw_l = ε_lᵀ φ(h_{l−1}) (x for W_1, e
  // for the readout): one SIMD product contracted over the batch, then one reduction pass.
  const dots: number[] = [];
  const squares: number[] = [];
  const gradient = (credit: number, rows: number, input: number, cols: number, gbp: number, a: number) => {
    passes.gemmTN(credit, input, G.offset, rows, B, cols);
    passes.gradientDots(G.offset, gbp, Sums.offset, rows * cols);
    const [dot, sq] = sums(f, Sums.offset >> 2, 2);
    const scale = a / B;
    dots.push(-scale * dot);
    squares.push(scale * scale * sq);
  };
  // W_1's G = −(a_1/B) ε_1ᵀ x is N × D (D = 784): from batch Grams instead, ‖ε_1ᵀ x‖² =
  // ⟨ε_1 ε_1ᵀ, x xᵀ⟩ and ⟨ε_1ᵀ x, G^BP⟩ = ⟨ε_1, x G^BPᵀ⟩, with x xᵀ and x G^BPᵀ fixed per batch.
  const e0 = Eps.offset >> 2;
  const e0t = E0T.offset >> 2;
  for (let b = 0; b < B; b++) for (let n = 0; n < N; n++) f[e0t + n * B + b] = f[e0 + b * N + n];
  passes.gemmTN(E0T.offset, E0T.offset, G.offset, B, N, B);
  passes.gradientDots(G.offset, offsetOf(be, gram), Sums.offset, B * B);
  const [inputSquare] = sums(f, Sums.offset >> 2, 2);
  passes.gradientDots(Eps.offset, offsetOf(be, xg), Sums.offset, K);
  const [inputDot] = sums(f, Sums.offset >> 2, 2);
  const inputScale = at.a[0] / B;
  dots.push(-inputScale * inputDot);
  squares.push(inputScale * inputScale * inputSquare);
  for (let i = 0; i < I; i++) {
    const gbp = offsetOf(be, gInt) + i * 4 * N * N;
    gradient(Eps.offset + (i + 1) * bytes, N, phiOffset + i * bytes, N, gbp, at.a[i + 1]);
  }
  gradient(offsetOf(be, e), C, phiOffset + (S - 1) * bytes, N, offsetOf(be, gOut), at.a[L - 1]);

  const g32 = f;
  const dn = offsetOf(be, deltaNorms) >> 2;
  const bq = offsetOf(be, bpSquares) >> 2;
  const o = offsetOf(be, out) >> 2;
  let sumR2 = 0;
  let sumLR = 0;
  for (let j = 0; j < S; j++) {
    const [r2, l2, e2, ed, lr] = perLayer[j];
    g32[o + j] = Math.sqrt(r2 / K);
    g32[o + S + j] = Math.sqrt(l2 / K);
    g32[o + 2 * S + j] = Math.sqrt(e2 / K);
    g32[o + 3 * S + j] = cosine(-ed, Math.sqrt(e2), g32[dn + j]);
    sumR2 += r2;
    sumLR += lr;
  }
  let dotAll = 0;
  let sqAll = 0;
  let bpAll = 0;
  for (let l = 0; l < L; l++) {
    const bp = g32[bq + l];
    g32[o + 4 * S + l] = cosine(dots[l], Math.sqrt(squares[l]), Math.sqrt(bp));
    dotAll += dots[l];
    sqAll += squares[l];
    bpAll += bp;
  }
  const loss = (0.5 * sumE2) / B;
  const constraint = sumR2 / B;
  const energy = loss + 0.5 * constraint;
  const g = o + 4 * S + L;
  g32[g] = cosine(dotAll, Math.sqrt(sqAll), Math.sqrt(bpAll));
  g32[g + 1] = energy;
  g32[g + 2] = energy + sumLR / B;
  g32[g + 3] = constraint;
  const hf = h >> 2;
  const lf = lam >> 2;
  at.probe.forEach((index, u) => {
    g32[g + 4 + u] = g32[hf + index];
    g32[g + 4 + at.probe.length + u] = g32[lf + index];
  });
  return out;
}
