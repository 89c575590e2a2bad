/**
 * The one description of every setting: the URL codec, the store, the controls and the CLI's
 * --config all read it, so a key means the same thing everywhere. Parsing never throws and never lets
 * NaN, Infinity or an out-of-range value through: each bad value becomes a message naming the key, the
 * problem and the value used instead.
 */

import { PRESET_IDS } from './presets';

export const SCHEMA_VERSION = 1;

interface BaseSetting<T> {
  key: string;
  label: string;
  description: string;
  default: T;
}

export interface EnumSetting<V extends string = string> extends BaseSetting<V> {
  kind: 'enum';
  values: readonly V[];
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

export const SETTINGS = {
  arch: enumSetting({
    key: 'arch',
    label: 'Architecture',
    description: 'residual (skip) MLP, as in the paper, or a plain chain MLP',
    values: ['residual', 'chain'] as const,
    default: 'residual',
  }),
  act: enumSetting({
    key: 'act',
    label: 'Activation',
    description: 'hidden activation φ',
    values: ['relu', 'tanh', 'identity'] as const,
    default: 'relu',
  }),
  param: enumSetting({
    key: 'param',
    label: 'Parameterization',
    description: 'mupc: mean-field layer constants (spec §2); standard: a_l = 1, weights N(0, 1/fan_in)',
    values: ['mupc', 'standard'] as const,
    default: 'mupc',
  }),
  width: int({
    key: 'width',
    label: 'Width N',
    description: 'units per hidden layer',
    min: 1,
    max: 1024,
    default: 32,
  }),
  depth: int({
    key: 'depth',
    label: 'Depth L',
    description: 'number of weight matrices (L − 1 hidden layers)',
    min: 2,
    max: 1024,
    default: 32,
  }),
  batch: int({
    key: 'batch',
    label: 'Batch B',
    description: 'samples per batch',
    min: 1,
    max: 1024,
    default: 64,
  }),
  T: {
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
  etaH: {
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
  etaLambda: real({
    key: 'etaLambda',
    label: 'Dual rate η_λ',
    description: 'dual step size; 0 is plain PC',
    min: 0,
    max: 10,
    default: 1,
  }),
  seed: int({
    key: 'seed',
    label: 'Seed',
    description: 'seed of the weights and of the batch',
    min: 0,
    max: 2 ** 31 - 1,
    default: 0,
  }),
  rng: enumSetting({
    key: 'rng',
    label: 'Random draws',
    description:
      'ours: our seeded generator; official: the official code’s draws for the seed (JAX weights, NumPy data order on MNIST, its standardisation constants); official-legacy: the same with JAX’s pre-0.5 key splitting',
    values: ['ours', 'official', 'official-legacy'] as const,
    default: 'ours',
  }),
  data: enumSetting({
    key: 'data',
    label: 'Data',
    description: 'Fashion-MNIST, MNIST, or a synthetic set that needs no files',
    values: ['fashion', 'mnist', 'synthetic'] as const,
    default: 'fashion',
  }),
  method: enumSetting({
    key: 'method',
    label: 'Method',
    description:
      'what the heatmaps show: PC-ALM, PC, or both (both always run, on the same network and batch)',
    values: ['pcalm', 'pc', 'both'] as const,
    default: 'pcalm',
  }),
  backend: enumSetting({
    key: 'backend',
    label: 'Backend',
    description: 'tfjs backend; auto picks the fastest that works here',
    values: ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const,
    default: 'auto',
  }),
  traceLayer: int({
    key: 'traceLayer',
    label: 'Traced layer',
    description: 'hidden layer whose units are traced over steps; 0 = the middle layer',
    min: 0,
    max: 1023,
    default: 0,
  }),
  probe: int({
    key: 'probe',
    label: 'Probe sample',
    description: 'batch sample at which nonlinear networks are linearized and units are traced',
    min: 0,
    max: 1023,
    default: 0,
  }),
  lr0: real({
    key: 'lr0',
    label: 'Base learning rate η0',
    description: 'training: Adam runs at η0·√(N/L) (spec §9)',
    min: 0,
    max: 1,
    default: 1e-3,
  }),
  epochs: int({
    key: 'epochs',
    label: 'Epochs',
    description: 'training: passes over the train split (the last partial batch is dropped)',
    min: 1,
    max: 100,
    default: 1,
  }),
  evalEvery: int({
    key: 'evalEvery',
    label: 'Evaluate every',
    description: 'training: batches between evaluations (test accuracy, gradient cosine to BP)',
    min: 1,
    max: 100000,
    default: 50,
  }),
  view: enumSetting({
    key: 'view',
    label: 'View',
    description: 'what the page shows: the credit explorer, training runs, or the scalar two-layer example',
    values: ['explorer', 'training', 'scalar'] as const,
    default: 'explorer',
  }),
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

/**
 * Settings that define the seeded network and batch: the worker keeps its network, batch and λ_max
 * while none of them changes, and an imported run ends when one of them does.
 */
export const NETWORK_KEYS = [
  'arch',
  'act',
  'param',
  'width',
  'depth',
  'batch',
  'seed',
  'rng',
  'data',
] as const satisfies readonly SettingKey[];

export function defaultConfig(): Config {
  const config = {} as Record<string, unknown>;
  for (const key of SETTING_KEYS) config[key] = SETTINGS[key].default;
  return config as Config;
}

/** "auto" resolved: T = 2L. (η_h auto needs the network; the engine resolves it.) */
export function resolvedBudget(config: Pick<Config, 'T' | 'depth'>): number {
  return config.T === 'auto' ? 2 * config.depth : config.T;
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

/** Figures a link can hide, by short name → the data-panel id they carry. */
export const PANELS = {
  heatmaps: 'CreditHeatmaps',
  annulus: 'EigenAnnulus',
  cosine: 'CosinePlot',
  traces: 'UnitTraces',
  batch: 'BatchStrip',
} as const;

export const PAGE_PARTS = ['controls', 'toolbar'] as const;

/** Every name `hide=` accepts, in the order it is written back. */
export const HIDEABLE: readonly string[] = [
  ...SETTING_KEYS,
  ...Object.keys(PANELS).map((name) => `panel.${name}`),
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

/** Playback speeds a link can ask for, steps per second (the store's SPEEDS, as text). */
export const LINK_SPEEDS = ['2', '8', '30', '120', 'max'] as const;
export type LinkSpeed = (typeof LINK_SPEEDS)[number];

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
  speed: enumSetting({
    key: 'speed',
    label: 'Speed',
    description: 'playback speed, steps per second',
    values: LINK_SPEEDS,
    default: '30',
  }),
  /** Written only while paused: a link without it plays from step 0, one with it opens paused there. */
  step: int({
    key: 'step',
    label: 'Paused at step',
    description: 'the step shown when the link opens, paused; absent while playing',
    min: 0,
    max: SETTINGS.T.max,
    default: 0,
  }),
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
} as const;

export type LinkKey = keyof typeof LINK_SETTINGS;
export const LINK_KEYS = Object.keys(LINK_SETTINGS) as LinkKey[];

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
