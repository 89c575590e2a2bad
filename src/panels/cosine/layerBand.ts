/**
 * The per-layer band under the BP-cosine curves: weight matrix × step, one pixel per cell in an
 * offscreen image that only gets the new steps' columns, then scaled onto the visible canvas with a
 * single drawImage. So a depth-128 run costs 128 pixel writes per new step, whatever T is.
 */

import type { Rect } from '../../core/geometry';
import type { MetricsBuffer } from '../../state/metricsBuffer';
import { lutIndex } from '../charts/colormaps';

export interface PixelImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Cosine in [−1, 1] → LUT position u in [0, 1] (a diverging map: 0 sits in the middle). */
export function cosineToUnit(v: number): number {
  return (v + 1) / 2;
}

/**
 * Paints steps from … to−1 of the per-matrix cosines into `image`: column t, row r holds W_{L−r}, so
 * the readout W_L is the top row and W_1 the bottom one (the same way up as the credit heatmaps).
 * Non-finite values get `missing`.
 */
export function paintBandColumns(
  image: PixelImage,
  buffer: MetricsBuffer,
  from: number,
  to: number,
  lut: Uint8ClampedArray,
  missing: readonly number[],
): void {
  const depth = Math.min(image.height, buffer.layout.depth);
  const base = buffer.layout.layerGradCosine;
  const end = Math.min(to, image.width, buffer.count);
  for (let t = Math.max(0, from); t < end; t++) {
    for (let row = 0; row < depth; row++) {
      const v = buffer.value(t, base + depth - 1 - row);
      const pixel = 4 * (row * image.width + t);
      if (Number.isFinite(v)) {
        const entry = 4 * lutIndex(cosineToUnit(v));
        image.data[pixel] = lut[entry];
        image.data[pixel + 1] = lut[entry + 1];
        image.data[pixel + 2] = lut[entry + 2];
        image.data[pixel + 3] = 255;
      } else {
        image.data[pixel] = missing[0];
        image.data[pixel + 1] = missing[1];
        image.data[pixel + 2] = missing[2];
        image.data[pixel + 3] = 255;
      }
    }
  }
}

/** One method's band: the offscreen pixels and how far they are painted. */
export class LayerBandImage {
  private readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D | null;
  private readonly image: ImageData;
  private painted = 0;

  constructor(
    steps: number,
    private readonly depth: number,
    private readonly lut: Uint8ClampedArray,
    private readonly missing: readonly number[],
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = Math.max(1, steps);
    this.canvas.height = Math.max(1, depth);
    this.context = this.canvas.getContext('2d');
    this.image = new ImageData(this.canvas.width, this.canvas.height);
  }

  /** Paints the steps that arrived since the last call; returns how many steps are painted. */
  update(buffer: MetricsBuffer): number {
    const count = Math.min(buffer.count, this.image.width);
    if (count > this.painted && this.context) {
      paintBandColumns(this.image, buffer, this.painted, count, this.lut, this.missing);
      this.context.putImageData(this.image, 0, 0, this.painted, 0, count - this.painted, this.depth);
      this.painted = count;
    }
    return this.painted;
  }

  /** Draws the painted steps into `rect`, step t centred on x(t); cells stay crisp (no smoothing). */
  drawInto(ctx: CanvasRenderingContext2D, rect: Rect, x: (t: number) => number): void {
    if (this.painted === 0) return;
    const left = x(-0.5);
    const right = x(this.painted - 0.5);
    ctx.save();
    ctx.beginPath();
    ctx.rect(rect.x, rect.y, rect.width, rect.height);
    ctx.clip();
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.canvas, 0, 0, this.painted, this.depth, left, rect.y, right - left, rect.height);
    ctx.restore();
  }
}

/** A faint diagonal hatch for steps not computed yet, so "no data" never looks like "cosine 0". */
export function hatchPattern(ctx: CanvasRenderingContext2D, stroke: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  if (!t) return 'transparent';
  t.strokeStyle = stroke;
  t.lineWidth = 1;
  t.beginPath();
  t.moveTo(0, 6);
  t.lineTo(6, 0);
  t.stroke();
  return ctx.createPattern(tile, 'repeat') ?? 'transparent';
}
