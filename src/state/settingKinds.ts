/**
 * The kinds of setting the registry is made of (enum, number, number-or-word), the small builders
 * the registries use to declare them, and the one parser and printer of their values. Parsing never
 * throws and never lets NaN, Infinity or an out-of-range value through.
 */

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
/** Any setting's value: an enum word, a number, or "auto" / another accepted word. */
export type SettingValue = string | number;
type Configured<S> = S & ConfigSetting;

export const enumSetting = <V extends string>(s: Omit<EnumSetting<V>, 'kind'>): EnumSetting<V> => ({
  kind: 'enum',
  ...s,
});
export const int = (s: Omit<NumberSetting, 'kind' | 'integer'>): NumberSetting => ({
  kind: 'number',
  integer: true,
  ...s,
});
export const real = (s: Omit<NumberSetting, 'kind' | 'integer'>): NumberSetting => ({
  kind: 'number',
  integer: false,
  ...s,
});
/** A run setting: a value setting plus its scope and control. */
// Unconstrained on purpose: a constraint would be a contextual type that widens enum values to string.
export const configured = <S>(setting: S, scope: Scope, control: Control, memory = false): Configured<S> => ({
  ...setting,
  scope,
  control,
  ...(memory ? { memory } : {}),
});
export const at = (group: ControlGroupTitle | null, order: number, widget: Widget): Control => ({
  widget,
  group,
  order,
});
export const SELECT: Widget = { kind: 'select' };
export const NUMBER: Widget = { kind: 'number' };

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

/**
 * Parses one raw string for a setting; never throws. `V` narrows the value's type for a caller that
 * knows which registry the setting comes from (the parse itself checks the value against `s`).
 */
export function parseValue<V extends SettingValue = SettingValue>(s: Setting, raw: string): ParseResult<V> {
  const text = raw.trim();
  // Messages quote at most 40 characters of what was written.
  const quoted = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (s.kind === 'enum') {
    return s.values.includes(text)
      ? { ok: true, value: text as V }
      : { ok: false, problem: `"${quoted}" is not ${allowedText(s)}` };
  }
  if (s.kind === 'autoNumber' && text.toLowerCase() === 'auto') return { ok: true, value: 'auto' as V };
  const word = s.kind === 'autoNumber' ? s.words?.find((w) => w === text.toLowerCase()) : undefined;
  if (word) return { ok: true, value: word as V };
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
  return { ok: true, value: value as V };
}

export function formatValue(value: SettingValue): string {
  return String(value);
}
