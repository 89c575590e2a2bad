/**
 * Krylov methods on matrix-free operators (operators.ts), float64 throughout: symmetric Lanczos with
 * the three-term recurrence (extreme eigenvalues, and the Gauss quadrature nodes and weights of
 * stochastic Lanczos quadrature), without reorthogonalisation (see `lanczos`), and the vector helpers
 * and start vectors the Krylov runs share. Arnoldi, for the nonsymmetric M, is in arnoldi.ts. The
 * small tridiagonal problems go to ml-matrix, except the convergence checks (bisection, O(m)).
 */
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import type { LinearOperator } from './operators';

/** aᵀb with four independent sums: one running sum would wait on each add's latency. */
export function dot(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const end4 = n - (n % 4);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < end4; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (let i = end4; i < n; i++) s0 += a[i] * b[i];
  return s0 + s1 + s2 + s3;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** A reproducible start vector: uniform in [−1, 1] from a small LCG, normalised. */
export function startVector(dim: number, seed: number): Float64Array {
  const v = new Float64Array(dim);
  let s = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < dim; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    v[i] = s / 2 ** 31 - 1;
  }
  const r = norm(v);
  for (let i = 0; i < dim; i++) v[i] /= r;
  return v;
}

/** Rademacher ±1/√dim probe for stochastic trace estimation. */
export function rademacherVector(dim: number, seed: number): Float64Array {
  const v = startVector(dim, seed);
  const s = 1 / Math.sqrt(dim);
  for (let i = 0; i < dim; i++) v[i] = v[i] >= 0 ? s : -s;
  return v;
}

export interface RitzPair {
  value: number;
  /** Residual bound β_m |y_m| of the Ritz pair: |θ − λ| ≤ residual for some eigenvalue λ. */
  residual: number;
  /** Squared first component of the Ritz vector: the Gauss quadrature weight (SLQ). */
  weight: number;
}

export interface LanczosResult {
  /** Ritz pairs, ascending. */
  ritz: RitzPair[];
  steps: number;
  /** The Krylov space became invariant (β ≈ 0): the Ritz values are exact eigenvalues. */
  exhausted: boolean;
  /** The tridiagonal itself (diagonal, off-diagonal), for `gaussRule`. */
  alpha: number[];
  beta: number[];
}

/**
 * The Gauss quadrature rule of the first `steps` Lanczos steps (nodes = Ritz values of the leading
 * steps×steps tridiagonal, weights = squared first components): a long run also serves as a
 * quadrature probe without eigen-solving all of its tridiagonal.
 */
export function gaussRule(result: LanczosResult, steps: number): RitzPair[] {
  const m = Math.min(steps, result.alpha.length);
  return tridiagonalRitz(result.alpha, result.beta, m, m < result.alpha.length ? result.beta[m - 1] : 0);
}

export interface LanczosOptions {
  /** At most this many steps (capped at dim). */
  maxSteps: number;
  /** Stop early when the extreme Ritz value(s) asked for converge to this relative residual. */
  tol?: number;
  /** Which end must converge for an early stop: 'max', 'min' or 'both'; none = run maxSteps. */
  target?: 'max' | 'min' | 'both';
  start: Float64Array;
  /** Return only the two extreme Ritz pairs (no O(m³) eigen-solve of the whole tridiagonal). */
  extremesOnly?: boolean;
  /** Never stop before this many steps (a run that also serves as a quadrature probe). */
  minSteps?: number;
  /** Check convergence every this many steps (eigensolving the tridiagonal costs O(m²)). */
  checkEvery?: number;
}

/** Eigen-decomposition of the m×m symmetric tridiagonal (alpha, beta) into Ritz pairs. */
function tridiagonalRitz(alpha: number[], beta: number[], m: number, betaLast: number): RitzPair[] {
  const T = MlMatrix.zeros(m, m);
  for (let i = 0; i < m; i++) {
    T.set(i, i, alpha[i]);
    if (i + 1 < m) {
      T.set(i, i + 1, beta[i]);
      T.set(i + 1, i, beta[i]);
    }
  }
  const evd = new EigenvalueDecomposition(T, { assumeSymmetric: true });
  const V = evd.eigenvectorMatrix;
  const values = evd.realEigenvalues;
  const pairs = values.map((value, j) => ({
    value,
    residual: Math.abs(betaLast * V.get(m - 1, j)),
    weight: V.get(0, j) ** 2,
  }));
  return pairs.sort((p, q) => p.value - q.value);
}

/** Number of eigenvalues of the symmetric tridiagonal (alpha, beta) below x (Sturm sequence). */
function countBelow(alpha: number[], beta: number[], m: number, x: number): number {
  let count = 0;
  let q = 1;
  for (let i = 0; i < m; i++) {
    const b2 = i > 0 ? beta[i - 1] * beta[i - 1] : 0;
    q = alpha[i] - x - (i > 0 ? b2 / q : 0);
    if (q === 0) q = -1e-300;
    if (q < 0) count++;
  }
  return count;
}

/**
 * The largest (or smallest) Ritz pair of the tridiagonal in O(m) per bisection step: bisection on
 * the Sturm count to full precision, then two steps of inverse iteration for the eigenvector's end
 * components (residual and quadrature weight). Used for the convergence checks, so a long Lanczos
 * run never eigen-solves its whole tridiagonal.
 */
function extremeRitz(
  alpha: number[],
  beta: number[],
  m: number,
  betaLast: number,
  which: 'max' | 'min',
): RitzPair {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i + 1 < m ? Math.abs(beta[i]) : 0);
    lo = Math.min(lo, alpha[i] - r);
    hi = Math.max(hi, alpha[i] + r);
  }
  const target = which === 'max' ? m - 1 : 0;
  for (let it = 0; it < 200 && hi - lo > 2e-16 * Math.max(Math.abs(lo), Math.abs(hi)); it++) {
    const mid = (lo + hi) / 2;
    if (countBelow(alpha, beta, m, mid) > target) hi = mid;
    else lo = mid;
  }
  const value = (lo + hi) / 2;
  // Inverse iteration: solve (T − θ I) x = x_prev by the tridiagonal (Thomas) recurrence; the tiny
  // shift keeps the nearly singular pivots finite, and the solution is dominated by the wanted vector.
  const shift = value + (which === 'max' ? 1 : -1) * 1e-14 * Math.max(Math.abs(value), 1e-300);
  let x = new Float64Array(m).fill(1);
  const c = new Float64Array(m);
  const y = new Float64Array(m);
  for (let pass = 0; pass < 2; pass++) {
    let piv = alpha[0] - shift;
    if (piv === 0) piv = 1e-300;
    c[0] = m > 1 ? beta[0] / piv : 0;
    y[0] = x[0] / piv;
    for (let i = 1; i < m; i++) {
      piv = alpha[i] - shift - beta[i - 1] * c[i - 1];
      if (piv === 0) piv = 1e-300;
      c[i] = i + 1 < m ? beta[i] / piv : 0;
      y[i] = (x[i] - beta[i - 1] * y[i - 1]) / piv;
    }
    for (let i = m - 2; i >= 0; i--) y[i] -= c[i] * y[i + 1];
    let r = 0;
    for (let i = 0; i < m; i++) r += y[i] * y[i];
    r = Math.sqrt(r);
    x = y.map((v) => v / r);
  }
  return { value, residual: Math.abs(betaLast * x[m - 1]), weight: x[0] * x[0] };
}

/**
 * Symmetric Lanczos on `op` (which must be symmetric) from `start`, with the plain three-term
 * recurrence (each new vector re-orthogonalised against the previous two only) and O(n) memory.
 * Without full reorthogonalisation, converged Ritz values reappear as copies ("ghosts"), but the
 * extreme Ritz values and their residual bounds stay correct (Paige's analysis of Lanczos in finite
 * precision), and Gauss quadrature only splits a node's weight among its copies; in exchange a step
 * costs one product and O(n), not O(k n) as with a stored basis, at N = L = 128 the difference
 * between seconds and a minute.
 */
export function lanczos(op: LinearOperator, options: LanczosOptions): LanczosResult {
  const dim = op.dim;
  const maxSteps = options.maxSteps;
  const tol = options.tol ?? 0;
  const checkEvery = options.checkEvery ?? 10;
  const alpha: number[] = [];
  const beta: number[] = [];
  let prev = new Float64Array(dim);
  let q = Float64Array.from(options.start);
  const r0 = norm(q);
  for (let i = 0; i < dim; i++) q[i] /= r0;
  let w = new Float64Array(dim);
  let exhausted = false;
  let betaLast = 0;
  let betaPrev = 0;
  for (let k = 0; k < maxSteps; k++) {
    op.apply(q, w);
    for (let i = 0; i < dim; i++) w[i] -= betaPrev * prev[i];
    let a = dot(q, w);
    for (let i = 0; i < dim; i++) w[i] -= a * q[i];
    // One local correction pass against q and the previous vector.
    const da = dot(q, w);
    const dp = dot(prev, w);
    for (let i = 0; i < dim; i++) w[i] -= da * q[i] + dp * prev[i];
    a += da;
    alpha.push(a);
    const b = norm(w);
    const m = k + 1;
    const scale = Math.abs(a) + betaPrev;
    if (b <= 1e-13 * scale || (dim <= 2 && m === dim)) {
      exhausted = true;
      betaLast = 0;
      break;
    }
    betaLast = b;
    beta.push(b);
    for (let i = 0; i < dim; i++) w[i] /= b;
    const next = prev;
    prev = q;
    q = w;
    w = next;
    betaPrev = b;
    if (options.target && tol > 0 && m % checkEvery === 0 && m >= (options.minSteps ?? 0)) {
      const hi = extremeRitz(alpha, beta, m, b, 'max');
      const lo = options.target === 'max' ? hi : extremeRitz(alpha, beta, m, b, 'min');
      const ok = (p: RitzPair) => p.residual <= tol * Math.abs(hi.value);
      const done = options.target === 'max' ? ok(hi) : options.target === 'min' ? ok(lo) : ok(hi) && ok(lo);
      if (done)
        return {
          ritz: finalRitz(alpha, beta, m, b, options.extremesOnly),
          steps: m,
          exhausted: false,
          alpha,
          beta,
        };
    }
  }
  const m = alpha.length;
  return {
    ritz: finalRitz(alpha, beta, m, exhausted ? 0 : betaLast, options.extremesOnly),
    alpha,
    beta,
    steps: m,
    exhausted,
  };
}

function finalRitz(alpha: number[], beta: number[], m: number, betaLast: number, extremesOnly = false) {
  if (!extremesOnly || m < 3) return tridiagonalRitz(alpha, beta, m, betaLast);
  return [extremeRitz(alpha, beta, m, betaLast, 'min'), extremeRitz(alpha, beta, m, betaLast, 'max')];
}
