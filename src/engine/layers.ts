/**
 * The layer maps of spec §1 and their Jacobians (§3), one function per formula. Every function
 * takes rank-2 tensors for one layer ([B, N]) or rank-3 tensors for a stack of layers
 * ([layers, B, N]); the stepper uses the stacked form so that the number of kernels per inference
 * step does not depend on the depth. Products are written without transposes (the fast form on every
 * backend), so each weight is held both as W [out, in] and as Wᵀ [in, out].
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../core/network';
import { product } from './ops';

/** A layer constant: a number for one layer, a [layers, 1, 1] tensor for a stack. */
export type LayerConstant = number | tf.Tensor;

export function phi(act: Activation, h: tf.Tensor): tf.Tensor {
  if (act === 'tanh') return tf.tanh(h);
  if (act === 'relu') return tf.relu(h);
  return h;
}

/** φ'(h); ReLU's derivative at 0 is taken as 0. */
export function phiPrime(act: Activation, h: tf.Tensor): tf.Tensor {
  if (act === 'tanh') return tf.sub(1, tf.square(tf.tanh(h)));
  if (act === 'relu') return tf.step(h, 0);
  return tf.onesLike(h);
}

/** φ''(h): only tanh has curvature (ReLU's is 0 almost everywhere). */
export function phiSecond(act: Activation, h: tf.Tensor): tf.Tensor {
  if (act !== 'tanh') return tf.zerosLike(h);
  const t = tf.tanh(h);
  return tf.mul(-2, tf.mul(t, tf.sub(1, tf.square(t))));
}

/** Input layer, always linear: f_1(x) = a_1 W_1 x, for a batch X [B, D]. Constant during inference. */
export function inputProjection(a1: number, W1T: tf.Tensor, X: tf.Tensor): tf.Tensor {
  return tf.mul(a1, product(X, W1T));
}

/**
 * f_l(h) = [h +] a_l W_l φ(h): interior layers (skip term when residual) and, with
 * `residual = false`, the readout ŷ = a_L W_L φ(h_{L-1}).
 */
export function layerPrediction(
  act: Activation,
  residual: boolean,
  a: LayerConstant,
  WT: tf.Tensor,
  hBelow: tf.Tensor,
): tf.Tensor {
  const mixed = tf.mul(a, product(phi(act, hBelow), WT));
  return residual ? tf.add(hBelow, mixed) : mixed;
}

/** J_l v = [v +] a_l W_l (φ'(h_{l-1}) ⊙ v): the Jacobian of f_l applied to a perturbation v of h_{l-1}. */
export function jacobianProduct(
  act: Activation,
  residual: boolean,
  a: LayerConstant,
  WT: tf.Tensor,
  hBelow: tf.Tensor,
  v: tf.Tensor,
): tf.Tensor {
  const mixed = tf.mul(a, product(tf.mul(phiPrime(act, hBelow), v), WT));
  return residual ? tf.add(v, mixed) : mixed;
}

/** J_lᵀ u = [u +] a_l φ'(h_{l-1}) ⊙ (W_lᵀ u): carries a credit u of layer l down to layer l-1. */
export function jacobianTransposeProduct(
  act: Activation,
  residual: boolean,
  a: LayerConstant,
  W: tf.Tensor,
  hBelow: tf.Tensor,
  u: tf.Tensor,
): tf.Tensor {
  const pulled = tf.mul(a, tf.mul(phiPrime(act, hBelow), product(u, W)));
  return residual ? tf.add(u, pulled) : pulled;
}

/**
 * Weight gradient of spec §5, batch mean: G_l = −a_l · mean_b credit_l ⊗ input_l, where input is x for
 * W_1 and φ(h_{l-1}) otherwise; credit is ε_l (PC, PC-ALM), −δ_l (BP), or e for the readout.
 */
export function weightGradient(a: LayerConstant, credit: tf.Tensor, input: tf.Tensor): tf.Tensor {
  const batchSize = credit.shape[credit.rank - 2] as number;
  const creditT = credit.rank === 3 ? tf.transpose(credit, [0, 2, 1]) : tf.transpose(credit);
  return tf.mul(tf.mul(a, -1 / batchSize), product(creditT, input));
}

/** ŷ, the readout prediction. */
export function readout(act: Activation, aL: number, WLT: tf.Tensor, hLast: tf.Tensor): tf.Tensor {
  return layerPrediction(act, false, aL, WLT, hLast);
}
