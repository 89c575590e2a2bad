/**
 * Training conformance with the official code: three consecutive Adam steps of BP, PC and PC-ALM on a
 * tiny residual tanh network (D = 2, N = 3, L = 4, C = 2; η_h = 0.1, η_λ = 1, T = 3, lr 1e-3; batches
 * of two samples in a fixed order), as the official JAX code computed them
 * (test/fixtures/jax-training-reference.json, from lebidan/torch-pc-alm's test data): the weight
 * gradients at each step and the weights after it, reproduced to 2e-5 with our training step, in both
 * Adam arithmetics.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneHot } from '../src/core/batch';
import type { TrainMethod } from '../src/core/methods';
import { layerConstants, type Network } from '../src/core/network';
import { batchTensors, disposeAll } from '../src/engine/model';
import { disposeGradients, methodGradients, TrainableWeights } from '../src/engine/trainStep';
import reference from './fixtures/jax-training-reference.json';
import { switchBackend } from './helpers/backends';

const TOL = 2e-5;
const { case: c } = reference;
const shape = {
  arch: 'residual',
  act: 'tanh',
  param: 'mupc',
  inputDim: c.inputDim,
  width: c.width,
  depth: c.depth,
  classes: c.classes,
} as const;
const dims: Array<[number, number]> = [
  [c.width, c.inputDim],
  [c.width, c.width],
  [c.width, c.width],
  [c.classes, c.width],
];
const network: Network = {
  ...shape,
  a: layerConstants(shape),
  W: reference.params.map((w, l) => ({ rows: dims[l][0], cols: dims[l][1], data: Float32Array.from(w) })),
};

function batchOf(indices: number[]) {
  const labels = indices.map((i) => reference.y[i].indexOf(1));
  return {
    x: {
      rows: indices.length,
      cols: c.inputDim,
      data: Float32Array.from(indices.flatMap((i) => reference.x[i])),
    },
    y: oneHot(labels, c.classes),
    labels,
  };
}

function worst(actual: ArrayLike<number>[], expected: number[][]): number {
  let max = 0;
  for (const [l, e] of expected.entries()) {
    for (const [i, v] of e.entries()) max = Math.max(max, Math.abs(actual[l][i] - v));
  }
  return max;
}

beforeAll(async () => {
  await switchBackend('cpu');
});

describe('three official training steps', () => {
  it('are a non-trivial case: the methods’ gradients differ by far more than the tolerance', () => {
    const [bp, pc, pcalm] = (['bp', 'pc', 'pcalm'] as const).map((m) => reference.methods[m][0].grads);
    expect(worst(pc, bp)).toBeGreaterThan(100 * TOL);
    expect(worst(pcalm, pc)).toBeGreaterThan(20 * TOL);
  });

  for (const officialAdam of [false, true]) {
    it.each(['bp', 'pc', 'pcalm'] as TrainMethod[])(
      `%s: gradients and weights after each step (${officialAdam ? 'official' : 'torch'} Adam arithmetic)`,
      async (method) => {
        const weights = new TrainableWeights(network, c.lr, officialAdam);
        const settings = { etaH: c.etaH, etaLambda: c.etaLambda, T: c.T };
        try {
          for (const [k, indices] of reference.batchIndices.entries()) {
            const expected = reference.methods[method][k];
            const b = batchTensors(batchOf(indices));
            const g = methodGradients(method, weights.model, b, settings);
            const grads = [
              g.grads.input.dataSync(),
              ...((g.grads.interior?.arraySync() as number[][][]) ?? []).map((m) => m.flat()),
              g.grads.readout.dataSync(),
            ];
            expect(worst(grads, expected.grads), `${method} step ${k + 1} gradients`).toBeLessThanOrEqual(
              TOL,
            );
            disposeGradients(g.grads);
            g.loss.dispose();
            weights.train(method, b, settings).dispose();
            disposeAll(b);
            const after = (await weights.snapshot()).W.map((w) => w.data);
            expect(worst(after, expected.params), `${method} step ${k + 1} weights`).toBeLessThanOrEqual(TOL);
          }
        } finally {
          weights.dispose();
        }
        expect(tf.memory().numTensors).toBeLessThan(1000);
      },
    );
  }
});
