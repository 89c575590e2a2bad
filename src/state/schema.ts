/**
 * The one description of every setting: the URL codec, the store, the controls and the CLI's
 * --config all read it, so a key means the same thing everywhere. Parsing never throws and never lets
 * NaN, Infinity or an out-of-range value through: each bad value becomes a message naming the key, the
 * problem and the value used instead.
 */

import { ENGINE_CONFIG_KEYS, type EngineConfig, resolvedBudget } from '../core/engineConfig';
import { METHOD_LABELS, METHODS } from '../core/methods';
import { PRESET_IDS } from './presets';

export { resolvedBudget };

export const SCHEMA_VERSION = 1;

/**
 * What a setting is part of, which says what changing it does: `network` settings define the seeded
 * network and batch (a new network, λ_max re-estimated), `run` settings restart inference on the same
 * network, `training` settings only reach the training view, `view` settings only change what is shown.
 */
export type Scope = 'network' | 'run' | 'training' | 'view';

/** How a setting is shown as a control: the schema says what is valid, this what is convenient. */
export type Widget =
  | { kind: 'select' }
  | { kind: 'choices'; values: number[] }
  | { kind: 'slider'; min: number; max: number; step: number }
  | { kind: 'autoSlider'; min: number; max: number; step: number }
  | { kind: 'number' };

/** The explorer's settings column, top to bottom. */
export const CONTROL_GROUP_TITLES = ['Inference', 'Network', 'Data', 'Display'] as const;
export type ControlGroupTitle = (typeof CONTROL_GROUP_TITLES)[number];

export interface Control {
  widget: Widget;
  /** Where it sits in the explorer's column (position `order` in `group`), or null when another view shows it. */
  group: ControlGroupTitle | null;
  order: number;
}

interface BaseSetting<T> {
  key: string;
  label: string;
  description: string;
  default: T;
}

/** A setting of the run configuration (SETTINGS); page-state keys (LINK_SETTINGS) have no scope. */
interface ConfigSetting {
  scope: Scope;
  /** True when it sets how much memory the engine needs (a too-large value is refused). */
  memory?: boolean;
  control: Control;
}

export interface EnumSetting<V extends string = string> extends BaseSetting<V> {
  kind: 'enum';
  values: readonly V[];
  /** How a value reads in a select, where it is not the value itself. */
  valueLabels?: Partial<Record<V, string>>;
}

export interface NumberSetting extends BaseSetting<number> {
  kind: 'number';
  min: number;
  max: number;
  integer: boolean;
}

/** A number that may also be the word "auto" (derived from the rest of the configuration). */
export interface AutoNumberSetting extends BaseSetting<number | 'auto'> {
  kind: 'autoNumber';
  min: number;
  max: number;
  integer: boolean;
  /** True when 0 is excluded (a rate), false when min itself is allowed. */
  exclusiveMin: boolean;
  /** Other words accepted besides "auto" and numbers (etaH: "paper", the paper's per-cell table). */
  words?: readonly string[];
}

export type Setting = EnumSetting | NumberSetting | AutoNumberSetting;
type Configured<S> = S & ConfigSetting;

const enumSetting = <V extends string>(s: Omit<EnumSetting<V>, 'kind'>): EnumSetting<V> => ({
  kind: 'enum',
  ...s,
});
const int = (s: Omit<NumberSetting, 'kind' | 'integer'>): NumberSetting => ({
  kind: 'number',
  integer: true,
  ...s,
});
const real = (s: Omit<NumberSetting, 'kind' | 'integer'>): NumberSetting => ({
  kind: 'number',
  integer: false,
  ...s,
});
/** A run setting: a value setting plus its scope and control. */
// Unconstrained on purpose: a constraint would be a contextual type that widens enum values to string.
const configured = <S>(setting: S, scope: Scope, control: Control, memory = false): Configured<S> => ({
  ...setting,
  scope,
  control,
  ...(memory ? { memory } : {}),
});
const at = (group: ControlGroupTitle | null, order: number, widget: Widget): Control => ({
  widget,
  group,
  order,
});
const SELECT: Widget = { kind: 'select' };
const NUMBER: Widget = { kind: 'number' };

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
      description: 'what the page shows: the credit explorer, training runs, or the scalar two-layer example',
      values: ['explorer', 'training', 'scalar'] as const,
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

/** Human text of what a setting accepts, for messages and --help. */
export function allowedText(s: Setting): string {
  if (s.kind === 'enum') return `one of ${s.values.join(', ')}`;
  const kind = s.integer ? 'an integer' : 'a number';
  const lower = s.kind === 'autoNumber' && s.exclusiveMin ? `> ${s.min}` : `≥ ${s.min}`;
  const range = `${kind} ${lower} and ≤ ${s.max}`;
  const words = s.kind === 'autoNumber' ? ['auto', ...(s.words ?? [])].map((w) => `"${w}"`).join(', ') : '';
  return s.kind === 'autoNumber' ? `${words} or ${range}` : range;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Parses one raw string for a setting; never throws. */
export function parseValue(s: Setting, raw: string): ParseResult<Config[SettingKey]> {
  const text = raw.trim();
  // Messages quote at most 40 characters of what was written.
  const quoted = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (s.kind === 'enum') {
    return s.values.includes(text)
      ? { ok: true, value: text as Config[SettingKey] }
      : { ok: false, problem: `"${quoted}" is not ${allowedText(s)}` };
  }
  if (s.kind === 'autoNumber' && text.toLowerCase() === 'auto') return { ok: true, value: 'auto' };
  const word = s.kind === 'autoNumber' ? s.words?.find((w) => w === text.toLowerCase()) : undefined;
  if (word) return { ok: true, value: word as Config[SettingKey] };
  // Number('') is 0 and Number('0x10') is 16: accept plain decimal notation only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    return { ok: false, problem: `"${quoted}" is not ${allowedText(s)}` };
  }
  // + 0 turns -0 into 0, so a value always prints back as it was read.
  const value = Number(text) + 0;
  const belowMin = s.kind === 'autoNumber' && s.exclusiveMin ? value <= s.min : value < s.min;
  if (!Number.isFinite(value) || belowMin || value > s.max || (s.integer && !Number.isInteger(value))) {
    return { ok: false, problem: `${quoted} is not ${allowedText(s)}` };
  }
  return { ok: true, value };
}

export function formatValue(value: Config[SettingKey]): string {
  return String(value);
}

/*
 * Page-state keys of a link. They say how the page is shown rather than what the engine computes,
 * so they are not part of Config and changing them never restarts a run; the URL codec reads and
 * writes them next to the settings, from this same registry.
 *
 * Classroom mode: `hide=` takes a comma-separated list of what to hide, e.g.
 * `hide=etaH,depth,panel.annulus`: setting keys hide their control (the value still comes from the
 * link), `panel.<name>` hides a figure, `controls` the whole settings column and `toolbar` the
 * link toolbar (copy link, reset, presets).
 */

/** Figures a link can hide (`hide=panel.<name>`), in the order the explorer shows them. */
export const PANEL_NAMES = ['heatmaps', 'annulus', 'cosine', 'traces', 'batch'] as const;

export const PAGE_PARTS = ['controls', 'toolbar'] as const;

/** Every name `hide=` accepts, in the order it is written back. */
export const HIDEABLE: readonly string[] = [
  ...SETTING_KEYS,
  ...PANEL_NAMES.map((name) => `panel.${name}`),
  ...PAGE_PARTS,
];

/** Colour theme: auto follows the system's light / dark setting, the others override it. */
export const THEMES = ['auto', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEMES)[number];

/** Colour palette: `colorblind` swaps maps and method colours for ones safe under red–green deficiency. */
export const PALETTES = ['standard', 'colorblind'] as const;
export type PaletteChoice = (typeof PALETTES)[number];

/** Values of the teaching layer's page-state switches (`overlays=`, `tour=`). */
export const ON_OFF = ['on', 'off'] as const;
export type OnOff = (typeof ON_OFF)[number];

/** Playback speeds, steps per second, as a link writes them ('max': as fast as the engine goes). */
export const LINK_SPEEDS = ['2', '8', '30', '120', 'max'] as const;
export type LinkSpeed = (typeof LINK_SPEEDS)[number];
/** A playback speed in steps per second; null plays as fast as the engine goes. */
export type Speed = number | null;
export const speedOfLink = (speed: LinkSpeed): Speed => (speed === 'max' ? null : Number(speed));
export const linkOfSpeed = (speed: Speed): LinkSpeed =>
  LINK_SPEEDS.find((link) => speedOfLink(link) === speed) ?? LINK_SETTINGS.speed.default;
/** The transport's speeds, in order. */
export const SPEEDS: readonly Speed[] = LINK_SPEEDS.map(speedOfLink);

/** Range shared by the scalar example's four inputs. */
export const SCALAR_RANGE = { min: -2, max: 2 } as const;

export const LINK_SETTINGS = {
  preset: enumSetting({
    key: 'preset',
    label: 'Preset',
    description: 'a named starting point; settings written after it in the link override it',
    values: ['none', ...PRESET_IDS],
    default: 'none',
  }),
  hide: {
    key: 'hide',
    label: 'Hidden',
    description: 'classroom mode: controls (setting keys), panels (panel.<name>) and page parts to hide',
    values: HIDEABLE,
  },
  speed: {
    ...enumSetting({
      key: 'speed',
      label: 'Speed',
      description: 'playback speed, steps per second',
      values: LINK_SPEEDS,
      default: '30',
    }),
    unit: 'steps/s',
  },
  /** Written only while paused: a link without it plays from step 0, one with it opens paused there. */
  step: {
    ...int({
      key: 'step',
      label: 'Paused at step',
      description: 'the step shown when the link opens, paused; absent while playing',
      min: 0,
      max: SETTINGS.T.max,
      default: 0,
    }),
    /** Absent from a link unless given; what a bad value falls back on. */
    absent: 'none: the run plays from step 0',
  },
  theme: enumSetting({
    key: 'theme',
    label: 'Theme',
    description: 'light or dark page; auto follows the system setting',
    values: THEMES,
    default: 'auto',
  }),
  palette: enumSetting({
    key: 'palette',
    label: 'Colours',
    description: 'standard, or colour-blind safe (cividis, blue–orange, Okabe–Ito method colours)',
    values: PALETTES,
    default: 'standard',
  }),
  /** On by default: t* and the annulus ring were always drawn; `overlays=off` shows the measurements alone. */
  overlays: enumSetting({
    key: 'overlays',
    label: 'Theory overlays',
    description: 'the predicted fronts (heatmaps), t* (cosine) and the annulus radii and mode circles',
    values: ON_OFF,
    default: 'on',
  }),
  /** Whether the guided tour's card is open; its stop follows the preset. */
  tour: enumSetting({
    key: 'tour',
    label: 'Guided tour',
    description: 'on opens the guided tour at the stop of the link’s preset',
    values: ON_OFF,
    default: 'off',
  }),
  /*
   * The scalar example's numbers (view=scalar), so a link shares that exact example. The defaults:
   * h̄ = 0.2, ē = 1.3: BP's update points at 11°, equilibrated PC's at 40° (cosine 0.87), and PC-ALM's
   * starts straight up (no Δw₁ at the forward pass), so the turn onto BP is plain to see.
   */
  w1: real({
    key: 'w1',
    label: 'w₁',
    description: 'scalar example: input → hidden weight',
    ...SCALAR_RANGE,
    default: 0.2,
  }),
  w2: real({
    key: 'w2',
    label: 'w₂',
    description: 'scalar example: hidden → output weight',
    ...SCALAR_RANGE,
    default: 1,
  }),
  x: real({ key: 'x', label: 'x', description: 'scalar example: the input', ...SCALAR_RANGE, default: 1 }),
  y: real({ key: 'y', label: 'y', description: 'scalar example: the target', ...SCALAR_RANGE, default: 1.5 }),
} as const;

/** The scalar example's inputs, as the link and the store hold them. */
export const SCALAR_INPUT_KEYS = ['w1', 'w2', 'x', 'y'] as const;
export type ScalarInputKey = (typeof SCALAR_INPUT_KEYS)[number];
export type ScalarInputs = Record<ScalarInputKey, number>;
export const DEFAULT_SCALAR_INPUTS: ScalarInputs = {
  w1: LINK_SETTINGS.w1.default,
  w2: LINK_SETTINGS.w2.default,
  x: LINK_SETTINGS.x.default,
  y: LINK_SETTINGS.y.default,
};

export type LinkKey = keyof typeof LINK_SETTINGS;
export const LINK_KEYS = Object.keys(LINK_SETTINGS) as LinkKey[];
/** Page-state keys with one value each, read and written by one loop (preset and hide have their own rules). */
export type ValueLinkKey = Exclude<LinkKey, 'preset' | 'hide'>;
export const VALUE_LINK_KEYS = LINK_KEYS.filter(
  (key): key is ValueLinkKey => key !== 'preset' && key !== 'hide',
);

/** Splits a hide list into the names it knows (deduplicated, in HIDEABLE order) and the rest. */
export function parseHideList(raw: string): { names: string[]; unknown: string[] } {
  const asked = new Set<string>();
  const unknown: string[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim();
    if (name === '') continue;
    if (HIDEABLE.includes(name)) asked.add(name);
    else if (!unknown.includes(name)) unknown.push(name);
  }
  return { names: HIDEABLE.filter((name) => asked.has(name)), unknown };
}

/** What the engine reads of a page configuration: the one mapping from the URL schema to the engine. */
export function engineConfig(config: Config): EngineConfig {
  const picked = {} as Record<string, unknown>;
  for (const key of ENGINE_CONFIG_KEYS) picked[key] = config[key];
  return picked as unknown as EngineConfig;
}
