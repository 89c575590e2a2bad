import { describe, expect, it } from 'vitest';
import { syntheticBatch } from '../src/core/batch';
import { type Activation, type Architecture, createNetwork, type Network } from '../src/core/network';
import {
  annulusRadii,
  ballisticFront,
  type ComplexArray,
  diffusiveFront,
  eigenvaluesOfM,
  inflectionStep,
  iterationMatrix,
  juryCeiling,
  linearizedSystem,
  modeEigenvalues,
  multiplyVector,
  singularValuesOfA,
  spectralRadius,
  stability,
  transpose,
} from '../src/theory';

const D = 6;
const C = 3;

function net(arch: Architecture, act: Activation, width: number, depth: number, seed: number): Network {
  return createNetwork({ arch, act, param: 'mupc', inputDim: D, width, depth, classes: C }, seed);
}

function input(seed: number): Float32Array {
  return syntheticBatch(1, D, C, seed).x.data;
}

/** Every (arch, N, L, seed) combination used by the spectral tests. */
const identityCases = (['residual', 'chain'] as const).flatMap((arch) =>
  [3, 4, 5].flatMap((N) => [2, 3, 4, 5].map((L) => ({ arch, N, L, seed: 11 * N + L }))),
);

/** Independent reference of spec §1 in float64: φ, layer maps f_l, residuals r_l and readout. */
const phi = (act: Activation, v: number) =>
  act === 'tanh' ? Math.tanh(v) : act === 'relu' ? Math.max(0, v) : v;
function layerMap(n: Network, l: number, h: ArrayLike<number>): number[] {
  const W = n.W[l - 1];
  const input = l === 1 ? Array.from(h) : Array.from(h, (v) => phi(n.act, v));
  const out = Array.from({ length: W.rows }, (_, i) => {
    let s = 0;
    for (let j = 0; j < W.cols; j++) s += W.data[i * W.cols + j] * input[j];
    return n.a[l - 1] * s;
  });
  const skip = n.arch === 'residual' && l > 1 && l < n.depth;
  return skip ? out.map((v, i) => v + h[i]) : out;
}
function referenceForward(n: Network, x: ArrayLike<number>): { hidden: number[][]; yHat: number[] } {
  const hidden = [layerMap(n, 1, x)];
  for (let l = 2; l < n.depth; l++) hidden.push(layerMap(n, l, hidden[l - 2]));
  return { hidden, yHat: layerMap(n, n.depth, hidden[n.depth - 2]) };
}
/** Stacked residuals r(h) and readout ŷ(h) for a stacked state h, with h_0 = x. */
function residualsAndReadout(
  n: Network,
  x: ArrayLike<number>,
  h: Float64Array,
): { r: number[]; y: number[] } {
  const N = n.width;
  const block = (l: number) => h.subarray((l - 1) * N, l * N);
  const r: number[] = [];
  for (let l = 1; l < n.depth; l++) {
    const f = layerMap(n, l, l === 1 ? x : block(l - 1));
    r.push(...f.map((v, i) => block(l)[i] - v));
  }
  return { r, y: layerMap(n, n.depth, block(n.depth - 1)) };
}

/** Asserts two multisets of complex numbers agree within tol (greedy nearest matching). */
function expectSameSpectrum(actual: ComplexArray, expected: ComplexArray, tol: number): void {
  expect(actual.re.length).toBe(expected.re.length);
  const used = new Uint8Array(expected.re.length);
  for (let i = 0; i < actual.re.length; i++) {
    let best = -1;
    let bestDist = Infinity;
    for (let j = 0; j < expected.re.length; j++) {
      const d = Math.hypot(actual.re[i] - expected.re[j], actual.im[i] - expected.im[j]);
      if (!used[j] && d < bestDist) [best, bestDist] = [j, d];
    }
    if (!(bestDist <= tol))
      throw new Error(`eigenvalue ${actual.re[i]}+${actual.im[i]}i unmatched (${bestDist})`);
    used[best] = 1;
  }
}

describe('per-mode closed form (spec §7) equals the full eigen-decomposition of M, readout dropped', () => {
  it('matches on small identity networks for several η_h, η_λ, with complex pairs and η_λ = 0', () => {
    let complexModes = 0;
    let realModes = 0;
    for (const { arch, N, L, seed } of identityCases) {
      const sys = linearizedSystem(net(arch, 'identity', N, L, seed), input(seed));
      const sigmas = singularValuesOfA(sys);
      expect(sigmas.length).toBe(sys.n);
      for (const etaH of [0.05, 0.3, 0.7]) {
        for (const etaLambda of [0, 0.4, 1, 2.5]) {
          const numeric = eigenvaluesOfM(iterationMatrix(sys, etaH, etaLambda, { dropReadout: true }));
          const closed = modeEigenvalues(sigmas, etaH, etaLambda);
          expectSameSpectrum(numeric, closed, 1e-9);
          for (let k = 0; k < closed.im.length; k += 2) closed.im[k] !== 0 ? complexModes++ : realModes++;
          if (etaLambda === 0) {
            // Eigenvalues 1 − a and 1 (§7): the dual block is frozen.
            const expected = {
              re: Float64Array.from([...sigmas].flatMap((s) => [1 - etaH * s * s, 1])),
              im: new Float64Array(2 * sigmas.length),
            };
            expectSameSpectrum(numeric, expected, 1e-9);
          }
        }
      }
    }
    expect(complexModes).toBeGreaterThan(100);
    expect(realModes).toBeGreaterThan(100);
  });

  it('hand-computed mode: σ = 1, η_h = 0.5, η_λ = 1 gives 0.5 ± 0.5i; buffers are reused', () => {
    const out = { re: new Float64Array(4), im: new Float64Array(4) };
    const z = modeEigenvalues([1, 2], 0.5, 1, out);
    expect(z).toBe(out);
    expect([z.re[0], z.im[0], z.re[1], z.im[1]].map((v) => +v.toFixed(12))).toEqual([0.5, 0.5, 0.5, -0.5]);
    // σ = 2: a = 2, z² + 2z − 1 = 0 → −1 ± √2.
    expect(z.re[2]).toBeCloseTo(-1 + Math.SQRT2, 12);
    expect(z.re[3]).toBeCloseTo(-1 - Math.SQRT2, 12);
  });

  it('M with the readout kept is the exact one-step map of spec §4 (difference of two states)', () => {
    for (const arch of ['residual', 'chain'] as const) {
      const n0 = net(arch, 'identity', 3, 4, 5);
      const x = input(5);
      const sys = linearizedSystem(n0, x);
      const y = [1, 0, 0];
      const [etaH, etaLambda] = [0.2, 0.9];
      const step = (h: Float64Array, lam: Float64Array) => {
        const { r, y: yHat } = residualsAndReadout(n0, x, h);
        const eps = r.map((v, i) => v + lam[i]);
        const grad = multiplyVector(transpose(sys.A), eps); // Aᵀε = Σ_l ∂r_l/∂h ᵀ ε_l
        const kte = multiplyVector(
          transpose(sys.K),
          y.map((v, i) => v - yHat[i]),
        );
        const h2 = h.map((v, i) => v - etaH * (grad[i] - kte[i]));
        const r2 = residualsAndReadout(n0, x, h2).r;
        return [...h2, ...lam.map((v, i) => v + etaLambda * r2[i])];
      };
      const rand = (k: number) => Float64Array.from({ length: sys.n }, (_, i) => Math.sin(7 * i + k));
      const [h1, l1, h2, l2] = [rand(1), rand(2), rand(3), rand(4)];
      const s1 = step(h1, l1);
      const s2 = step(h2, l2);
      const delta = [...h1.map((v, i) => v - h2[i]), ...l1.map((v, i) => v - l2[i])];
      const predicted = multiplyVector(iterationMatrix(sys, etaH, etaLambda), delta);
      predicted.forEach((v, i) => {
        expect(v).toBeCloseTo(s1[i] - s2[i], 12);
      });
    }
  });
});

describe('annulus and Jury ceiling (spec §7)', () => {
  it('complex eigenvalues of M keep |z| = √(1 − η_h σ²) as η_λ changes; only the phase moves', () => {
    const sys = linearizedSystem(net('residual', 'identity', 4, 5, 3), input(3));
    const sigmas = singularValuesOfA(sys);
    const etaH = 0.8 / sigmas[0] ** 2; // every mode has a < 1, so each is complex for some η_λ
    const ring = annulusRadii(sigmas, etaH);
    expect(ring.excludedModes).toBe(0);
    expect(ring.inner).toBeCloseTo(Math.sqrt(1 - etaH * sigmas[0] ** 2), 14);
    expect(ring.outer).toBeCloseTo(Math.sqrt(1 - etaH * sigmas[sigmas.length - 1] ** 2), 14);
    const radii = [...sigmas].map((s) => Math.sqrt(1 - etaH * s * s));
    const [zA, zB] = [0.5, 1.5].map((etaLambda) => modeEigenvalues(sigmas, etaH, etaLambda));
    let checked = 0;
    for (let k = 0; k < sigmas.length; k++) {
      if (zA.im[2 * k] === 0 || zB.im[2 * k] === 0) continue;
      checked++;
      expect(Math.hypot(zA.re[2 * k], zA.im[2 * k])).toBeCloseTo(radii[k], 12);
      expect(Math.hypot(zB.re[2 * k], zB.im[2 * k])).toBeCloseTo(radii[k], 12);
      expect(
        Math.abs(Math.atan2(zA.im[2 * k], zA.re[2 * k]) - Math.atan2(zB.im[2 * k], zB.re[2 * k])),
      ).toBeGreaterThan(1e-3);
    }
    expect(checked).toBeGreaterThan(3);
    for (const etaLambda of [0.5, 1.5]) {
      const z = eigenvaluesOfM(iterationMatrix(sys, etaH, etaLambda, { dropReadout: true }));
      for (let i = 0; i < z.re.length; i++) {
        if (Math.abs(z.im[i]) < 1e-12) continue;
        const modulus = Math.hypot(z.re[i], z.im[i]);
        expect(modulus).toBeGreaterThanOrEqual(ring.inner - 1e-9);
        expect(modulus).toBeLessThanOrEqual(ring.outer + 1e-9);
        expect(Math.min(...radii.map((r) => Math.abs(r - modulus)))).toBeLessThan(1e-9);
      }
    }
  });

  it('annulus edge cases: modes with η_h σ² ≥ 1 are left out; none left gives NaN', () => {
    const ring = annulusRadii([2, 1, 0.5], 0.5); // a = 2, 0.5, 0.125
    expect(ring.excludedModes).toBe(1);
    expect(ring.inner).toBeCloseTo(Math.sqrt(0.5), 14);
    expect(ring.outer).toBeCloseTo(Math.sqrt(0.875), 14);
    const none = annulusRadii([2, 3], 1);
    expect(none.excludedModes).toBe(2);
    expect(Number.isNaN(none.inner) && Number.isNaN(none.outer)).toBe(true);
  });

  it('η_h σ_max² just below / above 4/(2+η_λ) gives ρ(M) < 1 / > 1', () => {
    expect(juryCeiling(0)).toBe(2);
    expect(juryCeiling(2)).toBe(1);
    for (const [arch, seed] of [
      ['residual', 1],
      ['chain', 2],
    ] as const) {
      const sys = linearizedSystem(net(arch, 'identity', 4, 4, seed), input(seed));
      const sigmaMax = singularValuesOfA(sys)[0];
      for (const etaLambda of [0.3, 1, 2]) {
        for (const [factor, stable] of [
          [0.995, true],
          [1.005, false],
        ] as const) {
          const etaH = (factor * juryCeiling(etaLambda)) / sigmaMax ** 2;
          const verdict = stability(sigmaMax, etaH, etaLambda);
          expect(verdict.stable).toBe(stable);
          expect(verdict.margin > 0).toBe(stable);
          const z = eigenvaluesOfM(iterationMatrix(sys, etaH, etaLambda, { dropReadout: true }));
          expect(spectralRadius(z.re, z.im) < 1).toBe(stable);
        }
      }
    }
  });
});

describe('linearizedSystem (spec §7)', () => {
  it('identity activation: A h_fwd = b, K h_fwd = ŷ, forward pass matches a reference', () => {
    for (const { arch, N, L, seed } of identityCases) {
      const n0 = net(arch, 'identity', N, L, seed);
      const x = input(seed);
      const sys = linearizedSystem(n0, x);
      const ref = referenceForward(n0, x);
      expect(sys.linearized).toBe(false);
      expect(sys.n).toBe(N * (L - 1));
      ref.hidden.flat().forEach((v, i) => {
        expect(sys.hForward[i]).toBeCloseTo(v, 12);
      });
      multiplyVector(sys.A, sys.hForward).forEach((v, i) => {
        expect(v).toBeCloseTo(sys.b[i], 12);
      });
      ref.hidden[0].forEach((v, i) => {
        expect(sys.b[i]).toBeCloseTo(v, 12);
      });
      expect(sys.b.subarray(N).every((v) => v === 0)).toBe(true);
      multiplyVector(sys.K, sys.hForward).forEach((v, i) => {
        expect(v).toBeCloseTo(ref.yHat[i], 12);
      });
      // Unit lower-triangular A: det A = Π σ = 1.
      const logDet = [...singularValuesOfA(sys)].reduce((s, v) => s + Math.log(v), 0);
      expect(logDet).toBeCloseTo(0, 9);
    }
  });

  it('depth 2: A = I, n = N', () => {
    const sys = linearizedSystem(net('residual', 'tanh', 4, 2, 9), input(9));
    expect(sys.n).toBe(4);
    expect(Array.from(sys.A.data)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('tanh / relu: A and K equal finite differences of the residuals and readout at the forward pass', () => {
    for (const act of ['tanh', 'relu'] as const) {
      for (const arch of ['residual', 'chain'] as const) {
        for (const L of [3, 5]) {
          const n0 = net(arch, act, 4, L, 17 + L);
          const x = input(L);
          const sys = linearizedSystem(n0, x);
          expect(sys.linearized).toBe(true);
          const atForward = residualsAndReadout(n0, x, sys.hForward);
          atForward.r.forEach((v) => {
            expect(Math.abs(v)).toBeLessThan(1e-12);
          });
          const step = 1e-6;
          for (let j = 0; j < sys.n; j++) {
            const plus = Float64Array.from(sys.hForward);
            const minus = Float64Array.from(sys.hForward);
            plus[j] += step;
            minus[j] -= step;
            const [p, m] = [residualsAndReadout(n0, x, plus), residualsAndReadout(n0, x, minus)];
            for (let i = 0; i < sys.n; i++) {
              expect(sys.A.data[i * sys.n + j]).toBeCloseTo((p.r[i] - m.r[i]) / (2 * step), 6);
            }
            for (let c = 0; c < C; c++) {
              expect(sys.K.data[c * sys.n + j]).toBeCloseTo((p.y[c] - m.y[c]) / (2 * step), 6);
            }
          }
        }
      }
    }
  });
});

describe('credit fronts (spec §8)', () => {
  it('hand-computed values', () => {
    expect(inflectionStep(32, 0.25, 1)).toBeCloseTo(64, 12);
    expect(inflectionStep(16, 0.5, 2)).toBeCloseTo(16, 12);
    expect(inflectionStep(32, 0.25, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(ballisticFront(64, 0.25, 1)).toBeCloseTo(32, 12);
    expect(ballisticFront(10, 0.25, 0)).toBe(0);
    expect(diffusiveFront(100, 0.25)).toBeCloseTo(5, 12);
    expect(diffusiveFront(64, 1)).toBeCloseTo(8, 12);
  });
});
