/**
 * The one description of every setting: the URL codec, the store, the controls and the CLI's
 * --config all read it, so a key means the same thing everywhere. The kinds of setting and their one
 * parser live in `settingKinds.ts`; the link's page-state keys (hide, speed, theme, …) in
 * `linkSettings.ts`, the second registry the URL codec loops over.
 */

import { ENGINE_CONFIG_KEYS, type EngineConfig, resolvedBudget } from '../core/engineConfig';
import { METHOD_LABELS, METHODS } from '../core/methods';

import {
  type AutoNumberSetting,
  at,
  CONTROL_GROUP_TITLES,
  type ControlGroupTitle,
  configured,
  type EnumSetting,
  enumSetting,
  int,
  NUMBER,
  type NumberSetting,
  real,
  SELECT,
} from './settingKinds';

export { resolvedBudget };

export const SCHEMA_VERSION = 1;

export const SETTINGS = {
  arch: configured(
    enumSetting({
      key: 'arch',
      label: 'Architecture',
      description: 'residual (skip) MLP, as in the paper, or a plain chain MLP',
      values: ['residual', 'chain'] as const,
      default: 'residual',
    }),
    'network',
    at('Network', 0, SELECT),
  ),
  act: configured(
    enumSetting({
      key: 'act',
      label: 'Activation',
      description: 'hidden activation φ',
      values: ['relu', 'tanh', 'identity'] as const,
      default: 'relu',
    }),
    'network',
    at('Network', 1, SELECT),
  ),
  param: configured(
    enumSetting({
      key: 'param',
      label: 'Parameterization',
      description: 'mupc: mean-field layer constants (spec §2); standard: a_l = 1, weights N(0, 1/fan_in)',
      values: ['mupc', 'standard'] as const,
      valueLabels: { mupc: 'mean-field (μPC)', standard: 'standard (a_l = 1)' },
      default: 'mupc',
    }),
    'network',
    at('Network', 2, SELECT),
  ),
  width: configured(
    int({
      key: 'width',
      label: 'Width N',
      description: 'units per hidden layer',
      min: 1,
      max: 1024,
      default: 32,
    }),
    'network',
    at('Network', 3, { kind: 'choices', values: [2, 4, 8, 16, 32, 64, 128, 256, 512] }),
    true,
  ),
  depth: configured(
    int({
      key: 'depth',
      label: 'Depth L',
      description: 'number of weight matrices (L − 1 hidden layers)',
      min: 2,
      max: 1024,
      default: 32,
    }),
    'network',
    at('Network', 4, { kind: 'choices', values: [2, 3, 4, 8, 16, 32, 64, 128, 256, 512] }),
    true,
  ),
  batch: configured(
    int({
      key: 'batch',
      label: 'Batch B',
      description: 'samples per batch',
      min: 1,
      max: 1024,
      default: 64,
    }),
    'network',
    at('Data', 1, { kind: 'choices', values: [1, 4, 16, 32, 64, 128, 256] }),
    true,
  ),
  T: configured(
    {
      kind: 'autoNumber',
      key: 'T',
      label: 'Budget T',
      description: 'inference steps; auto = 2L',
      min: 1,
      max: 8192,
      integer: true,
      exclusiveMin: false,
      default: 'auto',
    } satisfies AutoNumberSetting,
    'run',
    at('Inference', 3, { kind: 'autoSlider', min: 1, max: 1024, step: 1 }),
    true,
  ),
  etaH: configured(
    {
      kind: 'autoNumber',
      key: 'etaH',
      label: 'Activity rate η_h',
      description:
        'activity step size; auto = 1/λ_max of the activity Hessian (spec §9), paper = the paper’s frozen per-cell value',
      min: 0,
      max: 10,
      integer: false,
      exclusiveMin: true,
      words: ['paper'] as const,
      default: 'auto',
    } satisfies AutoNumberSetting,
    'run',
    at('Inference', 2, { kind: 'autoSlider', min: 0.01, max: 1, step: 0.01 }),
  ),
  etaLambda: configured(
    real({
      key: 'etaLambda',
      label: 'Dual rate η_λ',
      description: 'dual step size; 0 is plain PC',
      min: 0,
      max: 10,
      default: 1,
    }),
    'run',
    at('Inference', 1, { kind: 'slider', min: 0, max: 2.5, step: 0.05 }),
  ),
  seed: configured(
    int({
      key: 'seed',
      label: 'Seed',
      description: 'seed of the weights and of the batch',
      min: 0,
      max: 2 ** 31 - 1,
      default: 0,
    }),
    'network',
    at('Data', 2, NUMBER),
  ),
  rng: configured(
    enumSetting({
      key: 'rng',
      label: 'Random draws',
      description:
        'ours: our seeded generator; official: the official code’s draws for the seed (JAX weights, NumPy data order on MNIST, its standardisation constants); official-legacy: the same with JAX’s pre-0.5 key splitting',
      values: ['ours', 'official', 'official-legacy'] as const,
      default: 'ours',
    }),
    'network',
    at('Data', 3, SELECT),
  ),
  data: configured(
    enumSetting({
      key: 'data',
      label: 'Data',
      description: 'Fashion-MNIST, MNIST, or a synthetic set that needs no files',
      values: ['fashion', 'mnist', 'synthetic'] as const,
      valueLabels: { fashion: 'Fashion-MNIST', mnist: 'MNIST' },
      default: 'fashion',
    }),
    'network',
    at('Data', 0, SELECT),
  ),
  method: configured(
    enumSetting({
      key: 'method',
      label: 'Method',
      description:
        'what the heatmaps show: PC-ALM, PC, or both (both always run, on the same network and batch)',
      values: [...METHODS, 'both'] as const,
      valueLabels: { ...METHOD_LABELS, both: 'PC and PC-ALM' },
      default: 'pcalm',
    }),
    'view',
    at('Inference', 0, SELECT),
  ),
  backend: configured(
    enumSetting({
      key: 'backend',
      label: 'Backend',
      description: 'tfjs backend; auto picks the fastest that works here',
      values: ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const,
      default: 'auto',
    }),
    'run',
    at('Display', 3, SELECT),
  ),
  traceLayer: configured(
    int({
      key: 'traceLayer',
      label: 'Traced layer',
      description: 'hidden layer whose units are traced over steps; 0 = the middle layer',
      min: 0,
      max: 1023,
      default: 0,
    }),
    'run',
    at('Display', 1, NUMBER),
  ),
  probe: configured(
    int({
      key: 'probe',
      label: 'Probe sample',
      description: 'batch sample at which nonlinear networks are linearized and units are traced',
      min: 0,
      max: 1023,
      default: 0,
    }),
    'run',
    at('Display', 2, NUMBER),
  ),
  lr0: configured(
    real({
      key: 'lr0',
      label: 'Base learning rate η0',
      description: 'training: Adam runs at η0·√(N/L) (spec §9)',
      min: 0,
      max: 1,
      default: 1e-3,
    }),
    'training',
    at(null, 0, NUMBER),
  ),
  epochs: configured(
    int({
      key: 'epochs',
      label: 'Epochs',
      description: 'training: passes over the train split (the last partial batch is dropped)',
      min: 1,
      max: 100,
      default: 1,
    }),
    'training',
    at(null, 1, NUMBER),
  ),
  evalEvery: configured(
    int({
      key: 'evalEvery',
      label: 'Evaluate every',
      description: 'training: batches between evaluations (test accuracy, gradient cosine to BP)',
      min: 1,
      max: 100000,
      default: 50,
    }),
    'training',
    at(null, 2, NUMBER),
  ),
  view: configured(
    enumSetting({
      key: 'view',
      label: 'View',
      description:
        'what the page shows: the credit explorer, training runs, the scalar two-layer example, or the width sweep (the final cosine to BP against width, paper Fig. 8)',
      values: ['explorer', 'training', 'scalar', 'widths'] as const,
      valueLabels: { widths: 'width sweep (Fig. 8)' },
      default: 'explorer',
    }),
    'view',
    at('Display', 0, SELECT),
  ),
} as const;

export type SettingKey = keyof typeof SETTINGS;

type ValueOf<S> =
  S extends EnumSetting<infer V>
    ? V
    : S extends AutoNumberSetting
      ? number | 'auto' | (S extends { words: readonly (infer W)[] } ? W : never)
      : S extends NumberSetting
        ? number
        : never;

export type Config = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** Settings that define the seeded network and batch (core/engineConfig's NETWORK_CONFIG_KEYS, tested equal). */
export const NETWORK_KEYS: readonly SettingKey[] = SETTING_KEYS.filter(
  (key) => SETTINGS[key].scope === 'network',
);

/** Settings that set the engine's memory; a refused link falls back on these, one at a time. */
export const SIZE_KEYS: readonly SettingKey[] = SETTING_KEYS.filter((key) => SETTINGS[key].memory === true);

/** True when changing the setting restarts the explorer's inference run. */
export const restartsInference = (key: SettingKey): boolean =>
  SETTINGS[key].scope === 'network' || SETTINGS[key].scope === 'run';

/** Changed by dragging (a slider): such changes replace the history entry instead of adding one. */
export const isDragged = (key: SettingKey): boolean => {
  const { kind } = SETTINGS[key].control.widget;
  return kind === 'slider' || kind === 'autoSlider';
};

/** The explorer's settings column: each group's keys in their order. */
export const CONTROL_GROUPS: ReadonlyArray<{ title: ControlGroupTitle; keys: readonly SettingKey[] }> =
  CONTROL_GROUP_TITLES.map((title) => ({
    title,
    keys: SETTING_KEYS.filter((key) => SETTINGS[key].control.group === title).sort(
      (a, b) => SETTINGS[a].control.order - SETTINGS[b].control.order,
    ),
  }));

export function defaultConfig(): Config {
  const config = {} as Record<string, unknown>;
  for (const key of SETTING_KEYS) config[key] = SETTINGS[key].default;
  return config as Config;
}

/** What the engine reads of a page configuration: the one mapping from the URL schema to the engine. */
export function engineConfig(config: Config): EngineConfig {
  const picked = {} as Record<string, unknown>;
  for (const key of ENGINE_CONFIG_KEYS) picked[key] = config[key];
  return picked as unknown as EngineConfig;
}
