/**
 * The official pipeline's data (rng=official), from our files: its standardisation constants,
 * (x/255 − μ)/σ in float32, and, for MNIST, whose file keeps the original order, its train order:
 * data.py shuffles the 60,000 train indices with NumPy's default_rng(seed) (so x_train[:64], the
 * diagnostic batch, is the first 64 of that order), and epoch e visits them in
 * default_rng(seed + e).permutation(60000), in full batches.
 * Fashion-MNIST's package lost the original order, so there only the constants apply.
 */
import { defaultRng } from '../core/numpyRandom';
import type { DataSet } from './format';

/** The official code's per-set constants of pixel/255. */
export const OFFICIAL_STANDARDISATION: Record<string, { mean: number; std: number }> = {
  mnist: { mean: 0.1307, std: 0.3081 },
  'fashion-mnist': { mean: 0.286, std: 0.353 },
};

/** A set's samples reordered: train by `trainOrder` (indices into the train split), test as it is. */
function withTrainOrder(set: DataSet, trainOrder: Uint32Array): DataSet {
  const D = set.rows * set.cols;
  const pixels = new Uint8Array(set.pixels.length);
  const labels = new Uint8Array(set.labels.length);
  const { offset, count } = set.train;
  for (let i = 0; i < count; i++) {
    const from = offset + trainOrder[i];
    pixels.set(set.pixels.subarray(from * D, (from + 1) * D), (offset + i) * D);
    labels[offset + i] = set.labels[from];
  }
  const rest = (start: number, end: number) => {
    pixels.set(set.pixels.subarray(start * D, end * D), start * D);
    labels.set(set.labels.subarray(start, end), start);
  };
  rest(0, offset);
  rest(offset + count, set.labels.length);
  return { ...set, pixels, labels };
}

export interface OfficialData {
  data: DataSet;
  /** True when the train order is the official one (MNIST); false where only the constants apply. */
  officialOrder: boolean;
  note: string | null;
}

export function officialDataSet(set: DataSet, seed: number): OfficialData {
  const standardisation = OFFICIAL_STANDARDISATION[set.name];
  if (!standardisation) {
    return {
      data: set,
      officialOrder: false,
      note: `rng=official: "${set.name}" is not one of the official data sets; only the weights are the official draws`,
    };
  }
  if (set.name !== 'mnist') {
    return {
      data: { ...set, standardisation },
      officialOrder: false,
      note:
        'rng=official: the fashion-mnist package regroups Fashion-MNIST by class, so the official train order cannot be rebuilt; ' +
        'the weights and the standardisation constants are the official ones, the batch order is ours',
    };
  }
  const order = defaultRng(seed).permutation(set.train.count);
  return { data: { ...withTrainOrder(set, order), standardisation }, officialOrder: true, note: null };
}

/** The official epoch order: default_rng(seed + epoch).permutation(count) (training.py's batch_order). */
export function officialEpochOrder(count: number, seed: number): Uint32Array {
  return defaultRng(seed).permutation(count);
}
