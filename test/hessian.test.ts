/**
 * η_h = auto (spec §9): the engine's λ_max (lanczosLambdaMax: Lanczos on Hessian-vector products at
 * the forward pass) against explicit float64 Hessians: H = AᵀA + KᵀK from the theory module for linear and
 * ReLU networks (exact at the forward pass, where r = 0 and φ'' = 0), and a finite-difference Hessian of
 * the PC energy for tanh (which adds the readout curvature −Σ_c e_c ∂²ŷ_c/∂h²). Per sample, and over a
 * batch, whose Hessian is block-diagonal: the batch estimate is the largest of its samples'.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../src/core/batch';
import type { Network } from '../src/core/network';
import { estimateHessian } from '../src/engine/run';
import { switchBackend } from './helpers/backends';
import {
  type CaseSpec,
  gaussNewtonLambdaMax,
  sampleBatch,
  smallCase,
  symmetricEigenvalues,
} from './helpers/cases';
import { forward, pcEnergy, samples } from './reference/naive';

const RTOL = 1e-3;
const B = 4;

/** The engine's estimate for a network and batch (run.ts builds the tensors around lanczosLambdaMax). */
const estimate = estimateHessian;

function finiteDifferenceLambdaMax(net: Network, batch: Batch, b: number): number {
  const sample = samples(batch)[b];
  const h0 = forward(net, sample.x).h;
  const width = net.width;
  const n = h0.length * width;
  const base = new Float64Array(n);
  h0.forEach((h, k) => {
    base.set(h, k * width);
  });
  const energy = (v: Float64Array) =>
    pcEnergy(
      net,
      sample,
      h0.map((_, k) => v.slice(k * width, (k + 1) * width)),
    );
  const step = 1e-4;
  const at = (i: number, si: number, j: number, sj: number) => {
    const v = base.slice();
    v[i] += si * step;
    v[j] += sj * step;
    return energy(v);
  };
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const value =
        (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * step * step);
      H[i * n + j] = value;
      H[j * n + i] = value;
    }
  }
  return Math.max(...symmetricEigenvalues({ rows: n, cols: n, data: H }));
}

/**
 * On `s`'s network and batch: per-sample estimates equal `exact` of each sample, the batch estimate
 * their maximum, η_h = 1/λ_max. Returns the case and the exact per-sample values.
 */
async function expectMatches(s: CaseSpec, exact: (net: Network, batch: Batch, b: number) => number) {
  const { net, batch } = smallCase(s);
  const label = `${s.arch} ${s.act}`;
  const perSample = Array.from({ length: batch.x.rows }, (_, b) => exact(net, batch, b));
  for (let b = 0; b < batch.x.rows; b++) {
    const single = await estimate(net, sampleBatch(batch, b));
    expect(single.converged).toBe(true);
    expect(single.lambdaMax, `${label}, sample ${b}`).toBeCloseToRelative(perSample[b], RTOL);
    expect(single.etaH).toBeCloseTo(1 / single.lambdaMax, 12);
  }
  const all = await estimate(net, batch);
  expect(
    all.lambdaMax,
    `${label}, batch of ${batch.x.rows}: max of ${perSample.map((v) => v.toFixed(5))}`,
  ).toBeCloseToRelative(Math.max(...perSample), RTOL);
  return { net, batch, perSample };
}

expect.extend({
  toBeCloseToRelative(received: number, expected: number, rtol: number) {
    const error = Math.abs(received - expected) / Math.abs(expected);
    return {
      pass: error <= rtol,
      message: () =>
        `expected ${received} to be within ${rtol} (relative) of ${expected}: relative error ${error.toExponential(2)}`,
    };
  },
});

declare module 'vitest' {
  interface Assertion {
    toBeCloseToRelative(expected: number, rtol: number): void;
  }
}

const spec = (s: Omit<CaseSpec, 'depth' | 'batch' | 'seed'>): CaseSpec => ({
  param: 'mupc',
  ...s,
  depth: 4,
  batch: B,
  seed: 9,
});

describe('lanczosLambdaMax (Lanczos on the power iteration) against explicit float64 Hessians', () => {
  beforeAll(async () => {
    await switchBackend('cpu');
  });

  it.each([
    spec({ arch: 'residual', act: 'identity' }),
    spec({ arch: 'chain', act: 'identity' }),
    spec({ arch: 'residual', act: 'relu' }),
    spec({ arch: 'chain', act: 'relu', param: 'standard' }),
  ])('$arch $act $param: λ_max of AᵀA + KᵀK', async (s) => {
    const { perSample } = await expectMatches(s, gaussNewtonLambdaMax);
    if (s.act === 'relu') {
      // ReLU masks differ per sample, so "the max over samples" is a real check here.
      expect(Math.max(...perSample) / Math.min(...perSample)).toBeGreaterThan(1 + 10 * RTOL);
    }
  });

  it.each([
    spec({ arch: 'residual', act: 'tanh' }),
    spec({ arch: 'chain', act: 'tanh', param: 'standard' }),
    spec({ arch: 'residual', act: 'tanh', param: 'standard' }),
  ])('$arch $act $param: λ_max of the finite-difference Hessian of F', async (s) => {
    const { net, batch, perSample: fd } = await expectMatches(s, finiteDifferenceLambdaMax);
    if (s.arch === 'chain') {
      // Here the readout curvature moves λ_max well past the tolerance: the Gauss–Newton part alone would fail.
      const gn = gaussNewtonLambdaMax(net, batch, 0);
      expect(Math.abs(gn - fd[0]) / fd[0]).toBeGreaterThan(10 * RTOL);
    }
  });
});
