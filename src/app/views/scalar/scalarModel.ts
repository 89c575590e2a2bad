/**
 * The pure side of the scalar view: which rates apply, the two inference runs (PC and PC-ALM) with
 * their weight updates at every step, and the square, equal-units frame of the update plane. No DOM,
 * so it is tested in Node (test/scalarExample.test.ts).
 */
import {
  DEFAULT_SCALAR_INPUTS,
  SCALAR_RANGE,
  type ScalarInputKey,
  type ScalarInputs,
} from '../../../state/linkSettings';
import type { Config } from '../../../state/schema';
import {
  autoBudget,
  autoEtaH,
  bpGradient,
  gradientCosine,
  inferenceTrajectory,
  iterationEigenvalues,
  pcalmFixedPoint,
  pcEquilibrium,
  pcEquilibriumGradient,
  type ScalarEigenvalues,
  type ScalarNetwork,
  type ScalarState,
  scalarNetwork,
  spectralRadius2,
  weightGradient,
} from '../../../theory/scalarExample';

/** The view's own inputs (the two weights, the input and the target) are the link's: state/schema.ts. */
export type { ScalarInputKey, ScalarInputs };

/** Slider range shared by the four inputs (the link's range, state/schema.ts). */
export const INPUT_RANGE = { ...SCALAR_RANGE, step: 0.05 } as const;

/** The defaults are the link's (state/schema.ts says why these numbers). */
export const DEFAULT_INPUTS: ScalarInputs = DEFAULT_SCALAR_INPUTS;

/** Any value a slider (or a stale state) could hand over, made finite and in range. */
export function clampInput(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(INPUT_RANGE.max, Math.max(INPUT_RANGE.min, value));
}

/** A weight update Δw = −G (learning rate 1), the quantity drawn in the plane. */
export interface Update {
  dw1: number;
  dw2: number;
}

const update = (g: { g1: number; g2: number }): Update => ({ dw1: -g.g1, dw2: -g.g2 });

export interface ResolvedRates {
  etaH: number;
  etaLambda: number;
  T: number;
  etaHAuto: boolean;
  TAuto: boolean;
}

/**
 * The settings column's η_h, η_λ and T, with "auto" resolved for this network: η_h = 1/λ_max(H) as
 * spec §9 says, T long enough to converge (autoBudget), since 2L = 4 would stop too early here.
 */
export function resolveRates(
  n: ScalarNetwork,
  config: Pick<Config, 'etaH' | 'etaLambda' | 'T'>,
): ResolvedRates {
  // The paper's table has no cell for this two-layer scalar network: "paper" means auto here.
  const etaH = typeof config.etaH === 'number' ? config.etaH : autoEtaH(n);
  const etaLambda = Number.isFinite(config.etaLambda) ? config.etaLambda : 0;
  const T = config.T === 'auto' ? autoBudget(n, etaH, etaLambda) : config.T;
  return { etaH, etaLambda, T, etaHAuto: typeof config.etaH !== 'number', TAuto: config.T === 'auto' };
}

export interface MethodRun {
  states: ScalarState[];
  updates: Update[];
  /** cos(Δw(t), Δw_BP) per step (NaN where Δw(t) = 0). */
  cosines: number[];
  divergedAt: number | null;
}

export interface ScalarModel {
  network: ScalarNetwork;
  rates: ResolvedRates;
  pcalm: MethodRun;
  pc: MethodRun;
  bp: Update;
  equilibratedPc: Update;
  /** cos(equilibrated PC, BP). */
  equilibratedCosine: number;
  /** h̄ (forward pass), h* (PC's equilibrium), −δ (PC-ALM's λ at its fixed point). */
  hForward: number;
  hStar: number;
  lambdaStar: number;
  /** Eigenvalues of one PC-ALM step (spec §7, readout included) and their spectral radius. */
  eigenvalues: ScalarEigenvalues;
  rho: number;
}

function methodRun(n: ScalarNetwork, rates: ResolvedRates, etaLambda: number, bp: Update): MethodRun {
  const { states, divergedAt } = inferenceTrajectory(n, { etaH: rates.etaH, etaLambda, T: rates.T });
  const updates = states.map((s) => update(weightGradient(n, s)));
  const bpAsGradient = { g1: bp.dw1, g2: bp.dw2 };
  const cosines = updates.map((u) => gradientCosine({ g1: u.dw1, g2: u.dw2 }, bpAsGradient));
  return { states, updates, cosines, divergedAt };
}

export function scalarModel(
  inputs: ScalarInputs,
  config: Pick<Config, 'etaH' | 'etaLambda' | 'T'>,
): ScalarModel {
  const n = scalarNetwork(
    clampInput(inputs.w1),
    clampInput(inputs.w2),
    clampInput(inputs.x),
    clampInput(inputs.y),
  );
  const rates = resolveRates(n, config);
  const bp = update(bpGradient(n));
  const equilibratedPc = update(pcEquilibriumGradient(n));
  const eigenvalues = iterationEigenvalues(n, rates.etaH, rates.etaLambda);
  return {
    network: n,
    rates,
    pcalm: methodRun(n, rates, rates.etaLambda, bp),
    pc: methodRun(n, rates, 0, bp),
    bp,
    equilibratedPc,
    equilibratedCosine: gradientCosine(
      { g1: equilibratedPc.dw1, g2: equilibratedPc.dw2 },
      { g1: bp.dw1, g2: bp.dw2 },
    ),
    hForward: n.a1 * n.w1 * n.x,
    hStar: pcEquilibrium(n),
    lambdaStar: pcalmFixedPoint(n).lambda,
    eigenvalues,
    rho: spectralRadius2(eigenvalues),
  };
}

/** The step a run can show: t itself, or its last computed step when it diverged earlier. */
export function stepIn(run: MethodRun, t: number): number {
  return Math.max(0, Math.min(Math.floor(t), run.states.length - 1));
}

export interface PlaneFrame {
  /** Data extent of both axes; equal units per pixel, so angles on screen are the true angles. */
  x: [number, number];
  y: [number, number];
}

/**
 * A frame around the origin and every update (all steps of both runs, BP, equilibrated PC), padded
 * by 12 %, with the shorter side widened about its centre so that one unit has the same length on
 * both axes of a square plot. Non-finite points are skipped; with nothing to show, [−1, 1]².
 */
export function planeFrame(points: readonly Update[]): PlaneFrame {
  let [x0, x1, y0, y1] = [0, 0, 0, 0];
  for (const p of points) {
    if (!Number.isFinite(p.dw1) || !Number.isFinite(p.dw2)) continue;
    x0 = Math.min(x0, p.dw1);
    x1 = Math.max(x1, p.dw1);
    y0 = Math.min(y0, p.dw2);
    y1 = Math.max(y1, p.dw2);
  }
  let span = Math.max(x1 - x0, y1 - y0);
  if (!(span > 1e-12)) return { x: [-1, 1], y: [-1, 1] };
  span *= 1.12;
  const widen = (lo: number, hi: number): [number, number] => {
    const centre = (lo + hi) / 2;
    return [centre - span / 2, centre + span / 2];
  };
  return { x: widen(x0, x1), y: widen(y0, y1) };
}

/** Angle of an update in degrees, counter-clockwise from the Δw1 axis. */
export function updateAngle(u: Update): number {
  return (Math.atan2(u.dw2, u.dw1) * 180) / Math.PI;
}

/**
 * A y range holding every finite value, padded by 10 %; a flat series gets ±0.5 around its value so
 * that its line sits mid-plot rather than on an edge.
 */
export function seriesDomain(values: Iterable<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo > hi) return [-1, 1];
  const span = hi - lo;
  if (span < 1e-9 * Math.max(1, Math.abs(hi))) return [lo - 0.5, hi + 0.5];
  return [lo - 0.1 * span, hi + 0.1 * span];
}
