/**
 * Engine batches from a parsed data set. Deterministic: the same seed gives the same samples in
 * Node and in every browser (createRng is integer-only).
 *
 * Input normalisation: x = pixel / 255, so inputs lie in [0, 1] (plain scaling, no mean/std
 * standardisation), as the synthetic set of src/engine/batch.ts does. Every conversion goes
 * through PIXEL_TO_INPUT, so changing the normalisation is a one-line edit.
 */
import { type Batch, oneHot } from '../engine/batch';
import { createRng } from '../engine/prng';
import type { DataSet, SplitRange } from './format';

export type Split = 'train' | 'test';

/** Input value of each pixel byte: byte / 255, as float32. */
export const PIXEL_TO_INPUT: Float32Array = Float32Array.from({ length: 256 }, (_, b) => b / 255);

/** D = rows · cols, the input dimension of a network for this set. */
export function inputDim(set: DataSet): number {
  return set.rows * set.cols;
}

function range(set: DataSet, split: Split): SplitRange {
  if (split !== 'train' && split !== 'test') throw new RangeError(`unknown split "${String(split)}"`);
  return set[split];
}

function checkSize(size: number): void {
  if (!(Number.isInteger(size) && size > 0))
    throw new RangeError(`batch size must be a positive integer, not ${size}`);
}

/** The batch of the given split-relative sample indices, in that order. */
export function gatherBatch(set: DataSet, split: Split, indices: ArrayLike<number>): Batch {
  const { offset, count } = range(set, split);
  const D = inputDim(set);
  const n = indices.length;
  const x = new Float32Array(n * D);
  const labels = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    if (!(Number.isInteger(k) && k >= 0 && k < count)) {
      throw new RangeError(`sample ${k} is outside the ${split} split (0…${count - 1})`);
    }
    const start = (offset + k) * D;
    for (let j = 0; j < D; j++) x[i * D + j] = PIXEL_TO_INPUT[set.pixels[start + j]];
    labels[i] = set.labels[offset + k];
  }
  return { x: { rows: n, cols: D, data: x }, y: oneHot(labels, set.classes), labels };
}

/**
 * `size` distinct samples of a split drawn by `seed` (partial Fisher–Yates, without replacement).
 * Same (set, split, size, seed), same batch, everywhere.
 */
export function sampleBatch(set: DataSet, split: Split, size: number, seed: number): Batch {
  const { count } = range(set, split);
  checkSize(size);
  if (size > count)
    throw new RangeError(`batch size ${size} exceeds the ${count} samples of the ${split} split`);
  const rng = createRng(seed, `data-sample-${split}`);
  const pool = new Uint32Array(count);
  for (let i = 0; i < count; i++) pool[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(count - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return gatherBatch(set, split, pool.subarray(0, size));
}

/** A seeded permutation of 0 … count−1 (Fisher–Yates), the visiting order of one epoch. */
export function epochOrder(count: number, seed: number): Uint32Array {
  if (!(Number.isInteger(count) && count >= 0))
    throw new RangeError(`count must be a natural number, not ${count}`);
  const rng = createRng(seed, 'data-epoch');
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Full batches per epoch of a split; the last partial batch is dropped. */
export function batchCount(set: DataSet, split: Split, size: number): number {
  checkSize(size);
  return Math.floor(range(set, split).count / size);
}

/**
 * Batch `index` (0 … batchCount−1) of an epoch visiting the split in `order` (a permutation of the
 * split's indices, e.g. from epochOrder; default: file order, which is already shuffled).
 */
export function batchAt(
  set: DataSet,
  split: Split,
  index: number,
  size: number,
  order?: ArrayLike<number>,
): Batch {
  const { count } = range(set, split);
  const batches = batchCount(set, split, size);
  if (order && order.length !== count) {
    throw new RangeError(`order has ${order.length} entries, the ${split} split has ${count} samples`);
  }
  if (!(Number.isInteger(index) && index >= 0 && index < batches)) {
    throw new RangeError(`batch ${index} is outside 0…${batches - 1} (${count} samples, batches of ${size})`);
  }
  const indices = new Uint32Array(size);
  for (let i = 0; i < size; i++) indices[i] = order ? order[index * size + i] : index * size + i;
  return gatherBatch(set, split, indices);
}

/**
 * The whole test split in file order, in batches of `size`; unlike batchAt the last batch may be
 * smaller, so that every test sample is evaluated once. Holds test.count·D float32 values in all
 * (31 MB for Fashion-MNIST); iterate batchAt / gatherBatch instead where memory matters.
 */
export function testBatches(set: DataSet, size: number): Batch[] {
  checkSize(size);
  const { count } = set.test;
  const out: Batch[] = [];
  for (let start = 0; start < count; start += size) {
    const n = Math.min(size, count - start);
    out.push(
      gatherBatch(
        set,
        'test',
        Array.from({ length: n }, (_, i) => start + i),
      ),
    );
  }
  return out;
}
