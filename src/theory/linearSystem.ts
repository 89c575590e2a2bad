/**
 * The stacked linear system of spec §7, and the PC-ALM iteration matrix M built from it.
 *
 * Hidden states are stacked as h = (h_1 … h_{L-1}) ∈ R^n, n = N(L−1); block l−1 of the stack
 * (0-based) holds h_l. All arithmetic is float64; the float32 weights are widened exactly.
 */
import type { Activation, Network } from '../core/network';
import { type DenseMatrix, identityMatrix, multiply, transpose, zerosMatrix } from './dense';

export interface LinearSystem {
  /** N: width of every hidden layer. */
  width: number;
  /** L: number of weight matrices. */
  depth: number;
  /** C: number of classes. */
  classes: number;
  /** n = N(L−1): size of the stacked hidden state. */
  n: number;
  /** n×n, block lower-bidiagonal: identity diagonal blocks, −B_l below the diagonal (§7). */
  A: DenseMatrix;
  /** C×n readout Jacobian [0 … 0, a_L W_L diag φ'(h_{L-1})] (§7; §3 for J_L). */
  K: DenseMatrix;
  /**
   * Input drive b = (a_1 W_1 x, 0, …, 0) ∈ R^n. For φ = identity the constraints are exactly
   * r = A h − b (§7); for a linearized system they are r ≈ A (h − hForward) near the forward pass.
   */
  b: Float64Array;
  /** Forward-pass hidden states h_1 … h_{L-1} (each length N), float64. */
  hidden: Float64Array[];
  /** The same states stacked into one vector of length n. */
  hForward: Float64Array;
  /** Forward-pass output ŷ = a_L W_L φ(h_{L-1}) (length C). */
  yHat: Float64Array;
  /** True unless the activation is the identity: then A and K are Jacobians at the forward pass (§7, last bullet). */
  linearized: boolean;
}

/** φ of spec §1. */
export function activate(act: Activation, v: number): number {
  if (act === 'tanh') return Math.tanh(v);
  if (act === 'relu') return Math.max(v, 0);
  return v;
}

/** φ' (ReLU'(0) = 0, as the engine's tf.step(h, 0)). */
export function activateDerivative(act: Activation, v: number): number {
  if (act === 'tanh') {
    const t = Math.tanh(v);
    return 1 - t * t;
  }
  if (act === 'relu') return v > 0 ? 1 : 0;
  return 1;
}

/** out = scale · W · v for a row-major float32 W stored [out][in]. */
function scaledMatVec(W: Network['W'][number], scale: number, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(W.rows);
  for (let i = 0; i < W.rows; i++) {
    let s = 0;
    const row = i * W.cols;
    for (let j = 0; j < W.cols; j++) s += W.data[row + j] * v[j];
    out[i] = scale * s;
  }
  return out;
}

/** Forward pass of spec §1 in float64: h_1 = a_1 W_1 x, h_l = f_l(h_{l-1}), ŷ = a_L W_L φ(h_{L-1}). */
export function forwardPass(
  net: Network,
  x: ArrayLike<number>,
): { hidden: Float64Array[]; yHat: Float64Array } {
  const L = net.depth;
  if (x.length !== net.inputDim) throw new Error(`input has length ${x.length}, expected ${net.inputDim}`);
  const hidden: Float64Array[] = [scaledMatVec(net.W[0], net.a[0], x)];
  for (let l = 2; l <= L - 1; l++) {
    const prev = hidden[l - 2];
    const phi = prev.map((v) => activate(net.act, v));
    const update = scaledMatVec(net.W[l - 1], net.a[l - 1], phi);
    if (net.arch === 'residual') for (let i = 0; i < update.length; i++) update[i] += prev[i];
    hidden.push(update);
  }
  const last = hidden[L - 2];
  const yHat = scaledMatVec(
    net.W[L - 1],
    net.a[L - 1],
    last.map((v) => activate(net.act, v)),
  );
  return { hidden, yHat };
}

/**
 * Writes `sign · J` into the block of `target` whose top-left corner is (row0, col0), where
 * J = a W diag φ'(h) (+ I when `addIdentity`): the Jacobian of a layer map at its input h (§3).
 */
function writeLayerJacobian(
  target: DenseMatrix,
  row0: number,
  col0: number,
  sign: number,
  W: Network['W'][number],
  scale: number,
  act: Activation,
  h: Float64Array,
  addIdentity: boolean,
): void {
  const dphi = h.map((v) => activateDerivative(act, v));
  for (let i = 0; i < W.rows; i++) {
    const targetRow = (row0 + i) * target.cols + col0;
    for (let j = 0; j < W.cols; j++) {
      target.data[targetRow + j] = sign * scale * W.data[i * W.cols + j] * dphi[j];
    }
    if (addIdentity) target.data[targetRow + i] += sign;
  }
}

/**
 * The stacked system of spec §7 for `net`, linearized at the forward pass of the one sample `x`
 * (exact for φ = identity): A (n×n), K (C×n), b, and the forward-pass states.
 * B_l = I + a_l W_l diag φ'(h_{l-1}) (residual) or a_l W_l diag φ'(h_{l-1}) (chain), l = 2 … L−1.
 * Depth L = 2 has no interior layer: n = N and A = I.
 */
export function linearizedSystem(net: Network, x: ArrayLike<number>): LinearSystem {
  const { width: N, depth: L, classes: C } = net;
  const n = N * (L - 1);
  const { hidden, yHat } = forwardPass(net, x);

  const A = identityMatrix(n);
  for (let l = 2; l <= L - 1; l++) {
    // Block row l−1 (0-based, holding r_l) gets −B_l in block column l−2 (holding h_{l-1}).
    const row0 = (l - 1) * N;
    const col0 = (l - 2) * N;
    writeLayerJacobian(
      A,
      row0,
      col0,
      -1,
      net.W[l - 1],
      net.a[l - 1],
      net.act,
      hidden[l - 2],
      net.arch === 'residual',
    );
  }

  const K = zerosMatrix(C, n);
  writeLayerJacobian(K, 0, (L - 2) * N, 1, net.W[L - 1], net.a[L - 1], net.act, hidden[L - 2], false);

  const b = new Float64Array(n);
  b.set(hidden[0]); // a_1 W_1 x: the input layer is always linear, so this is exact.

  const hForward = new Float64Array(n);
  hidden.forEach((h, i) => {
    hForward.set(h, i * N);
  });

  return {
    width: N,
    depth: L,
    classes: C,
    n,
    A,
    K,
    b,
    hidden,
    hForward,
    yHat,
    linearized: net.act !== 'identity',
  };
}

export interface IterationMatrixOptions {
  /** Use H = AᵀA (K = 0), the case with the per-mode closed form of §7. Default false. */
  dropReadout?: boolean;
}

/** Activity Hessian H = AᵀA + KᵀK (§7), or AᵀA when the readout is dropped. */
export function activityHessian(sys: LinearSystem, dropReadout = false): DenseMatrix {
  const H = multiply(transpose(sys.A), sys.A);
  if (!dropReadout) {
    const KtK = multiply(transpose(sys.K), sys.K);
    for (let i = 0; i < H.data.length; i++) H.data[i] += KtK.data[i];
  }
  return H;
}

/**
 * The 2n×2n PC-ALM iteration matrix of spec §7 (one activity step, then one dual step):
 * M = [[I − η_h H, −η_h Aᵀ], [η_λ A (I − η_h H), I − η_h η_λ A Aᵀ]], acting on (h, λ).
 */
export function iterationMatrix(
  sys: LinearSystem,
  etaH: number,
  etaLambda: number,
  options: IterationMatrixOptions = {},
): DenseMatrix {
  const { n, A } = sys;
  const At = transpose(A);
  // P = I − η_h H
  const P = activityHessian(sys, options.dropReadout ?? false);
  for (let i = 0; i < P.data.length; i++) P.data[i] *= -etaH;
  for (let i = 0; i < n; i++) P.data[i * n + i] += 1;
  const AP = multiply(A, P);
  const AAt = multiply(A, At);

  const size = 2 * n;
  const M = zerosMatrix(size, size);
  const md = M.data;
  for (let i = 0; i < n; i++) {
    const top = i * size;
    const bottom = (n + i) * size;
    for (let j = 0; j < n; j++) {
      md[top + j] = P.data[i * n + j];
      md[top + n + j] = -etaH * At.data[i * n + j];
      md[bottom + j] = etaLambda * AP.data[i * n + j];
      md[bottom + n + j] = (i === j ? 1 : 0) - etaH * etaLambda * AAt.data[i * n + j];
    }
  }
  return M;
}
