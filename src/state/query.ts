/**
 * The query-string codec of a configuration: the app's URL and the CLI's --config speak it.
 * Parsing never throws; every value it cannot use becomes a message and the default (or the
 * preset's value) stands in. Link syntax:
 * `?v=1&preset=<id>&<setting>=<value>…&hide=a,b&speed=8&step=40&theme=dark&palette=colorblind`.
 */

import {
  LINK_KEYS,
  LINK_SETTINGS,
  type LinkSpeed,
  type OnOff,
  PAGE_PARTS,
  PANEL_NAMES,
  type PaletteChoice,
  parseHideList,
  type SweepWidth,
  type ThemeChoice,
  VALUE_LINK_KEYS,
  type ValueLinkKey,
} from './linkSettings';
import { findPreset, type PresetId } from './presets';
import {
  type Config,
  defaultConfig,
  SCHEMA_VERSION,
  SETTING_KEYS,
  SETTINGS,
  type SettingKey,
} from './schema';
import { formatValue, parseValue } from './settingKinds';

/** Longer queries are cut here: nothing legitimate comes close. */
export const MAX_QUERY_LENGTH = 4096;

export interface ConfigMessage {
  /** The key as written, or "" for problems with the query as a whole. */
  key: string;
  problem: string;
  /** What was used instead, e.g. `default 32`, or "ignored". */
  used: string;
}

export interface ParsedQuery {
  config: Config;
  messages: ConfigMessage[];
  /** Keys this codec does not own (e.g. the app's view flags), passed through for other readers. */
  extra: Map<string, string>;
}

/** Splits a query into pairs, decoding each part; undecodable parts are reported, not thrown. */
export function splitQuery(query: string): { pairs: Array<[string, string]>; messages: ConfigMessage[] } {
  const messages: ConfigMessage[] = [];
  let text = query.startsWith('?') ? query.slice(1) : query;
  if (text.length > MAX_QUERY_LENGTH) {
    messages.push({
      key: '',
      problem: `the link is ${text.length} characters long, more than ${MAX_QUERY_LENGTH}`,
      used: `the first ${MAX_QUERY_LENGTH} characters`,
    });
    text = text.slice(0, MAX_QUERY_LENGTH);
  }
  const pairs: Array<[string, string]> = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    try {
      pairs.push([
        decodeURIComponent(rawKey.replace(/\+/g, ' ')),
        decodeURIComponent(rawValue.replace(/\+/g, ' ')),
      ]);
    } catch {
      messages.push({ key: rawKey.slice(0, 40), problem: 'is not valid URL encoding', used: 'ignored' });
    }
  }
  return { pairs, messages };
}

const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** How the page is shown: the link's page-state keys (LINK_SETTINGS in the schema). */
export interface LinkState {
  preset: PresetId | null;
  /** Names from HIDEABLE, deduplicated, in HIDEABLE order. */
  hide: string[];
  speed: LinkSpeed;
  /** The step the link opens paused at; null plays from step 0. */
  step: number | null;
  theme: ThemeChoice;
  palette: PaletteChoice;
  /** Theory overlays on the figures, and the guided tour's card (src/app/explain). */
  overlays: OnOff;
  tour: OnOff;
  /** The scalar example's w₁, w₂, x, y. */
  w1: number;
  w2: number;
  x: number;
  y: number;
  /** The width sweep's largest width and the width whose steps are drawn. */
  sweepMax: SweepWidth;
  sweepWidth: SweepWidth;
}

export function defaultLink(): LinkState {
  const link: Record<string, unknown> = { preset: null, hide: [] };
  for (const key of VALUE_LINK_KEYS) {
    const setting = LINK_SETTINGS[key];
    link[key] = 'absent' in setting ? null : setting.default;
  }
  return link as unknown as LinkState;
}

/** The defaults with a preset's overrides: what a link's settings are measured against. */
export function baseConfig(preset: PresetId | null): Config {
  return { ...defaultConfig(), ...(preset === null ? {} : findPreset(preset)?.settings) };
}

export interface ParsedLink {
  config: Config;
  link: LinkState;
  messages: ConfigMessage[];
  extra: Map<string, string>;
}

/** The preset a query names (its last `preset=`), or null with a message when it names none we know. */
function readPreset(pairs: Array<[string, string]>, messages: ConfigMessage[]): PresetId | null {
  const raw = pairs.filter(([key]) => key === 'preset').at(-1)?.[1];
  if (raw === undefined) return null;
  const parsed = parseValue(LINK_SETTINGS.preset, raw);
  if (parsed.ok) return String(parsed.value) === 'none' ? null : String(parsed.value);
  messages.push({ key: 'preset', problem: parsed.problem, used: 'no preset' });
  return null;
}

/** The hide list: names it knows are kept, each unknown one is reported. */
function readHide(raw: string, link: LinkState, messages: ConfigMessage[]): void {
  const { names, unknown } = parseHideList(raw);
  link.hide = names;
  for (const name of unknown) {
    messages.push({
      key: 'hide',
      problem: `"${shown(name)}" is not a control, panel (panel.${PANEL_NAMES.join(', panel.')}) or page part (${PAGE_PARTS.join(', ')})`,
      used: names.length > 0 ? `the rest of the list (${names.join(', ')})` : 'nothing hidden',
    });
  }
}

/** Reads one page-state value into `link`; a bad value leaves the link's default and says so. */
function readLinkValue(key: ValueLinkKey, raw: string, link: LinkState, messages: ConfigMessage[]): void {
  const setting = LINK_SETTINGS[key];
  const parsed = parseValue(setting, raw);
  const fallback = defaultLink()[key];
  (link as unknown as Record<string, unknown>)[key] = parsed.ok ? parsed.value : fallback;
  if (parsed.ok) return;
  const used =
    'absent' in setting && fallback === null
      ? setting.absent
      : `${fallback}${'unit' in setting ? ` ${setting.unit}` : ''}`;
  messages.push({ key, problem: parsed.problem, used });
}

function parseAll(query: string, readLink: boolean, ownedExtraKeys: ReadonlySet<string>): ParsedLink {
  const { pairs, messages } = splitQuery(query);
  const link = defaultLink();
  link.preset = readPreset(pairs, messages);
  const base = baseConfig(link.preset);
  const config = { ...base };
  const extra = new Map<string, string>();
  const seen = new Set<string>();
  for (const [key, raw] of pairs) {
    const known = (SETTING_KEYS as string[]).includes(key) || (LINK_KEYS as string[]).includes(key);
    if (seen.has(key) && known) {
      messages.push({ key: shown(key), problem: 'appears more than once', used: 'the last value' });
    }
    seen.add(key);
    if (key === 'v') {
      if (raw !== String(SCHEMA_VERSION)) {
        messages.push({
          key,
          problem: `version "${shown(raw)}" is not ${SCHEMA_VERSION}`,
          used: `version ${SCHEMA_VERSION}`,
        });
      }
    } else if ((SETTING_KEYS as string[]).includes(key)) {
      const setting = SETTINGS[key as SettingKey];
      const parsed = parseValue(setting, raw);
      const fallback = base[key as SettingKey];
      (config as Record<string, unknown>)[key] = parsed.ok ? parsed.value : fallback;
      if (!parsed.ok) {
        const origin = link.preset === null ? 'default' : `preset value`;
        messages.push({ key, problem: parsed.problem, used: `${origin} ${formatValue(fallback)}` });
      }
    } else if (key === 'preset') {
      // Read before the loop: a preset is the base that the other keys override.
    } else if (key === 'hide' && readLink) {
      readHide(raw, link, messages);
    } else if ((VALUE_LINK_KEYS as string[]).includes(key) && readLink) {
      readLinkValue(key as ValueLinkKey, raw, link, messages);
    } else if (ownedExtraKeys.has(key)) {
      extra.set(key, raw);
    } else if ((LINK_KEYS as string[]).includes(key)) {
      messages.push({ key, problem: 'sets how the app shows a run, not a run setting', used: 'ignored' });
    } else {
      messages.push({ key: shown(key), problem: 'is not a known setting', used: 'ignored' });
    }
  }
  return { config, link, messages, extra };
}

/**
 * Reads a run configuration (settings and `preset`) from a query string; the CLI's --config.
 * `ownedExtraKeys` are keys other readers own; they are returned in `extra` instead of being reported.
 */
export function parseQuery(query: string, ownedExtraKeys: ReadonlySet<string> = new Set()): ParsedQuery {
  const { config, messages, extra } = parseAll(query, false, ownedExtraKeys);
  return { config, messages, extra };
}

/** Reads an app link: the configuration plus the page state (hide, speed, step, theme, palette). Never throws. */
export function parseLink(query: string, ownedExtraKeys: ReadonlySet<string> = new Set()): ParsedLink {
  return parseAll(query, true, ownedExtraKeys);
}

/**
 * Writes a link: the version, the preset, the settings that differ from the preset (or the
 * defaults), then the page state that differs from its default. parseLink gives it all back.
 */
export function serializeLink(config: Config, link: LinkState = defaultLink()): string {
  const params = [`v=${SCHEMA_VERSION}`];
  const base = baseConfig(link.preset);
  if (link.preset !== null) params.push(`preset=${encodeURIComponent(link.preset)}`);
  for (const key of SETTING_KEYS) {
    const value = config[key];
    if (value !== base[key]) params.push(`${key}=${encodeURIComponent(formatValue(value))}`);
  }
  // Names in the hide list are plain identifiers; commas stay unescaped so the list reads as written.
  if (link.hide.length > 0) params.push(`hide=${link.hide.map(encodeURIComponent).join(',')}`);
  const defaults = defaultLink();
  for (const key of VALUE_LINK_KEYS) {
    const value = link[key];
    if (value !== defaults[key] && value !== null) params.push(`${key}=${encodeURIComponent(String(value))}`);
  }
  return params.join('&');
}

/** Writes the settings that differ from their defaults, after the version key. */
export function serializeConfig(config: Config): string {
  return serializeLink(config);
}

export function describeMessage(m: ConfigMessage): string {
  const subject = m.key === '' ? 'The link' : `"${m.key}"`;
  return `${subject}: ${m.problem}; ${m.used === 'ignored' ? 'ignored' : `using ${m.used}`}.`;
}
