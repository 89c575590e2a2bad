/**
 * One weight update of BP, PC or PC-ALM (spec §4–5, §9). The weights live on the device as the
 * NetworkTensors the inference code reads; Adam replaces them after each batch, so no weight is read
 * back during training. PC / PC-ALM run the stepper's exact update (inference.ts) in a lean loop
 * that skips what only the panels need (BP adjoints, per-step metrics).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainMethod } from '../core/methods';
import { type Network, shapeOf } from '../core/network';
import { Adam } from './adam';
import { backprop, disposeBackprop, forwardPass } from './backprop';
import {
  compositeCredit,
  type InferenceRates,
  inferenceStep,
  initialInferenceState,
  outputError,
} from './inference';
import {
  type BatchTensors,
  disposeAll,
  type LayerGradients,
  layerGradients,
  type NetworkTensors,
  networkTensors,
  projectInput,
} from './model';
import { tidyObject } from './ops';

/** The inference rates of a training run; η_λ is PC-ALM's (PC always uses 0). */
export type InferenceSettings = InferenceRates;

export interface MethodGradients {
  grads: LayerGradients;
  /** Batch-mean forward-pass loss ½‖y − ŷ‖², before the update (a scalar tensor). */
  loss: tf.Tensor;
}

export function disposeGradients(g: LayerGradients): void {
  tf.dispose([g.input, g.readout]);
  g.interior?.dispose();
}

/** ½ mean over the batch of ‖e‖². */
export function batchLoss(e: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(0.5, tf.mean(tf.sum(tf.square(e), 1))));
}

/**
 * PC / PC-ALM weight gradients after T activity steps (T−1 dual steps): G of spec §5 with ε = r + λ,
 * λ before the (skipped) T-th dual step, e and h at the final state. The steps are the stepper's own
 * (inferenceStep); only the BP adjoints and the per-step metrics the panels need are skipped.
 */
export function inferenceGradients(
  m: NetworkTensors,
  b: BatchTensors,
  rates: InferenceRates,
): MethodGradients {
  const start = tidyObject(() => {
    const projectedInput = projectInput(m, b);
    const H = forwardPass(m, projectedInput);
    const e = outputError(m, b, H);
    return { projectedInput, H, e, loss: batchLoss(e) };
  });
  let state = initialInferenceState(start.H, start.e);
  tf.dispose([start.H, start.e]);
  while (state.t < rates.T) state = inferenceStep(m, b, start.projectedInput, state, rates).state;
  const grads = tidyObject(() =>
    layerGradients(m, b, compositeCredit(state.R, state.Lambda), state.e, state.H),
  );
  tf.dispose([state.H, state.R, state.e, state.Lambda, start.projectedInput]);
  return { grads, loss: start.loss };
}

/** BP gradients at the forward pass (spec §5). */
export function backpropGradients(m: NetworkTensors, b: BatchTensors): MethodGradients {
  const bp = backprop(m, b);
  const grads = bp.grads;
  const loss = batchLoss(bp.e);
  // Keep the gradients; everything else of the BP result goes.
  tf.dispose([bp.projectedInput, bp.H, bp.e, bp.delta]);
  return { grads, loss };
}

export function methodGradients(
  method: TrainMethod,
  m: NetworkTensors,
  b: BatchTensors,
  settings: InferenceSettings,
): MethodGradients {
  if (method === 'bp') return backpropGradients(m, b);
  const etaLambda = method === 'pc' ? 0 : settings.etaLambda;
  return inferenceGradients(m, b, { etaH: settings.etaH, etaLambda, T: settings.T });
}

/** cos(G, G^BP) over all layers concatenated (spec §6), as a scalar tensor. */
export function gradientCosine(G: LayerGradients, reference: LayerGradients): tf.Tensor {
  return tf.tidy(() => {
    const pairs: Array<[tf.Tensor, tf.Tensor]> = [
      [G.input, reference.input],
      [G.readout, reference.readout],
    ];
    if (G.interior && reference.interior) pairs.push([G.interior, reference.interior]);
    const sum = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
      tf.addN(pairs.map(([a, b]) => tf.sum(f(a, b))));
    const dot = sum((a, b) => tf.mul(a, b));
    const norms = tf.sqrt(
      tf.mul(
        sum((a) => tf.square(a)),
        sum((_, b) => tf.square(b)),
      ),
    );
    return tf.div(dot, tf.maximum(norms, 1e-30));
  });
}

/** Gradient cosine of a method to BP on one batch, at the current weights (BP: exactly 1). */
export async function cosineToBackprop(
  method: TrainMethod,
  m: NetworkTensors,
  b: BatchTensors,
  settings: InferenceSettings,
): Promise<number> {
  if (method === 'bp') return 1;
  const bp = backprop(m, b);
  const mine = methodGradients(method, m, b, settings);
  const cosine = gradientCosine(mine.grads, bp.grads);
  disposeBackprop(bp);
  disposeGradients(mine.grads);
  mine.loss.dispose();
  const value = (await cosine.data())[0];
  cosine.dispose();
  return value;
}

/**
 * A network's weights on the device plus their Adam state. `model` is replaced after every update
 * (W and Wᵀ both); `model.net` keeps the initial network for its shape and layer constants only.
 */
export class TrainableWeights {
  private current: NetworkTensors;
  private readonly adam: Adam;

  constructor(network: Network, lr: number, officialAdam = false) {
    this.current = networkTensors(network);
    const params = this.params();
    this.adam = new Adam(
      params.map((p) => p.shape),
      { lr, officialForm: officialAdam },
    );
  }

  get model(): NetworkTensors {
    return this.current;
  }

  /** The Adam parameters: W_1ᵀ (the only layout of W_1 the engine uses), the interior stack, W_L. */
  private params(): tf.Tensor[] {
    const m = this.current;
    return m.Winterior ? [m.W1T, m.Winterior, m.WL] : [m.W1T, m.WL];
  }

  /** W ← Adam(W, G); the gradients stay the caller's. */
  apply(g: LayerGradients): void {
    const inputT = tf.transpose(g.input);
    const grads = g.interior ? [inputT, g.interior, g.readout] : [inputT, g.readout];
    const updated = this.adam.step(this.params(), grads);
    inputT.dispose();
    const old = this.current;
    const W1T = updated[0];
    const WL = updated[updated.length - 1];
    const Winterior = old.Winterior ? (updated[1] as tf.Tensor3D) : null;
    this.current = {
      ...old,
      W1T: W1T as tf.Tensor2D,
      Winterior,
      WinteriorT: Winterior ? tf.transpose(Winterior, [0, 2, 1]) : null,
      WL: WL as tf.Tensor2D,
      WLT: tf.transpose(WL) as tf.Tensor2D,
    };
    tf.dispose([old.W1T, old.WL, old.WLT]);
    if (old.Winterior) tf.dispose([old.Winterior, old.WinteriorT!]);
  }

  /** One training step on a batch; returns the forward-pass loss before the update (scalar tensor). */
  train(method: TrainMethod, b: BatchTensors, settings: InferenceSettings): tf.Tensor {
    const { grads, loss } = methodGradients(method, this.current, b, settings);
    this.apply(grads);
    disposeGradients(grads);
    return loss;
  }

  /** The current weights as a plain Network (copies), e.g. for the inference panels. */
  async snapshot(): Promise<Network> {
    const m = this.current;
    const shape = shapeOf(m.net);
    const [W1T, interior, WL] = await Promise.all([
      m.W1T.data() as Promise<Float32Array>,
      m.Winterior ? (m.Winterior.data() as Promise<Float32Array>) : Promise.resolve(new Float32Array(0)),
      m.WL.data() as Promise<Float32Array>,
    ]);
    const { inputDim: D, width: N, depth: L, classes: C } = shape;
    const W1 = new Float32Array(N * D);
    for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) W1[i * D + j] = W1T[j * N + i];
    const W = [{ rows: N, cols: D, data: W1 }];
    for (let l = 0; l < L - 2; l++) {
      W.push({ rows: N, cols: N, data: interior.slice(l * N * N, (l + 1) * N * N) });
    }
    W.push({ rows: C, cols: N, data: Float32Array.from(WL) });
    return { ...shape, a: [...m.net.a], W };
  }

  dispose(): void {
    disposeAll(this.current);
    this.adam.dispose();
  }
}
