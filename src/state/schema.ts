/**
 * The one description of every setting: the URL codec, the store, the controls and the CLI's
 * --config all read it, so a key means the same thing everywhere. Parsing never throws and never lets
 * NaN, Infinity or an out-of-range value through: each bad value becomes a message naming the key, the
 * problem and the value used instead.
 */

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
    description: 'activity step size; auto = 1/λ_max of the activity Hessian (spec §9)',
    min: 0,
    max: 10,
    integer: false,
    exclusiveMin: true,
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
    description: 'PC-ALM, PC, or both side by side on the same network and batch',
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
} as const;

export type SettingKey = keyof typeof SETTINGS;

type ValueOf<S> =
  S extends EnumSetting<infer V>
    ? V
    : S extends AutoNumberSetting
      ? number | 'auto'
      : S extends NumberSetting
        ? number
        : never;

export type Config = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

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
  return s.kind === 'autoNumber' ? `"auto" or ${range}` : range;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Parses one raw string for a setting; never throws. */
export function parseValue(s: Setting, raw: string): ParseResult<Config[SettingKey]> {
  const text = raw.trim();
  if (s.kind === 'enum') {
    return s.values.includes(text)
      ? { ok: true, value: text as Config[SettingKey] }
      : { ok: false, problem: `"${text}" is not ${allowedText(s)}` };
  }
  if (s.kind === 'autoNumber' && text.toLowerCase() === 'auto') return { ok: true, value: 'auto' };
  // Number('') is 0 and Number('0x10') is 16: accept plain decimal notation only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    return { ok: false, problem: `"${text}" is not ${allowedText(s)}` };
  }
  const value = Number(text);
  const belowMin = s.kind === 'autoNumber' && s.exclusiveMin ? value <= s.min : value < s.min;
  if (!Number.isFinite(value) || belowMin || value > s.max || (s.integer && !Number.isInteger(value))) {
    return { ok: false, problem: `${text} is not ${allowedText(s)}` };
  }
  return { ok: true, value };
}

export function formatValue(value: Config[SettingKey]): string {
  return String(value);
}
