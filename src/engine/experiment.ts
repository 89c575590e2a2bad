/**
 * From the engine's configuration (src/core/engineConfig.ts) to the network and batch it names. Data sets are passed
 * in already loaded, so this stays free of fs and fetch and serves the CLI and the worker alike.
 */

import { type Batch, syntheticBatch } from '../core/batch';
import { CLASSES, type EngineConfig, networkShape, SYNTHETIC_INPUT_DIM } from '../core/engineConfig';
import { createNetwork, type Network } from '../core/network';
import { sampleBatch } from '../data/batches';
import { explorerPool } from '../data/explorerPool';
import type { DataSet } from '../data/format';
import { createOfficialNetwork, splitScheme } from './officialNetwork';

/**
 * The inference batch: `batch` training samples drawn with the run's seed from the explorer pool (the
 * first 1,024 of the train split, the small file the browser loads), or synthetic ones.
 */
export function inferenceBatch(config: EngineConfig, data: DataSet | null): Batch {
  if (config.data === 'synthetic' || !data) {
    return syntheticBatch(config.batch, SYNTHETIC_INPUT_DIM, CLASSES, config.seed);
  }
  return sampleBatch(explorerPool(data), 'train', config.batch, config.seed);
}

export function experiment(config: EngineConfig, data: DataSet | null): { network: Network; batch: Batch } {
  const batch = inferenceBatch(config, data);
  const shape = networkShape(config, batch.x.cols, batch.y.cols);
  // rng=official: the official code's JAX draws for the seed (the batch stays our seeded sample).
  const scheme = splitScheme(config.rng);
  const network = scheme
    ? createOfficialNetwork(shape, config.seed, scheme)
    : createNetwork(shape, config.seed);
  return { network, batch };
}
