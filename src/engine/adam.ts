/**
 * Adam on tensors (spec §9): the weights, their moments and the update all stay on the device, so a
 * training step never reads weights back. Same formula and defaults as torch.optim.Adam (the optimizer
 * of the official port): bias-corrected moments, ε added to √v̂.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamOptions {
  /** Learning rate; for the paper's networks use adamLearningRate(η0, N, L). */
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /**
   * The official code's arithmetic (rng=official): (m/(1−β1^t)) / (√(v/(1−β2^t)) + ε), the bias
   * corrections in float32. The same update as the default (torch's folded form) up to rounding.
   */
  officialForm?: boolean;
}

export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export { adamLearningRate } from '../core/methods';

/** Adam state for a fixed list of parameter tensors (one first and second moment each). */
export class Adam {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private moments: Array<{ m: tf.Tensor; v: tf.Tensor }>;
  private count = 0;
  private readonly officialForm: boolean;

  constructor(shapes: readonly number[][], options: AdamOptions) {
    const { lr, beta1, beta2, epsilon } = { ...ADAM_DEFAULTS, ...options };
    for (const [name, value, max] of [
      ['lr', lr, Number.POSITIVE_INFINITY],
      ['beta1', beta1, 1],
      ['beta2', beta2, 1],
      ['epsilon', epsilon, Number.POSITIVE_INFINITY],
    ] as const) {
      if (!(Number.isFinite(value) && value >= 0 && value < max)) {
        throw new RangeError(`Adam: ${name} must be a finite number in [0, ${max}), not ${value}`);
      }
    }
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.moments = shapes.map((shape) => ({ m: tf.zeros(shape), v: tf.zeros(shape) }));
    this.officialForm = options.officialForm ?? false;
  }

  /** Number of steps taken so far. */
  get steps(): number {
    return this.count;
  }

  /**
   * One step: returns the updated parameters as new tensors (the caller disposes the old ones and
   * the gradients). `grads[i]` must have the shape of `params[i]`.
   */
  step(params: readonly tf.Tensor[], grads: readonly tf.Tensor[]): tf.Tensor[] {
    if (params.length !== this.moments.length || grads.length !== this.moments.length) {
      throw new RangeError(
        `Adam: expected ${this.moments.length} parameters and gradients, got ${params.length} and ${grads.length}`,
      );
    }
    this.count += 1;
    const { beta1, beta2, epsilon } = this;
    // Bias corrections folded into two scalars, as torch does: p − (lr/c1)·m / (√v/√c2 + ε).
    const stepSize = this.lr / (1 - beta1 ** this.count);
    const rootC2 = Math.sqrt(1 - beta2 ** this.count);
    const updated = params.map((p, i) => {
      const g = grads[i];
      if (!sameShape(p.shape, g.shape)) {
        throw new RangeError(`Adam: gradient ${i} has shape [${g.shape}], parameter has [${p.shape}]`);
      }
      const old = this.moments[i];
      const next = tf.tidy(() => {
        const m = tf.add(tf.mul(beta1, old.m), tf.mul(1 - beta1, g));
        const v = tf.add(tf.mul(beta2, old.v), tf.mul(1 - beta2, tf.square(g)));
        let param: tf.Tensor;
        if (this.officialForm) {
          const f = Math.fround;
          const bc1 = f(1 - f(f(beta1) ** this.count));
          const bc2 = f(1 - f(f(beta2) ** this.count));
          const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), epsilon));
          param = tf.sub(p, tf.mul(this.lr, update));
        } else {
          const denominator = tf.add(tf.div(tf.sqrt(v), rootC2), epsilon);
          param = tf.sub(p, tf.mul(stepSize, tf.div(m, denominator)));
        }
        return { m, v, param };
      });
      tf.dispose([old.m, old.v]);
      this.moments[i] = { m: next.m, v: next.v };
      return next.param;
    });
    return updated;
  }

  dispose(): void {
    for (const { m, v } of this.moments) tf.dispose([m, v]);
    this.moments = [];
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
