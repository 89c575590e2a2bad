/**
 * Matrix-free float64 operators of spec §7: products with A, Aᵀ, A⁻¹, A⁻ᵀ, K, Kᵀ and the PC-ALM step
 * M (readout included), without forming any n×n matrix.
 *
 * A is block lower-bidiagonal with identity diagonal blocks, so
 *   (A v)_l = v_l − B_l v_{l−1}            (one layer Jacobian per block: a forward pass)
 *   (Aᵀ u)_l = u_l − B_{l+1}ᵀ u_{l+1}      (a backward pass)
 * and, being unit lower-triangular, it is inverted by substitution at the same cost:
 *   (A⁻¹ v)_l = v_l + B_l (A⁻¹ v)_{l−1},   (A⁻ᵀ u)_l = u_l + B_{l+1}ᵀ (A⁻ᵀ u)_{l+1}.
 * Each product costs O(L N²): about one forward or backward pass of the network. The inverse products
 * are what make σ_min of A and the eigenvalues of M near z = 1 cheap (see krylov.ts, arnoldi.ts, matrixFree.ts).
 *
 * Block b (0-based) of a stacked vector holds h_{b+1}, as in linearSystem.ts.
 */
import type { Network } from '../core/network';
import { activateDerivative, forwardPass } from './linearSystem';

/**
 * B = [I +] a W diag(d), kept as the columns of W where d ≠ 0 only. For ReLU about half the units
 * are off at the forward pass (d = 0), and their columns contribute nothing, so the products skip
 * them: half the multiply-adds of every pass, for the same sums up to their order. W stays float32
 * (half the memory traffic of a float64 copy) and the scale a is applied to each float64 sum: the
 * same numbers as the dense a·W to round-off.
 */
interface LayerJacobian {
  /** rows × active.length, the kept columns of W in order. */
  W: Float32Array;
  scale: number;
  /** d at the kept columns. */
  d: Float64Array;
  /** Indices of the kept columns (d ≠ 0). */
  active: Int32Array;
}

export interface SystemOperators {
  width: number;
  depth: number;
  classes: number;
  /** n = N(L−1). */
  n: number;
  linearized: boolean;
  /** Forward-pass output ŷ at the probe sample. */
  yHat: Float64Array;
  /** ‖K‖_F², an upper bound on ‖KᵀK‖₂: how far the readout can move an eigenvalue of H. */
  readoutFrobenius2: number;
  /** out = A v (out must not alias v). */
  applyA(v: Float64Array, out: Float64Array): void;
  /** out = Aᵀ u (out must not alias u). */
  applyAt(u: Float64Array, out: Float64Array): void;
  /** out = A⁻¹ v (out may alias v). */
  solveA(v: Float64Array, out: Float64Array): void;
  /** out = A⁻ᵀ u (out may alias u). */
  solveAt(u: Float64Array, out: Float64Array): void;
  /** out (length C) = K h. */
  applyK(h: Float64Array, out: Float64Array): void;
  /** out (length n) = Kᵀ y. */
  applyKt(y: Float64Array, out: Float64Array): void;
}

function layerJacobian(
  W: Network['W'][number],
  scale: number,
  act: Network['act'],
  h: Float64Array,
): LayerJacobian {
  const slopes = h.map((v) => activateDerivative(act, v));
  const kept: number[] = [];
  for (let j = 0; j < slopes.length; j++) if (slopes[j] !== 0) kept.push(j);
  const active = Int32Array.from(kept);
  const m = active.length;
  const compact = new Float32Array(W.rows * m);
  for (let i = 0; i < W.rows; i++)
    for (let k = 0; k < m; k++) compact[i * m + k] = W.data[i * W.cols + active[k]];
  return { W: compact, scale, d: Float64Array.from(active, (j) => slopes[j]), active };
}

/**
 * out += sign · a W diag(d) v over `rows` rows; `tmp` has room for a row. Four accumulators: V8 does
 * not vectorise, and independent sums let the adds overlap.
 */
function addJacobianProduct(
  J: LayerJacobian,
  rows: number,
  v: Float64Array,
  vOffset: number,
  out: Float64Array,
  outOffset: number,
  sign: number,
  tmp: Float64Array,
): void {
  const { W, d, active } = J;
  const m = active.length;
  const f = sign * J.scale;
  for (let k = 0; k < m; k++) tmp[k] = d[k] * v[vOffset + active[k]];
  const end4 = m - (m % 4);
  for (let i = 0; i < rows; i++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const row = i * m;
    let k = 0;
    for (; k < end4; k += 4) {
      s0 += W[row + k] * tmp[k];
      s1 += W[row + k + 1] * tmp[k + 1];
      s2 += W[row + k + 2] * tmp[k + 2];
      s3 += W[row + k + 3] * tmp[k + 3];
    }
    for (; k < m; k++) s0 += W[row + k] * tmp[k];
    out[outOffset + i] += f * (s0 + s1 + s2 + s3);
  }
}

/** out += sign · a diag(d) Wᵀ u over `rows` rows of W; `tmp` has room for a row. */
function addJacobianTransposeProduct(
  J: LayerJacobian,
  rows: number,
  u: Float64Array,
  uOffset: number,
  out: Float64Array,
  outOffset: number,
  sign: number,
  tmp: Float64Array,
): void {
  const { W, d, active } = J;
  const m = active.length;
  const f = sign * J.scale;
  tmp.fill(0, 0, m);
  // Four rows per sweep: a quarter of the read-modify-writes of tmp.
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const u0 = u[uOffset + i];
    const u1 = u[uOffset + i + 1];
    const u2 = u[uOffset + i + 2];
    const u3 = u[uOffset + i + 3];
    const r0 = i * m;
    const r1 = r0 + m;
    const r2 = r1 + m;
    const r3 = r2 + m;
    for (let k = 0; k < m; k++) tmp[k] += W[r0 + k] * u0 + W[r1 + k] * u1 + W[r2 + k] * u2 + W[r3 + k] * u3;
  }
  for (; i < rows; i++) {
    const ui = u[uOffset + i];
    const row = i * m;
    for (let k = 0; k < m; k++) tmp[k] += W[row + k] * ui;
  }
  for (let k = 0; k < m; k++) out[outOffset + active[k]] += f * d[k] * tmp[k];
}

/**
 * The operators of spec §7 for `net`, linearised at the forward pass of the one sample `x` (exact for
 * φ = identity), the same system `linearizedSystem` builds densely.
 */
export function systemOperators(net: Network, x: ArrayLike<number>): SystemOperators {
  const { width: N, depth: L, classes: C } = net;
  const n = N * (L - 1);
  const blocks = L - 1;
  const { hidden, yHat } = forwardPass(net, x);
  const residual = net.arch === 'residual';
  // jac[b] is B_{b+1}, acting on block b−1 (h_b) into block b; jac[0] is unused (the input layer).
  const jac: LayerJacobian[] = [];
  for (let b = 1; b < blocks; b++) jac[b] = layerJacobian(net.W[b], net.a[b], net.act, hidden[b - 1]);
  const readout = layerJacobian(net.W[L - 1], net.a[L - 1], net.act, hidden[L - 2]);
  const tmp = new Float64Array(N);
  const last = (L - 2) * N;
  let readoutFrobenius2 = 0;
  const kept = readout.active.length;
  for (let i = 0; i < C; i++)
    for (let k = 0; k < kept; k++)
      readoutFrobenius2 += (readout.scale * readout.W[i * kept + k] * readout.d[k]) ** 2;

  const applyA = (v: Float64Array, out: Float64Array) => {
    out.set(v);
    for (let b = 1; b < blocks; b++) {
      if (residual) for (let i = 0; i < N; i++) out[b * N + i] -= v[(b - 1) * N + i];
      addJacobianProduct(jac[b], N, v, (b - 1) * N, out, b * N, -1, tmp);
    }
  };
  const applyAt = (u: Float64Array, out: Float64Array) => {
    out.set(u);
    for (let b = 1; b < blocks; b++) {
      if (residual) for (let i = 0; i < N; i++) out[(b - 1) * N + i] -= u[b * N + i];
      addJacobianTransposeProduct(jac[b], N, u, b * N, out, (b - 1) * N, -1, tmp);
    }
  };
  const solveA = (v: Float64Array, out: Float64Array) => {
    if (out !== v) out.set(v);
    for (let b = 1; b < blocks; b++) {
      if (residual) for (let i = 0; i < N; i++) out[b * N + i] += out[(b - 1) * N + i];
      addJacobianProduct(jac[b], N, out, (b - 1) * N, out, b * N, 1, tmp);
    }
  };
  const solveAt = (u: Float64Array, out: Float64Array) => {
    if (out !== u) out.set(u);
    for (let b = blocks - 1; b >= 1; b--) {
      if (residual) for (let i = 0; i < N; i++) out[(b - 1) * N + i] += out[b * N + i];
      addJacobianTransposeProduct(jac[b], N, out, b * N, out, (b - 1) * N, 1, tmp);
    }
  };
  const applyK = (h: Float64Array, out: Float64Array) => {
    out.fill(0);
    addJacobianProduct(readout, C, h, last, out, 0, 1, tmp);
  };
  const applyKt = (y: Float64Array, out: Float64Array) => {
    out.fill(0);
    addJacobianTransposeProduct(readout, C, y, 0, out, last, 1, tmp);
  };
  return {
    width: N,
    depth: L,
    classes: C,
    n,
    linearized: net.act !== 'identity',
    yHat,
    readoutFrobenius2,
    applyA,
    applyAt,
    solveA,
    solveAt,
    applyK,
    applyKt,
  };
}

/** A linear map on R^dim given by its product (out must not alias v). */
export interface LinearOperator {
  dim: number;
  apply(v: Float64Array, out: Float64Array): void;
}

/** Scratch vectors for the composite operators below, so a Krylov loop allocates nothing. */
function scratch(n: number, count: number): Float64Array[] {
  return Array.from({ length: count }, () => new Float64Array(n));
}

/** AᵀA (readout dropped) or H = AᵀA + KᵀK (§7). */
export function hessianOperator(ops: SystemOperators, withReadout: boolean): LinearOperator {
  const [t] = scratch(ops.n, 1);
  const y = new Float64Array(ops.classes);
  const k = new Float64Array(ops.n);
  return {
    dim: ops.n,
    apply(v, out) {
      ops.applyA(v, t);
      ops.applyAt(t, out);
      if (!withReadout) return;
      ops.applyK(v, y);
      ops.applyKt(y, k);
      for (let i = 0; i < out.length; i++) out[i] += k[i];
    },
  };
}

/** (AᵀA)⁻¹ = A⁻¹ A⁻ᵀ: its largest eigenvalue is 1/σ_min². */
export function inverseGramOperator(ops: SystemOperators): LinearOperator {
  return {
    dim: ops.n,
    apply(v, out) {
      ops.solveAt(v, out);
      ops.solveA(out, out);
    },
  };
}

export interface StepOptions {
  /** Use H = AᵀA (K = 0): the case with the per-mode closed form. Default false. */
  dropReadout?: boolean;
}

/**
 * M of spec §7 on (h, λ) stacked as one vector of length 2n (h first, as `iterationMatrix`):
 *   h' = h − η_h (H h + Aᵀ λ),   λ' = λ + η_λ A h'.
 * Three products with A or Aᵀ (plus the small readout) per application.
 */
export function stepOperator(
  ops: SystemOperators,
  etaH: number,
  etaLambda: number,
  options: StepOptions = {},
): LinearOperator {
  const { n } = ops;
  const H = hessianOperator(ops, !options.dropReadout);
  const [hv, at] = scratch(n, 2);
  return {
    dim: 2 * n,
    apply(v, out) {
      const h = v.subarray(0, n);
      const lambda = v.subarray(n);
      const hNew = out.subarray(0, n);
      const lNew = out.subarray(n);
      H.apply(h, hv);
      ops.applyAt(lambda, at);
      for (let i = 0; i < n; i++) hNew[i] = h[i] - etaH * (hv[i] + at[i]);
      ops.applyA(hNew, lNew);
      for (let i = 0; i < n; i++) lNew[i] = lambda[i] + etaLambda * lNew[i];
    },
  };
}

/**
 * (M − I)⁻¹ for η_λ > 0, matrix-free: (M − I)(h, λ) = (f, g) gives η_λ A h' = g with h' = h + f, and
 * η_h Aᵀ λ = −(f + η_h H h) from the activity step. So
 *   h = A⁻¹ g / η_λ − f,   λ = −A⁻ᵀ (f + η_h H h) / η_h.
 * Its largest eigenvalues 1/(z − 1) belong to the eigenvalues z of M nearest 1: the slow modes,
 * which are the outermost ones whenever the per-mode roots are complex (|z − 1|² = η_h η_λ σ² there).
 */
export function shiftedInverseStepOperator(
  ops: SystemOperators,
  etaH: number,
  etaLambda: number,
  options: StepOptions = {},
): LinearOperator {
  if (!(etaLambda > 0 && etaH > 0)) throw new Error('(M − I) is singular unless η_h > 0 and η_λ > 0');
  const { n } = ops;
  const withReadout = !options.dropReadout;
  const [ah, kk] = scratch(n, 2);
  const y = new Float64Array(ops.classes);
  return {
    dim: 2 * n,
    apply(v, out) {
      const f = v.subarray(0, n);
      const g = v.subarray(n);
      const h = out.subarray(0, n);
      const lambda = out.subarray(n);
      ops.solveA(g, h);
      for (let i = 0; i < n; i++) h[i] = h[i] / etaLambda - f[i];
      // λ = −A⁻ᵀ(f + η_h H h)/η_h with H = AᵀA + KᵀK is −A⁻ᵀ(f/η_h + KᵀK h) − A h: A⁻ᵀAᵀ = I, so
      // three passes over the layers (A⁻¹, A, A⁻ᵀ) instead of four.
      for (let i = 0; i < n; i++) lambda[i] = f[i] / etaH;
      if (withReadout) {
        ops.applyK(h, y);
        ops.applyKt(y, kk);
        for (let i = 0; i < n; i++) lambda[i] += kk[i];
      }
      ops.solveAt(lambda, lambda);
      ops.applyA(h, ah);
      for (let i = 0; i < n; i++) lambda[i] = -lambda[i] - ah[i];
    },
  };
}
