/**
 * The spectrum of spec §7 at any size, from matrix-free products (operators.ts) and Krylov methods
 * (krylov.ts); nothing n×n is formed. Method, per quantity:
 *
 * - σ_max(A): Lanczos on AᵀA (its largest eigenvalue is well separated at the top: a few dozen steps).
 * - σ_min(A): Lanczos on (AᵀA)⁻¹ = A⁻¹A⁻ᵀ. A is unit block lower-triangular, so A⁻¹ and A⁻ᵀ are one
 *   block substitution each, as cheap as A itself: inverse iteration without any factorisation, and
 *   the small σ become the well separated large eigenvalues 1/σ². (Lanczos on AᵀA alone would need
 *   hundreds of steps at N = L = 128: the bottom of its spectrum is dense.)
 * - the distribution of σ: stochastic Lanczos quadrature on AᵀA (Rademacher probes; each run's Gauss
 *   nodes and weights estimate the spectral measure), smoothed into a histogram on [σ_min, σ_max].
 * - ρ(M) and M's outermost eigenvalues, readout included: two Arnoldi runs.
 *   (1) shift-invert at z = 1 with (M − I)⁻¹, itself matrix-free (see `shiftedInverseStepOperator`):
 *       the eigenvalues nearest 1 are the slow modes; wherever the per-mode roots are complex they are
 *       the outermost (|z − 1|² = η_h η_λ σ² grows with σ while |z|² = 1 − η_h σ² shrinks);
 *   (2) Arnoldi on M itself: the stiff outliers (real roots through z = −1 when η_h σ_max² is past the
 *       Jury ceiling) are extreme points of the spectrum and converge first.
 *   ρ(M) is the largest |z| among the converged Ritz values of both. At η_λ = 0 the dual block is
 *   frozen: M has n eigenvalues at exactly 1 and those of I − η_h H, so ρ(M) = max(1, |1 − η_h μ_max(H)|)
 *   with μ_max from Lanczos on H.
 */
import { arnoldi, type ComplexRitz, gaussRule, lanczos, rademacherVector, startVector } from './krylov';
import { modeEigenvalues } from './modes';
import {
  hessianOperator,
  inverseGramOperator,
  type StepOptions,
  type SystemOperators,
  shiftedInverseStepOperator,
  stepOperator,
} from './operators';

export interface SigmaExtremes {
  sigmaMin: number;
  sigmaMax: number;
  /** Relative residual bounds of the two Ritz values (on σ², resp. 1/σ²). */
  residualMin: number;
  residualMax: number;
  /** Lanczos steps, i.e. products with AᵀA or (AᵀA)⁻¹, for the extremes and the density together. */
  steps: number;
}

export interface SigmaDensity {
  /** Bin edges in σ, ascending (bins + 1 values). */
  edges: Float64Array;
  /** Fraction of the n singular values in each bin (sums to 1). */
  mass: Float64Array;
}

export interface SigmaSettings {
  /** Relative residual asked of the extreme Ritz values (bounds the error of σ² by itself). */
  tol: number;
  maxSteps: number;
  /** Stochastic Lanczos quadrature: probe vectors, steps per probe, histogram bins. */
  probes: number;
  probeSteps: number;
  bins: number;
  onProgress?: (fraction: number) => void;
}

export const DEFAULT_SIGMA_SETTINGS: SigmaSettings = {
  tol: 1e-8,
  maxSteps: 300,
  probes: 2,
  probeSteps: 40,
  bins: 96,
};

export interface SigmaSpectrum extends SigmaExtremes {
  density: SigmaDensity;
}

/**
 * σ_min, σ_max and the density of σ (see the module comment). The σ_max run starts from the first
 * Rademacher probe and runs at least `probeSteps`, so it is also the first quadrature probe.
 *
 * Stochastic Lanczos quadrature: for each probe v, the Gauss rule of the m-step Lanczos run from v
 * (nodes θ_j, weights τ_j) approximates the spectral measure of AᵀA seen from v. Each node's weight is
 * spread over the bins as a Gaussian as wide as the gap to its neighbours (the rule's own resolution),
 * folded into [σ_min, σ_max]. The dense path passes its exact σ to `histogramOfSigmas` instead.
 */
export function sigmaSpectrum(ops: SystemOperators, settings: Partial<SigmaSettings> = {}): SigmaSpectrum {
  const s = { ...DEFAULT_SIGMA_SETTINGS, ...settings };
  const G = hessianOperator(ops, false);
  const runs = s.probes + 1;
  const top = lanczos(G, {
    maxSteps: s.maxSteps,
    tol: s.tol,
    target: 'max',
    start: rademacherVector(ops.n, 101),
    minSteps: s.probeSteps,
    checkEvery: 5,
    extremesOnly: true,
  });
  s.onProgress?.(1 / runs);
  const inv = lanczos(inverseGramOperator(ops), {
    maxSteps: s.maxSteps,
    tol: s.tol,
    target: 'max',
    start: startVector(ops.n, 2),
    checkEvery: 5,
    extremesOnly: true,
  });
  s.onProgress?.(2 / runs);
  const hi = top.ritz[top.ritz.length - 1];
  const lo = inv.ritz[inv.ritz.length - 1];
  const sigmaMax = Math.sqrt(hi.value);
  const sigmaMin = 1 / Math.sqrt(lo.value);
  const edges = binEdges(sigmaMin, sigmaMax, s.bins);
  const mass = new Float64Array(s.bins);
  let steps = top.steps + inv.steps;
  const rules = [gaussRule(top, s.probeSteps)];
  for (let p = 1; p < s.probes; p++) {
    rules.push(lanczos(G, { maxSteps: s.probeSteps, start: rademacherVector(ops.n, 101 + p) }).ritz);
    steps += s.probeSteps;
    s.onProgress?.((2 + p) / runs);
  }
  for (const rule of rules) {
    const nodes = rule.map((r) => Math.sqrt(Math.max(0, r.value)));
    for (let j = 0; j < nodes.length; j++) {
      const left = j > 0 ? nodes[j] - nodes[j - 1] : (nodes[j + 1] ?? nodes[j]) - nodes[j];
      const right = j + 1 < nodes.length ? nodes[j + 1] - nodes[j] : left;
      const width = Math.max((left + right) / 4, (sigmaMax - sigmaMin) / s.bins, 1e-12);
      spreadGaussian(edges, mass, nodes[j], width, rule[j].weight / rules.length);
    }
  }
  normalise(mass);
  return {
    sigmaMin,
    sigmaMax,
    residualMax: hi.residual / hi.value,
    residualMin: lo.residual / lo.value,
    steps,
    density: { edges, mass },
  };
}

/** Histogram of exact σ (the dense path), on the same kind of bins. */
export function histogramOfSigmas(sigmas: ArrayLike<number>, bins: number): SigmaDensity {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < sigmas.length; k++) {
    lo = Math.min(lo, sigmas[k]);
    hi = Math.max(hi, sigmas[k]);
  }
  const edges = binEdges(lo, hi, bins);
  const mass = new Float64Array(bins);
  const span = edges[bins] - edges[0];
  for (let k = 0; k < sigmas.length; k++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(((sigmas[k] - edges[0]) / span) * bins)));
    mass[b] += 1 / sigmas.length;
  }
  return { edges, mass };
}

function binEdges(lo: number, hi: number, bins: number): Float64Array {
  const span = hi > lo ? hi - lo : Math.max(Math.abs(hi) * 1e-6, 1e-12);
  const start = hi > lo ? lo : lo - span / 2;
  return Float64Array.from({ length: bins + 1 }, (_, i) => start + (span * i) / bins);
}

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): plenty for drawing a density.
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

function spreadGaussian(
  edges: Float64Array,
  mass: Float64Array,
  centre: number,
  width: number,
  weight: number,
) {
  const cdf = (x: number) => 0.5 * (1 + erf((x - centre) / (width * Math.SQRT2)));
  const bins = mass.length;
  // Mass outside [σ_min, σ_max] is folded into the end bins: no singular value lies beyond them.
  let previous = 0;
  for (let b = 0; b < bins; b++) {
    const upper = b === bins - 1 ? 1 : cdf(edges[b + 1]);
    mass[b] += weight * (upper - previous);
    previous = upper;
  }
}

function normalise(mass: Float64Array): void {
  let total = 0;
  for (const m of mass) total += m;
  if (total > 0) for (let b = 0; b < mass.length; b++) mass[b] /= total;
}

/**
 * `count` representative singular values, descending, at the mid-quantiles of the density (linear
 * inside each bin), with the exact extremes first and last: the closed form drawn from these shows
 * where the modes of the ring are when the n σ are not computed one by one.
 */
export function representativeSigmas(
  density: SigmaDensity,
  count: number,
  extremes: Pick<SigmaExtremes, 'sigmaMin' | 'sigmaMax'>,
): Float64Array {
  const { edges, mass } = density;
  const out = new Float64Array(count);
  let b = 0;
  let below = 0;
  for (let k = 0; k < count; k++) {
    const q = (k + 0.5) / count;
    while (b < mass.length - 1 && below + mass[b] < q) below += mass[b++];
    const within = mass[b] > 0 ? Math.min(1, Math.max(0, (q - below) / mass[b])) : 0.5;
    out[count - 1 - k] = edges[b] + within * (edges[b + 1] - edges[b]);
  }
  if (count > 0) {
    out[0] = extremes.sigmaMax;
    out[count - 1] = extremes.sigmaMin;
  }
  return out;
}

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

/**
 * Step caps by size: above LARGE_N a product costs milliseconds and the full budget would take
 * seconds, so the runs stop earlier and say how far they got (residuals and `converged`).
 */
export const LARGE_N = 4096;

export function sigmaSettingsFor(n: number): Partial<SigmaSettings> {
  // One quadrature probe is plenty at this n: its estimate of the measure has variance ~ 1/n.
  return n > LARGE_N ? { maxSteps: 80, probes: 1 } : {};
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
