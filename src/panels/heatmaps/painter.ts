/**
 * Canvas side of the credit heatmaps. Each map keeps an image in cell space (one pixel per step ×
 * layer) that only ever gets the columns of new steps painted; a frame is then a handful of scaled
 * drawImage calls plus the shown-step line, cheap enough for every chunk even at depth 128, T = 512.
 */

import type { Rect } from '../../core/geometry';
import type { MethodId } from '../../core/methods';
import type { RunView } from '../../state/store';
import { prepareCanvas } from '../charts/canvas';
import type { Colormap } from '../charts/colormaps';
import type { HeatmapGeometry } from './layout';
import { stepCentreX } from './layout';
import { clearColumnsFrom, columnsToPaint, paintColumns, type Rgba } from './paint';
import { type ColourDomain, type CreditQuantity, cellValue, type HeatmapMode } from './scale';

/** One map's cells, in cell space. */
class CellImage {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D | null;
  private readonly image: ImageData;
  private painted = 0;

  constructor(steps: number, hiddenLayers: number) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = steps;
    this.canvas.height = hiddenLayers;
    this.context = this.canvas.getContext('2d');
    this.image = new ImageData(steps, hiddenLayers);
  }

  /** Paints the steps computed since last time; true when anything changed. */
  update(available: number, valueAt: (t: number, layer: number) => number, style: PaintStyle): boolean {
    const range = columnsToPaint(this.painted, available, this.image.width);
    if (!range.restart && range.to <= range.from) return false;
    paintColumns(this.image, range.from, range.to, valueAt, style.domain, style.colormap.lut, style.invalid);
    if (range.restart) {
      clearColumnsFrom(this.image, range.to);
      this.context?.putImageData(this.image, 0, 0);
    } else {
      // Only the new columns travel to the canvas.
      this.context?.putImageData(this.image, 0, 0, range.from, 0, range.to - range.from, this.image.height);
    }
    this.painted = range.to;
    return true;
  }
}

export interface PaintStyle {
  domain: ColourDomain;
  colormap: Colormap;
  invalid: Rgba;
}

export interface FigureColours {
  /** Inside a map where steps are not computed yet: hatched with `stripe`, so it never reads as data. */
  background: string;
  stripe: string;
  frame: string;
  cursor: string;
  cursorHalo: string;
}

export interface MapSpec {
  method: MethodId;
  quantity: CreditQuantity;
  /** Why this map shows nothing (e.g. λ of PC), or null. */
  empty: string | null;
}

export interface FigureSetup {
  runId: number;
  geometry: HeatmapGeometry;
  /** specs[row][column], laid out like geometry.maps. */
  specs: MapSpec[][];
  mode: HeatmapMode;
  deltaRms: readonly number[];
  /** Steps 0 … T. */
  steps: number;
  hiddenLayers: number;
  style: PaintStyle;
  colours: FigureColours;
}

/** Draws the maps, the shown-step line and the colour bar onto one display canvas. */
export class HeatmapFigure {
  private setup: FigureSetup | null = null;
  private images: (CellImage | null)[][] = [];
  private legend: HTMLCanvasElement | null = null;
  private notComputed: CanvasPattern | string = '';

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** Starts over: new run, colour mode, layout or theme. */
  configure(setup: FigureSetup): void {
    this.setup = setup;
    const steps = Math.max(1, setup.steps);
    const hidden = Math.max(1, setup.hiddenLayers);
    this.images = setup.specs.map((row) =>
      row.map((spec) => (spec.empty ? null : new CellImage(steps, hidden))),
    );
    this.legend = colourBar(setup.style.colormap);
    this.notComputed = hatch(setup.colours) ?? setup.colours.background;
  }

  /** Paints new steps of `run` and redraws the frame with the line at step `shown`. */
  render(run: RunView, shown: number): void {
    const setup = this.setup;
    if (!setup || run.info.runId !== setup.runId) return;
    const { geometry, specs, mode, deltaRms, style, colours } = setup;
    for (let r = 0; r < specs.length; r++) {
      for (let c = 0; c < specs[r].length; c++) {
        const image = this.images[r]?.[c];
        if (!image) continue;
        const { method, quantity } = specs[r][c];
        const rows = run.buffers[method];
        image.update(rows.count, (t, layer) => cellValue(rows, t, layer, quantity, mode, deltaRms), style);
      }
    }

    const ctx = prepareCanvas(this.canvas, geometry.width, geometry.height);
    if (!ctx) return;
    ctx.clearRect(0, 0, geometry.width, geometry.height);
    for (let r = 0; r < specs.length; r++) {
      for (let c = 0; c < specs[r].length; c++) {
        const rect = geometry.maps[r]?.[c];
        if (!rect) continue;
        const image = this.images[r]?.[c];
        // A map with nothing to show (e.g. λ of PC) stays plain; hatching means "not computed yet".
        ctx.fillStyle = image ? this.notComputed : colours.background;
        ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
        if (image) {
          // Blocky cells when enlarged; averaged when a map has more steps than pixels.
          ctx.imageSmoothingEnabled = rect.width < setup.steps || rect.height < setup.hiddenLayers;
          ctx.drawImage(image.canvas, rect.x, rect.y, rect.width, rect.height);
          drawCursor(ctx, rect, stepCentreX(rect, shown, setup.steps), colours);
        }
        ctx.strokeStyle = colours.frame;
        ctx.lineWidth = 1;
        ctx.strokeRect(rect.x - 0.5, rect.y - 0.5, rect.width + 1, rect.height + 1);
      }
    }
    if (this.legend) {
      const bar = geometry.legend;
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.legend, bar.x, bar.y, bar.width, bar.height);
      ctx.strokeStyle = colours.frame;
      ctx.strokeRect(bar.x - 0.5, bar.y - 0.5, bar.width + 1, bar.height + 1);
    }
  }
}

/** A thin line with a halo, visible on both the dark and the bright end of the colour map. */
function drawCursor(ctx: CanvasRenderingContext2D, rect: Rect, x: number, colours: FigureColours): void {
  const px = Math.round(x) + 0.5;
  ctx.strokeStyle = colours.cursorHalo;
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(px, rect.y);
  ctx.lineTo(px, rect.y + rect.height);
  ctx.stroke();
  ctx.strokeStyle = colours.cursor;
  ctx.lineWidth = 1;
  ctx.stroke();
}

/** Thin diagonal stripes on the background colour. */
function hatch(colours: FigureColours): CanvasPattern | null {
  const tile = document.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const ctx = tile.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = colours.background;
  ctx.fillRect(0, 0, 6, 6);
  ctx.strokeStyle = colours.stripe;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, 6);
  ctx.lineTo(6, 0);
  ctx.stroke();
  return ctx.createPattern(tile, 'repeat');
}

/** The colour map as a 256 × 1 image, stretched over the legend bar. */
function colourBar(map: Colormap): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const size = map.lut.length / 4;
  canvas.width = size;
  canvas.height = 1;
  const image = new ImageData(size, 1);
  image.data.set(map.lut);
  canvas.getContext('2d')?.putImageData(image, 0, 0);
  return canvas;
}
