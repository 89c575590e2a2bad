/**
 * The live part of the BP-cosine figure, drawn outside React: the two curves (path data that only
 * grows), the per-layer bands (canvas), the shown-step cursor and the legend's read-outs. One drawer
 * lives as long as one run at one size; a new run, a resize or a y-range change makes a new one.
 */
import type { ScaleLinear } from 'd3';
import type { RunInfo } from '../../core/engineProtocol';
import { METHODS, type MethodId } from '../../core/methods';
import { type AppState, shownStep } from '../../state/store';
import { prepareCanvas } from '../charts/canvas';
import { GrowingPath } from '../charts/growingPath';
import { type CosineGeometry, formatCosine, lowestValue, valueAt } from './cosineModel';
import { hatchPattern, LayerBandImage } from './layerBand';

export interface CosineElements {
  canvas: HTMLCanvasElement;
  paths: Record<MethodId, SVGPathElement>;
  dots: Record<MethodId, SVGCircleElement>;
  cursor: SVGLineElement;
  readouts: Record<MethodId, HTMLElement>;
  stepReadout: HTMLElement;
}

export interface CosineDrawerOptions {
  info: RunInfo;
  elements: CosineElements;
  geometry: CosineGeometry;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** Methods in band order (band i belongs to order[i]). */
  order: MethodId[];
  /** Diverging colour map LUT (RGBA bytes) and theme colours, read once per drawer. */
  lut: Uint8ClampedArray;
  missing: readonly number[];
  hatch: string;
  /** Called when a curve dips below the y range; the figure then re-renders with a wider one. */
  onBelowRange: (lowest: number) => void;
}

export function createCosineDrawer(o: CosineDrawerOptions): (state: AppState) => void {
  const { info, elements, geometry, x, y } = o;
  const offset = (m: MethodId, state: AppState) => state.run!.buffers[m].layout.gradCosine;
  const paths = { pcalm: new GrowingPath(x, y), pc: new GrowingPath(x, y) };
  const bands = {
    pcalm: new LayerBandImage(info.T + 1, info.depth, o.lut, o.missing),
    pc: new LayerBandImage(info.T + 1, info.depth, o.lut, o.missing),
  };
  const painted = { pcalm: -1, pc: -1 };
  let ctx: CanvasRenderingContext2D | null = null;
  let hatch: CanvasPattern | string = 'transparent';
  let reportedBelow = false;

  const redrawCanvas = () => {
    if (!ctx) {
      ctx = prepareCanvas(elements.canvas, geometry.width, geometry.height);
      if (!ctx) return;
      hatch = hatchPattern(ctx, o.hatch);
    }
    ctx.clearRect(0, 0, geometry.width, geometry.height);
    o.order.forEach((method, i) => {
      const rect = geometry.bands[i];
      if (!rect || !ctx) return;
      ctx.fillStyle = hatch;
      ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
      bands[method].drawInto(ctx, rect, x);
    });
  };

  return (state) => {
    const run = state.run;
    if (!run || run.info !== info) return; // a newer run: the figure is about to make a new drawer

    const [lower] = y.domain();
    for (const method of METHODS) {
      const buffer = run.buffers[method];
      const lowest = lowestValue(buffer, offset(method, state), paths[method].steps, buffer.count);
      if (lowest < lower && !reportedBelow) {
        reportedBelow = true;
        o.onBelowRange(lowest);
      }
      elements.paths[method].setAttribute(
        'd',
        paths[method].extend(buffer.count, (t) => buffer.value(t, offset(method, state))),
      );
    }

    let bandsChanged = false;
    for (const method of METHODS) {
      const now = bands[method].update(run.buffers[method]);
      if (now !== painted[method]) bandsChanged = true;
      painted[method] = now;
    }
    if (bandsChanged) redrawCanvas();

    const t = shownStep(state);
    const cx = x(t);
    elements.cursor.setAttribute('x1', String(cx));
    elements.cursor.setAttribute('x2', String(cx));
    elements.cursor.setAttribute(
      'visibility',
      run.buffers.pcalm.count + run.buffers.pc.count > 0 ? 'visible' : 'hidden',
    );
    elements.stepReadout.textContent = `at step ${t}`;
    for (const method of METHODS) {
      const v = valueAt(run.buffers[method], t, offset(method, state));
      elements.readouts[method].textContent = formatCosine(v);
      const dot = elements.dots[method];
      if (Number.isFinite(v)) {
        dot.setAttribute('cx', String(cx));
        dot.setAttribute('cy', String(y(Math.max(y.domain()[0], Math.min(y.domain()[1], v)))));
        dot.setAttribute('visibility', 'visible');
      } else {
        dot.setAttribute('visibility', 'hidden');
      }
    }
  };
}
