/**
 * The link codec on hand-picked inputs: each bad value gives one message that names the key, the
 * problem and what was used instead, and the rest of the link still applies.
 */
import { describe, expect, it } from 'vitest';
import { fitToMemory, sizeProblem } from '../src/app/actions';
import { juryWarning } from '../src/app/stability';
import { ENGINE_CONFIG_KEYS, NETWORK_CONFIG_KEYS } from '../src/core/engineConfig';
import { LINK_SPEEDS, SPEEDS } from '../src/state/linkSettings';
import { PRESETS } from '../src/state/presets';
import {
  baseConfig,
  defaultLink,
  describeMessage,
  MAX_QUERY_LENGTH,
  parseLink,
  parseQuery,
  serializeLink,
} from '../src/state/query';
import {
  CONTROL_GROUPS,
  type Config,
  defaultConfig,
  engineConfig,
  isDragged,
  NETWORK_KEYS,
  restartsInference,
  SETTING_KEYS,
  SETTINGS,
  SIZE_KEYS,
} from '../src/state/schema';

describe('bad values', () => {
  // [query, key named in the message, words of the problem, what was used]
  const cases: Array<[string, string, string, string]> = [
    ['width=abc', 'width', '"abc" is not an integer', 'default 32'],
    ['width=NaN', 'width', '"NaN" is not an integer', 'default 32'],
    ['depth=Infinity', 'depth', '"Infinity" is not an integer', 'default 32'],
    ['depth=1e309', 'depth', '1e309 is not an integer', 'default 32'],
    ['batch=0x10', 'batch', '"0x10" is not', 'default 64'],
    ['batch=', 'batch', '"" is not', 'default 64'],
    ['width=4096', 'width', '4096 is not an integer ≥ 1 and ≤ 1024', 'default 32'],
    ['width=2.5', 'width', '2.5 is not an integer', 'default 32'],
    ['etaLambda=-1', 'etaLambda', '-1 is not a number ≥ 0', 'default 1'],
    ['etaH=0', 'etaH', '0 is not "auto", "paper" or a number > 0', 'default auto'],
    ['T=true', 'T', '"true" is not "auto"', 'default auto'],
    ['act=sigmoid', 'act', '"sigmoid" is not one of relu, tanh, identity', 'default relu'],
    ['view=3d', 'view', 'is not one of explorer, training, scalar', 'default explorer'],
    ['colour=red', 'colour', 'is not a known setting', 'ignored'],
    ['v=2', 'v', 'version "2" is not 1', 'version 1'],
    ['preset=figure9', 'preset', '"figure9" is not one of none, scalar', 'no preset'],
    ['preset=ballistic&depth=zero', 'depth', '"zero" is not', 'preset value 64'],
    ['step=-3', 'step', '-3 is not an integer ≥ 0', 'none: the run plays from step 0'],
    ['step=1.5', 'step', '1.5 is not an integer', 'none: the run plays from step 0'],
    ['speed=fast', 'speed', '"fast" is not one of 2, 8, 30, 120, max', '30 steps/s'],
    ['hide=etaH,bogus', 'hide', '"bogus" is not a control, panel', 'the rest of the list (etaH)'],
    ['hide=panel.nothing', 'hide', '"panel.nothing" is not', 'nothing hidden'],
    ['width=8&width=16', 'width', 'appears more than once', 'the last value'],
    ['%E0%A4%A=1', '%E0%A4%A', 'is not valid URL encoding', 'ignored'],
    ['act=%ZZ', 'act', 'is not valid URL encoding', 'ignored'],
  ];
  it.each(cases)('%s', (query, key, problem, used) => {
    const { messages } = parseLink(query);
    expect(messages).toHaveLength(1);
    expect(messages[0].key).toBe(key);
    expect(messages[0].problem).toContain(problem);
    expect(messages[0].used).toBe(used);
    expect(describeMessage(messages[0])).toMatch(used === 'ignored' ? /; ignored\.$/ : /; using .+\.$/);
  });

  it('uses the good values of a link that also has bad ones', () => {
    const { config, link, messages } = parseLink('?v=1&width=abc&act=tanh&depth=1e309&etaLambda=1.5&step=7');
    expect(messages.map((m) => m.key)).toEqual(['width', 'depth']);
    expect(config).toEqual({ ...defaultConfig(), act: 'tanh', etaLambda: 1.5 });
    expect(link.step).toBe(7);
  });

  it('quotes at most 40 characters of a bad value and keeps the allowed values in full', () => {
    const { messages } = parseLink(`data=${'x'.repeat(500)}`);
    expect(messages[0].problem).toBe(`"${'x'.repeat(40)}…" is not one of fashion, mnist, synthetic`);
  });

  it('cuts an over-long link, says so, and still reads its beginning', () => {
    const { config, messages } = parseLink(`act=tanh&pad=${'y'.repeat(MAX_QUERY_LENGTH)}`);
    expect(config.act).toBe('tanh');
    expect(messages[0]).toMatchObject({ key: '', used: `the first ${MAX_QUERY_LENGTH} characters` });
  });

  it('keeps markup as plain text in messages (the app renders them as text)', () => {
    const { messages } = parseLink('%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1');
    expect(messages[0].key).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('presets and page state', () => {
  it('applies a preset first and the keys after it on top, wherever the preset is written', () => {
    const a = parseLink('etaLambda=1.5&preset=annulus');
    const b = parseLink('preset=annulus&etaLambda=1.5');
    expect(a.config).toEqual(b.config);
    expect(a.config).toMatchObject({ act: 'identity', width: 8, depth: 4, etaLambda: 1.5 });
    expect(a.link.preset).toBe('annulus');
    expect(serializeLink(a.config, a.link)).toBe('v=1&preset=annulus&etaLambda=1.5');
  });

  it('gives every preset a paragraph and settings the schema accepts', () => {
    for (const preset of PRESETS) {
      expect(preset.explanation.length, preset.id).toBeGreaterThan(200);
      const { config, messages } = parseLink(`preset=${preset.id}`);
      expect(messages, preset.id).toEqual([]);
      expect(config).toEqual(baseConfig(preset.id));
      expect(sizeProblem(config), preset.id).toBeNull();
    }
    expect(parseLink('preset=scalar').config.view).toBe('scalar');
  });

  it('reads hide lists in a canonical order without duplicates', () => {
    const { link } = parseLink('hide=panel.annulus,etaH,,etaH,controls');
    expect(link.hide).toEqual(['etaH', 'panel.annulus', 'controls']);
    expect(serializeLink(defaultConfig(), link)).toBe('v=1&hide=etaH,panel.annulus,controls');
  });

  it('leaves defaults out and writes the page state last', () => {
    const config: Config = { ...defaultConfig(), depth: 64, act: 'tanh', etaLambda: 1.5 };
    const query = serializeLink(config, { ...defaultLink(), speed: 'max', step: 12 });
    expect(query).toBe('v=1&act=tanh&depth=64&etaLambda=1.5&speed=max&step=12');
    expect(serializeLink(defaultConfig())).toBe('v=1');
  });

  it('keeps the link speeds in step with the store speeds', () => {
    expect(SPEEDS.map((s) => (s === null ? 'max' : String(s)))).toEqual([...LINK_SPEEDS]);
  });

  it('lets the CLI read presets but refuses page-state keys', () => {
    expect(parseQuery('preset=ballistic').config.depth).toBe(64);
    const { messages } = parseQuery('step=4&hide=etaH');
    expect(messages.map((m) => m.problem)).toEqual([
      'sets how the app shows a run, not a run setting',
      'sets how the app shows a run, not a run setting',
    ]);
  });
});

describe('absurd sizes', () => {
  it('puts back only the sizes it must, largest saving first, and names them', () => {
    const asked = { ...defaultConfig(), width: 1024, depth: 1024, batch: 1024, act: 'tanh' as const };
    expect(sizeProblem(asked)).toMatch(/needs about .* GB/);
    const { config, reverted } = fitToMemory(asked, defaultConfig());
    expect(sizeProblem(config)).toBeNull();
    expect(reverted.length).toBeGreaterThan(0);
    expect(reverted.length).toBeLessThan(3);
    expect(config.act).toBe('tanh');
    for (const key of reverted) expect(config[key]).toBe(defaultConfig()[key]);
  });

  it('leaves a configuration that fits alone', () => {
    const { config, reverted } = fitToMemory({ ...defaultConfig(), depth: 128 }, defaultConfig());
    expect(reverted).toEqual([]);
    expect(config.depth).toBe(128);
  });
});

describe('Jury flag', () => {
  const warning = (etaH: number, lambdaMax: number, etaLambda: number, method: Config['method'] = 'pcalm') =>
    juryWarning({ etaH, lambdaMax, config: engineConfig({ ...defaultConfig(), etaLambda }) }, method);

  it('warns at or above 4/(2+η_λ) with both numbers, and not below', () => {
    expect(warning(0.25, 4, 1)).toBeNull();
    const text = warning(0.3, 4, 1.5);
    expect(text).toContain('η_h·λ_max = 1.20 is above the Jury ceiling 4/(2+η_λ) = 1.14');
    expect(text).toContain('expect divergence; running anyway');
  });

  it('uses η_λ = 0 for PC alone, and ignores a non-finite estimate', () => {
    expect(warning(0.3, 4, 1.5, 'pc')).toBeNull();
    expect(warning(0.6, 4, 1.5, 'pc')).toContain('4/(2+η_λ) = 2.00');
    expect(warning(0.3, Number.NaN, 1)).toBeNull();
  });
});

describe('the settings registry and the engine configuration', () => {
  it('its network scope is the engine’s network key, and everything but view settings reaches the engine', () => {
    expect([...NETWORK_KEYS].sort()).toEqual([...NETWORK_CONFIG_KEYS].sort());
    const notView = SETTING_KEYS.filter((key) => SETTINGS[key].scope !== 'view');
    expect([...notView].sort()).toEqual([...ENGINE_CONFIG_KEYS].sort());
    expect(Object.keys(engineConfig(defaultConfig())).sort()).toEqual([...ENGINE_CONFIG_KEYS].sort());
  });

  it('puts every explorer control in exactly one group, and the training settings in none', () => {
    const grouped = CONTROL_GROUPS.flatMap((g) => g.keys);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(SETTING_KEYS.filter((key) => !grouped.includes(key)).sort()).toEqual(
      SETTING_KEYS.filter((key) => SETTINGS[key].scope === 'training').sort(),
    );
    expect(CONTROL_GROUPS[0].keys).toEqual(['method', 'etaLambda', 'etaH', 'T']);
  });

  it('derives what restarts inference, what sets memory and what is dragged from the registry', () => {
    expect(restartsInference('etaLambda')).toBe(true);
    expect(restartsInference('width')).toBe(true);
    for (const key of ['view', 'method', 'lr0', 'epochs', 'evalEvery'] as const)
      expect(restartsInference(key), key).toBe(false);
    expect([...SIZE_KEYS]).toEqual(['width', 'depth', 'batch', 'T']);
    expect(SETTING_KEYS.filter(isDragged)).toEqual(['T', 'etaH', 'etaLambda']);
  });
});

describe('the scalar example in the link', () => {
  it('reads w1, w2, x, y, writes back only what differs from the defaults, and names a bad value', () => {
    const { link, messages } = parseLink('?view=scalar&w1=0.5&x=-1');
    expect(messages).toEqual([]);
    expect([link.w1, link.w2, link.x, link.y]).toEqual([0.5, 1, -1, 1.5]);
    expect(serializeLink(parseLink('?view=scalar&w1=0.5&x=-1').config, link)).toBe(
      'v=1&view=scalar&w1=0.5&x=-1',
    );
    const bad = parseLink('?view=scalar&w2=abc&y=7');
    expect(bad.link.w2).toBe(1);
    expect(bad.link.y).toBe(1.5);
    expect(bad.messages.map((m) => `${m.key}: ${m.used}`)).toEqual(['w2: 1', 'y: 1.5']);
    expect(describeMessage(bad.messages[1])).toMatch(/"y": 7 is not a number ≥ -2 and ≤ 2; using 1\.5\./);
  });
});
