/**
 * The scalar two-layer example (src/theory/scalarExample.ts) against (a) closed forms derived by hand
 * for x → h = w1 x → ŷ = w2 h with a_1 = a_2 = 1, and (b) the tfjs engine on the same 1-1-1 network,
 * step for step, so the scalar view and the engine cannot disagree.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clampInput,
  DEFAULT_INPUTS,
  planeFrame,
  resolveRates,
  scalarModel,
  seriesDomain,
  stepIn,
  updateAngle,
} from '../src/app/views/scalar/scalarModel';
import type { Batch } from '../src/core/batch';
import { layerConstants, type Network } from '../src/core/network';
import {
  activityGradient,
  autoBudget,
  autoEtaH,
  bpAdjoint,
  bpGradient,
  eigenvalues2x2,
  energy,
  forwardActivity,
  gradientCosine,
  inferenceTrajectory,
  iterationEigenvalues,
  iterationMatrix,
  modeEigenvaluesOfA,
  pcalmFixedPoint,
  pcEquilibrium,
  pcEquilibriumGradient,
  type ScalarNetwork,
  scalarNetwork,
  spectralRadius2,
  weightGradient,
} from '../src/theory/scalarExample';
import { switchBackend } from './helpers/backends';
import { engineTrace } from './helpers/engine';

const CASES: Array<[number, number, number, number]> = [
  [0.8, 1.5, 1, 0.2],
  [-1.2, 0.6, 0.5, 1],
  [1, -2, -1, 0.7],
  [0.3, 0.1, 2, -1],
];

/** Close in absolute terms relative to a scale, so values near 0 are not held to a relative bound. */
function expectNear(actual: number, expected: number, tolerance: number, what: string): void {
  const scale = Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance * scale)) {
    throw new Error(`${what}: ${actual} ≠ ${expected} (tolerance ${tolerance})`);
  }
}

describe('closed forms derived by hand (a_1 = a_2 = 1)', () => {
  it.each(CASES)('w1 = %s, w2 = %s, x = %s, y = %s', (w1, w2, x, y) => {
    const n = scalarNetwork(w1, w2, x, y);
    const eBar = y - w2 * w1 * x; // output error at the forward pass
    expect(forwardActivity(n)).toBeCloseTo(w1 * x, 14);
    // δ = −w2 ē; G^BP = (−w2 ē x, −ē w1 x), the chain rule on ℓ = ½(y − w2 w1 x)².
    expect(bpAdjoint(n)).toBeCloseTo(-w2 * eBar, 14);
    const bp = bpGradient(n);
    expect(bp.g1).toBeCloseTo(-w2 * eBar * x, 14);
    expect(bp.g2).toBeCloseTo(-eBar * w1 * x, 14);

    // Equilibrated PC: h* = (w1 x + w2 y)/(1 + w2²) zeroes dF/dh and is a minimum (F'' = 1 + w2² > 0).
    const hStar = (w1 * x + w2 * y) / (1 + w2 * w2);
    expect(pcEquilibrium(n)).toBeCloseTo(hStar, 14);
    expect(activityGradient(n, hStar, 0)).toBeCloseTo(0, 13);
    expect(energy(n, hStar)).toBeLessThan(energy(n, hStar + 1e-3));
    expect(energy(n, hStar)).toBeLessThan(energy(n, hStar - 1e-3));
    // There r* = w2 ē/(1 + w2²) and e* = ē/(1 + w2²): G_1 is BP's shrunk by 1/(1 + w2²).
    const pc = pcEquilibriumGradient(n);
    expect(pc.g1).toBeCloseTo(bp.g1 / (1 + w2 * w2), 13);
    expect(pc.g2).toBeCloseTo((-eBar * hStar) / (1 + w2 * w2), 13);

    // PC-ALM's fixed point: h = h̄ (r = 0), λ = −δ = w2 ē, and the gradient there is BP's exactly.
    const fixed = pcalmFixedPoint(n);
    expect(fixed.h).toBeCloseTo(w1 * x, 14);
    expect(fixed.lambda).toBeCloseTo(w2 * eBar, 14);
    expect(activityGradient(n, fixed.h, fixed.lambda)).toBeCloseTo(0, 13);
    const atFixed = weightGradient(n, fixed);
    expect(atFixed.g1).toBeCloseTo(bp.g1, 13);
    expect(atFixed.g2).toBeCloseTo(bp.g2, 13);
  });

  it('starts at the forward pass: PC-ALM’s first update has BP’s Δw2 and no Δw1', () => {
    const n = scalarNetwork(0.8, 1.5, 1, 0.2);
    const [first] = inferenceTrajectory(n, { etaH: 0.3, etaLambda: 1, T: 5 }).states;
    expect(first).toEqual({ t: 0, h: 0.8, lambda: 0, r: 0, e: 0.2 - 1.5 * 0.8 });
    const g = weightGradient(n, first);
    expect(g.g1 === 0).toBe(true);
    expect(g.g2).toBeCloseTo(bpGradient(n).g2, 14);
  });

  it('converges: PC-ALM to r → 0, λ → −δ, G → G^BP; PC to h* and equilibrated PC’s gradient', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.1, max: 1.5, noNaN: true }),
        (w1, w2, x, y, etaLambda) => {
          const n = scalarNetwork(w1, w2, x, y);
          const etaH = 0.5 * autoEtaH(n);
          const rho = spectralRadius2(iterationEigenvalues(n, etaH, etaLambda));
          if (!(rho < 0.97)) return; // slow or unstable corners are covered by the matrix test below
          const T = 2000;
          const alm = inferenceTrajectory(n, { etaH, etaLambda, T });
          const last = alm.states[T];
          const fixed = pcalmFixedPoint(n);
          expectNear(last.r, 0, 1e-9, 'r(T)');
          expectNear(last.h, fixed.h, 1e-9, 'h(T)');
          // λ(T) lacks the last dual step, which adds η_λ r(T) ≈ 0.
          expectNear(last.lambda, fixed.lambda, 1e-9, 'λ(T)');
          const g = weightGradient(n, last);
          const bp = bpGradient(n);
          expectNear(g.g1, bp.g1, 1e-9, 'G_1');
          expectNear(g.g2, bp.g2, 1e-9, 'G_2');
          const pc = inferenceTrajectory(n, { etaH, etaLambda: 0, T }).states[T];
          expect(pc.lambda).toBe(0);
          expectNear(pc.h, pcEquilibrium(n), 1e-9, 'PC h(T)');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('η_λ = 0 is PC bit for bit: same h at every step, λ ≡ 0', () => {
    const n = scalarNetwork(-1.2, 0.6, 0.5, 1);
    const rates = { etaH: 0.4, etaLambda: 0, T: 30 };
    const a = inferenceTrajectory(n, rates).states;
    let h = forwardActivity(n);
    for (let t = 1; t <= 30; t++) {
      h -= 0.4 * activityGradient(n, h, 0);
      expect(a[t].h).toBe(h);
      expect(a[t].lambda).toBe(0);
    }
  });
});

describe('linear theory of spec §7 for the scalar network', () => {
  it('one step (activity, then dual) is the affine map M around the fixed point', () => {
    for (const [w1, w2, x, y] of CASES) {
      const n = scalarNetwork(w1, w2, x, y);
      const rates = { etaH: 0.25, etaLambda: 1.3, T: 12 };
      const s = inferenceTrajectory(n, rates).states;
      const fixed = pcalmFixedPoint(n);
      const M = iterationMatrix(n, rates.etaH, rates.etaLambda);
      // (h(t), λ after dual step t) → (h(t+1), λ after dual step t+1), for 1 ≤ t, t+1 < T.
      const dualAfter = (t: number) => s[t].lambda + rates.etaLambda * s[t].r;
      for (let t = 1; t + 1 < rates.T; t++) {
        const dh = s[t].h - fixed.h;
        const dl = dualAfter(t) - fixed.lambda;
        expect(s[t + 1].h - fixed.h).toBeCloseTo(M[0] * dh + M[1] * dl, 12);
        expect(dualAfter(t + 1) - fixed.lambda).toBeCloseTo(M[2] * dh + M[3] * dl, 12);
      }
    }
  });

  it('det M = 1 − η_h H does not depend on η_λ; with the readout dropped (w2 = 0) M is §7’s mode σ = 1', () => {
    const n = scalarNetwork(0.7, 1.1, 1, 0);
    for (const etaLambda of [0, 0.5, 1, 2]) {
      const M = iterationMatrix(n, 0.3, etaLambda);
      expect(M[0] * M[3] - M[1] * M[2]).toBeCloseTo(1 - 0.3 * (1 + 1.1 ** 2), 14);
    }
    const noReadout = scalarNetwork(0.7, 0, 1, 0.5);
    for (const [etaH, etaLambda] of [
      [0.25, 1],
      [0.9, 0.2],
      [0.5, 0],
      [1.2, 1.5],
    ]) {
      const exact = iterationEigenvalues(noReadout, etaH, etaLambda);
      const mode = modeEigenvaluesOfA(etaH, etaLambda);
      // Both list real roots larger first and complex pairs +im first.
      for (let k = 0; k < 2; k++) {
        expect(exact.re[k]).toBeCloseTo(mode.re[k], 13);
        expect(exact.im[k]).toBeCloseTo(mode.im[k], 13);
      }
    }
  });

  it('complex pairs have |z| = √(1 − η_h H); η_λ = 0 leaves the eigenvalue 1 (frozen dual)', () => {
    const n = scalarNetwork(0.5, 1, 1, 0.3);
    const ev = iterationEigenvalues(n, 0.2, 1);
    expect(ev.im[0]).toBeGreaterThan(0);
    expect(Math.hypot(ev.re[0], ev.im[0])).toBeCloseTo(Math.sqrt(1 - 0.2 * 2), 14);
    const pc = iterationEigenvalues(n, 0.2, 0);
    expect(pc.re).toEqual([expect.closeTo(1, 14), expect.closeTo(1 - 0.2 * 2, 14)]);
    expect(eigenvalues2x2([2, 0, 0, 3]).re).toEqual([3, 2]);
  });

  it('automatic rates: η_h = 1/(1 + w2²); the budget reaches 10⁻³ of the fixed point within [10, 100]', () => {
    const n = scalarNetwork(1, 2, 1, 0);
    expect(autoEtaH(n)).toBeCloseTo(0.2, 15);
    const T = autoBudget(n, 0.2, 1);
    // η_h = 1/H zeroes det M, so the eigenvalues are 0 and 1 − η_h η_λ = 0.8: T = ⌈ln 10⁻³ / ln 0.8⌉ = 31.
    expect(T).toBe(31);
    expect(autoBudget(n, 0.01, 0.01)).toBe(100);
    expect(autoBudget(n, 5, 1)).toBe(30);
    expect(autoBudget(scalarNetwork(1, 0, 1, 0), 1, 1)).toBe(10);
  });
});

describe('bad input never throws', () => {
  it('NaN, Infinity and a diverging rate stop the trajectory and say where', () => {
    // y = 0 so the forward pass is not already the fixed point.
    const n = scalarNetwork(1, 1, 1, 0);
    expect(inferenceTrajectory(n, { etaH: 5, etaLambda: 1, T: 200 }).divergedAt).toBeGreaterThan(0);
    expect(
      inferenceTrajectory(scalarNetwork(Number.NaN, 1, 1, 1), { etaH: 0.2, etaLambda: 1, T: 5 }),
    ).toEqual(expect.objectContaining({ divergedAt: 0 }));
    expect(inferenceTrajectory(n, { etaH: 0.2, etaLambda: 1, T: Number.NaN }).states).toHaveLength(1);
    expect(inferenceTrajectory(n, { etaH: 0.2, etaLambda: 1, T: -3 }).states).toHaveLength(1);
    expect(gradientCosine({ g1: 0, g2: 0 }, { g1: 1, g2: 0 })).toBeNaN();
    expect(autoBudget(scalarNetwork(Number.NaN, Number.NaN, 1, 1), Number.NaN, 1)).toBe(30);
  });
});

/** The same example as the engine's Network: chain, identity, D = N = C = 1, L = 2. */
function engineCase(n: ScalarNetwork): { net: Network; batch: Batch } {
  const shape = {
    arch: 'chain',
    act: 'identity',
    param: 'mupc',
    inputDim: 1,
    width: 1,
    depth: 2,
    classes: 1,
  } as const;
  const net: Network = {
    ...shape,
    a: layerConstants(shape),
    W: [n.w1, n.w2].map((w) => ({ rows: 1, cols: 1, data: Float32Array.of(w) })),
  };
  const one = (v: number) => ({ rows: 1, cols: 1, data: Float32Array.of(v) });
  return { net, batch: { x: one(n.x), y: one(n.y), labels: [0] } };
}

describe('the tfjs engine on the same 1-1-1 network', () => {
  beforeAll(async () => {
    await switchBackend('cpu');
  });

  it('uses a_1 = a_2 = 1 (mean-field constants at D = N = C = 1)', () => {
    expect(engineCase(scalarNetwork(1, 1, 1, 1)).net.a).toEqual([1, 1]);
  });

  it.each(CASES)('agrees step for step (w1 = %s, w2 = %s, x = %s, y = %s)', (w1, w2, x, y) => {
    // Weights and data in float32, as the engine holds them, so only the arithmetic differs.
    const f = Math.fround;
    const n = scalarNetwork(f(w1), f(w2), f(x), f(y));
    const { net, batch } = engineCase(n);
    for (const etaLambda of [0, 1]) {
      const rates = { etaH: 0.5 * autoEtaH(n), etaLambda, T: 25 };
      const ours = inferenceTrajectory(n, rates).states;
      const eng = engineTrace(net, batch, rates);
      const bp = bpGradient(n);
      const tol = 2e-5;
      expectNear(eng.bp.delta[0][0][0], bpAdjoint(n), tol, 'δ');
      expectNear(eng.bp.grads[0][0][0], bp.g1, tol, 'G^BP_1');
      expectNear(eng.bp.grads[1][0][0], bp.g2, tol, 'G^BP_2');
      for (const s of ours) {
        const e = eng.steps[s.t];
        const at = `η_λ = ${etaLambda}, t = ${s.t}`;
        expectNear(e.H[0][0][0], s.h, tol, `${at}: h`);
        expectNear(e.Lambda[0][0][0], s.lambda, tol, `${at}: λ`);
        expectNear(e.R[0][0][0], s.r, tol, `${at}: r`);
        expectNear(e.e[0][0], s.e, tol, `${at}: e`);
        expectNear(e.metrics.energy, energy(n, s.h), tol, `${at}: F`);
        const cosine = gradientCosine(weightGradient(n, s), bp);
        expectNear(e.metrics.gradCosine, cosine, 1e-4, `${at}: cos(G, G^BP)`);
      }
      const final = weightGradient(n, ours[rates.T]);
      expectNear(eng.grads[0][0][0], final.g1, tol, 'G_1(T)');
      expectNear(eng.grads[1][0][0], final.g2, tol, 'G_2(T)');
    }
  });
});

describe('the scalar view’s model (src/app/views/scalar/scalarModel.ts)', () => {
  it('resolves "auto" for this network and keeps numeric settings', () => {
    const n = scalarNetwork(0.2, 1, 1, 1.5);
    const auto = resolveRates(n, { etaH: 'auto', etaLambda: 1, T: 'auto' });
    expect(auto.etaH).toBeCloseTo(0.5, 15);
    // η_h = 1/H: eigenvalues 0 and 1 − η_h η_λ = 0.5, so ⌈ln 10⁻³ / ln 0.5⌉ = 10.
    expect(auto.T).toBe(10);
    expect(resolveRates(n, { etaH: 0.1, etaLambda: 0.5, T: 7 })).toEqual({
      etaH: 0.1,
      etaLambda: 0.5,
      T: 7,
      etaHAuto: false,
      TAuto: false,
    });
  });

  it('runs PC with η_λ = 0 and PC-ALM with the settings’ η_λ, and ends PC-ALM on BP', () => {
    const m = scalarModel(DEFAULT_INPUTS, { etaH: 'auto', etaLambda: 1, T: 'auto' });
    expect(m.pc.states.every((s) => s.lambda === 0)).toBe(true);
    expect(m.pcalm.updates[0].dw1 === 0).toBe(true);
    expect(m.pcalm.cosines.at(-1)).toBeGreaterThan(0.9999);
    expect(m.pc.cosines.at(-1)).toBeCloseTo(m.equilibratedCosine, 10);
    // The defaults are chosen so that equilibrated PC is visibly off BP.
    expect(m.equilibratedCosine).toBeLessThan(0.9);
    expect(updateAngle(m.pcalm.updates[0])).toBeCloseTo(90, 10);
  });

  it('clamps slider values and survives NaN', () => {
    expect(clampInput(Number.NaN)).toBe(0);
    expect(clampInput(9)).toBe(2);
    expect(clampInput(-9)).toBe(-2);
    const m = scalarModel({ w1: Number.NaN, w2: 1, x: 1, y: 1 }, { etaH: 'auto', etaLambda: 1, T: 'auto' });
    expect(m.pcalm.states.every((s) => Number.isFinite(s.h))).toBe(true);
    expect(stepIn(m.pcalm, 1e9)).toBe(m.pcalm.states.length - 1);
    expect(stepIn(m.pcalm, -3)).toBe(0);
  });

  it('frames the plane around the origin with equal units on both axes', () => {
    const frame = planeFrame([
      { dw1: 1.3, dw2: 0.26 },
      { dw1: 0, dw2: 0.26 },
      { dw1: Number.NaN, dw2: 5 },
    ]);
    const width = frame.x[1] - frame.x[0];
    expect(frame.y[1] - frame.y[0]).toBeCloseTo(width, 12);
    expect(width).toBeCloseTo(1.3 * 1.12, 12);
    expect(frame.x[0]).toBeLessThan(0);
    expect(frame.y[0]).toBeLessThan(0);
    expect(frame.y[1]).toBeGreaterThan(0.26);
    expect(planeFrame([])).toEqual({ x: [-1, 1], y: [-1, 1] });
  });

  it('pads a series’ y range, and gives a flat series room around it', () => {
    expect(seriesDomain([0, 1])).toEqual([-0.1, 1.1]);
    expect(seriesDomain([2, 2, Number.NaN])).toEqual([1.5, 2.5]);
    expect(seriesDomain([])).toEqual([-1, 1]);
  });
});
