/**
 * The explorer draws its batch from a fixed pool: the first EXPLORER_POOL samples of the train split
 * (whose file order is already a seeded shuffle), not from all 60,000. That pool is what the browser
 * loads at first (scripts/explorer-data.mjs writes it as a small file), so the default page needs
 * 0.45 MB of data instead of 55 MB; `npm run cli -- run` takes the same pool out of the full file, so
 * the app and the CLI draw the same batch for the same link. Inputs are still standardised with the
 * whole train split's μ and σ (the pool carries that split's byte histogram).
 */
import { pixelHistogram } from './batches';
import type { DataSet } from './format';

/** Samples in the pool: the largest batch the settings allow (schema: batch ≤ 1024). */
export const EXPLORER_POOL = 1024;

const pools = new WeakMap<DataSet, DataSet>();

/** True for a set that already is an explorer pool (loaded from an explorer file). */
export function isExplorerPool(set: DataSet): boolean {
  return set.trainHistogram !== undefined && set.test.count === 0;
}

/**
 * The pool of a data set, as a data set whose train split is the pool and whose test split is empty;
 * a view into the same bytes, not a copy. A set that already is a pool is returned as it is.
 */
export function explorerPool(set: DataSet): DataSet {
  if (isExplorerPool(set)) return set;
  let pool = pools.get(set);
  if (!pool) {
    const D = set.rows * set.cols;
    const { offset, count } = set.train;
    const n = Math.min(EXPLORER_POOL, count);
    pool = {
      ...set,
      train: { offset: 0, count: n },
      test: { offset: n, count: 0 },
      pixels: set.pixels.subarray(offset * D, (offset + n) * D),
      labels: set.labels.subarray(offset, offset + n),
      trainHistogram: pixelHistogram(set.pixels.subarray(offset * D, (offset + count) * D)),
    };
    pools.set(set, pool);
  }
  return pool;
}
