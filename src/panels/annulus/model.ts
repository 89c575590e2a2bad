/**
 * The eigenvalue annulus's pure logic (spec §7): what the stability indicator says, the view extent,
 * and the hover look-up. No DOM here, so Node tests can check it.
 */
import { stability } from '../../theory/modes';
import type { ComplexArray } from '../../theory/spectrum';

/** Three significant digits, and a dash for what is not a finite number. */
export function fmt(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(1);
  return Number(value.toPrecision(digits)).toString();
}

export type VerdictKind = 'stable' | 'frozen' | 'unstable';

export interface Verdict {
  kind: VerdictKind;
  /** One short sentence, the first thing read. */
  headline: string;
  /** The Jury comparison with its numbers. */
  comparison: string;
  /** η_h σ_max² and the Jury ceiling 4/(2 + η_λ). */
  value: number;
  ceiling: number;
  notes: string[];
}

export interface VerdictInput {
  sigmaMax: number;
  etaH: number;
  etaLambda: number;
  /** n = N(L−1): how many eigenvalues sit at 1 when the dual block is frozen. */
  n: number;
  /** ρ of the closed form (readout dropped). */
  rhoClosed: number;
  /** ρ(M) with the readout at these very rates (dense or matrix-free), or null while it is computed. */
  rhoExact: number | null;
  /** ρ(M) comes from a Krylov run that did not meet its tolerance (shown, flagged). */
  rhoUnconverged?: boolean;
}

/** "1 − ρ = 2.1e-5 per step (half-life 33,000 steps)", or the growth for ρ > 1. */
function rateText(rho: number): string {
  if (rho < 1) {
    const halfLife = Math.log(0.5) / Math.log(rho);
    const steps = Number.isFinite(halfLife)
      ? `, half-life ${Math.round(halfLife).toLocaleString('en')} steps`
      : '';
    return `margin 1 − ρ = ${fmt(1 - rho, 3)}${steps}`;
  }
  return `grows ×${fmt(rho, 4)} per step`;
}

/**
 * Stability per spec §7. With ρ(M) (readout included) known, the verdict is ρ(M) < 1 itself, and the
 * Jury comparison of the closed form (every mode contracts iff 0 < η_h σ² < 4/(2 + η_λ), σ_max
 * decides; readout dropped) stands beside it; while ρ(M) is computed, the Jury test alone decides.
 * At η_λ = 0 the dual block is frozen (n eigenvalues exactly 1, ρ = 1): that is plain PC, whose own
 * bound is η_h σ_max² < 2.
 */
export function verdict(input: VerdictInput): Verdict {
  const { sigmaMax, etaH, etaLambda, n, rhoClosed, rhoExact } = input;
  const s = stability(sigmaMax, etaH, etaLambda);
  const relation = s.stable ? '<' : '≥';
  const comparison = `η_h σ_max² = ${fmt(s.value, 4)} ${relation} 4/(2 + η_λ) = ${fmt(s.ceiling, 4)}`;
  const notes: string[] = [];
  const rhoText = `ρ = ${fmt(rhoClosed, 6)} (closed form)`;
  const flag = input.rhoUnconverged ? ', not fully converged' : '';
  const exactText = rhoExact === null ? '' : `, ρ(M) = ${fmt(rhoExact, 6)} (with readout${flag})`;
  notes.push(rhoText + exactText);
  let kind: VerdictKind;
  let headline: string;
  const fromRho = rhoExact !== null && Number.isFinite(rhoExact) && etaLambda > 0;
  if (fromRho && rhoExact >= 1) {
    kind = 'unstable';
    headline = `Unstable: ρ(M) = ${fmt(rhoExact, 6)} ≥ 1, inference diverges (${rateText(rhoExact)})`;
    if (s.stable) notes.push('The readout block pushes ρ(M) to 1 or above, though the Jury test passes.');
    else if (s.value > 0) notes.push('The stiffest modes leave the unit circle through z = −1.');
  } else if (fromRho && rhoExact < 1) {
    kind = 'stable';
    headline = `Stable: ρ(M) = ${fmt(rhoExact, 6)} < 1 (${rateText(rhoExact)})`;
    if (!s.stable)
      notes.push('The readout keeps ρ(M) below 1 although the Jury test of the closed form fails.');
  } else if (!s.stable) {
    kind = 'unstable';
    headline = 'Unstable: PC-ALM inference diverges';
    notes.push(
      s.value <= 0
        ? 'η_h σ_max² must be positive.'
        : 'The stiffest modes leave the unit circle through z = −1 (real roots, |z| > 1).',
    );
  } else if (etaLambda === 0) {
    kind = 'frozen';
    headline = 'η_λ = 0: plain PC, the dual block is frozen';
    notes.push(
      `${n} eigenvalues sit at z = 1 (λ never moves), so ρ(M) = 1; the activity block contracts ` +
        `(PC's bound: η_h σ_max² < 2).`,
    );
  } else {
    kind = 'stable';
    headline = 'Stable: every mode contracts';
  }
  return { kind, headline, comparison, value: s.value, ceiling: s.ceiling, notes };
}

/** Largest η_λ that keeps every mode stable at this η_h: from η_h σ_max² < 4/(2 + η_λ). */
export function maxStableEtaLambda(sigmaMax: number, etaH: number): number {
  const a = etaH * sigmaMax * sigmaMax;
  return a > 0 ? 4 / a - 2 : Number.POSITIVE_INFINITY;
}

/** Smallest and largest view half-width of the complex plane. */
export const VIEW_MIN = 1.15;
export const VIEW_MAX = 3.5;

/**
 * Half-width of the square view: the unit circle with a margin, widened for eigenvalues outside it
 * (unstable cases) up to VIEW_MAX; what lies beyond is counted by `outsideView`.
 */
export function viewRadius(...sets: Array<ComplexArray | null>): number {
  let extent = 0;
  for (const set of sets) {
    if (!set) continue;
    for (let k = 0; k < set.re.length; k++) {
      const v = Math.max(Math.abs(set.re[k]), Math.abs(set.im[k]));
      if (v > extent) extent = v;
    }
  }
  return Math.min(VIEW_MAX, Math.max(VIEW_MIN, extent * 1.06));
}

/** How many points fall outside the square view [−r, r]², and the largest |z| among them. */
export function outsideView(set: ComplexArray, radius: number): { count: number; maxAbs: number } {
  let count = 0;
  let maxAbs = 0;
  for (let k = 0; k < set.re.length; k++) {
    if (Math.abs(set.re[k]) > radius || Math.abs(set.im[k]) > radius) {
      count++;
      maxAbs = Math.max(maxAbs, Math.hypot(set.re[k], set.im[k]));
    }
  }
  return { count, maxAbs };
}

/** Index of the point nearest to (re, im) within `maxDistance`, or −1. */
export function nearestPoint(set: ComplexArray, re: number, im: number, maxDistance: number): number {
  let best = -1;
  let bestDistance = maxDistance * maxDistance;
  for (let k = 0; k < set.re.length; k++) {
    const d = (set.re[k] - re) ** 2 + (set.im[k] - im) ** 2;
    if (d <= bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return best;
}

/** Hover text for eigenvalue k of the closed form (mode ⌊k/2⌋, spec §7). */
export function closedFormLines(
  sigmas: ArrayLike<number>,
  etaH: number,
  set: ComplexArray,
  k: number,
): string[] {
  const mode = Math.floor(k / 2);
  const sigma = sigmas[mode];
  const a = etaH * sigma * sigma;
  const re = set.re[k];
  const im = set.im[k];
  const lines = [
    `closed form, mode ${mode + 1} of ${sigmas.length}`,
    `σ = ${fmt(sigma, 4)}, η_h σ² = ${fmt(a, 4)}`,
    `z = ${fmt(re, 4)} ${im < 0 ? '−' : '+'} ${fmt(Math.abs(im), 4)}i`,
    `|z| = ${fmt(Math.hypot(re, im), 4)}, arg z = ${fmt((Math.atan2(im, re) * 180) / Math.PI, 3)}°`,
  ];
  lines.push(
    im !== 0 ? `complex pair: |z| = √(1 − η_h σ²) for every η_λ` : 'real pair: moves along the real axis',
  );
  return lines;
}

/** Hover text for eigenvalue k of the exact M. */
export function exactLines(set: ComplexArray, k: number, etaLambda: number): string[] {
  const re = set.re[k];
  const im = set.im[k];
  return [
    `exact M (readout included), η_λ = ${fmt(etaLambda)}`,
    `z = ${fmt(re, 4)} ${im < 0 ? '−' : '+'} ${fmt(Math.abs(im), 4)}i`,
    `|z| = ${fmt(Math.hypot(re, im), 4)}`,
  ];
}
