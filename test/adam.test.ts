/**
 * Adam (src/engine/adam.ts) against two steps worked out by hand, the paper's learning-rate rule, and
 * its guards. Hand computation, lr 0.1, β1 0.9, β2 0.999, ε 1e-8, p0 = (1, −2):
 *   step 1, g = (0.5, −0.1): m = (0.05, −0.01), v = (2.5e-4, 1e-5); m̂ = g, v̂ = g², so each weight
 *           moves by lr·|g|/(|g| + ε) ≈ 0.1 against its gradient: p1 = (0.9, −1.9).
 *   step 2, g = (0.3, 0.2): m = (0.075, 0.011), v = (3.3975e-4, 4.999e-5); bias corrections
 *           1 − 0.9² = 0.19 and 1 − 0.999² = 0.001999, so m̂ = (0.394737, 0.057895),
 *           √v̂ = (0.412262, 0.158138), and p2 = p1 − 0.1·m̂/(√v̂ + ε) = (0.804251, −1.936610).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADAM_DEFAULTS, Adam, adamLearningRate } from '../src/engine/adam';
import { switchBackend } from './helpers/backends';

beforeAll(async () => {
  await switchBackend('cpu');
});

describe('Adam', () => {
  it('matches two hand-computed steps', () => {
    const adam = new Adam([[2]], { lr: 0.1 });
    const p0 = tf.tensor1d([1, -2]);
    const g1 = tf.tensor1d([0.5, -0.1]);
    const [p1] = adam.step([p0], [g1]);
    expect(Array.from(p1.dataSync())).toEqual([expect.closeTo(0.9, 6), expect.closeTo(-1.9, 6)]);
    const g2 = tf.tensor1d([0.3, 0.2]);
    const [p2] = adam.step([p1], [g2]);
    const [a, b] = p2.dataSync();
    expect(a).toBeCloseTo(0.804251, 5);
    expect(b).toBeCloseTo(-1.93661, 5);
    expect(adam.steps).toBe(2);
    tf.dispose([p0, g1, p1, g2, p2]);
    adam.dispose();
  });

  it('uses torch defaults and the paper’s rate η0·√(N/L)', () => {
    expect(ADAM_DEFAULTS).toEqual({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(adamLearningRate(1e-3, 32, 32)).toBeCloseTo(1e-3, 12);
    expect(adamLearningRate(1e-3, 128, 8)).toBeCloseTo(4e-3, 12);
    expect(adamLearningRate(1e-3, 8, 128)).toBeCloseTo(2.5e-4, 12);
  });

  it('handles several parameters of different shapes, and a zero gradient without NaN', () => {
    const adam = new Adam([[2, 3], [4]], { lr: 0.01 });
    const params = [tf.ones([2, 3]), tf.zeros([4])];
    const grads = [tf.fill([2, 3], -2), tf.zeros([4])];
    const updated = adam.step(params, grads);
    expect(Array.from(updated[0].dataSync()).every((x) => Math.abs(x - 1.01) < 1e-6)).toBe(true);
    expect(Array.from(updated[1].dataSync())).toEqual([0, 0, 0, 0]);
    tf.dispose([...params, ...grads, ...updated]);
    adam.dispose();
  });

  it('refuses bad options and mismatched shapes with a clear message', () => {
    expect(() => new Adam([[1]], { lr: Number.NaN })).toThrow(/lr must be a finite number/);
    expect(() => new Adam([[1]], { lr: 0.1, beta1: 1 })).toThrow(/beta1/);
    const adam = new Adam([[2]], { lr: 0.1 });
    const p = tf.zeros([2]);
    const g = tf.zeros([3]);
    expect(() => adam.step([p], [g])).toThrow(/shape \[3\].*\[2\]/);
    expect(() => adam.step([p, p], [g, g])).toThrow(/expected 1 parameters/);
    tf.dispose([p, g]);
    adam.dispose();
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const adam = new Adam([[3, 3]], { lr: 0.1 });
    let p = tf.randomNormal([3, 3]);
    for (let i = 0; i < 5; i++) {
      const g = tf.randomNormal([3, 3]);
      const [next] = adam.step([p], [g]);
      tf.dispose([p, g]);
      p = next;
    }
    p.dispose();
    adam.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
