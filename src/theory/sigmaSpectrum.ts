/**
 * σ of A at any size, from matrix-free products (operators.ts) and Lanczos (krylov.ts):
 * - σ_max: Lanczos on AᵀA. The top of this spectrum is crowded (σ_max ≈ 2 cos(π/2L)-like bands split by
 *   the weights), so it takes one to three hundred steps to 1e-8; above LARGE_N it is capped and the
 *   Ritz value (a lower bound) comes with its residual.
 * - σ_min: Lanczos on (AᵀA)⁻¹ = A⁻¹A⁻ᵀ. A is unit block lower-triangular, so A⁻¹ and A⁻ᵀ are one
 *   block substitution each, as cheap as A itself: inverse iteration without any factorisation, and
 *   the crowded small σ become well separated large eigenvalues 1/σ² (a few dozen steps).
 * - the distribution of σ: stochastic Lanczos quadrature on AᵀA (Rademacher probes; each run's Gauss
 *   nodes and weights estimate the spectral measure), smoothed into a histogram on [σ_min, σ_max].
 */
import { gaussRule, lanczos, rademacherVector, startVector } from './krylov';
import { hessianOperator, inverseGramOperator, type SystemOperators } from './operators';

/**
 * Step caps by size: above LARGE_N a product costs milliseconds and the full budget would take
 * seconds, so the runs stop earlier and say how far they got (residuals and `converged`).
 */
export const LARGE_N = 4096;

export function sigmaSettingsFor(n: number): Partial<SigmaSettings> {
  // One quadrature probe is plenty at this n: its estimate of the measure has variance ~ 1/n.
  return n > LARGE_N ? { maxSteps: 80, probes: 1 } : {};
}

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
