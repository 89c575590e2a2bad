/**
 * PC and PC-ALM inference (spec §4), one activity step at a time. PC is PC-ALM with η_λ = 0: the dual
 * stays exactly zero, so both share every line below.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BackpropResult, backprop, disposeBackprop } from './backprop';
import { fusedInferenceStep, fusedStepUsable, metricsObserverContext } from './fusedInference';
import {
  type BatchTensors,
  creditFromAbove,
  hiddenPredictions,
  type NetworkTensors,
  outputPrediction,
} from './model';
import { tidyObject } from './ops';

export interface InferenceRates {
  /** Activity rate η_h (per sample). */
  etaH: number;
  /** Dual rate η_λ; 0 is PC. */
  etaLambda: number;
  /** Budget T: activity steps; dual steps follow steps 1 … T−1. */
  T: number;
}

/** The state right after activity step t (before dual step t); t = 0 is the forward pass. */
export interface InferenceState {
  t: number;
  /** h_1 … h_{L-1}, [L-1, B, N]. */
  H: tf.Tensor;
  /** λ_1 … λ_{L-1}, [L-1, B, N]. */
  Lambda: tf.Tensor;
  /** r_l = h_l − f_l(h_{l-1}), [L-1, B, N]. */
  R: tf.Tensor;
  /** e = y − ŷ, [B, C]. */
  e: tf.Tensor;
}

/** r_l = h_l − f_l(h_{l−1}) for all layers at once. */
export function residuals(m: NetworkTensors, projectedInput: tf.Tensor, H: tf.Tensor): tf.Tensor {
  return tf.sub(H, hiddenPredictions(m, projectedInput, H));
}

/** e = y − ŷ. */
export function outputError(m: NetworkTensors, b: BatchTensors, H: tf.Tensor): tf.Tensor {
  return tf.sub(b.Y, outputPrediction(m, H));
}

/** ε_l = r_l + λ_l. */
export function compositeCredit(R: tf.Tensor, Lambda: tf.Tensor): tf.Tensor {
  return tf.add(R, Lambda);
}

/** ∂𝓛/∂h_l = ε_l − J_{l+1}ᵀ ε_{l+1}, and ε_{L-1} − J_Lᵀ e for the last layer (spec §3). */
export function activityGradient(m: NetworkTensors, H: tf.Tensor, E: tf.Tensor, e: tf.Tensor): tf.Tensor {
  return tf.sub(E, creditFromAbove(m, H, E, e));
}

/** h ← h − η_h ∂𝓛/∂h, all layers from the same state. */
export function activityStep(m: NetworkTensors, s: InferenceState, etaH: number): tf.Tensor {
  const grad = activityGradient(m, s.H, compositeCredit(s.R, s.Lambda), s.e);
  return tf.sub(s.H, tf.mul(etaH, grad));
}

/** λ_l ← λ_l + η_λ r_l, with r at the new h. */
export function dualStep(Lambda: tf.Tensor, R: tf.Tensor, etaLambda: number): tf.Tensor {
  return tf.add(Lambda, tf.mul(etaLambda, R));
}

/** The state at step 0: the forward pass, λ = 0, r = 0 (the forward pass satisfies every constraint). */
export function initialInferenceState(H: tf.Tensor, e: tf.Tensor): InferenceState {
  return tidyObject(() => ({
    t: 0,
    H: tf.clone(H),
    Lambda: tf.zerosLike(H),
    R: tf.zerosLike(H),
    e: tf.clone(e),
  }));
}

/**
 * Activity step t+1 from `previous`, then dual step t+1 unless t+1 = T (spec §4). `previous` is
 * consumed (its tensors are disposed or carried over). `observe` sees the state in between, the state
 * "at step t+1", and may return one tensor, which the caller owns.
 */
export function inferenceStep(
  m: NetworkTensors,
  b: BatchTensors,
  projectedInput: tf.Tensor,
  previous: InferenceState,
  rates: InferenceRates,
  observe?: (s: InferenceState) => tf.Tensor,
): { state: InferenceState; observed: tf.Tensor | undefined } {
  const { etaH, etaLambda, T } = rates;
  const t = previous.t + 1;
  let observed: tf.Tensor | undefined;
  const dual = t < T && etaLambda !== 0;
  const next = tidyObject(() => {
    if (fusedStepUsable(m.act)) {
      const f = fusedInferenceStep(
        m,
        b,
        projectedInput,
        previous,
        rates,
        dual,
        metricsObserverContext(observe),
      );
      // A metrics observer's tensor came out of the step itself (native kernels).
      if (observe)
        observed = tf.keep(f.metrics ?? observe({ t, H: f.H, Lambda: previous.Lambda, R: f.R, e: f.e }));
      return { H: f.H, R: f.R, e: f.e, Lambda: f.Lambda };
    }
    const H = activityStep(m, previous, etaH);
    const R = residuals(m, projectedInput, H);
    const e = outputError(m, b, H);
    if (observe) observed = tf.keep(observe({ t, H, Lambda: previous.Lambda, R, e }));
    // With η_λ = 0 the update would add exact zeros; skipping it keeps PC's λ the same tensor.
    const Lambda = dual ? dualStep(previous.Lambda, R, etaLambda) : null;
    return { H, R, e, Lambda };
  });
  tf.dispose([previous.H, previous.R, previous.e]);
  if (next.Lambda) previous.Lambda.dispose();
  return { state: { t, H: next.H, R: next.R, e: next.e, Lambda: next.Lambda ?? previous.Lambda }, observed };
}

/**
 * Owns the inference state of one batch. `advance()` performs activity step t+1; `observe` sees the
 * state right after it (before the dual step), which is what the panels and the run file report.
 */
export class InferenceStepper {
  readonly bp: BackpropResult;
  private state: InferenceState;

  constructor(
    readonly model: NetworkTensors,
    readonly batch: BatchTensors,
    readonly rates: InferenceRates,
  ) {
    this.bp = backprop(model, batch);
    this.state = this.initialState();
  }

  get t(): number {
    return this.state.t;
  }

  get done(): boolean {
    return this.state.t >= this.rates.T;
  }

  /**
   * The state the next activity step starts from; valid until the next `advance()` or `reset()`. Its
   * λ already includes dual step t (for 0 < t < T), so for "the state at step t" use `advance(observe)`.
   */
  get current(): InferenceState {
    return this.state;
  }

  private initialState(): InferenceState {
    return initialInferenceState(this.bp.H, this.bp.e);
  }

  /**
   * One activity step, then the dual step unless t = T. `observe` sees the state in between (the state
   * "at step t" of spec §4) and may return one tensor, e.g. the packed metrics; the caller owns it.
   */
  advance(observe?: (s: InferenceState) => tf.Tensor): tf.Tensor | undefined {
    const { state, observed } = inferenceStep(
      this.model,
      this.batch,
      this.bp.projectedInput,
      this.state,
      this.rates,
      observe,
    );
    this.state = state;
    return observed;
  }

  /** Back to the forward pass (t = 0), λ = 0. */
  reset(): void {
    this.disposeState();
    this.state = this.initialState();
  }

  private disposeState(): void {
    const s = this.state;
    tf.dispose([s.H, s.R, s.e, s.Lambda]);
  }

  dispose(): void {
    this.disposeState();
    disposeBackprop(this.bp);
  }
}
