/**
 * η_h = "auto" (spec §9): 1/λ_max of the activity Hessian at the forward pass, from Hessian-vector
 * products (power iteration's Krylov space, searched by Lanczos). The Hessian is block-diagonal over samples (inference of one sample
 * never sees another), so iterating on the whole batch at once finds the largest λ_max of any sample
 * in it: the step is then stable for every sample of the batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { FALLBACK_ETA_H, type HessianEstimate } from '../core/hessianEstimate';
import { createRng } from '../core/prng';
import type { BackpropResult } from './backprop';
import { phiSecond } from './layers';
import { creditFromAbove, lastLayer, type NetworkTensors, perturbationFromBelow } from './model';
import { layerRange, product, tidyObject } from './ops';

export { FALLBACK_ETA_H, type HessianEstimate };

/**
 * H v at the forward pass (r = 0, λ = 0): AᵀA v + KᵀK v − diag(a_L φ''(h_{L-1}) ⊙ W_Lᵀ e) v_{L-1}.
 * Aᵀu and KᵀKv reuse the activity-gradient map: H v = u − creditFromAbove(u, −K v) with u = A v.
 */
export function hessianVectorProduct(m: NetworkTensors, bp: BackpropResult, V: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { hidden, output } = perturbationFromBelow(m, bp.H, V);
    const U = tf.sub(V, hidden);
    const gaussNewton = tf.sub(U, creditFromAbove(m, bp.H, U, tf.neg(output)));
    if (m.act !== 'tanh') return gaussNewton;
    // Curvature of the readout, −Σ_c e_c ∂²ŷ_c/∂h²: diagonal in the last hidden layer.
    const hLast = lastLayer(m, bp.H);
    const curvature = tf.mul(m.aL, tf.mul(phiSecond(m.act, hLast), product(bp.e, m.WL)));
    const correction = tf.expandDims(tf.mul(curvature, lastLayer(m, V)), 0);
    if (m.interior === 0) return tf.sub(gaussNewton, correction);
    const zeros = tf.zerosLike(layerRange(V, 0, m.interior));
    return tf.sub(gaussNewton, tf.concat([zeros, correction], 0));
  });
}

/**
 * ‖v‖₂ as √Σv². Not tf.norm: that computes Σ|v|^2 through the Pow kernel, which on wasm costs a libm
 * pow per element (about 1.4 ms for the default network's 63k activities against 0.14 ms for this),
 * and the Lanczos loop takes one norm per Hessian-vector product, on the first load's critical path.
 * (The two can differ in the last bit of an element's square; nothing here depends on that bit.)
 */
function euclideanNorm(v: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sqrt(tf.sum(tf.square(v))));
}

/** Largest eigenvalue of a symmetric tridiagonal matrix (diagonal α, off-diagonal β). */
function largestTridiagonalEigenvalue(alpha: number[], beta: number[]): number {
  const k = alpha.length;
  const T = new Matrix(k, k);
  for (let i = 0; i < k; i++) {
    T.set(i, i, alpha[i]);
    if (i + 1 < k) {
      T.set(i, i + 1, beta[i]);
      T.set(i + 1, i, beta[i]);
    }
  }
  return Math.max(...new EigenvalueDecomposition(T, { assumeSymmetric: true }).realEigenvalues);
}

/**
 * λ_max of the activity Hessian from the network's and batch's tensors, as the whole estimate (λ_max,
 * η_h = 1/λ_max, how it was found); run.ts's estimateHessian wraps it for plain networks. The Krylov space of the power iteration is searched
 * with the Lanczos recurrence: the same Hessian-vector products, but the largest Ritz value converges
 * in tens of products where the plain power iteration needs hundreds (the top of this spectrum is
 * clustered: many modes near λ_max ≈ 4). A Ritz value never exceeds λ_max, so the step is never larger
 * than 1/λ_max.
 */
export async function lanczosLambdaMax(
  m: NetworkTensors,
  bp: BackpropResult,
  { maxIterations = 80, tolerance = 1e-5, checkEvery = 5, seed = 0 } = {},
): Promise<HessianEstimate> {
  const rng = createRng(seed, 'power-iteration');
  const size = bp.H.size;
  let previousV: tf.Tensor | null = null;
  let V = tf.tidy(() => {
    const start = tf.tensor(
      Float32Array.from({ length: size }, () => rng.normal()),
      bp.H.shape,
    );
    return tf.div(start, euclideanNorm(start));
  });
  const alpha: number[] = [];
  const beta: number[] = [];
  let lambda = Number.NaN;
  let converged = false;
  try {
    while (alpha.length < maxIterations) {
      const lastBeta = beta.length > 0 ? beta[beta.length - 1] : 0;
      const step = tidyObject(() => {
        const W = hessianVectorProduct(m, bp, V);
        const a = tf.sum(tf.mul(V, W));
        let residual = tf.sub(W, tf.mul(a, V));
        if (previousV) residual = tf.sub(residual, tf.mul(lastBeta, previousV));
        const b = euclideanNorm(residual);
        // α and β travel together: one readback per Lanczos step.
        return { ab: tf.stack([a, b]), next: tf.div(residual, tf.maximum(b, 1e-30)) };
      });
      const [a, b] = await step.ab.data();
      step.ab.dispose();
      previousV?.dispose();
      previousV = V;
      V = step.next;
      alpha.push(a);
      if (!Number.isFinite(a) || !Number.isFinite(b)) break;
      const invariant = b <= 1e-7 * Math.abs(a);
      if (alpha.length % checkEvery === 0 || invariant) {
        const estimate = largestTridiagonalEigenvalue(alpha, beta);
        if (invariant || Math.abs(estimate - lambda) <= tolerance * Math.abs(estimate)) {
          lambda = estimate;
          converged = true;
          break;
        }
        lambda = estimate;
      }
      beta.push(b);
    }
    if (!converged && alpha.every(Number.isFinite))
      lambda = largestTridiagonalEigenvalue(alpha, beta.slice(0, alpha.length - 1));
  } finally {
    V.dispose();
    previousV?.dispose();
  }
  const usable = Number.isFinite(lambda) && lambda > 0;
  return {
    lambdaMax: lambda,
    etaH: usable ? 1 / lambda : FALLBACK_ETA_H,
    iterations: alpha.length,
    converged,
    samples: `all ${bp.H.shape[1]} samples of the batch (largest λ_max among them)`,
  };
}
