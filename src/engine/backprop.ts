/**
 * Forward pass and backprop (spec §1, §5): the reference every PC / PC-ALM state is compared with.
 * These walk the layers one by one because the forward and adjoint recursions are sequential; they run
 * once per batch, never inside the inference loop.
 */
import * as tf from '@tensorflow/tfjs-core';
import { jacobianTransposeProduct, layerPrediction } from './layers';
import {
  type BatchTensors,
  type LayerGradients,
  layerGradients,
  type NetworkTensors,
  outputPrediction,
  projectInput,
} from './model';
import { layerRange, tidyObject } from './ops';

export interface BackpropResult {
  /** a_1 W_1 x, [B, N]. */
  projectedInput: tf.Tensor;
  /** Forward-pass hidden states h_1 … h_{L-1}, [L-1, B, N]. */
  H: tf.Tensor;
  /** Output error e = y − ŷ at the forward pass, [B, C]. */
  e: tf.Tensor;
  /** Adjoints δ_1 … δ_{L-1}, [L-1, B, N]. */
  delta: tf.Tensor;
  grads: LayerGradients;
}

/** W_{index+2} (or its transpose) as [N, N]. */
function interiorWeight(stack: tf.Tensor | null, index: number): tf.Tensor {
  return tf.squeeze(layerRange(stack!, index, 1), [0]);
}

/** h_l = f_l(h_{l-1}) for l = 1 … L-1, stacked. */
export function forwardPass(m: NetworkTensors, projectedInput: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const states = [projectedInput];
    for (let i = 0; i < m.interior; i++) {
      const a = m.net.a[i + 1];
      states.push(layerPrediction(m.act, m.residual, a, interiorWeight(m.WinteriorT, i), states[i]));
    }
    return tf.stack(states, 0);
  });
}

/** δ_{L-1} = −J_Lᵀ e, δ_l = J_{l+1}ᵀ δ_{l+1}; stacked [L-1, B, N]. */
export function adjoints(m: NetworkTensors, H: tf.Tensor, e: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const hidden = tf.unstack(H, 0);
    const last = hidden.length - 1;
    const deltas: tf.Tensor[] = new Array(hidden.length);
    deltas[last] = tf.neg(jacobianTransposeProduct(m.act, false, m.aL, m.WL, hidden[last], e));
    for (let l = last - 1; l >= 0; l--) {
      // δ_l = J_{l+1}ᵀ δ_{l+1}; W_{l+1} is interior weight number l (0-based layer l ↔ h_{l+1}).
      const a = m.net.a[l + 1];
      deltas[l] = jacobianTransposeProduct(
        m.act,
        m.residual,
        a,
        interiorWeight(m.Winterior, l),
        hidden[l],
        deltas[l + 1],
      );
    }
    return tf.stack(deltas, 0);
  });
}

/** Everything BP knows about a batch; the caller owns (and disposes) the tensors. */
export function backprop(m: NetworkTensors, b: BatchTensors): BackpropResult {
  return tidyObject(() => {
    const projectedInput = projectInput(m, b);
    const H = forwardPass(m, projectedInput);
    const e = tf.sub(b.Y, outputPrediction(m, H));
    const delta = adjoints(m, H, e);
    const grads = layerGradients(m, b, tf.neg(delta), e, H);
    return { projectedInput, H, e, delta, grads };
  });
}

export function disposeBackprop(bp: BackpropResult): void {
  tf.dispose([bp.projectedInput, bp.H, bp.e, bp.delta, bp.grads.input, bp.grads.readout]);
  if (bp.grads.interior) bp.grads.interior.dispose();
}
