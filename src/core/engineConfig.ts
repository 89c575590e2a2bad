/**
 * What the engine reads of a configuration. The page's URL settings (src/state/schema.ts) hold more
 * (what is shown, which view); `engineConfig` there maps them onto this, so the engine and its workers
 * never depend on the page's schema.
 */
import type { BackendChoice } from './backends';
import type { Activation, Architecture, NetworkShape, Parameterization } from './network';

export type DataChoice = 'fashion' | 'mnist' | 'synthetic';

export interface EngineConfig {
  arch: Architecture;
  act: Activation;
  param: Parameterization;
  width: number;
  depth: number;
  batch: number;
  seed: number;
  data: DataChoice;
  /** Inference steps; 'auto' = 2L (resolvedBudget). */
  T: number | 'auto';
  /**
   * Activity step size; 'auto' = 1/λ_max of the activity Hessian, resolved by the engine; 'paper' = the
   * paper's frozen per-cell value (core/paperEta.ts).
   */
  etaH: number | 'auto' | 'paper';
  /** Whose random draws: ours, or the official code's (JAX weights, NumPy data order), in either JAX key-splitting scheme. */
  rng: 'ours' | 'official' | 'official-legacy';
  etaLambda: number;
  backend: BackendChoice;
  /** Hidden layer whose units are traced; 0 = the middle layer. */
  traceLayer: number;
  /** Batch sample at which nonlinear networks are linearised and units traced. */
  probe: number;
  /** Training: base learning rate η0, epochs, batches between evaluations. */
  lr0: number;
  epochs: number;
  evalEvery: number;
}

/**
 * Settings that define the seeded network and batch: the worker keeps its network, batch and λ_max
 * while none of them changes, and an imported run ends when one of them does.
 */
export const NETWORK_CONFIG_KEYS = [
  'arch',
  'act',
  'param',
  'width',
  'depth',
  'batch',
  'seed',
  'rng',
  'data',
] as const satisfies ReadonlyArray<keyof EngineConfig>;

/** Every key of EngineConfig, so a mapping can copy exactly these. */
export const ENGINE_CONFIG_KEYS = [
  ...NETWORK_CONFIG_KEYS,
  'T',
  'etaH',
  'etaLambda',
  'backend',
  'traceLayer',
  'probe',
  'lr0',
  'epochs',
  'evalEvery',
] as const satisfies ReadonlyArray<keyof EngineConfig>;

/** Synthetic data mimics MNIST's shape. */
export const SYNTHETIC_INPUT_DIM = 784;
export const CLASSES = 10;

/** "auto" resolved: T = 2L. (η_h auto needs the network; the engine resolves it.) */
export function resolvedBudget(config: Pick<EngineConfig, 'T' | 'depth'>): number {
  return config.T === 'auto' ? 2 * config.depth : config.T;
}

export function networkShape(
  config: Pick<EngineConfig, 'arch' | 'act' | 'param' | 'width' | 'depth'>,
  inputDim: number,
  classes = CLASSES,
): NetworkShape {
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

export type NetworkConfigKey = (typeof NETWORK_CONFIG_KEYS)[number];

/** The one key of "the same seeded network and batch". */
export function networkKey(config: Pick<EngineConfig, NetworkConfigKey>): string {
  return NETWORK_CONFIG_KEYS.map((key) => String(config[key])).join('|');
}

/** The network-defining settings in which two configurations differ. */
export function changedNetworkKeys(
  a: Pick<EngineConfig, NetworkConfigKey>,
  b: Pick<EngineConfig, NetworkConfigKey>,
): NetworkConfigKey[] {
  return NETWORK_CONFIG_KEYS.filter((key) => a[key] !== b[key]);
}
