/**
 * Painting heatmap cells into an RGBA image in cell space (one pixel per step × layer), column by
 * column, so that new steps cost only their own columns. Pure (works on any {data, width, height}),
 * so it is tested in Node; the canvas glue lives in painter.ts.
 */
import { LUT_SIZE } from '../charts/colormaps';
import { type ColourDomain, colourPosition } from './scale';

/** What ImageData offers, without needing a browser. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray<ArrayBuffer>;
}

export type Rgba = readonly [number, number, number, number];

export interface ColumnRange {
  from: number;
  /** Exclusive. */
  to: number;
  /** True when earlier columns are stale and everything is painted again from step 0. */
  restart: boolean;
}

/** A usable non-negative whole number (NaN and negatives → 0). */
const count = (x: number): number => (Number.isFinite(x) ? Math.max(0, Math.floor(x)) : 0);

/**
 * Which step columns to paint: those computed since the last paint (`painted` of them done), capped
 * by the image width. Fewer steps than already painted means the rows were replaced: start over.
 */
export function columnsToPaint(painted: number, available: number, capacity: number): ColumnRange {
  const cap = count(capacity);
  const have = Math.min(count(available), cap);
  const done = count(painted);
  if (have < done) return { from: 0, to: have, restart: true };
  return { from: Math.min(done, have), to: have, restart: false };
}

/** Image row of hidden layer l (1 … L−1): layer L−1 (next to the readout) is row 0, at the top. */
export function rowOfLayer(layer: number, hiddenLayers: number): number {
  return hiddenLayers - layer;
}

/** Hidden layer (1 … L−1) of an image row; inverse of rowOfLayer. */
export function layerOfRow(row: number, hiddenLayers: number): number {
  return hiddenLayers - row;
}

/**
 * Paints columns [from, to) of `image`: cell (t, layer) gets the LUT colour of valueAt(t, layer) on
 * `domain`, or `invalid` where the value is not finite. Returns the number of columns painted.
 */
export function paintColumns(
  image: RgbaImage,
  from: number,
  to: number,
  valueAt: (t: number, layer: number) => number,
  domain: ColourDomain,
  lut: Uint8ClampedArray,
  invalid: Rgba,
): number {
  const start = Math.max(0, Math.floor(from));
  const end = Math.min(image.width, Math.floor(to));
  const hidden = image.height;
  const { data, width } = image;
  const top = LUT_SIZE - 1;
  for (let t = start; t < end; t++) {
    for (let row = 0; row < hidden; row++) {
      const u = colourPosition(valueAt(t, layerOfRow(row, hidden)), domain);
      const at = 4 * (row * width + t);
      if (Number.isNaN(u)) {
        data[at] = invalid[0];
        data[at + 1] = invalid[1];
        data[at + 2] = invalid[2];
        data[at + 3] = invalid[3];
      } else {
        const entry = 4 * Math.round(u * top);
        data[at] = lut[entry];
        data[at + 1] = lut[entry + 1];
        data[at + 2] = lut[entry + 2];
        data[at + 3] = lut[entry + 3];
      }
    }
  }
  return Math.max(0, end - start);
}

/** Clears columns [from, width) to transparent (steps not computed: the frame's background shows). */
export function clearColumnsFrom(image: RgbaImage, from: number): void {
  const start = Math.max(0, Math.floor(from));
  for (let row = 0; row < image.height; row++) {
    const begin = 4 * (row * image.width + start);
    const end = 4 * (row + 1) * image.width;
    if (begin < end) image.data.fill(0, begin, end);
  }
}
