/**
 * From a configuration (src/state/schema.ts) to the network and batch it names. Data sets are passed
 * in already loaded, so this stays free of fs and fetch and serves the CLI and the worker alike.
 */

import { sampleBatch } from '../data/batches';
import type { DataSet } from '../data/format';
import type { Config } from '../state/schema';
import { resolvedBudget } from '../state/schema';
import { type Batch, syntheticBatch } from './batch';
import { createNetwork, type Network, type NetworkShape, parameterCount } from './network';
import { createOfficialNetwork, splitScheme } from './officialNetwork';

/** Synthetic data mimics MNIST's shape. */
export const SYNTHETIC_INPUT_DIM = 784;
export const CLASSES = 10;

export function networkShape(config: Config, inputDim: number, classes = CLASSES): NetworkShape {
  return {
    arch: config.arch,
    act: config.act,
    param: config.param,
    inputDim,
    width: config.width,
    depth: config.depth,
    classes,
  };
}

/** The inference batch: `batch` training samples drawn with the run's seed, or synthetic ones. */
export function inferenceBatch(config: Config, data: DataSet | null): Batch {
  if (config.data === 'synthetic' || !data) {
    return syntheticBatch(config.batch, SYNTHETIC_INPUT_DIM, CLASSES, config.seed);
  }
  return sampleBatch(data, 'train', config.batch, config.seed);
}

export function experiment(config: Config, data: DataSet | null): { network: Network; batch: Batch } {
  const batch = inferenceBatch(config, data);
  const shape = networkShape(config, batch.x.cols, batch.y.cols);
  // rng=official: the official code's JAX draws for the seed (the batch stays our seeded sample).
  const scheme = splitScheme(config.rng);
  const network = scheme
    ? createOfficialNetwork(shape, config.seed, scheme)
    : createNetwork(shape, config.seed);
  return { network, batch };
}

/**
 * Bytes the engine holds for an inference run: weights twice (W and Wᵀ), about a dozen live
 * [L-1, B, N] stacks during a step (state, credit, products, metrics), and per-step metrics.
 */
export function estimateInferenceBytes(config: Config, inputDim = SYNTHETIC_INPUT_DIM): number {
  const shape = networkShape(config, inputDim);
  const stack = (config.depth - 1) * config.batch * config.width;
  const gradients = (config.depth - 2) * config.width * config.width;
  const steps = resolvedBudget(config) + 1;
  return 4 * (2 * parameterCount(shape) + 12 * stack + 2 * gradients + steps * 5 * config.depth);
}
