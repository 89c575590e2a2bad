/**
 * The network and batch as tensors, and the layer-stacked maps built from layers.ts: hidden states are
 * one [L-1, B, N] tensor, interior weights one [L-2, N, N] tensor, so every map below is a fixed number
 * of kernels whatever the depth.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../core/batch';
import type { Activation, Matrix, Network } from '../core/network';
import {
  inputProjection,
  jacobianProduct,
  jacobianTransposeProduct,
  layerPrediction,
  phi,
  readout,
  weightGradient,
} from './layers';
import { layerRange } from './ops';

export interface NetworkTensors {
  net: Network;
  act: Activation;
  residual: boolean;
  /** Number of interior layers, L − 2 (0 for a two-layer network). */
  interior: number;
  a1: number;
  aL: number;
  /** a_2 … a_{L-1} as [L-2, 1, 1], null when there are no interior layers. */
  aInterior: tf.Tensor | null;
  /** W_1ᵀ, [D, N]. */
  W1T: tf.Tensor2D;
  /** W_2 … W_{L-1} as [L-2, N, N] and transposed, null when there are no interior layers. */
  Winterior: tf.Tensor3D | null;
  WinteriorT: tf.Tensor3D | null;
  /** W_L [C, N] and W_Lᵀ [N, C]. */
  WL: tf.Tensor2D;
  WLT: tf.Tensor2D;
}

export interface BatchTensors {
  X: tf.Tensor2D;
  Y: tf.Tensor2D;
}

/** Weight gradients of all layers: W_1, the interior stack, W_L. */
export interface LayerGradients {
  input: tf.Tensor;
  interior: tf.Tensor | null;
  readout: tf.Tensor;
}

export function matrixTensor(m: Matrix): tf.Tensor2D {
  return tf.tensor2d(m.data, [m.rows, m.cols], 'float32');
}

export function networkTensors(net: Network): NetworkTensors {
  const L = net.depth;
  const interior = L - 2;
  const N = net.width;
  let Winterior: tf.Tensor3D | null = null;
  let WinteriorT: tf.Tensor3D | null = null;
  let aInterior: tf.Tensor | null = null;
  if (interior > 0) {
    const stacked = new Float32Array(interior * N * N);
    for (let i = 0; i < interior; i++) stacked.set(net.W[i + 1].data, i * N * N);
    Winterior = tf.tensor3d(stacked, [interior, N, N], 'float32');
    WinteriorT = tf.transpose(Winterior, [0, 2, 1]);
    aInterior = tf.tensor3d(net.a.slice(1, L - 1), [interior, 1, 1], 'float32');
  }
  const WL = matrixTensor(net.W[L - 1]);
  return {
    net,
    act: net.act,
    residual: net.arch === 'residual',
    interior,
    a1: net.a[0],
    aL: net.a[L - 1],
    aInterior,
    W1T: tf.tidy(() => tf.transpose(matrixTensor(net.W[0]))),
    Winterior,
    WinteriorT,
    WL,
    WLT: tf.transpose(WL),
  };
}

export function batchTensors(batch: Batch): BatchTensors {
  return { X: matrixTensor(batch.x), Y: matrixTensor(batch.y) };
}

export function disposeAll(...items: Array<tf.Tensor | null | NetworkTensors | BatchTensors>): void {
  for (const item of items) {
    if (item === null) continue;
    if (item instanceof tf.Tensor) item.dispose();
    else tf.dispose(Object.values(item).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
  }
}

/** Layers 1 … L-2 of a stack: the inputs of the interior layers. */
function lower(m: NetworkTensors, S: tf.Tensor): tf.Tensor {
  return layerRange(S, 0, m.interior);
}

/** Layers 2 … L-1 of a stack: the outputs of the interior layers. */
function upper(m: NetworkTensors, S: tf.Tensor): tf.Tensor {
  return layerRange(S, 1, m.interior);
}

/** h_{L-1} as [B, N]. */
export function lastLayer(m: NetworkTensors, S: tf.Tensor): tf.Tensor {
  return tf.squeeze(layerRange(S, m.interior, 1), [0]);
}

/** a_1 W_1 x for the batch, [B, N]: computed once per batch, it never changes during inference. */
export function projectInput(m: NetworkTensors, b: BatchTensors): tf.Tensor {
  return inputProjection(m.a1, m.W1T, b.X);
}

/** f_l(h_{l-1}) for l = 1 … L-1, stacked [L-1, B, N]. */
export function hiddenPredictions(m: NetworkTensors, projectedInput: tf.Tensor, H: tf.Tensor): tf.Tensor {
  const first = tf.expandDims(projectedInput, 0);
  if (m.interior === 0) return first;
  const rest = layerPrediction(m.act, m.residual, m.aInterior!, m.WinteriorT!, lower(m, H));
  return tf.concat([first, rest], 0);
}

/** ŷ from the stacked state. */
export function outputPrediction(m: NetworkTensors, H: tf.Tensor): tf.Tensor {
  return readout(m.act, m.aL, m.WLT, lastLayer(m, H));
}

/**
 * The credit each layer receives from the layer above, stacked [L-1, B, N]: J_{l+1}ᵀ u_{l+1} for
 * l = 1 … L-2 and J_Lᵀ w for the last hidden layer (w lives in output space).
 */
export function creditFromAbove(m: NetworkTensors, H: tf.Tensor, U: tf.Tensor, w: tf.Tensor): tf.Tensor {
  const fromReadout = tf.expandDims(
    jacobianTransposeProduct(m.act, false, m.aL, m.WL, lastLayer(m, H), w),
    0,
  );
  if (m.interior === 0) return fromReadout;
  const fromInterior = jacobianTransposeProduct(
    m.act,
    m.residual,
    m.aInterior!,
    m.Winterior!,
    lower(m, H),
    upper(m, U),
  );
  return tf.concat([fromInterior, fromReadout], 0);
}

/** The perturbation each layer's prediction sees, J_l v_{l-1} (0 for layer 1: x is clamped), and K v. */
export function perturbationFromBelow(
  m: NetworkTensors,
  H: tf.Tensor,
  V: tf.Tensor,
): { hidden: tf.Tensor; output: tf.Tensor } {
  const output = jacobianProduct(m.act, false, m.aL, m.WLT, lastLayer(m, H), lastLayer(m, V));
  const first = tf.zerosLike(layerRange(V, 0, 1));
  if (m.interior === 0) return { hidden: first, output };
  const rest = jacobianProduct(m.act, m.residual, m.aInterior!, m.WinteriorT!, lower(m, H), lower(m, V));
  return { hidden: tf.concat([first, rest], 0), output };
}

/**
 * Weight gradients of spec §5 from a stacked credit (ε for PC/PC-ALM, −δ for BP), the output error
 * e and the state H: G_1 = −a_1 mean ε_1 xᵀ, G_l = −a_l mean ε_l φ(h_{l-1})ᵀ, G_L = −a_L mean e φ(h_{L-1})ᵀ.
 */
export function layerGradients(
  m: NetworkTensors,
  b: BatchTensors,
  credit: tf.Tensor,
  e: tf.Tensor,
  H: tf.Tensor,
): LayerGradients {
  const input = weightGradient(m.a1, tf.squeeze(layerRange(credit, 0, 1), [0]), b.X);
  const readoutGrad = weightGradient(m.aL, e, phi(m.act, lastLayer(m, H)));
  const interior =
    m.interior === 0 ? null : weightGradient(m.aInterior!, upper(m, credit), phi(m.act, lower(m, H)));
  return { input, interior, readout: readoutGrad };
}

/** Per-layer ⟨G, G'⟩ as a [L] vector (W_1 … W_L). */
export function layerGradientDots(m: NetworkTensors, G: LayerGradients, G2: LayerGradients): tf.Tensor {
  const parts = [tf.reshape(tf.sum(tf.mul(G.input, G2.input)), [1])];
  if (m.interior > 0) parts.push(tf.sum(tf.mul(G.interior!, G2.interior!), [1, 2]));
  parts.push(tf.reshape(tf.sum(tf.mul(G.readout, G2.readout)), [1]));
  return tf.concat(parts, 0);
}
