/**
 * Arnoldi with full reorthogonalisation (classical Gram–Schmidt, twice when the first pass removed
 * most of the vector) on a matrix-free operator, float64 throughout: the outermost eigenvalues of the
 * nonsymmetric M. The projected Hessenberg problem is solved in hessenbergRitz.ts.
 */
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { hessenbergRitzValues } from './hessenbergRitz';
import { dot, norm } from './krylov';
import type { LinearOperator } from './operators';

/**
 * w ← w − Σ_j (q_jᵀ w) q_j over the first `count` basis vectors (classical Gram–Schmidt), with a
 * second pass only when the first removed most of w (the DGKS criterion ‖w‖ < ‖w₀‖/√2): the
 * coefficients of both passes are summed into `coeffs`.
 */
function orthogonalise(basis: Float64Array[], count: number, w: Float64Array, coeffs: Float64Array): void {
  coeffs.fill(0, 0, count);
  const before = norm(w);
  const c = new Float64Array(count);
  for (let pass = 0; pass < 2; pass++) {
    projections(basis, count, w, c);
    for (let j = 0; j < count; j++) coeffs[j] += c[j];
    subtractCombination(basis, count, c, w);
    if (norm(w) >= before * Math.SQRT1_2) break;
  }
}

/** Basis vectors j … j + 3, the unit of the four-at-a-time sweeps below. */
function fourVectors(
  basis: Float64Array[],
  j: number,
): [Float64Array, Float64Array, Float64Array, Float64Array] {
  return [basis[j], basis[j + 1], basis[j + 2], basis[j + 3]];
}

/**
 * c_j = q_jᵀ w for the first `count` basis vectors, four at a time: w is read once per four vectors
 * (the basis is far larger than the cache at the paper's sizes, so each sweep is a pass over memory).
 */
function projections(basis: Float64Array[], count: number, w: Float64Array, c: Float64Array): void {
  const n = w.length;
  let j = 0;
  for (; j + 3 < count; j += 4) {
    const [q0, q1, q2, q3] = fourVectors(basis, j);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const wi = w[i];
      s0 += q0[i] * wi;
      s1 += q1[i] * wi;
      s2 += q2[i] * wi;
      s3 += q3[i] * wi;
    }
    c[j] = s0;
    c[j + 1] = s1;
    c[j + 2] = s2;
    c[j + 3] = s3;
  }
  for (; j < count; j++) c[j] = dot(basis[j], w);
}

/** w ← w − Σ_j c_j q_j, four basis vectors per sweep over w. */
function subtractCombination(basis: Float64Array[], count: number, c: Float64Array, w: Float64Array): void {
  const n = w.length;
  let j = 0;
  for (; j + 3 < count; j += 4) {
    const [q0, q1, q2, q3] = fourVectors(basis, j);
    const c0 = c[j];
    const c1 = c[j + 1];
    const c2 = c[j + 2];
    const c3 = c[j + 3];
    for (let i = 0; i < n; i++) w[i] -= c0 * q0[i] + c1 * q1[i] + c2 * q2[i] + c3 * q3[i];
  }
  for (; j < count; j++) {
    const q = basis[j];
    const cj = c[j];
    for (let i = 0; i < n; i++) w[i] -= cj * q[i];
  }
}

export interface ComplexRitz {
  re: number;
  im: number;
  /** ‖op y − θ y‖ for the unit Ritz vector y: h_{m+1,m} |e_mᵀ y|. */
  residual: number;
}

export interface ArnoldiResult {
  ritz: ComplexRitz[];
  steps: number;
  exhausted: boolean;
}

/** Ritz values of the m×m Hessenberg H (row-major, stride `stride`) with residuals. */
function hessenbergRitz(H: Float64Array, stride: number, m: number, hLast: number): ComplexRitz[] {
  const fast = hessenbergRitzValues(H, stride, m, hLast);
  if (fast) return fast;
  // The QR iteration did not converge (never seen): the full decomposition.
  const T = MlMatrix.zeros(m, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) T.set(i, j, H[i * stride + j]);
  const evd = new EigenvalueDecomposition(T);
  const re = evd.realEigenvalues;
  const im = evd.imaginaryEigenvalues;
  const V = evd.eigenvectorMatrix;
  const out: ComplexRitz[] = [];
  for (let j = 0; j < m; j++) {
    // ml-matrix stores a complex pair's vector as columns (real part, imaginary part) at j, j+1.
    let lastRe: number;
    let lastIm: number;
    let sq = 0;
    if (im[j] !== 0 && j + 1 < m && im[j + 1] === -im[j]) {
      for (let i = 0; i < m; i++) sq += V.get(i, j) ** 2 + V.get(i, j + 1) ** 2;
      lastRe = V.get(m - 1, j);
      lastIm = V.get(m - 1, j + 1);
      const residual = (Math.abs(hLast) * Math.hypot(lastRe, lastIm)) / Math.sqrt(sq);
      out.push({ re: re[j], im: im[j], residual }, { re: re[j + 1], im: im[j + 1], residual });
      j++;
      continue;
    }
    for (let i = 0; i < m; i++) sq += V.get(i, j) ** 2;
    lastRe = V.get(m - 1, j);
    out.push({ re: re[j], im: im[j], residual: (Math.abs(hLast) * Math.abs(lastRe)) / Math.sqrt(sq) });
  }
  return out;
}

export interface ArnoldiOptions {
  maxSteps: number;
  start: Float64Array;
  /**
   * Stop when the `wanted` Ritz values of largest modulus all have residual ≤ tol · (largest modulus);
   * checked every `checkEvery` steps.
   */
  tol?: number;
  wanted?: number;
  /** Replaces the `wanted` test when given: stop as soon as it returns true for the current Ritz values. */
  isDone?: (ritz: ComplexRitz[]) => boolean;
  checkEvery?: number;
  /** Called after each step with the step count (progress). */
  onStep?: (step: number) => void;
}

function outermostConverged(ritz: ComplexRitz[], wanted: number, tol: number): boolean {
  const sorted = [...ritz].sort((p, q) => Math.hypot(q.re, q.im) - Math.hypot(p.re, p.im));
  const top = Math.hypot(sorted[0].re, sorted[0].im);
  return sorted.slice(0, wanted).every((p) => p.residual <= tol * top);
}

/** Arnoldi on a (nonsymmetric) `op` from `start`, full reorthogonalisation. */
export function arnoldi(op: LinearOperator, options: ArnoldiOptions): ArnoldiResult {
  const dim = op.dim;
  const maxSteps = Math.min(options.maxSteps, dim);
  const stride = maxSteps + 1;
  const H = new Float64Array(stride * stride);
  const basis: Float64Array[] = [];
  const coeffs = new Float64Array(stride);
  const q0 = Float64Array.from(options.start);
  const r0 = norm(q0);
  for (let i = 0; i < dim; i++) q0[i] /= r0;
  basis.push(q0);
  const checkEvery = options.checkEvery ?? 10;
  let nextCheck = 2 * checkEvery;
  let hLast = 0;
  let m = 0;
  let exhausted = false;
  for (let k = 0; k < maxSteps; k++) {
    const w = new Float64Array(dim);
    op.apply(basis[k], w);
    orthogonalise(basis, k + 1, w, coeffs);
    for (let j = 0; j <= k; j++) H[j * stride + k] = coeffs[j];
    const b = norm(w);
    hLast = b;
    m = k + 1;
    options.onStep?.(m);
    let colNorm = 0;
    for (let j = 0; j <= k; j++) colNorm += coeffs[j] ** 2;
    if (b <= 1e-13 * Math.sqrt(colNorm) || m === dim) {
      exhausted = true;
      hLast = 0;
      break;
    }
    H[(k + 1) * stride + k] = b;
    for (let i = 0; i < dim; i++) w[i] /= b;
    basis.push(w);
    // Checks at growing intervals (10, 20, 30, 45, 65, …): each one eigen-solves the Hessenberg, O(m³).
    if (options.tol && m === nextCheck && m < maxSteps) {
      nextCheck = Math.max(m + checkEvery, Math.round(m * 1.45));
      const ritz = hessenbergRitz(H, stride, m, b);
      const done = options.isDone
        ? options.isDone(ritz)
        : outermostConverged(ritz, options.wanted ?? 1, options.tol);
      if (done) return { ritz, steps: m, exhausted };
    }
  }
  return { ritz: hessenbergRitz(H, stride, m, hLast), steps: m, exhausted };
}
