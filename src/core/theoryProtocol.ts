/**
 * Messages between the app and the theory worker (spec §7, plain float64, no tfjs). The worker keeps
 * the last linearised system it built, so an "exact" request only names that system by its key.
 */
import type { Network } from './network';

/**
 * Largest n = N(L−1) whose singular values are computed without asking: ml-matrix's SVD of the n×n A
 * took 4.4 s at n = 992 (the default N = L = 32) and 5.1 s at n = 960 on the 2-core dev container.
 */
export const SIGMA_AUTO_MAX_N = 1024;

/**
 * Largest n computed at all, on request: 58–63 s at n ≈ 2000 (N = 64, L = 32 or N = 32, L = 64), and
 * the cost grows like n^3.7 there; the dense A alone would be 8n² bytes.
 */
export const SIGMA_MAX_N = 2048;

/** Rough duration of the SVD, from the timings above (t ∝ n^3.7 fitted through 992 → 4.4 s). */
export function estimateSigmaSeconds(n: number): number {
  return 4.4 * (Math.max(n, 1) / 992) ** 3.7;
}

export type ToTheory =
  /** Linearise `network` at input `x` (probe sample `sample`), keep the system, reply with σ(A). */
  | { type: 'system'; requestId: number; key: string; network: Network; x: Float32Array; sample: number }
  /** Eigenvalues of the full M (readout included) of the kept system `key`. */
  | { type: 'exact'; requestId: number; key: string; etaH: number; etaLambda: number };

export interface SigmasReply {
  type: 'sigmas';
  requestId: number;
  key: string;
  n: number;
  linearized: boolean;
  /** Singular values of A, descending. */
  sigmas: Float64Array;
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
}

export interface ExactReply extends ExactSpectrum {
  type: 'exact';
  requestId: number;
}

export interface TheoryErrorReply {
  type: 'error';
  requestId: number;
  key: string;
  message: string;
}

export type FromTheory = SigmasReply | ExactReply | TheoryErrorReply;
