/**
 * Requests to the theory worker and its replies (spec §7, plain float64, no tfjs), over comlink
 * (`TheoryApi`): one request, one reply, progress through a callback. The worker keeps the last
 * linearised system it built, so an "exact" request only names that system by its key.
 */
import type { Network } from '../core/network';

/**
 * Largest n = N(L−1) whose spectrum is computed densely (all σ of A by ml-matrix's SVD, all 2n
 * eigenvalues of M by its EVD: about 0.4 s each at n = 128). Above it the matrix-free path
 * (src/theory/matrixFree.ts) gives σ_min, σ_max, the density of σ, ρ(M) and M's outermost eigenvalues.
 */
export const DENSE_MAX_N = 128;

/**
 * Every n up to this is computed without asking (N = L = 128 is n = 16,256). Above it a product with A
 * costs L·N² ≥ 8M multiply-adds and the spectrum would take minutes.
 */
export const SIGMA_AUTO_MAX_N = 65_536;

/** Largest n computed at all. */
export const SIGMA_MAX_N = SIGMA_AUTO_MAX_N;

/**
 * Rough duration of the whole spectrum (σ and ρ(M)): about 1,000 products with A, each L·N² ≈ n·N
 * multiply-adds at ~1e9 per second; at least a tenth of a second.
 */
export function estimateSigmaSeconds(n: number, width = Math.sqrt(Math.max(n, 1))): number {
  return Math.max(0.1, (1000 * n * width) / 1e9);
}

/** Singular values of A beyond the list in `sigmas`: extremes, distribution, and how they were found. */
export interface SigmaDetail {
  /** dense: every σ from ml-matrix's SVD; matrixFree: Lanczos extremes and an SLQ density. */
  method: 'dense' | 'matrixFree';
  sigmaMin: number;
  sigmaMax: number;
  /** Relative residual bounds of the Lanczos extremes (0 for the dense SVD). */
  residualMin: number;
  residualMax: number;
  /** Histogram of the n singular values: bin edges in σ (ascending) and the fraction in each bin. */
  edges: Float64Array;
  mass: Float64Array;
}

export type ToTheory =
  /** Linearise `network` at input `x` (probe sample `sample`), keep the system, reply with σ(A). */
  | { type: 'system'; key: string; network: Network; x: Float32Array; sample: number }
  /** Eigenvalues of the full M (readout included) of the kept system `key`. */
  | { type: 'exact'; key: string; etaH: number; etaLambda: number };

export interface SigmasReply {
  type: 'sigmas';
  key: string;
  n: number;
  linearized: boolean;
  /**
   * Singular values of A, descending: all n of them (dense), or representatives at the mid-quantiles
   * of the density with the exact extremes first and last (matrix-free).
   */
  sigmas: Float64Array;
  detail: SigmaDetail;
  /** Time spent building A and decomposing it. */
  ms: number;
}

/** Eigenvalues re + i·im of the full M of system `key` at (η_h, η_λ), and the time they took. */
export interface ExactSpectrum {
  key: string;
  etaH: number;
  etaLambda: number;
  re: Float64Array;
  im: Float64Array;
  ms: number;
  /** ρ(M), readout included. */
  rho: number;
  /** re/im hold all 2n eigenvalues (dense), or only the outermost found (matrix-free). */
  complete: boolean;
  /** Matrix-free: every value returned met the Krylov tolerance; its largest relative residual. */
  converged: boolean;
  residual: number;
}

export interface ExactReply extends ExactSpectrum {
  type: 'exact';
}

export interface TheoryErrorReply {
  type: 'error';
  key: string;
  message: string;
}

/** Sent while a request runs: which part, and how far (0 … 1, an estimate). */
export interface TheoryProgressReply {
  type: 'progress';
  key: string;
  stage: 'sigma' | 'rho';
  fraction: number;
}

/** The answer to one request (progress goes to the request's callback). */
export type FromTheory = SigmasReply | ExactReply | TheoryErrorReply;

/** What the theory worker exposes (src/worker/theory.worker.ts); bad input is an error reply, never a throw. */
export interface TheoryApi {
  handle(request: ToTheory, onProgress: (progress: TheoryProgressReply) => void): Promise<FromTheory>;
}
