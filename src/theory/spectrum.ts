/**
 * Numerical spectra for spec §7, computed with ml-matrix (no hand-written eigen-solver):
 * eigenvalues of the iteration matrix M, and singular values of A.
 */

import { EigenvalueDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { DENSE_MAX_N } from '../core/theoryProtocol';
import { type DenseMatrix, toMlMatrix } from './dense';
import type { LinearSystem } from './linearSystem';

/** Complex numbers as parallel arrays: z_k = re[k] + i·im[k]. */
export interface ComplexArray {
  re: Float64Array;
  im: Float64Array;
}

/**
 * Largest n = N(L−1) for which `eigenvaluesOfM` (ml-matrix's dense nonsymmetric EVD of the 2n×2n M,
 * O(n³), always computing eigenvectors) is run interactively, i.e. recomputed when a slider is
 * released; while dragging, the app uses the per-mode closed form (`modeEigenvalues`), which is exact
 * with the readout dropped. Above the limit the theory worker takes the matrix-free path instead
 * (matrixFree.ts: ρ(M) and the outermost eigenvalues, readout included).
 * Measured with `npx tsx /tmp/theory-timing.ts` (Node 20.20, 2-core dev container shared with other
 * jobs, ml-matrix 6.15.1, residual ReLU net at seed 0; building A and M takes < 0.25 s at every size):
 *   n =  56 (M  112²):   0.15 s
 *   n = 120 (M  240²):   0.4–0.6 s
 *   n = 128 (M  256²):   0.35–0.4 s   (N = 32, L = 5)
 *   n = 160 (M  320²):   0.55–0.6 s
 *   n = 240 (M  480²):   1.6 s
 *   n = 480 (M  960²):  14–15 s
 *   n = 992 (M 1984²): 216 s         (the app's default N = L = 32)
 * 128 keeps one decomposition under about 0.4 s; the cost grows faster than n³ past ~500
 * (cache misses on ml-matrix's row-of-arrays storage).
 */
export const INTERACTIVE_EIGEN_MAX_N = DENSE_MAX_N;

/** Eigenvalues of a square matrix (e.g. M of §7) via ml-matrix's EigenvalueDecomposition. */
export function eigenvaluesOfM(M: DenseMatrix): ComplexArray {
  if (M.rows !== M.cols) throw new Error(`M must be square, got ${M.rows}×${M.cols}`);
  const evd = new EigenvalueDecomposition(toMlMatrix(M));
  return { re: Float64Array.from(evd.realEigenvalues), im: Float64Array.from(evd.imaginaryEigenvalues) };
}

/**
 * Singular values σ of A (§7), descending, from ml-matrix's SingularValueDecomposition without
 * singular vectors. It beat √eig(AᵀA) by ml-matrix's symmetric EigenvalueDecomposition at every size
 * measured (n = 480: 0.45 s vs 0.93 s; n = 992, the default N = L = 32: 4.3 s vs 7.6 s) and keeps small σ accurate too.
 * Tiny negative round-off is clamped to 0 (the SVD returns σ ≥ 0; the clamp is a guard).
 */
export function singularValuesOfA(sys: Pick<LinearSystem, 'A'>): Float64Array {
  const svd = new SingularValueDecomposition(toMlMatrix(sys.A), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: false,
  });
  const sigmas = Float64Array.from(svd.diagonal, (v) => Math.max(0, v));
  return sigmas.sort().reverse();
}

/** ρ = max_k |z_k|. */
export function spectralRadius(re: ArrayLike<number>, im: ArrayLike<number>): number {
  let rho = 0;
  for (let k = 0; k < re.length; k++) {
    const r = Math.hypot(re[k], im[k]);
    if (r > rho) rho = r;
  }
  return rho;
}
