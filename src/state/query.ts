/**
 * The query-string codec of a configuration: the app's URL and the CLI's --config speak it.
 * Parsing never throws; every value it cannot use becomes a message and the default stands in.
 */
import {
  type Config,
  defaultConfig,
  formatValue,
  parseValue,
  SCHEMA_VERSION,
  SETTING_KEYS,
  SETTINGS,
  type SettingKey,
} from './schema';

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

/**
 * Reads a configuration from a query string. `ownedExtraKeys` are keys other parts of the app read
 * (view flags, presets); they are returned in `extra` instead of being reported as unknown.
 */
export function parseQuery(query: string, ownedExtraKeys: ReadonlySet<string> = new Set()): ParsedQuery {
  const config = defaultConfig();
  const { pairs, messages } = splitQuery(query);
  const extra = new Map<string, string>();
  const seen = new Set<string>();
  for (const [key, raw] of pairs) {
    if (key === 'v') {
      if (raw !== String(SCHEMA_VERSION)) {
        messages.push({
          key,
          problem: `version "${shown(raw)}" is not ${SCHEMA_VERSION}`,
          used: `version ${SCHEMA_VERSION}`,
        });
      }
      continue;
    }
    if (!(SETTING_KEYS as string[]).includes(key)) {
      if (ownedExtraKeys.has(key)) extra.set(key, raw);
      else messages.push({ key: shown(key), problem: 'is not a known setting', used: 'ignored' });
      continue;
    }
    const setting = SETTINGS[key as SettingKey];
    if (seen.has(key)) messages.push({ key, problem: 'appears more than once', used: 'the last value' });
    seen.add(key);
    const parsed = parseValue(setting, raw);
    if (parsed.ok) {
      (config as Record<string, unknown>)[key] = parsed.value;
    } else {
      (config as Record<string, unknown>)[key] = setting.default;
      messages.push({ key, problem: shown(parsed.problem), used: `default ${formatValue(setting.default)}` });
    }
  }
  return { config, messages, extra };
}

/** Writes the settings that differ from their defaults, after the version key. */
export function serializeConfig(config: Config): string {
  const params = [`v=${SCHEMA_VERSION}`];
  for (const key of SETTING_KEYS) {
    const value = config[key];
    if (value !== SETTINGS[key].default) params.push(`${key}=${encodeURIComponent(formatValue(value))}`);
  }
  return params.join('&');
}

export function describeMessage(m: ConfigMessage): string {
  const subject = m.key === '' ? 'The link' : `"${m.key}"`;
  return `${subject}: ${m.problem}; using ${m.used}.`;
}
