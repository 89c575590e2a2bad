/**
 * The scalar two-layer example (the paper's Fig. 1), in float64 plain TS: x → h = a_1 w_1 x →
 * ŷ = a_2 w_2 h, one unit per layer (D = N = C = 1, L = 2), φ = identity, chain, so every formula of
 * the spec becomes a formula in numbers. One function per formula; the scalar view draws these and
 * test/scalarExample.test.ts checks them against hand-derived closed forms and the tfjs engine.
 *
 * Parameterization: a_1 = a_2 = 1. With D = N = 1 the mean-field constants of spec §2 are
 * a_1 = 1/√D = 1 and a_L = 1/N = 1, and the standard ones are 1 too, so both agree here; the
 * functions keep a_1, a_2 general so the algebra stays visible.
 */
import { modeEigenvalues } from './modes';

export interface ScalarNetwork {
  w1: number;
  w2: number;
  /** The clamped input x = h_0. */
  x: number;
  /** The target y. */
  y: number;
  a1: number;
  a2: number;
}

export interface ScalarRates {
  etaH: number;
  etaLambda: number;
  /** Budget: activity steps (spec §4). */
  T: number;
}

/** The state "at step t" of spec §4: right after activity step t, before dual step t. */
export interface ScalarState {
  t: number;
  h: number;
  lambda: number;
  /** r = h − a_1 w_1 x. */
  r: number;
  /** e = y − ŷ. */
  e: number;
}

/** ∂ℓ/∂w as (w1, w2) components; the update is Δw = −lr·G. */
export interface ScalarGradient {
  g1: number;
  g2: number;
}

export function scalarNetwork(w1: number, w2: number, x: number, y: number): ScalarNetwork {
  return { w1, w2, x, y, a1: 1, a2: 1 };
}

/** Forward pass (§1): h̄ = f_1(x) = a_1 w_1 x. */
export function forwardActivity(n: ScalarNetwork): number {
  return n.a1 * n.w1 * n.x;
}

/** Readout (§1): ŷ = a_2 w_2 h. */
export function prediction(n: ScalarNetwork, h: number): number {
  return n.a2 * n.w2 * h;
}

/** Output error (§1): e = y − ŷ. */
export function outputError(n: ScalarNetwork, h: number): number {
  return n.y - prediction(n, h);
}

/** Residual (§3): r = h − f_1(x). */
export function residual(n: ScalarNetwork, h: number): number {
  return h - forwardActivity(n);
}

/** Readout Jacobian (§3): J_L = a_2 w_2 (φ' = 1). */
export function readoutJacobian(n: ScalarNetwork): number {
  return n.a2 * n.w2;
}

/** Activity gradient (§3), last hidden layer: ∂𝓛/∂h = ε − J_Lᵀ e with ε = r + λ. */
export function activityGradient(n: ScalarNetwork, h: number, lambda: number): number {
  return residual(n, h) + lambda - readoutJacobian(n) * outputError(n, h);
}

/** Activity step (§4a): h ← h − η_h ∂𝓛/∂h. */
export function activityStep(n: ScalarNetwork, h: number, lambda: number, etaH: number): number {
  return h - etaH * activityGradient(n, h, lambda);
}

/** Dual step (§4b), with r at the new h: λ ← λ + η_λ r. */
export function dualStep(lambda: number, r: number, etaLambda: number): number {
  return lambda + etaLambda * r;
}

/** PC energy (§3): F = ½ e² + ½ r². */
export function energy(n: ScalarNetwork, h: number): number {
  return 0.5 * outputError(n, h) ** 2 + 0.5 * residual(n, h) ** 2;
}

/** Weight gradient at a state (§5): G_1 = −a_1 ε x, G_L = −a_L e φ(h). */
export function weightGradient(n: ScalarNetwork, s: Pick<ScalarState, 'h' | 'lambda'>): ScalarGradient {
  const eps = residual(n, s.h) + s.lambda;
  return { g1: -n.a1 * eps * n.x, g2: -n.a2 * outputError(n, s.h) * s.h };
}

/** BP adjoint (§5) at the forward pass: δ = −J_Lᵀ e. */
export function bpAdjoint(n: ScalarNetwork): number {
  return -readoutJacobian(n) * outputError(n, forwardActivity(n));
}

/** BP gradient (§5): G^BP_1 = a_1 δ x, G^BP_L = −a_L e h̄. */
export function bpGradient(n: ScalarNetwork): ScalarGradient {
  const hBar = forwardActivity(n);
  return { g1: n.a1 * bpAdjoint(n) * n.x, g2: -n.a2 * outputError(n, hBar) * hBar };
}

/**
 * Equilibrated PC: the minimiser of F(h) = ½(y − a_2 w_2 h)² + ½(h − a_1 w_1 x)². Setting
 * dF/dh = −a_2 w_2 (y − a_2 w_2 h) + (h − a_1 w_1 x) to zero gives
 * h* = (a_1 w_1 x + a_2 w_2 y) / (1 + a_2² w_2²).
 */
export function pcEquilibrium(n: ScalarNetwork): number {
  return (n.a1 * n.w1 * n.x + n.a2 * n.w2 * n.y) / (1 + (n.a2 * n.w2) ** 2);
}

/** Equilibrated PC's weight gradient: §5 at h = h*, λ = 0. */
export function pcEquilibriumGradient(n: ScalarNetwork): ScalarGradient {
  return weightGradient(n, { h: pcEquilibrium(n), lambda: 0 });
}

/** PC-ALM's fixed point (§5, §7): r = 0, so h = h̄, and λ = −δ; there G = G^BP. */
export function pcalmFixedPoint(n: ScalarNetwork): { h: number; lambda: number } {
  return { h: forwardActivity(n), lambda: -bpAdjoint(n) };
}

/** Beyond this |value| a trajectory counts as diverged (spec §6: growth past a bound stops the run). */
export const SCALAR_DIVERGENCE_BOUND = 1e6;

export interface ScalarTrajectory {
  /** states[t] for t = 0 … T, or fewer when the run diverged. */
  states: ScalarState[];
  /** The first step with a non-finite or out-of-bound value, else null. */
  divergedAt: number | null;
}

function stateAt(n: ScalarNetwork, t: number, h: number, lambda: number): ScalarState {
  return { t, h, lambda, r: residual(n, h), e: outputError(n, h) };
}

const bounded = (s: ScalarState) =>
  [s.h, s.lambda, s.r, s.e].every((v) => Number.isFinite(v) && Math.abs(v) <= SCALAR_DIVERGENCE_BOUND);

/**
 * Inference of spec §4: from the forward pass with λ = 0, T activity steps, a dual step after each
 * but the last. η_λ = 0 is PC. Never throws; non-integer or negative T counts as ⌊T⌋ ≥ 0.
 */
export function inferenceTrajectory(n: ScalarNetwork, rates: ScalarRates): ScalarTrajectory {
  const T = Number.isFinite(rates.T) ? Math.max(0, Math.floor(rates.T)) : 0;
  const first = stateAt(n, 0, forwardActivity(n), 0);
  const states = [first];
  if (!bounded(first)) return { states, divergedAt: 0 };
  let h = first.h;
  let lambda = 0;
  for (let t = 1; t <= T; t++) {
    h = activityStep(n, h, lambda, rates.etaH);
    const s = stateAt(n, t, h, lambda);
    if (!bounded(s)) return { states, divergedAt: t };
    states.push(s);
    if (t < T) lambda = dualStep(lambda, s.r, rates.etaLambda);
  }
  return { states, divergedAt: null };
}

/** cos(G, G') over both weights; NaN when either is zero. */
export function gradientCosine(a: ScalarGradient, b: ScalarGradient): number {
  const norms = Math.hypot(a.g1, a.g2) * Math.hypot(b.g1, b.g2);
  return norms > 0 ? (a.g1 * b.g1 + a.g2 * b.g2) / norms : Number.NaN;
}

/** Activity Hessian (§7): H = AᵀA + KᵀK = 1 + (a_2 w_2)², since A = [1] and K = [a_2 w_2]. */
export function activityHessian(n: ScalarNetwork): number {
  return 1 + readoutJacobian(n) ** 2;
}

/** Spec §9's η_h = 1/λ_max(H), here exactly 1/(1 + a_2² w_2²). */
export function autoEtaH(n: ScalarNetwork): number {
  return 1 / activityHessian(n);
}

/** M of spec §7 for n = 1 (readout included), row-major [m11, m12, m21, m22]. */
export function iterationMatrix(n: ScalarNetwork, etaH: number, etaLambda: number): number[] {
  const damped = 1 - etaH * activityHessian(n);
  return [damped, -etaH, etaLambda * damped, 1 - etaH * etaLambda];
}

export interface ScalarEigenvalues {
  re: [number, number];
  im: [number, number];
}

/** Both eigenvalues of a 2×2 matrix [m11, m12, m21, m22] (a complex pair as +im, −im). */
export function eigenvalues2x2(m: readonly number[]): ScalarEigenvalues {
  const trace = m[0] + m[3];
  const det = m[0] * m[3] - m[1] * m[2];
  const disc = trace * trace - 4 * det;
  if (disc < 0) {
    const half = Math.sqrt(-disc) / 2;
    return { re: [trace / 2, trace / 2], im: [half, -half] };
  }
  // Cancellation-free pair, as in modes.ts: q = (trace ± √disc)/2 away from 0, the other root det/q.
  const q = (trace + (trace >= 0 ? 1 : -1) * Math.sqrt(disc)) / 2;
  const other = q === 0 ? 0 : det / q;
  return { re: [Math.max(q, other), Math.min(q, other)], im: [0, 0] };
}

/** Exact eigenvalues of one PC-ALM step (activity, then dual) for this network. */
export function iterationEigenvalues(n: ScalarNetwork, etaH: number, etaLambda: number): ScalarEigenvalues {
  return eigenvalues2x2(iterationMatrix(n, etaH, etaLambda));
}

/**
 * §7's per-mode eigenvalues with the readout dropped (K = 0). A = [1] here, so its one singular value
 * is σ = 1 whatever the weights.
 */
export function modeEigenvaluesOfA(etaH: number, etaLambda: number): ScalarEigenvalues {
  const { re, im } = modeEigenvalues([1], etaH, etaLambda);
  return { re: [re[0], re[1]], im: [im[0], im[1]] };
}

export function spectralRadius2(ev: ScalarEigenvalues): number {
  return Math.max(Math.hypot(ev.re[0], ev.im[0]), Math.hypot(ev.re[1], ev.im[1]));
}

/** The bounds of the automatic budget below. */
export const AUTO_BUDGET = { min: 10, max: 100, diverging: 30 } as const;

/**
 * Budget for "T = auto" in the scalar view: enough steps for PC-ALM to come within 10⁻³ of its fixed
 * point, ρ(M)^T ≤ 10⁻³, kept within [10, 100]. (The explorer's 2L would be 4 here, too few to watch
 * the update turn onto BP.) A diverging setting gets 30 steps, enough to see it blow up.
 */
export function autoBudget(n: ScalarNetwork, etaH: number, etaLambda: number): number {
  const rho = spectralRadius2(iterationEigenvalues(n, etaH, etaLambda));
  if (!Number.isFinite(rho) || rho >= 1) return AUTO_BUDGET.diverging;
  if (rho <= 0) return AUTO_BUDGET.min;
  const steps = Math.ceil(Math.log(1e-3) / Math.log(rho));
  return Math.min(AUTO_BUDGET.max, Math.max(AUTO_BUDGET.min, steps));
}
