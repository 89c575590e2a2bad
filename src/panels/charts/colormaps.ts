/**
 * Colour maps for dense figures, built on d3-scale-chromatic. A map turns a position u ∈ [0, 1] into a
 * colour, as a CSS string (legends, SVG) or as RGBA bytes from a 256-entry lookup table (ImageData
 * painting, where calling d3 per cell would be far too slow). Unknown names fall back to the default,
 * so a bad theme value or URL never breaks a figure.
 */
import {
  color,
  interpolateCividis,
  interpolateLab,
  interpolatePuOr,
  interpolateRdBu,
  interpolateRgb,
  interpolateViridis,
  piecewise,
} from 'd3';

export type ColormapKind = 'sequential' | 'diverging';

export interface Colormap {
  name: ColormapName;
  label: string;
  kind: ColormapKind;
  /** u ∈ [0, 1] → CSS colour; u is clamped. */
  css: (u: number) => string;
  /** LUT_SIZE × RGBA bytes, entry i is the colour at u = i / (LUT_SIZE − 1). */
  lut: Uint8ClampedArray;
}

export const LUT_SIZE = 256;

interface ColormapSpec {
  label: string;
  kind: ColormapKind;
  interpolate: (u: number) => string;
}

const SPECS = {
  // Perceptually uniform, readable in greyscale: the default for magnitudes.
  viridis: { label: 'viridis', kind: 'sequential', interpolate: interpolateViridis },
  // Designed to look the same to viewers with red–green colour-vision deficiency.
  cividis: { label: 'cividis (colour-blind safe)', kind: 'sequential', interpolate: interpolateCividis },
  // Diverging, orange (−) to purple (+): distinguishable under the common colour-vision deficiencies.
  puor: { label: 'orange–purple', kind: 'diverging', interpolate: (u: number) => interpolatePuOr(1 - u) },
  // Diverging red (−) to blue (+), the familiar choice where colour vision is not a concern.
  rdbu: { label: 'red–blue', kind: 'diverging', interpolate: interpolateRdBu },
  // Diverging orange (−) to blue (+) through a light grey: the two arms differ in hue and lightness for
  // every common colour-vision deficiency (the colour-blind palette's choice).
  blor: {
    label: 'orange–blue (colour-blind safe)',
    kind: 'diverging',
    interpolate: piecewise(interpolateLab, [
      '#7f3b08',
      '#e08214',
      '#fdd49e',
      '#f2f2f2',
      '#a6cde6',
      '#3a7fb8',
      '#0b3b6e',
    ]),
  },
} satisfies Record<string, ColormapSpec>;

export type ColormapName = keyof typeof SPECS;

export const COLORMAP_NAMES = Object.keys(SPECS) as ColormapName[];
export const DEFAULT_SEQUENTIAL: ColormapName = 'viridis';
export const DEFAULT_DIVERGING: ColormapName = 'puor';

export function isColormapName(name: unknown): name is ColormapName {
  return typeof name === 'string' && Object.hasOwn(SPECS, name);
}

const clampUnit = (u: number): number => (Number.isNaN(u) ? 0 : Math.min(1, Math.max(0, u)));

function buildLut(interpolate: (u: number) => string): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const rgb = color(interpolate(i / (LUT_SIZE - 1)))?.rgb();
    lut[4 * i] = rgb?.r ?? 0;
    lut[4 * i + 1] = rgb?.g ?? 0;
    lut[4 * i + 2] = rgb?.b ?? 0;
    lut[4 * i + 3] = 255;
  }
  return lut;
}

const cache = new Map<ColormapName, Colormap>();

/**
 * The colour map of that name; an unknown name gives the default of `fallbackKind` (viridis, or the
 * orange–purple diverging map), never an error.
 */
export function colormap(name: string, fallbackKind: ColormapKind = 'sequential'): Colormap {
  const key: ColormapName = isColormapName(name)
    ? name
    : fallbackKind === 'diverging'
      ? DEFAULT_DIVERGING
      : DEFAULT_SEQUENTIAL;
  let map = cache.get(key);
  if (!map) {
    const spec: ColormapSpec = SPECS[key];
    map = {
      name: key,
      label: spec.label,
      kind: spec.kind,
      css: (u) => spec.interpolate(clampUnit(u)),
      lut: buildLut(spec.interpolate),
    };
    cache.set(key, map);
  }
  return map;
}

/**
 * A LUT_SIZE-entry RGBA ramp between two CSS colours, e.g. from the theme's panel colour to its ink for
 * greyscale images that follow a dark theme too.
 */
export function rampLut(from: string, to: string): Uint8ClampedArray {
  return buildLut(interpolateRgb(from, to));
}

/** Index of the LUT entry for u ∈ [0, 1] (clamped; NaN → 0). */
export function lutIndex(u: number): number {
  return Math.round(clampUnit(u) * (LUT_SIZE - 1));
}

/**
 * A CSS custom property as seen from `element` (so a figure's own stylesheet and a theme can both set
 * it), or `fallback` when it is unset or there is no document (Node tests).
 */
export function cssValue(name: string, fallback: string, element?: Element | null): string {
  if (typeof document === 'undefined') return fallback;
  const value = getComputedStyle(element ?? document.documentElement)
    .getPropertyValue(name)
    .trim();
  return value || fallback;
}

/**
 * The theme's choice of map: CSS custom properties `--colormap-sequential` / `--colormap-diverging`
 * (e.g. a colour-blind theme sets `--colormap-sequential: cividis`); the defaults when unset or unknown.
 */
export function themeColormap(kind: ColormapKind, element?: Element | null): Colormap {
  const property = kind === 'diverging' ? '--colormap-diverging' : '--colormap-sequential';
  return colormap(cssValue(property, '', element), kind);
}

/** RGBA bytes of any CSS colour (e.g. a theme variable's value), for ImageData painting. */
export function rgbaBytes(css: string, fallback: [number, number, number, number] = [128, 128, 128, 255]) {
  const rgb = color(css)?.rgb();
  if (!rgb || !Number.isFinite(rgb.r)) return fallback;
  return [Math.round(rgb.r), Math.round(rgb.g), Math.round(rgb.b), Math.round(255 * rgb.opacity)] as [
    number,
    number,
    number,
    number,
  ];
}
