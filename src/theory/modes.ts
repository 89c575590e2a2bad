/**
 * Per-mode closed forms of spec §7 (readout dropped, K = 0). For each singular value σ of A the
 * (h, λ) dynamics decouple into a 2×2 block with characteristic polynomial
 *   z² − (2 − a(1 + η_λ)) z + (1 − a) = 0,   a = η_h σ².
 */
import type { ComplexArray } from './spectrum';

/**
 * The two roots of §7's per-mode polynomial for every σ: roots of mode k sit at indices 2k, 2k+1
 * (a complex pair as +im then −im; real roots larger first). Pass `out` (length ≥ 2·count) to
 * reuse buffers while a slider is dragged: the loop allocates nothing.
 */
export function modeEigenvalues(
  sigmas: ArrayLike<number>,
  etaH: number,
  etaLambda: number,
  out?: ComplexArray,
): ComplexArray {
  const count = sigmas.length;
  const result = out ?? { re: new Float64Array(2 * count), im: new Float64Array(2 * count) };
  const { re, im } = result;
  if (re.length < 2 * count || im.length < 2 * count) throw new Error('output buffers too short');
  for (let k = 0; k < count; k++) {
    const s = sigmas[k];
    const a = etaH * s * s;
    const trace = 2 - a * (1 + etaLambda);
    const det = 1 - a;
    const disc = trace * trace - 4 * det;
    const i0 = 2 * k;
    if (disc < 0) {
      const half = Math.sqrt(-disc) / 2;
      re[i0] = trace / 2;
      im[i0] = half;
      re[i0 + 1] = trace / 2;
      im[i0 + 1] = -half;
    } else {
      // Cancellation-free pair: q = (trace + sign(trace)·√disc)/2, roots q and det/q.
      const q = (trace + (trace >= 0 ? 1 : -1) * Math.sqrt(disc)) / 2;
      const other = q === 0 ? 0 : det / q;
      re[i0] = Math.max(q, other);
      re[i0 + 1] = Math.min(q, other);
      im[i0] = 0;
      im[i0 + 1] = 0;
    }
  }
  return result;
}

/** Ring of §7 that holds every complex eigenvalue, for every η_λ. */
export interface Annulus {
  /** √(1 − η_h σ²) at the largest σ with η_h σ² < 1 (= √(1 − η_h σ_max²) when excludedModes = 0). */
  inner: number;
  /** √(1 − η_h σ_min²) (NaN when no mode can be complex). */
  outer: number;
  /**
   * Number of modes with η_h σ² ≥ 1. A complex pair needs (2 − a(1+η_λ))² < 4(1 − a), hence a < 1:
   * these modes have real roots for every η_λ, are off the ring, and are left out of it. So
   * inner is the spec's √(1 − η_h σ_max²) exactly when this is 0, and a tighter radius otherwise
   * (never NaN from a negative square root). When every mode is excluded, inner = outer = NaN.
   */
  excludedModes: number;
}

/**
 * Annulus √(1 − η_h σ_max²) ≤ |z| ≤ √(1 − η_h σ_min²) of §7 (complex |z| = √(1 − a) does not
 * depend on η_λ). Every mode with 0 < a < 1 is complex for some η_λ ≥ 0, so the ring is tight.
 */
export function annulusRadii(sigmas: ArrayLike<number>, etaH: number): Annulus {
  let minA = Infinity;
  let maxA = -Infinity;
  let excludedModes = 0;
  for (let k = 0; k < sigmas.length; k++) {
    const a = etaH * sigmas[k] * sigmas[k];
    if (a >= 1) {
      excludedModes++;
      continue;
    }
    if (a < minA) minA = a;
    if (a > maxA) maxA = a;
  }
  if (excludedModes === sigmas.length) return { inner: Number.NaN, outer: Number.NaN, excludedModes };
  return { inner: Math.sqrt(1 - maxA), outer: Math.sqrt(1 - minA), excludedModes };
}

/** Jury (Schur) ceiling of §7: a mode is stable iff 0 < η_h σ² < 4 / (2 + η_λ). */
export function juryCeiling(etaLambda: number): number {
  return 4 / (2 + etaLambda);
}

export interface Stability {
  /** η_h σ_max². */
  value: number;
  /** 4 / (2 + η_λ). */
  ceiling: number;
  /** 0 < value < ceiling. */
  stable: boolean;
  /** ceiling − value (> 0 when below the ceiling). */
  margin: number;
}

/**
 * Jury test of §7 for the stiffest mode (readout dropped). Since σ > 0 for every mode (A is unit
 * lower-triangular) and 4/(2+η_λ) is the binding bound, σ_max decides for all modes.
 * At η_λ = 0 the dual block is frozen: M keeps eigenvalues exactly 1, so `stable` then means the
 * activity block (PC's η_h σ² < 2) and ρ(M) = 1, not < 1.
 */
export function stability(sigmaMax: number, etaH: number, etaLambda: number): Stability {
  const value = etaH * sigmaMax * sigmaMax;
  const ceiling = juryCeiling(etaLambda);
  return { value, ceiling, stable: value > 0 && value < ceiling, margin: ceiling - value };
}
