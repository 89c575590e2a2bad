/**
 * The one memory estimate: what an inference run or a training run holds, and the limit above which
 * the app refuses a configuration (and keeps the previous one) instead of stalling the tab.
 */
import { type EngineConfig, networkShape, resolvedBudget, SYNTHETIC_INPUT_DIM } from './engineConfig';
import { parameterCount } from './network';

/** Above this the tab would stall or run out of memory on a typical laptop. */
export const MAX_ENGINE_BYTES = 1.5e9;

/** Test samples a training run keeps on the device for its evaluations. */
const TEST_SPLIT_FLOATS = 10_000 * 784;

type SizeConfig = Pick<EngineConfig, 'arch' | 'act' | 'param' | 'width' | 'depth' | 'batch' | 'T'>;

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

/**
 * Bytes the engine holds for an inference run: weights twice (W and Wᵀ), about a dozen live
 * [L-1, B, N] stacks during a step (state, credit, products, metrics), and per-step metrics.
 */
export function inferenceBytes(config: SizeConfig, inputDim = SYNTHETIC_INPUT_DIM): number {
  const shape = networkShape(config, inputDim);
  const stack = (config.depth - 1) * config.batch * config.width;
  const gradients = (config.depth - 2) * config.width * config.width;
  const steps = resolvedBudget(config) + 1;
  return 4 * (2 * parameterCount(shape) + 12 * stack + 2 * gradients + steps * 5 * config.depth);
}

/**
 * Bytes of a training run: each method holds its weights twice (W, Wᵀ), two Adam moments and a
 * gradient, and what one inference run needs; the test split is shared.
 */
export function trainingBytes(config: SizeConfig, methods: number): number {
  const weights = 4 * 5 * parameterCount(networkShape(config, SYNTHETIC_INPUT_DIM));
  return methods * (weights + inferenceBytes(config)) + 4 * TEST_SPLIT_FLOATS;
}

/** The one wording of a refusal: what needs how much, against the limit; null when it fits. */
export function memoryProblem(what: string, bytes: number): string | null {
  if (bytes <= MAX_ENGINE_BYTES) return null;
  return `${what} needs about ${formatBytes(bytes)}, more than the ${formatBytes(MAX_ENGINE_BYTES)} this app allows`;
}

/**
 * Why an inference run of this size is refused, or null: the explorer refuses such a configuration,
 * the width sweep skips such a width, both in these words.
 */
export function inferenceSizeProblem(config: SizeConfig): string | null {
  const what = `width ${config.width} × depth ${config.depth} × batch ${config.batch} with T = ${resolvedBudget(config)}`;
  return memoryProblem(what, inferenceBytes(config));
}
