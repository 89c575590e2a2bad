/**
 * The spectrum of spec §7 at any size, from matrix-free products (operators.ts) and Krylov methods
 * (krylov.ts, arnoldi.ts); nothing n×n is formed. σ of A (extremes, density): sigmaSpectrum.ts, re-exported here.
 *
 * - ρ(M) and M's outermost eigenvalues, readout included: two Arnoldi runs.
 *   (1) shift-invert at z = 1 with (M − I)⁻¹, itself matrix-free (see `shiftedInverseStepOperator`):
 *       the eigenvalues nearest 1 are the slow modes; wherever the per-mode roots are complex they are
 *       the outermost (|z − 1|² = η_h η_λ σ² grows with σ while |z|² = 1 − η_h σ² shrinks);
 *   (2) Arnoldi on M itself for the stiff end (real roots through z = −1 when η_h σ_max² is past the
 *       Jury ceiling). It is a continuum of real roots and converges slowly, so with σ_max known the
 *       closed form decides: skipped where even √(σ_max² + ‖K‖_F²) keeps it inside the slow modes,
 *       and where it may be outside, its outermost left Ritz value counts unconverged (flagged).
 *   ρ(M) is the largest |z| among the converged Ritz values of both. At η_λ = 0 the dual block is
 *   frozen: M has n eigenvalues at exactly 1 and those of I − η_h H, so ρ(M) = max(1, |1 − η_h μ_max(H)|)
 *   with μ_max from Lanczos on H.
 */
import { arnoldi, type ComplexRitz } from './arnoldi';
import { lanczos, startVector } from './krylov';
import { modeEigenvalues } from './modes';
import {
  hessianOperator,
  type StepOptions,
  type SystemOperators,
  shiftedInverseStepOperator,
  stepOperator,
} from './operators';
import { LARGE_N } from './sigmaSpectrum';

export * from './sigmaSpectrum';

export interface StepSpectrum {
  /** ρ(M), readout included unless dropped. */
  rho: number;
  /** The outermost eigenvalues found (converged Ritz values), by decreasing |z|. */
  re: Float64Array;
  im: Float64Array;
  /** Largest residual bound among the values returned, relative to ρ. */
  residual: number;
  /** Every Ritz value used had converged to `tol`. */
  converged: boolean;
  steps: number;
  /** How ρ was found. */
  method: 'frozen-dual' | 'arnoldi';
}

export interface StepSettings extends StepOptions {
  /** Relative residual asked of the outermost Ritz values. */
  tol: number;
  /** Steps of the shift-invert Arnoldi run. */
  maxSteps: number;
  /**
   * Steps of the Arnoldi run on M itself, which only has to catch the stiff end (real roots through
   * z = −1): it sits at the far left of the spectrum, away from the crowd near the unit circle.
   */
  directSteps: number;
  /**
   * σ_max of A, when known: the closed form's stiffest root at σ_max tells whether the stiff end can
   * be outside the slow modes. If it can, the direct run is not stopped early and its outermost
   * left-half-plane Ritz value counts even when not converged (flagged): the stiff end of M is a
   * continuum of real roots and converges slowly, and a verdict must not miss a root past −1.
   */
  sigmaMax?: number;
  /** How many outermost eigenvalues to return. */
  outermost: number;
  /** Progress after each operator product, 0 … 1 (estimate). */
  onProgress?: (fraction: number) => void;
}

export const DEFAULT_STEP_SETTINGS: StepSettings = {
  tol: 1e-8,
  maxSteps: 120,
  directSteps: 60,
  outermost: 12,
};

/**
 * When the shift-invert run may stop. It converges the eigenvalues of M in order of |z − 1|, but the
 * outermost |z| need not be the nearest to 1 (the readout reorders them; at N = 10 the fourth
 * nearest was the outermost). Without the readout, an eigenvalue at distance d from 1 has
 * |z| = √(1 − d²/η_λ) when complex and 1 − d when real and positive; so once the converged ones reach
 * a distance d whose bound is below the largest |z| found, farther eigenvalues cannot be outside it
 * (exactly so without the readout, and as a stopping rule with it). At least MIN_NEAREST converge.
 */
const MIN_NEAREST = 4;

function nearestDone(ritz: ComplexRitz[], etaLambda: number, tol: number): boolean {
  let count = 0;
  let farthest = 0;
  let rho = 0;
  for (const r of ritz) {
    const mu = Math.hypot(r.re, r.im);
    if (mu === 0 || r.residual > tol * mu) continue;
    count++;
    const d = 1 / mu;
    farthest = Math.max(farthest, d);
    rho = Math.max(rho, Math.hypot(1 + r.re / (mu * mu), r.im / (mu * mu)));
  }
  if (count < MIN_NEAREST) return false;
  const bound = Math.max(Math.sqrt(Math.max(0, 1 - (farthest * farthest) / etaLambda)), 1 - farthest);
  return bound < rho;
}

/**
 * When the direct run may stop: its outermost Ritz value on the left half-plane (the stiff end) has
 * converged, or every Ritz value there is well inside the ρ already found near z = 1.
 */
function stiffDone(ritz: ComplexRitz[], rhoNear: number, tol: number): boolean {
  let outer: ComplexRitz | null = null;
  let outerAbs = 0;
  for (const r of ritz) {
    const abs = Math.hypot(r.re, r.im);
    if (r.re < 0 && abs > outerAbs) {
      outer = r;
      outerAbs = abs;
    }
  }
  if (!outer) return rhoNear > 0;
  return outer.residual <= tol * Math.max(outerAbs, 1) || outerAbs < rhoNear - STIFF_MARGIN;
}

/** |z| of the closed form's more negative root at σ (readout dropped). */
function stiffRoot(sigma: number, etaH: number, etaLambda: number): number {
  const { re, im } = modeEigenvalues([sigma], etaH, etaLambda);
  return Math.max(Math.hypot(re[0], im[0]), Math.hypot(re[1], im[1]));
}

/** The bound on the stiff end must stay this far inside ρ for the direct run to be skipped. */
const STIFF_SKIP_MARGIN = 0.02;

/** How far inside the slow modes' ρ the stiff end must stay for the direct run to stop early. */
const STIFF_MARGIN = 0.05;

/** A stiff Ritz value that has not met `tol` still counts when its residual is below this (relative). */
const LOOSE_TOL = 1e-4;

interface Candidate extends ComplexRitz {
  abs: number;
  ok: boolean;
}

export function stepSettingsFor(n: number): Partial<StepSettings> {
  return n > LARGE_N ? { maxSteps: 90, directSteps: 40 } : {};
}

/** ρ(M) and the outermost eigenvalues of M at (η_h, η_λ) (see the module comment). */
export function stepSpectrum(
  ops: SystemOperators,
  etaH: number,
  etaLambda: number,
  settings: Partial<StepSettings> = {},
): StepSpectrum {
  const s = { ...DEFAULT_STEP_SETTINGS, ...settings };
  const { n } = ops;
  if (etaLambda === 0) return frozenDual(ops, etaH, s);
  const progress = (offset: number) => (step: number) =>
    s.onProgress?.(Math.min(1, offset + step / (2 * (offset === 0 ? s.maxSteps : s.directSteps))));
  const inverse = arnoldi(shiftedInverseStepOperator(ops, etaH, etaLambda, s), {
    maxSteps: s.maxSteps,
    start: startVector(2 * n, 3),
    tol: s.tol,
    isDone: (ritz) => nearestDone(ritz, etaLambda, s.tol),
    checkEvery: 10,
    onStep: progress(0),
  });
  const candidates: Candidate[] = [];
  for (const r of inverse.ritz) {
    const mu = Math.hypot(r.re, r.im);
    if (mu === 0) continue;
    // z = 1 + 1/μ; a residual ε on μ moves z by about ε/|μ|².
    const re = 1 + r.re / (mu * mu);
    const im = -r.im / (mu * mu);
    const abs = Math.hypot(re, im);
    const residual = r.residual / (mu * mu);
    candidates.push({ re, im, residual, abs, ok: inverse.exhausted || r.residual <= s.tol * mu });
  }
  const rhoNear = Math.max(0, ...candidates.filter((c) => c.ok).map((c) => c.abs));
  const stiffSuspect =
    s.sigmaMax !== undefined && stiffRoot(s.sigmaMax, etaH, etaLambda) > rhoNear - STIFF_MARGIN;
  // With σ_max known, the stiff end is bounded: H ≤ AᵀA + ‖K‖_F² I, and the per-mode stiff root grows
  // with η_h σ²; when even that bound stays inside the slow modes' ρ, the direct run is skipped.
  const stiffBound =
    s.sigmaMax === undefined
      ? Number.POSITIVE_INFINITY
      : stiffRoot(Math.sqrt(s.sigmaMax ** 2 + ops.readoutFrobenius2), etaH, etaLambda);
  const skipDirect = rhoNear > 0 && stiffBound < rhoNear - STIFF_SKIP_MARGIN;
  const direct = skipDirect
    ? { ritz: [], steps: 0, exhausted: false }
    : arnoldi(stepOperator(ops, etaH, etaLambda, s), {
        maxSteps: s.directSteps,
        start: startVector(2 * n, 4),
        tol: s.tol,
        isDone: (ritz) => (stiffSuspect ? false : stiffDone(ritz, rhoNear, s.tol)),
        checkEvery: 10,
        onStep: progress(0.5),
      });
  const directStart = candidates.length;
  for (const r of direct.ritz) {
    const abs = Math.hypot(r.re, r.im);
    candidates.push({ ...r, abs, ok: direct.exhausted || r.residual <= s.tol * Math.max(abs, 1) });
  }
  // The outermost Ritz value of the direct run counts when nearly converged (flagged below): a stiff
  // root past −1 must not be missed because its last digits are still moving.
  const loose = candidates
    .slice(directStart)
    .filter((c) => !c.ok && (c.residual <= LOOSE_TOL * Math.max(c.abs, 1) || (stiffSuspect && c.re < 0)))
    .sort((p, q) => q.abs - p.abs)[0];
  // It only stands for a root outside everything converged; inside, it would add an inexact value.
  const rhoConverged = Math.max(0, ...candidates.filter((c) => c.ok).map((c) => c.abs));
  const outerLoose = loose && loose.abs > rhoConverged ? loose : null;
  const converged = candidates.filter((c) => c.ok || c === outerLoose);
  const pool = (converged.length > 0 ? converged : candidates).sort((p, q) => q.abs - p.abs);
  const chosen = dedupe(pool, s.outermost);
  const rho = chosen.length > 0 ? chosen[0].abs : Number.NaN;
  return {
    rho,
    re: Float64Array.from(chosen, (c) => c.re),
    im: Float64Array.from(chosen, (c) => c.im),
    residual: chosen.reduce((m, c) => Math.max(m, c.residual), 0) / Math.max(rho, 1e-300),
    converged: converged.length > 0 && chosen.every((c) => c.ok),
    steps: inverse.steps + direct.steps,
    method: 'arnoldi',
  };
}

/** Both Arnoldi runs find some eigenvalues twice: keep one copy of each (within round-off). */
function dedupe(sorted: Candidate[], count: number): Candidate[] {
  const out: Candidate[] = [];
  for (const c of sorted) {
    if (out.length >= count) break;
    const scale = Math.max(c.abs, 1e-300);
    if (out.some((o) => Math.hypot(o.re - c.re, o.im - c.im) <= 1e-9 * scale)) continue;
    out.push(c);
  }
  return out;
}

/** η_λ = 0: eigenvalues 1 (n of them, λ frozen) and those of I − η_h H. */
function frozenDual(ops: SystemOperators, etaH: number, s: StepSettings): StepSpectrum {
  const run = lanczos(hessianOperator(ops, !s.dropReadout), {
    maxSteps: s.maxSteps,
    tol: s.tol,
    target: 'max',
    start: startVector(ops.n, 5),
    checkEvery: 5,
    extremesOnly: true,
  });
  s.onProgress?.(1);
  // Only the top Ritz value is asked to converge: 0 < η_h μ_min keeps 1 − η_h μ_min below 1, so
  // ρ = max(1, |1 − η_h μ_max|) whatever μ_min is.
  const ends = [run.ritz[run.ritz.length - 1]];
  const zs = ends.map((r) => ({ z: 1 - etaH * r.value, residual: etaH * r.residual }));
  zs.push({ z: 1, residual: 0 });
  zs.sort((p, q) => Math.abs(q.z) - Math.abs(p.z));
  const chosen = zs.slice(0, s.outermost);
  const rho = Math.abs(chosen[0].z);
  const residual = Math.max(...chosen.map((c) => c.residual)) / rho;
  return {
    rho,
    re: Float64Array.from(chosen, (c) => c.z),
    im: new Float64Array(chosen.length),
    residual,
    converged: residual <= s.tol * 10,
    steps: run.steps,
    method: 'frozen-dual',
  };
}
