/**
 * Linear theory (spec §7) against the engine on linear (φ = identity) residual and chain networks:
 * at a stable η_h, PC-ALM's weight gradient converges to BP's and λ → −δ, PC's does not; and the
 * Jury ceiling η_h σ_max² < 4/(2 + η_λ) separates convergent from divergent engine runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runInference } from '../src/engine/run';
import {
  eigenvaluesOfM,
  iterationMatrix,
  juryCeiling,
  linearizedSystem,
  singularValuesOfA,
  spectralRadius,
} from '../src/theory';
import { switchBackend } from './helpers/backends';
import { batchLambdaMax, inputRow, smallCase } from './helpers/cases';
import { relativeError } from './helpers/compare';
import { engineTrace } from './helpers/engine';

/** A linear network: the same A, K (so the same M) for every sample. */
function linearCase(arch: 'residual' | 'chain') {
  const { net, batch } = smallCase({ arch, act: 'identity', depth: 4, width: 4, batch: 4, seed: 3 });
  return { net, batch, sys: linearizedSystem(net, inputRow(batch, 0)) };
}

/** ρ(M) of spec §7 with the readout present (float64). */
function rho(sys: ReturnType<typeof linearizedSystem>, etaH: number, etaLambda: number): number {
  const z = eigenvaluesOfM(iterationMatrix(sys, etaH, etaLambda));
  return spectralRadius(z.re, z.im);
}

describe('PC-ALM converges to BP on linear networks (spec §7, Prop. 3)', () => {
  beforeAll(async () => {
    await switchBackend('cpu');
  });

  it.each(['residual', 'chain'] as const)('%s: G → G_BP and λ → −δ; PC stays away from BP', (arch) => {
    const { net, batch, sys } = linearCase(arch);
    // The conditioning step of spec §9; η_h σ_max² ≤ η_h λ_max = 1 < 4/(2 + 1) is Jury-stable at η_λ = 1.
    const etaH = 1 / batchLambdaMax(net, batch);
    const etaLambda = 1;
    const r = rho(sys, etaH, etaLambda);
    expect(r).toBeLessThan(1);
    // Enough steps for the slowest mode to shrink by 1e-7: 842 (residual) and 547 (chain) steps here.
    const T = Math.ceil(Math.log(1e-7) / Math.log(r));
    expect(T).toBeGreaterThan(100);
    expect(T).toBeLessThan(2000);

    const alm = engineTrace(net, batch, { etaH, etaLambda, T });
    const gradError = relativeError(alm.grads, alm.bp.grads);
    expect(gradError, `PC-ALM gradient after ${T} steps`).toBeLessThanOrEqual(1e-4);
    const minusDelta = alm.bp.delta.map((layer) => layer.map((s) => s.map((v) => -v)));
    expect(relativeError(alm.steps[T].Lambda, minusDelta), `λ(T) vs −δ`).toBeLessThanOrEqual(1e-4);
    expect(Math.max(...alm.steps[T].metrics.rRms)).toBeLessThan(
      1e-4 * Math.max(...alm.bp.H.flat(2).map(Math.abs)),
    );
    expect(alm.steps[T].metrics.gradCosine).toBeGreaterThan(1 - 1e-6);
    // It got there by converging: a tenth of the way in, it was still far from BP.
    const early = engineTrace(net, batch, { etaH, etaLambda, T: Math.ceil(T / 10) });
    expect(relativeError(early.grads, early.bp.grads)).toBeGreaterThan(100 * gradError);

    // PC (η_λ = 0) at the same rate and budget settles at its own fixed point: not BP's gradient.
    const pc = engineTrace(net, batch, { etaH, etaLambda: 0, T });
    const pcHalf = engineTrace(net, batch, { etaH, etaLambda: 0, T: Math.ceil(T / 2) });
    const pcError = relativeError(pc.grads, pc.bp.grads);
    expect(pcError, `PC gradient after ${T} steps`).toBeGreaterThan(0.1);
    expect(relativeError(pcHalf.grads, pcHalf.bp.grads)).toBeGreaterThan(0.1);
    expect(relativeError(pc.grads, pcHalf.grads), 'PC has stopped moving').toBeLessThan(1e-3);
  });
});

describe('the Jury ceiling η_h σ_max² < 4/(2 + η_λ) separates convergent from divergent runs', () => {
  beforeAll(async () => {
    await switchBackend('cpu');
  });

  /**
   * The ceiling is exact for the theory's case, readout dropped (K = 0). The engine always has the
   * readout, whose KᵀK adds curvature to the last hidden layer and moves the real boundary. For these
   * mean-field networks (a_L = 1/N) ‖K‖² is small next to σ_max² ≈ 4–5, and the exact boundary with
   * the readout (ρ(M) = 1, bisection below) lies within 2% of the ceiling. Running at 0.95× and 1.05×
   * of the ceiling keeps a margin of 2.5× that shift; both sides are also checked against ρ(M) with the
   * readout before the engine runs, so the test fails loudly if a change of network breaks the premise.
   */
  const cases = (['residual', 'chain'] as const).flatMap((arch) =>
    [0.5, 1, 2].map((etaLambda) => ({ arch, etaLambda })),
  );

  it.each(cases)('$arch, η_λ = $etaLambda', async ({ arch, etaLambda }) => {
    const { net, batch, sys } = linearCase(arch);
    const sigmaMax = singularValuesOfA(sys)[0];
    const etaAt = (factor: number) => (factor * juryCeiling(etaLambda)) / sigmaMax ** 2;

    let [lo, hi] = [0.5, 1.5];
    for (let k = 0; k < 40; k++) {
      const mid = (lo + hi) / 2;
      if (rho(sys, etaAt(mid), etaLambda) < 1) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(lo - 1), `boundary with the readout at ${lo.toFixed(4)}× the ceiling`).toBeLessThan(0.02);

    const below = rho(sys, etaAt(0.95), etaLambda);
    const above = rho(sys, etaAt(1.05), etaLambda);
    expect(below).toBeLessThan(1);
    expect(above).toBeGreaterThan(1);

    // Below: every mode decays by 1e-4 within T; the run ends at BP's credit with no divergence.
    const Tbelow = Math.ceil(Math.log(1e-4) / Math.log(below));
    const stable = await runInference({ network: net, batch, etaH: etaAt(0.95), etaLambda, T: Tbelow });
    expect(stable.divergence).toBeNull();
    expect(stable.steps).toHaveLength(Tbelow + 1);
    const peak = Math.max(...stable.steps.flatMap((s) => s.rRms));
    expect(Math.max(...stable.steps[Tbelow].rRms)).toBeLessThan(1e-3 * peak);

    // Above: the stiff mode grows by ρ(M) per step; from |r| ~ 1e-2 it passes the 1e6 bound well within T.
    const Tabove = Math.ceil(Math.log(1e10) / Math.log(above));
    const unstable = await runInference({ network: net, batch, etaH: etaAt(1.05), etaLambda, T: Tabove });
    expect(unstable.divergence, `no divergence in ${Tabove} steps at ρ(M) = ${above}`).not.toBeNull();
    expect(unstable.steps.length).toBeLessThanOrEqual(Tabove);
  });
});
