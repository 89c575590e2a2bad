/**
 * Properties of the link codec: every valid configuration survives a round trip exactly, and no
 * string at all (unicode, %-garbage, huge numbers, repeated keys…) makes it throw or yields
 * anything but a valid configuration plus messages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HIDEABLE,
  LINK_KEYS,
  LINK_SETTINGS,
  LINK_SPEEDS,
  SCALAR_RANGE,
  SWEEP_WIDTHS,
} from '../src/state/linkSettings';
import { PRESET_IDS } from '../src/state/presets';
import {
  type ConfigMessage,
  describeMessage,
  type LinkState,
  parseLink,
  parseQuery,
  serializeConfig,
  serializeLink,
} from '../src/state/query';
import { type Config, SETTING_KEYS, SETTINGS } from '../src/state/schema';
import { parseValue, type Setting } from '../src/state/settingKinds';

function settingValue(setting: Setting): fc.Arbitrary<unknown> {
  if (setting.kind === 'enum') return fc.constantFrom(...setting.values);
  const exclusive = setting.kind === 'autoNumber' && setting.exclusiveMin;
  const number = setting.integer
    ? fc.integer({ min: exclusive ? setting.min + 1 : setting.min, max: setting.max })
    : // + 0: -0 and 0 are the same setting and print the same.
      fc
        .double({ min: setting.min, max: setting.max, minExcluded: exclusive, noNaN: true })
        .map((x) => x + 0);
  return setting.kind === 'autoNumber' ? fc.oneof(fc.constant('auto'), number) : number;
}

const configArb = fc.record(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, settingValue(SETTINGS[key])])),
) as fc.Arbitrary<Config>;

/** A scalar-example input as a link may carry it: any finite number in range, or the default. */
const scalarInput = fc.oneof(
  fc.double({ min: SCALAR_RANGE.min, max: SCALAR_RANGE.max, noNaN: true }).map((v) => v + 0),
  fc.constant(1),
);

const linkArb: fc.Arbitrary<LinkState> = fc.record({
  preset: fc.constantFrom(null, ...PRESET_IDS),
  hide: fc.subarray([...HIDEABLE]),
  speed: fc.constantFrom(...LINK_SPEEDS),
  step: fc.option(fc.integer({ min: 0, max: LINK_SETTINGS.step.max }), { nil: null }),
  theme: fc.constantFrom(...LINK_SETTINGS.theme.values),
  palette: fc.constantFrom(...LINK_SETTINGS.palette.values),
  overlays: fc.constantFrom(...LINK_SETTINGS.overlays.values),
  tour: fc.constantFrom(...LINK_SETTINGS.tour.values),
  w1: scalarInput,
  w2: scalarInput,
  x: scalarInput,
  y: scalarInput,
  sweepMax: fc.constantFrom(...SWEEP_WIDTHS),
  sweepWidth: fc.constantFrom(...SWEEP_WIDTHS),
});

// Plain checks rather than expect(): they run 10,000 times and must stay cheap.
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

function expectValidConfig(config: Config): void {
  check(Object.keys(config).length === SETTING_KEYS.length, 'config has extra or missing keys');
  for (const key of SETTING_KEYS) {
    const value = config[key];
    const again = parseValue(SETTINGS[key], String(value));
    check(again.ok && again.value === value, `${key} = ${String(value)} is not valid`);
  }
}

function expectValidLink(link: LinkState): void {
  check(link.preset === null || PRESET_IDS.includes(link.preset), `preset ${link.preset}`);
  const canonical = HIDEABLE.filter((name) => link.hide.includes(name));
  check(canonical.length === link.hide.length && canonical.every((n, i) => n === link.hide[i]), 'hide');
  check((LINK_SPEEDS as readonly string[]).includes(link.speed), `speed ${link.speed}`);
  const step = link.step;
  check(step === null || (Number.isInteger(step) && step >= 0 && step <= 8192), `step ${step}`);
}

function expectWellFormed(messages: ConfigMessage[]): void {
  for (const m of messages) {
    check(typeof m.key === 'string' && m.problem.length > 0 && m.used.length > 0, 'message fields');
    check(describeMessage(m).includes(m.used), 'message text');
  }
}

describe('round trip', () => {
  it('parses a written link back to the same configuration and page state, with no messages', () => {
    fc.assert(
      fc.property(configArb, linkArb, (config, link) => {
        const query = serializeLink(config, link);
        const parsed = parseLink(`?${query}`);
        expect(parsed.messages).toEqual([]);
        expect(parsed.config).toEqual(config);
        expect(parsed.link).toEqual(link);
        expect(serializeLink(parsed.config, parsed.link)).toBe(query);
      }),
      { numRuns: 2000 },
    );
  });

  it('does the same for the CLI form (settings only)', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const parsed = parseQuery(serializeConfig(config));
        expect(parsed.messages).toEqual([]);
        expect(parsed.config).toEqual(config);
      }),
      { numRuns: 1000 },
    );
  });
});

const NASTY_VALUES = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '0x10',
  '0b11',
  '1_000',
  '',
  ' ',
  '%',
  '%%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%00',
  '+',
  '1e-400',
  '-0',
  '9'.repeat(400),
  'auto',
  'AUTO',
  '<script>alert(1)</script>',
  '"quoted"',
  '𝟙𝟚',
  '١٢',
  'ｔａｎｈ',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyText = fc.string({
  unit: fc.oneof(
    { weight: 5, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 3, arbitrary: fc.constantFrom('=', '&', '%', '+', ',', '?', '#', '.', 'e', '-', '0', '9') },
    { weight: 1, arbitrary: loneSurrogate },
  ),
  maxLength: 60,
});
const keyArb = fc.oneof(fc.constantFrom(...SETTING_KEYS, ...LINK_KEYS, 'v', 'Width', 'width ', ''), anyText);
const valueArb = fc.oneof(
  fc.constantFrom(...NASTY_VALUES),
  anyText,
  fc.double().map(String),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.subarray([...HIDEABLE, 'panel.x', 'nope']).map((names) => names.join(',')),
  fc.constantFrom(...PRESET_IDS, 'none', 'inflection-2'),
);
const pairArb = fc.tuple(keyArb, valueArb, fc.boolean()).map(([key, value, encode]) => {
  const text = (s: string) => {
    if (!encode) return s;
    try {
      return encodeURIComponent(s);
    } catch {
      return s; // lone surrogates cannot be %-encoded: those go in raw
    }
  };
  return `${text(key)}=${text(value)}`;
});
/** Query-like strings (with repeats of the same key) and plain garbage, sometimes very long. */
const garbageArb = fc.oneof(
  { weight: 6, arbitrary: fc.array(pairArb, { maxLength: 12 }).map((pairs) => `?${pairs.join('&')}`) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(pairArb, fc.integer({ min: 1, max: 900 })).map(([p, n]) => `${p}&`.repeat(n)),
  },
);

describe('any string', () => {
  it('never throws and always yields a valid configuration plus messages (10,000 strings)', () => {
    fc.assert(
      fc.property(garbageArb, (query) => {
        const parsed = parseLink(query);
        expectValidConfig(parsed.config);
        expectValidLink(parsed.link);
        expectWellFormed(parsed.messages);
        // What the app writes back from it is itself clean.
        check(parseLink(serializeLink(parsed.config, parsed.link)).messages.length === 0, 'written link');
      }),
      { numRuns: 10_000 },
    );
  });
});
