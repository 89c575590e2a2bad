/**
 * The batch strip's pure parts: how big the thumbnails can be, where each sits, which one is under the
 * pointer, and the greyscale tiles as RGBA. No DOM, so it is tested in Node.
 */
import type { RgbaImage } from './paint';

export interface BatchGridGeometry {
  width: number;
  height: number;
  /** Thumbnail side in CSS pixels. */
  image: number;
  /** Cell pitch (thumbnail, its label and the gap). */
  cellWidth: number;
  cellHeight: number;
  columns: number;
  rows: number;
  /** False when thumbnails are too small for readable names (they stay in the tooltip). */
  labels: boolean;
}

const GAP = 6;
/** Room around the grid for the probe's thicker frame. */
const PAD = 2;
const LABEL_HEIGHT = 13;
/** Narrowest cell that still shows a useful part of a class name (10 px text). */
const MIN_LABELLED_CELL = 46;
const MIN_LABELLED_IMAGE = 24;
const MIN_IMAGE = 12;

function layout(width: number, count: number, image: number, labels: boolean): BatchGridGeometry {
  const cellWidth = labels ? Math.max(image + GAP, MIN_LABELLED_CELL) : image + GAP;
  const cellHeight = image + GAP + (labels ? LABEL_HEIGHT : 0);
  const columns = Math.max(1, Math.floor((width - 2 * PAD + GAP) / cellWidth));
  const rows = Math.ceil(count / columns);
  return {
    width: columns * cellWidth - GAP + 2 * PAD,
    height: Math.max(0, rows * cellHeight - GAP) + 2 * PAD,
    image,
    cellWidth,
    cellHeight,
    columns,
    rows,
    labels,
  };
}

/**
 * The largest thumbnails (at most 2 × side) that fit all `count` samples in `width` and `maxHeight`,
 * with class names under them if that fits at all (thumbnails ≥ 24 px), else without (down to 12 px;
 * names stay in the tooltip). When even that is too tall, the smallest unlabelled grid.
 */
export function batchGridGeometry(
  width: number,
  count: number,
  side: number,
  maxHeight: number,
): BatchGridGeometry {
  const n = Math.max(0, Math.floor(count));
  const largest = Math.max(MIN_IMAGE, Math.floor(2 * Math.max(1, side)));
  for (const labels of [true, false]) {
    const smallest = labels ? MIN_LABELLED_IMAGE : MIN_IMAGE;
    for (let image = largest; image >= smallest; image--) {
      const geometry = layout(width, n, image, labels);
      if (geometry.height <= maxHeight) return geometry;
    }
  }
  return layout(width, n, MIN_IMAGE, false);
}

/** Top-left corner of sample i's thumbnail. */
export function cellOrigin(geometry: BatchGridGeometry, index: number): { x: number; y: number } {
  const column = index % geometry.columns;
  const row = Math.floor(index / geometry.columns);
  return { x: PAD + column * geometry.cellWidth, y: PAD + row * geometry.cellHeight };
}

/** The sample whose cell (thumbnail or its label) is under the point, or null. */
export function sampleAt(geometry: BatchGridGeometry, count: number, x: number, y: number): number | null {
  const gx = x - PAD;
  const gy = y - PAD;
  if (gx < 0 || gy < 0) return null;
  const column = Math.floor(gx / geometry.cellWidth);
  const row = Math.floor(gy / geometry.cellHeight);
  if (column >= geometry.columns) return null;
  // The gaps between cells belong to no sample.
  if (gx - column * geometry.cellWidth >= geometry.cellWidth - GAP) return null;
  if (gy - row * geometry.cellHeight >= geometry.cellHeight - GAP) return null;
  const index = row * geometry.columns + column;
  return index < count ? index : null;
}

/**
 * The batch's images stacked vertically (side × count·side) in RGBA, each uint8 pixel looked up in
 * `lut` (256 RGBA entries, e.g. a ramp from the panel colour to the ink). Samples whose pixels are
 * missing from a short array stay transparent.
 */
export function tileImages(
  pixels: Uint8Array,
  count: number,
  side: number,
  lut: Uint8ClampedArray,
): RgbaImage {
  const n = Math.max(0, Math.floor(count));
  const s = Math.max(1, Math.floor(side));
  const data = new Uint8ClampedArray(4 * s * s * n);
  const available = Math.min(pixels.length, s * s * n);
  for (let i = 0; i < available; i++) {
    const entry = 4 * pixels[i];
    data[4 * i] = lut[entry];
    data[4 * i + 1] = lut[entry + 1];
    data[4 * i + 2] = lut[entry + 2];
    data[4 * i + 3] = lut[entry + 3];
  }
  return { width: s, height: s * n, data };
}

/** Display name of a label: the class name when there is one, "class k" otherwise, "?" for no label. */
export function labelName(label: number | undefined, classNames: readonly string[]): string {
  if (label === undefined || !Number.isInteger(label)) return '?';
  return classNames[label] ?? `class ${label}`;
}
