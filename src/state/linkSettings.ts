/**
 * Page-state keys of a link (the second registry the URL codec loops over, beside SETTINGS).
 */
import { PRESET_IDS } from './presets';
import { SETTING_KEYS, SETTINGS } from './schema';
import { enumSetting, int, real } from './settingKinds';

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

/**
 * Widths the width sweep (view=widths, paper Fig. 8) can run: powers of two, since its x axis is log2 N.
 * Beyond the explorer's 1,024 on purpose: 2,048 at the default depth is over the memory limit, and
 * the sweep shows how it skips such a width instead of failing.
 */
export const SWEEP_WIDTHS = ['8', '16', '32', '64', '128', '256', '512', '1024', '2048'] as const;
export type SweepWidth = (typeof SWEEP_WIDTHS)[number];

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
  /*
   * The width sweep's own choices (view=widths), so a link shares that figure: the widths run (8, 16,
   * … up to sweepMax, at the settings' depth and budget) and the width whose steps the second chart shows.
   */
  sweepMax: enumSetting({
    key: 'sweepMax',
    label: 'Widths up to',
    description: 'width sweep: runs the widths 8, 16, 32, … up to this one',
    values: SWEEP_WIDTHS,
    default: '512',
  }),
  sweepWidth: enumSetting({
    key: 'sweepWidth',
    label: 'Steps of width',
    description: 'width sweep: the width whose cosine over inference steps is drawn',
    values: SWEEP_WIDTHS,
    default: '32',
  }),
} as const;

/** The width sweep's choices, as the link and the store hold them. */
export const SWEEP_CHOICE_KEYS = ['sweepMax', 'sweepWidth'] as const;
export type SweepChoice = Record<(typeof SWEEP_CHOICE_KEYS)[number], SweepWidth>;
export const DEFAULT_SWEEP_CHOICE: SweepChoice = {
  sweepMax: LINK_SETTINGS.sweepMax.default,
  sweepWidth: LINK_SETTINGS.sweepWidth.default,
};

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
