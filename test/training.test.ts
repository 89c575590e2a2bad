/**
 * Training (src/engine/train*.ts, training.ts): the lean PC / PC-ALM update equals the stepper's final
 * state, Adam moves W and Wᵀ together, the batch order, a tiny network learning a separable synthetic
 * task with each method, side-by-side runs that do not disturb each other, divergence, and leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNetwork, type Network } from '../src/core/network';
import { gatherBatch } from '../src/data/batches';
import { InferenceStepper } from '../src/engine/inference';
import {
  batchTensors,
  disposeAll,
  type LayerGradients,
  layerGradients,
  networkTensors,
} from '../src/engine/model';
import { BatchSchedule, diagnosticBatch, EvalSet, syntheticDataSet } from '../src/engine/trainData';
import { resolveTrainingEtaH, type TrainingOptions, TrainingSession } from '../src/engine/training';
import {
  backpropGradients,
  disposeGradients,
  gradientCosine,
  inferenceGradients,
  TrainableWeights,
} from '../src/engine/trainStep';
import { switchBackend } from './helpers/backends';
import { smallCase } from './helpers/cases';
import { expectClose } from './helpers/compare';

beforeAll(async () => {
  await switchBackend('cpu');
});

const gradArrays = (g: LayerGradients): number[][][] => [
  g.input.arraySync() as number[][],
  ...((g.interior?.arraySync() as number[][][]) ?? []),
  g.readout.arraySync() as number[][],
];

/** A small separable task: 3 classes of 4×4 images, 480 train / 240 test samples. */
const TASK = syntheticDataSet({ train: 480, test: 240, side: 4, classes: 3, seed: 1 });
const taskNetwork = (act: 'relu' | 'tanh' = 'relu'): Network =>
  createNetwork({ arch: 'residual', act, param: 'mupc', inputDim: 16, width: 8, depth: 4, classes: 3 }, 0);

function taskOptions(overrides: Partial<TrainingOptions> = {}): TrainingOptions {
  return {
    methods: ['bp', 'pc', 'pcalm'],
    network: taskNetwork(),
    data: TASK,
    batchSize: 16,
    epochs: 5,
    seed: 0,
    inference: { etaH: 0.2, etaLambda: 1, T: 8 },
    lr: 0.05,
    evalEvery: 10,
    ...overrides,
  };
}

async function runToEnd(session: TrainingSession) {
  const points = await session.evaluate();
  while (!session.done) points.push(...(await session.advance()));
  return points;
}

describe('one weight update', () => {
  for (const etaLambda of [0, 1]) {
    it(`inferenceGradients equals the stepper's final-state gradient (η_λ = ${etaLambda})`, () => {
      const { net, batch } = smallCase({ arch: 'residual', act: 'tanh', depth: 5, batch: 3 });
      const model = networkTensors(net);
      const b = batchTensors(batch);
      const rates = { etaH: 0.2, etaLambda, T: 7 };
      const stepper = new InferenceStepper(model, b, rates);
      while (!stepper.done) stepper.advance();
      const s = stepper.current;
      const expected = tf.tidy(() => gradArrays(layerGradients(model, b, tf.add(s.R, s.Lambda), s.e, s.H)));
      const lean = inferenceGradients(model, b, rates);
      expectClose(gradArrays(lean.grads), expected, 'G', 0, 1e-6);
      const loss = lean.loss.dataSync()[0];
      const e0 = stepper.bp.e.arraySync() as number[][];
      expect(loss).toBeCloseTo(
        e0.reduce((sum, row) => sum + 0.5 * row.reduce((q, v) => q + v * v, 0), 0) / 3,
        6,
      );
      disposeGradients(lean.grads);
      lean.loss.dispose();
      stepper.dispose();
      disposeAll(model, b);
    });
  }

  it('Adam updates W and its transposed copy together, and snapshot reads them back', async () => {
    const { net, batch } = smallCase({ arch: 'residual', act: 'relu', depth: 4, batch: 3 });
    const weights = new TrainableWeights(net, 0.01);
    const b = batchTensors(batch);
    const { grads, loss } = backpropGradients(weights.model, b);
    const G = gradArrays(grads);
    weights.apply(grads);
    const m = weights.model;
    expectClose(
      m.WinteriorT!.arraySync(),
      tf.tidy(() => tf.transpose(m.Winterior!, [0, 2, 1]).arraySync()),
      'Wᵀ',
      0,
      0,
    );
    expectClose(
      m.WLT.arraySync(),
      tf.tidy(() => tf.transpose(m.WL).arraySync()),
      'W_Lᵀ',
      0,
      0,
    );
    const after = await weights.snapshot();
    // First Adam step: every weight with a non-negligible gradient moves by lr against its sign.
    after.W.forEach((W, l) => {
      for (let k = 0; k < W.data.length; k++) {
        const g = G[l][Math.floor(k / W.cols)][k % W.cols];
        if (Math.abs(g) > 1e-4) expect(W.data[k] - net.W[l].data[k]).toBeCloseTo(-0.01 * Math.sign(g), 4);
      }
    });
    const rebuilt = networkTensors(after);
    expectClose(rebuilt.W1T.arraySync(), m.W1T.arraySync(), 'W_1ᵀ', 0, 0);
    disposeGradients(grads);
    tf.dispose([loss]);
    disposeAll(rebuilt, b);
    weights.dispose();
  });

  it('gradient cosine of a gradient with itself is 1 and with its negative −1', () => {
    const { net, batch } = smallCase({ arch: 'residual', act: 'relu', depth: 4 });
    const model = networkTensors(net);
    const b = batchTensors(batch);
    const { grads, loss } = backpropGradients(model, b);
    const negative = tf.tidy(() => ({
      input: tf.neg(grads.input),
      interior: tf.neg(grads.interior!),
      readout: tf.neg(grads.readout),
    }));
    expect(gradientCosine(grads, grads).dataSync()[0]).toBeCloseTo(1, 6);
    expect(gradientCosine(negative, grads).dataSync()[0]).toBeCloseTo(-1, 6);
    tf.dispose([loss, negative.input, negative.interior, negative.readout]);
    disposeGradients(grads);
    disposeAll(model, b);
  });
});

describe('data for training', () => {
  it('visits each epoch in a seeded order, in full batches only', () => {
    const data = syntheticDataSet({ train: 100, test: 10, side: 2, classes: 2 });
    const schedule = new BatchSchedule(data, 16, 2, 7);
    expect(schedule.perEpoch).toBe(6); // 100 = 6·16 + 4: the last 4 are dropped
    expect(schedule.total).toBe(12);
    expect(schedule.position(7)).toEqual({ epoch: 1, index: 1 });
    const firstEpoch = Array.from({ length: 6 }, (_, i) => schedule.batch(i).x.data);
    const again = new BatchSchedule(data, 16, 2, 7);
    expect(again.batch(3).x.data).toEqual(firstEpoch[3]);
    expect(schedule.batch(6).x.data).not.toEqual(firstEpoch[0]);
    expect(() => schedule.batch(12)).toThrow(/outside 0…11/);
    expect(() => new BatchSchedule(data, 128, 1, 0)).toThrow(/fewer than one batch/);
    expect(new BatchSchedule(data, 16, 1, 0, 2).total).toBe(2);
  });

  it('trains on the data layer’s standardised inputs, the diagnostic and scheduled batches alike', () => {
    const data = syntheticDataSet({ train: 300, test: 50, side: 3, classes: 2 });
    const train = gatherBatch(
      data,
      'train',
      Array.from({ length: 300 }, (_, i) => i),
    ).x.data;
    const mean = train.reduce((s, v) => s + v, 0) / train.length;
    const std = Math.sqrt(train.reduce((s, v) => s + (v - mean) ** 2, 0) / train.length);
    // Standardised over the train split: mean 0 and deviation 1 there.
    expect(mean).toBeCloseTo(0, 5);
    expect(std).toBeCloseTo(1, 5);
    expect(diagnosticBatch(data, 10).x.data).toEqual(train.subarray(0, 10 * 9));
    const scheduled = Array.from(new BatchSchedule(data, 300, 1, 0).batch(0).x.data);
    expect(scheduled.reduce((s, v) => s + v, 0) / scheduled.length).toBeCloseTo(0, 5);
  });

  it('evaluates a whole split in chunks: accuracy from argmax ŷ', async () => {
    const data = syntheticDataSet({ train: 10, test: 1234, side: 2, classes: 3 });
    const net = createNetwork(
      { arch: 'chain', act: 'tanh', param: 'mupc', inputDim: 4, width: 3, depth: 3, classes: 3 },
      2,
    );
    const model = networkTensors(net);
    const set = new EvalSet(data, 'test');
    const result = await set.evaluate(model);
    // The same numbers from one forward pass over every (standardised) test sample at once.
    const everything = gatherBatch(
      data,
      'test',
      Array.from({ length: 1234 }, (_, i) => i),
    );
    const all = batchTensors(everything);
    const reference = backpropGradients(model, all);
    disposeGradients(reference.grads);
    expect(result.samples).toBe(1234);
    expect(result.loss).toBeCloseTo(reference.loss.dataSync()[0], 5);
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.accuracy).toBeLessThanOrEqual(1);
    tf.dispose([reference.loss]);
    disposeAll(model, all);
    set.dispose();
  });
});

describe('training a tiny network on a separable synthetic task', () => {
  it('each method learns it (test accuracy from ~chance to above 95 %)', async () => {
    const session = new TrainingSession(taskOptions());
    const points = await runToEnd(session);
    const results = await session.results();
    session.dispose();
    for (const method of ['bp', 'pc', 'pcalm'] as const) {
      const mine = points.filter((p) => p.method === method);
      expect(mine[0].step).toBe(0);
      expect(mine[0].testAccuracy).toBeLessThan(0.5);
      const result = results.find((r) => r.method === method)!;
      expect(result.steps).toBe(150);
      expect(result.finalTestAccuracy, method).toBeGreaterThan(0.95);
      expect(result.finalTrainAccuracy, method).toBeGreaterThan(0.95);
      expect(result.divergence).toBeNull();
    }
    // Training loss falls for every method; PC-ALM's gradient is closer to BP's than PC's.
    const last = (m: string) => points.filter((p) => p.method === m).at(-1)!;
    for (const m of ['bp', 'pc', 'pcalm'])
      expect(last(m).trainLoss!).toBeLessThan(
        points.find((p) => p.method === m && p.step === 10)!.trainLoss!,
      );
    expect(results[2].gradCosine).toBeGreaterThan(results[1].gradCosine);
    expect(results[0].gradCosine).toBe(1);
    // The run ends on an evaluation point: the final numbers are that point's.
    for (const r of results) {
      expect(r.finalTestAccuracy).toBe(last(r.method).testAccuracy);
      expect(r.gradCosine).toBe(last(r.method).gradCosine);
    }
  });

  it('results between evaluation points are measured at the current weights', async () => {
    const session = new TrainingSession(taskOptions({ epochs: 1, evalEvery: 10 }));
    const start = await session.evaluate();
    for (let i = 0; i < 7; i++) await session.advance();
    const results = await session.results({ trainAccuracy: false });
    const now = await session.evaluate();
    session.dispose();
    results.forEach((r, i) => {
      expect(r.steps).toBe(7);
      expect(r.finalTestAccuracy).toBe(now[i].testAccuracy);
      expect(r.finalTestLoss).toBe(now[i].testLoss);
      expect(r.gradCosine).toBe(now[i].gradCosine);
    });
    // Step 0 and step 7 differ, so reusing the stale step-0 point would fail the checks above.
    start.forEach((p, i) => {
      expect(p.testLoss).not.toBe(now[i].testLoss);
    });
  });

  it('side by side changes nothing: each method alone gives the same numbers', async () => {
    const options = taskOptions({ epochs: 1, evalEvery: 15 });
    const together = await runToEnd(new TrainingSession(options));
    for (const method of ['bp', 'pcalm'] as const) {
      const alone = await runToEnd(new TrainingSession({ ...options, methods: [method] }));
      expect(alone).toEqual(
        together.filter((p) => p.method === method).map((p) => ({ ...p, trainSeconds: expect.any(Number) })),
      );
    }
  });

  it('PC-ALM with η_λ = 0 trains exactly like PC', async () => {
    const base = taskOptions({ epochs: 1, evalEvery: 30, methods: ['pc', 'pcalm'] });
    const session = new TrainingSession({ ...base, inference: { ...base.inference, etaLambda: 0 } });
    await runToEnd(session);
    const [pc, pcalm] = await Promise.all([session.snapshot('pc'), session.snapshot('pcalm')]);
    pc.W.forEach((W, l) => {
      expect(W.data).toEqual(pcalm.W[l].data);
    });
    session.dispose();
  });

  it('a diverging method stops with a reason, the others go on', async () => {
    const session = new TrainingSession(
      taskOptions({ epochs: 1, evalEvery: 5, inference: { etaH: 1e4, etaLambda: 1, T: 8 } }),
    );
    const points = await runToEnd(session);
    const results = await session.results({ trainAccuracy: false });
    session.dispose();
    expect(results[0].divergence).toBeNull();
    expect(results[0].steps).toBe(30);
    for (const r of results.slice(1)) {
      expect(r.divergence?.reason).toMatch(/loss became/);
      expect(r.steps).toBeLessThan(30);
    }
    expect(points.filter((p) => p.method === 'bp').at(-1)!.step).toBe(30);
  });

  it('η_h auto is 1/λ_max of the initial network on the diagnostic batch', async () => {
    const { etaH, hessian } = await resolveTrainingEtaH(taskNetwork(), TASK, 16, 'auto');
    expect(hessian).not.toBeNull();
    expect(etaH).toBeCloseTo(1 / hessian!.lambdaMax, 10);
    expect(await resolveTrainingEtaH(taskNetwork(), TASK, 16, 0.3)).toEqual({ etaH: 0.3, hessian: null });
  });

  it('refuses bad options with a message instead of failing later', () => {
    expect(() => new TrainingSession(taskOptions({ methods: [] }))).toThrow(/at least one method/);
    expect(() => new TrainingSession(taskOptions({ evalEvery: 0 }))).toThrow(/evalEvery/);
    expect(() => new TrainingSession(taskOptions({ batchSize: 1000 }))).toThrow(/fewer than one batch/);
  });

  it('leaks no tensors over an epoch', async () => {
    const before = tf.memory().numTensors;
    const session = new TrainingSession(taskOptions({ epochs: 1 }));
    await session.evaluate();
    await session.advance();
    const during = tf.memory().numTensors;
    while (!session.done) await session.advance();
    // Between batches the count only changes by the on-device loss sums, reset at each evaluation.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(during + 3);
    await session.results();
    await session.snapshot('pc');
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
