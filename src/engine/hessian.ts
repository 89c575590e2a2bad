/**
 * η_h = "auto" (spec §9): 1/λ_max of the activity Hessian at the forward pass, by power iteration
 * with Hessian-vector products. The Hessian is block-diagonal over samples (inference of one sample
 * never sees another), so iterating on the whole batch at once finds the largest λ_max of any sample
 * in it: the step is then stable for every sample of the batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackpropResult } from './backprop';
import { phiSecond } from './layers';
import { creditFromAbove, lastLayer, type NetworkTensors, perturbationFromBelow } from './model';
import { layerRange, product } from './ops';
import { createRng } from './prng';

/** The official code's fallback when no estimate is available. */
export const FALLBACK_ETA_H = 0.25;

export interface HessianEstimate {
  lambdaMax: number;
  etaH: number;
  iterations: number;
  converged: boolean;
  /** Which samples the estimate used, for the record. */
  samples: string;
}

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

/** Largest eigenvalue of the activity Hessian by power iteration (Rayleigh quotient), and η_h = 1/λ_max. */
export async function estimateEtaH(
  m: NetworkTensors,
  bp: BackpropResult,
  { maxIterations = 200, tolerance = 1e-4, checkEvery = 5, seed = 0 } = {},
): Promise<HessianEstimate> {
  const rng = createRng(seed, 'power-iteration');
  const size = bp.H.size;
  let V = tf.tidy(() => {
    const start = tf.tensor(
      Float32Array.from({ length: size }, () => rng.normal()),
      bp.H.shape,
    );
    return tf.div(start, tf.norm(start));
  });
  let lambda = Number.NaN;
  let previous = Number.NaN;
  let iterations = 0;
  let converged = false;
  try {
    while (iterations < maxIterations) {
      let quotient: tf.Tensor | null = null;
      for (let k = 0; k < checkEvery && iterations < maxIterations; k++, iterations++) {
        const next = tf.tidy(() => {
          const HV = hessianVectorProduct(m, bp, V);
          const q = tf.sum(tf.mul(V, HV));
          return { q, v: tf.div(HV, tf.maximum(tf.norm(HV), 1e-30)) };
        });
        V.dispose();
        V = next.v;
        quotient?.dispose();
        quotient = next.q;
      }
      lambda = (await quotient!.data())[0];
      quotient!.dispose();
      if (!Number.isFinite(lambda)) break;
      if (Math.abs(lambda - previous) <= tolerance * Math.abs(lambda)) {
        converged = true;
        break;
      }
      previous = lambda;
    }
  } finally {
    V.dispose();
  }
  const usable = Number.isFinite(lambda) && lambda > 0;
  return {
    lambdaMax: lambda,
    etaH: usable ? 1 / lambda : FALLBACK_ETA_H,
    iterations,
    converged,
    samples: `all ${bp.H.shape[1]} samples of the batch (largest λ_max among them)`,
  };
}
