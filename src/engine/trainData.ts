/**
 * Data for training: the batch order of every epoch, evaluation over a whole split, the fixed batch of
 * the gradient-cosine diagnostic, and an in-memory synthetic data set for tests and missing files.
 * Inputs are standardised by the data layer (src/data/batches.ts), the same way for the explorer.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '../core/batch';
import { createRng } from '../core/prng';
import { batchAt, batchCount, epochOrder, gatherBatch, type Split } from '../data/batches';
import type { DataSet } from '../data/format';
import { forwardPass } from './backprop';
import { batchTensors, disposeAll, type NetworkTensors, outputPrediction, projectInput } from './model';

/** Samples start … start+count−1 of a split, in file order. */
function trainingInputs(data: DataSet, split: Split, start: number, count: number): Batch {
  return gatherBatch(
    data,
    split,
    Array.from({ length: count }, (_, i) => start + i),
  );
}

/**
 * Which training batch comes at each step: epoch e visits the train split in epochOrder(count, seed + e)
 * (the official code's per-epoch seed), in full batches; the last partial batch is dropped.
 */
export class BatchSchedule {
  readonly perEpoch: number;
  readonly total: number;
  private order: { epoch: number; order: Uint32Array } | null = null;

  constructor(
    readonly data: DataSet,
    readonly batchSize: number,
    readonly epochs: number,
    readonly seed: number,
    /** Caps the batches of each epoch (smoke runs and tests); Infinity = the whole split. */
    maxPerEpoch = Number.POSITIVE_INFINITY,
    /** The visiting order of an epoch from (count, seed + epoch); default ours (epochOrder). */
    private readonly orderOf: (count: number, seed: number) => Uint32Array = epochOrder,
  ) {
    if (!(Number.isInteger(epochs) && epochs >= 1)) throw new RangeError(`epochs must be ≥ 1, not ${epochs}`);
    const full = batchCount(data, 'train', batchSize);
    if (full === 0) {
      throw new RangeError(
        `the train split has ${data.train.count} samples, fewer than one batch of ${batchSize}`,
      );
    }
    this.perEpoch = Math.min(full, Math.max(1, Math.floor(maxPerEpoch)));
    this.total = this.perEpoch * epochs;
  }

  /** Epoch (0-based) and batch index within it of a global step. */
  position(step: number): { epoch: number; index: number } {
    return { epoch: Math.floor(step / this.perEpoch), index: step % this.perEpoch };
  }

  batch(step: number): Batch {
    if (!(Number.isInteger(step) && step >= 0 && step < this.total)) {
      throw new RangeError(`step ${step} is outside 0…${this.total - 1}`);
    }
    const { epoch, index } = this.position(step);
    if (this.order?.epoch !== epoch) {
      this.order = { epoch, order: this.orderOf(this.data.train.count, this.seed + epoch) };
    }
    return batchAt(this.data, 'train', index, this.batchSize, this.order.order);
  }
}

/**
 * The fixed batch on which gradient cosines to BP are measured: the first `size` samples of the train
 * split in file order (the official code uses x_train[:batch_size] the same way).
 */
export function diagnosticBatch(data: DataSet, size: number): Batch {
  return trainingInputs(data, 'train', 0, Math.min(size, data.train.count));
}

export interface Evaluation {
  /** ½‖y − ŷ‖², mean over the split. */
  loss: number;
  /** Fraction of samples whose argmax ŷ is the label. */
  accuracy: number;
  samples: number;
}

/** Samples per forward pass during evaluation: large batches, bounded memory. */
export const EVAL_CHUNK = 1000;

/**
 * A split as device tensors in chunks of EVAL_CHUNK samples, uploaded once and reused at every
 * evaluation point (and shared by the methods trained side by side).
 */
export class EvalSet {
  private readonly chunks: Array<{ X: tf.Tensor2D; Y: tf.Tensor2D; labels: tf.Tensor1D }> = [];
  readonly samples: number;

  constructor(data: DataSet, split: Split, limit = Number.POSITIVE_INFINITY) {
    const count = Math.min(data[split].count, limit);
    for (let start = 0; start < count; start += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, count - start);
      const batch = trainingInputs(data, split, start, n);
      const { X, Y } = batchTensors(batch);
      this.chunks.push({ X, Y, labels: tf.tensor1d(batch.labels, 'int32') });
    }
    this.samples = count;
  }

  /** Loss and accuracy of the forward pass (spec §9: argmax of ŷ), one readback. */
  async evaluate(m: NetworkTensors): Promise<Evaluation> {
    return evaluateChunks(m, this.chunks, this.samples);
  }

  dispose(): void {
    for (const c of this.chunks) tf.dispose([c.X, c.Y, c.labels]);
    this.chunks.length = 0;
  }
}

/** Sums of loss and of correct predictions over chunks, read back once. */
async function evaluateChunks(
  m: NetworkTensors,
  chunks: Array<{ X: tf.Tensor2D; Y: tf.Tensor2D; labels: tf.Tensor1D }>,
  samples: number,
): Promise<Evaluation> {
  if (samples === 0) return { loss: Number.NaN, accuracy: Number.NaN, samples };
  const totals = tf.tidy(() => {
    const parts = chunks.map(({ X, Y, labels }) => {
      const b = { X, Y };
      const H = forwardPass(m, projectInput(m, b));
      const yHat = outputPrediction(m, H);
      const loss = tf.mul(0.5, tf.sum(tf.square(tf.sub(Y, yHat))));
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(yHat, 1), labels), 'float32'));
      return tf.stack([loss, correct]);
    });
    return tf.addN(parts);
  });
  const [loss, correct] = await totals.data();
  totals.dispose();
  return { loss: loss / samples, accuracy: correct / samples, samples };
}

/**
 * Loss and accuracy over a whole split without keeping it on the device (the 60,000 training samples
 * would hold 188 MB): chunks are uploaded, evaluated and freed one at a time.
 */
export async function evaluateSplit(m: NetworkTensors, data: DataSet, split: Split): Promise<Evaluation> {
  const count = data[split].count;
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < count; start += EVAL_CHUNK) {
    const n = Math.min(EVAL_CHUNK, count - start);
    const batch = trainingInputs(data, split, start, n);
    const tensors = batchTensors(batch);
    const labels = tf.tensor1d(batch.labels, 'int32');
    const part = await evaluateChunks(m, [{ ...tensors, labels }], n);
    disposeAll(tensors);
    labels.dispose();
    loss += part.loss * n;
    correct += part.accuracy * n;
  }
  return {
    loss: count ? loss / count : Number.NaN,
    accuracy: count ? correct / count : Number.NaN,
    samples: count,
  };
}

/**
 * A separable data set in the DataSet format, needing no files: each class has a random prototype
 * image; a sample is 0.7·prototype + 0.3·noise, stored as bytes like the real sets. Train and test
 * are drawn from separate streams.
 */
export function syntheticDataSet({
  train = 6000,
  test = 1000,
  side = 28,
  classes = 10,
  seed = 0,
} = {}): DataSet {
  const D = side * side;
  const total = train + test;
  const protoRng = createRng(seed, 'synthetic-set-prototypes');
  const prototypes = Array.from({ length: classes }, () =>
    Float32Array.from({ length: D }, () => protoRng.uniform()),
  );
  const rng = createRng(seed, 'synthetic-set-samples');
  const pixels = new Uint8Array(total * D);
  const labels = new Uint8Array(total);
  for (let i = 0; i < total; i++) {
    const label = rng.int(classes);
    labels[i] = label;
    for (let j = 0; j < D; j++) {
      pixels[i * D + j] = Math.round(255 * (0.7 * prototypes[label][j] + 0.3 * rng.uniform()));
    }
  }
  return {
    name: 'synthetic',
    file: '(generated in memory)',
    train: { offset: 0, count: train },
    test: { offset: train, count: test },
    rows: side,
    cols: side,
    classes,
    splitSeed: seed,
    pixels,
    labels,
  };
}
