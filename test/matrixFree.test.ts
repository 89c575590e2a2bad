/**
 * The matrix-free spectrum (src/theory/operators.ts, krylov.ts, matrixFree.ts) against the dense exact
 * path (linearSystem.ts + ml-matrix) on random small networks of every architecture and activation,
 * and against the per-mode closed form of spec §7 on linear networks.
 */
import { describe, expect, it } from 'vitest';
import { syntheticBatch } from '../src/core/batch';
import { type Activation, type Architecture, createNetwork, type Network } from '../src/core/network';
import {
  eigenvaluesOfM,
  iterationMatrix,
  linearizedSystem,
  modeEigenvalues,
  multiplyVector,
  singularValuesOfA,
  spectralRadius,
  transpose,
} from '../src/theory';
import { startVector } from '../src/theory/krylov';
import {
  histogramOfSigmas,
  representativeSigmas,
  sigmaSpectrum,
  stepSpectrum,
} from '../src/theory/matrixFree';
import {
  type SystemOperators,
  shiftedInverseStepOperator,
  stepOperator,
  systemOperators,
} from '../src/theory/operators';

const D = 6;
const C = 3;
const ARCHS: Architecture[] = ['residual', 'chain'];
const ACTS: Activation[] = ['relu', 'tanh', 'identity'];
const CASES = ARCHS.flatMap((arch) => ACTS.map((act) => ({ arch, act })));

function net(arch: Architecture, act: Activation, width: number, depth: number, seed: number): Network {
  return createNetwork({ arch, act, param: 'mupc', inputDim: D, width, depth, classes: C }, seed);
}
const input = (seed: number) => syntheticBatch(1, D, C, seed).x.data;

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / Math.max(scale, 1e-300);
}

const apply = (f: (v: Float64Array, out: Float64Array) => void, v: Float64Array, size: number) => {
  const out = new Float64Array(size);
  f(v, out);
  return out;
};

/** Solves X y = v densely by the forward/back substitution of a unit triangular X (for A⁻¹, A⁻ᵀ). */
function denseMatch(ops: SystemOperators, sys: ReturnType<typeof linearizedSystem>) {
  const { n } = ops;
  const v = startVector(n, 7);
  const y = startVector(C, 8);
  const At = transpose(sys.A);
  return {
    A: maxRelDiff(apply(ops.applyA, v, n), multiplyVector(sys.A, v)),
    At: maxRelDiff(apply(ops.applyAt, v, n), multiplyVector(At, v)),
    // A (A⁻¹ v) = v and Aᵀ (A⁻ᵀ v) = vᵀ: the inverses checked through the dense A.
    solveA: maxRelDiff(multiplyVector(sys.A, apply(ops.solveA, v, n)), v),
    solveAt: maxRelDiff(multiplyVector(At, apply(ops.solveAt, v, n)), v),
    K: maxRelDiff(apply(ops.applyK, v, C), multiplyVector(sys.K, v)),
    Kt: maxRelDiff(apply(ops.applyKt, y, n), multiplyVector(transpose(sys.K), y)),
  };
}

describe('matrix-free operators of spec §7', () => {
  it.each(CASES)('A, Aᵀ, A⁻¹, A⁻ᵀ, K, Kᵀ match the dense matrices ($arch, $act)', ({ arch, act }) => {
    const network = net(arch, act, 5, 6, 3);
    const x = input(4);
    const diffs = denseMatch(systemOperators(network, x), linearizedSystem(network, x));
    for (const [name, d] of Object.entries(diffs)) expect(d, name).toBeLessThan(1e-12);
  });

  it.each(CASES)('M and (M − I)⁻¹ match the dense M ($arch, $act)', ({ arch, act }) => {
    const network = net(arch, act, 4, 5, 9);
    const x = input(2);
    const sys = linearizedSystem(network, x);
    const ops = systemOperators(network, x);
    const v = startVector(2 * ops.n, 5);
    for (const dropReadout of [false, true]) {
      const M = iterationMatrix(sys, 0.3, 0.8, { dropReadout });
      const mv = apply(stepOperator(ops, 0.3, 0.8, { dropReadout }).apply, v, 2 * ops.n);
      expect(maxRelDiff(mv, multiplyVector(M, v))).toBeLessThan(1e-12);
      // (M − I) applied to (M − I)⁻¹ v gives v back.
      const w = apply(shiftedInverseStepOperator(ops, 0.3, 0.8, { dropReadout }).apply, v, 2 * ops.n);
      const back = multiplyVector(M, w).map((value, i) => value - w[i]);
      expect(maxRelDiff(back, v)).toBeLessThan(1e-10);
    }
  });

  it('a wrong operator is caught: Aᵀ swapped for A, or the readout left out', () => {
    const network = net('residual', 'relu', 5, 6, 3);
    const x = input(4);
    const ops = systemOperators(network, x);
    const wrong = { ...ops, applyAt: ops.applyA };
    expect(denseMatch(wrong, linearizedSystem(network, x)).At).toBeGreaterThan(1e-3);
    const sys = linearizedSystem(network, x);
    const v = startVector(2 * ops.n, 5);
    const mv = apply(stepOperator(ops, 0.3, 0.8, { dropReadout: true }).apply, v, 2 * ops.n);
    expect(maxRelDiff(mv, multiplyVector(iterationMatrix(sys, 0.3, 0.8), v))).toBeGreaterThan(1e-6);
  });

  it('refuses (M − I)⁻¹ at η_λ = 0, where M − I is singular', () => {
    const ops = systemOperators(net('residual', 'relu', 3, 4, 1), input(1));
    expect(() => shiftedInverseStepOperator(ops, 0.3, 0)).toThrow(/singular/);
  });
});

/**
 * Sizes where the Krylov runs are truncated (2n above the Arnoldi step counts, Lanczos stopping on
 * its residual), so the test checks convergence, not an exhausted Krylov space.
 */
const SIZES: Array<[number, number]> = [
  [4, 6],
  [10, 11],
  [8, 16],
];

describe('σ extremes and ρ(M), matrix-free vs dense (1e-6 relative)', () => {
  for (const { arch, act } of CASES) {
    for (const [N, L] of SIZES) {
      it(`${arch}, ${act}, N = ${N}, L = ${L}`, () => {
        const network = net(arch, act, N, L, 7 + N + L);
        const x = input(3);
        const sys = linearizedSystem(network, x);
        const exact = singularValuesOfA(sys);
        const ops = systemOperators(network, x);
        const sig = sigmaSpectrum(ops);
        expect(Math.abs(sig.sigmaMax / exact[0] - 1)).toBeLessThan(1e-6);
        expect(Math.abs(sig.sigmaMin / exact[exact.length - 1] - 1)).toBeLessThan(1e-6);
        const etaH = 1 / exact[0] ** 2;
        // Stable complex ring, real roots, frozen dual, and past the Jury ceiling (z < −1).
        for (const etaLambda of [1, 0.3, 0, 2.5]) {
          const dense = eigenvaluesOfM(iterationMatrix(sys, etaH, etaLambda));
          const rho = spectralRadius(dense.re, dense.im);
          // Without σ_max (both Arnoldi runs always) and with it, as the theory worker calls it (the
          // stiff-end run skipped where the closed form bounds it inside, kept where it may be outside).
          const bare = stepSpectrum(ops, etaH, etaLambda);
          expect(Math.abs(bare.rho / rho - 1), `η_λ = ${etaLambda}, no σ_max`).toBeLessThan(1e-6);
          const mf = stepSpectrum(ops, etaH, etaLambda, { sigmaMax: sig.sigmaMax });
          expect(Math.abs(mf.rho / rho - 1), `η_λ = ${etaLambda}`).toBeLessThan(1e-6);
          // Every outermost value returned is an eigenvalue of the dense M (the first is ρ's, checked
          // above; the others may carry a looser residual).
          for (let k = 0; k < mf.re.length; k++) {
            let best = Infinity;
            for (let j = 0; j < dense.re.length; j++)
              best = Math.min(best, Math.hypot(dense.re[j] - mf.re[k], dense.im[j] - mf.im[k]));
            expect(best, `η_λ = ${etaLambda}, value ${k}`).toBeLessThan(1e-4);
          }
        }
      });
    }
  }
});

describe('per-mode closed form on linear networks (readout dropped)', () => {
  it.each(ARCHS)(
    'ρ and the outermost roots agree with z² − (2 − a(1 + η_λ)) z + (1 − a) = 0 (%s)',
    (arch) => {
      const network = net(arch, 'identity', 8, 12, 5);
      const x = input(6);
      const sigmas = singularValuesOfA(linearizedSystem(network, x));
      const ops = systemOperators(network, x);
      const etaH = 0.9 / sigmas[0] ** 2;
      for (const etaLambda of [0.05, 1, 1.8, 3]) {
        const closed = modeEigenvalues(sigmas, etaH, etaLambda);
        const mf = stepSpectrum(ops, etaH, etaLambda, { dropReadout: true });
        expect(Math.abs(mf.rho / spectralRadius(closed.re, closed.im) - 1)).toBeLessThan(1e-6);
        for (let k = 0; k < mf.re.length; k++) {
          let best = Infinity;
          for (let j = 0; j < closed.re.length; j++)
            best = Math.min(best, Math.hypot(closed.re[j] - mf.re[k], closed.im[j] - mf.im[k]));
          expect(best).toBeLessThan(1e-6);
        }
      }
    },
  );
});

describe('density of σ (stochastic Lanczos quadrature)', () => {
  it('follows the exact distribution of σ, and its representatives keep the exact extremes', () => {
    const network = net('residual', 'relu', 16, 33, 2);
    const x = input(5);
    const exact = singularValuesOfA(linearizedSystem(network, x));
    const sig = sigmaSpectrum(systemOperators(network, x), { probes: 4, probeSteps: 60 });
    const total = sig.density.mass.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
    // Kolmogorov distance between the estimated and exact cumulative distributions of σ.
    const exactHist = histogramOfSigmas(exact, 4000);
    const cdfAt = (edges: Float64Array, mass: Float64Array, s: number) => {
      let c = 0;
      for (let b = 0; b < mass.length; b++) {
        if (edges[b + 1] <= s) c += mass[b];
        else if (edges[b] < s) c += (mass[b] * (s - edges[b])) / (edges[b + 1] - edges[b]);
      }
      return c;
    };
    let ks = 0;
    for (let i = 0; i <= 50; i++) {
      const s = exact[exact.length - 1] + ((exact[0] - exact[exact.length - 1]) * i) / 50;
      const d = cdfAt(sig.density.edges, sig.density.mass, s) - cdfAt(exactHist.edges, exactHist.mass, s);
      ks = Math.max(ks, Math.abs(d));
    }
    expect(ks).toBeLessThan(0.08);
    const reps = representativeSigmas(sig.density, 200, sig);
    expect(reps[0]).toBe(sig.sigmaMax);
    expect(reps[199]).toBe(sig.sigmaMin);
    for (let k = 1; k < reps.length; k++) expect(reps[k]).toBeLessThanOrEqual(reps[k - 1]);
    // The median of the representatives is the exact median to within the Kolmogorov distance.
    const median = exact[Math.floor(exact.length / 2)];
    expect(Math.abs(reps[100] - median) / (exact[0] - exact[exact.length - 1])).toBeLessThan(0.1);
  });
});

describe('past the Jury ceiling with a truncated stiff-end run', () => {
  it('finds the stiff root through −1 when told σ_max (as the theory worker does)', () => {
    const network = createNetwork(
      { arch: 'residual', act: 'tanh', param: 'mupc', inputDim: 784, width: 16, depth: 11, classes: 10 },
      1,
    );
    const x = syntheticBatch(1, 784, 10, 0).x.data;
    const sys = linearizedSystem(network, x);
    const sigmas = singularValuesOfA(sys);
    const ops = systemOperators(network, x);
    const etaH = 1 / sigmas[0] ** 2;
    for (const etaLambda of [2.5, 3]) {
      const dense = eigenvaluesOfM(iterationMatrix(sys, etaH, etaLambda));
      const rho = spectralRadius(dense.re, dense.im);
      expect(rho).toBeGreaterThan(1);
      // 40 Arnoldi steps on the 320×320 M: the stiff end has not met the tolerance, and is flagged.
      const mf = stepSpectrum(ops, etaH, etaLambda, { sigmaMax: sigmas[0], directSteps: 40 });
      expect(Math.abs(mf.rho / rho - 1)).toBeLessThan(1e-6);
      expect(mf.re[0]).toBeLessThan(-1);
    }
  });
});
