/**
 * What rng=official changes in a training run (src/engine/training.ts's planTraining): the official
 * initial weights (JAX), and for MNIST the official train order, epoch orders and standardisation;
 * for Fashion-MNIST the weights and the standardisation only (with a note saying so).
 */

import type { EngineConfig } from '../core/engineConfig';
import { networkShape } from '../core/engineConfig';
import type { Network } from '../core/network';
import type { DataSet } from '../data/format';
import { officialDataSet, officialEpochOrder } from '../data/officialData';
import { createOfficialNetwork, splitScheme } from './officialNetwork';

export interface OfficialTraining {
  /** The official initial weights; null under rng=ours. */
  network: Network | null;
  data: DataSet;
  epochOrder: ((count: number, seed: number) => Uint32Array) | null;
  note: string | null;
}

export function officialTraining(
  config: Pick<EngineConfig, 'rng' | 'seed' | 'arch' | 'act' | 'param' | 'width' | 'depth'>,
  data: DataSet,
): OfficialTraining {
  const scheme = splitScheme(config.rng);
  if (!scheme) return { network: null, data, epochOrder: null, note: null };
  const official = officialDataSet(data, config.seed);
  const shape = networkShape(
    config as EngineConfig,
    official.data.rows * official.data.cols,
    official.data.classes,
  );
  return {
    network: createOfficialNetwork(shape, config.seed, scheme),
    data: official.data,
    epochOrder: official.officialOrder ? officialEpochOrder : null,
    note: official.note,
  };
}
