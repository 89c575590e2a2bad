/**
 * The live part of the unit-trace figure, drawn outside React: 2 methods × 2 quantities × a few units
 * as canvas lines that only get their new segments each frame, plus the shown-step cursor. When a
 * trace leaves its y range the drawer reports the wider range and the figure makes a new drawer,
 * which repaints everything once.
 */
import { interpolateRgb, type ScaleLinear } from 'd3';
import type { RunInfo } from '../../core/engineProtocol';
import type { MethodId } from '../../core/methods';
import { type AppState, shownStep } from '../../state/store';
import { prepareCanvas } from '../charts/canvas';
import {
  type Domain,
  growDomain,
  minHalfSpan,
  TRACE_KINDS,
  type TraceKind,
  type TracesGeometry,
  traceExtent,
  traceValue,
  unitShade,
} from './traceModel';

export interface TraceDrawerOptions {
  info: RunInfo;
  canvas: HTMLCanvasElement;
  cursor: SVGLineElement;
  geometry: TracesGeometry;
  x: ScaleLinear<number, number>;
  y: Record<TraceKind, ScaleLinear<number, number>>;
  /** The y ranges the scales were made from; null until the first steps are seen. */
  domains: Record<TraceKind, Domain | null>;
  relative: boolean;
  /** Theme colours of the methods, and the ink and panel colours units are shaded toward. */
  colors: Record<MethodId | 'panel' | 'ink', string>;
  /** A trace left its range: the figure re-renders with these ranges. */
  onDomains: (domains: Record<TraceKind, Domain | null>) => void;
}

/** PC first, so PC-ALM (the method under study) is drawn on top where they overlap. */
const DRAW_ORDER: MethodId[] = ['pc', 'pcalm'];

export function createTraceDrawer(o: TraceDrawerOptions): (state: AppState) => void {
  const { info, geometry, x, y } = o;
  const shade = (color: string, amount: number) =>
    interpolateRgb(color, amount < 0 ? o.colors.ink : o.colors.panel)(Math.abs(amount));
  const units = info.probe.units.length;
  const strokes = Object.fromEntries(
    DRAW_ORDER.map((m) => [m, Array.from({ length: units }, (_, u) => shade(o.colors[m], unitShade(u)))]),
  ) as Record<MethodId, string[]>;
  let drawn = 0;
  const known = { ...o.domains };
  let ctx: CanvasRenderingContext2D | null = null;

  const paintSegments = (state: AppState, from: number, to: number) => {
    if (!ctx) return;
    const run = state.run!;
    for (const kind of TRACE_KINDS) {
      const rect = geometry.plots[kind];
      const yk = y[kind];
      ctx.save();
      ctx.beginPath();
      ctx.rect(rect.x, rect.y, rect.width, rect.height);
      ctx.clip();
      ctx.lineWidth = 1.6;
      ctx.lineJoin = 'round';
      for (const method of DRAW_ORDER) {
        const buffer = run.buffers[method];
        for (let unit = units - 1; unit >= 0; unit--) {
          ctx.strokeStyle = strokes[method][unit];
          ctx.beginPath();
          // Start from the last point already drawn so the new segment joins the old line.
          let penDown = false;
          for (let t = Math.max(0, from - 1); t < Math.min(to, buffer.count); t++) {
            const v = traceValue(buffer, kind, unit, t, o.relative);
            if (!Number.isFinite(v)) {
              penDown = false;
              continue;
            }
            if (penDown) ctx.lineTo(x(t), yk(v));
            else ctx.moveTo(x(t), yk(v));
            penDown = true;
          }
          ctx.stroke();
        }
      }
      ctx.restore();
    }
  };

  return (state) => {
    const run = state.run;
    if (!run || run.info !== info) return; // a newer run: the figure is about to make a new drawer
    const count = Math.max(run.buffers.pcalm.count, run.buffers.pc.count);

    if (count > drawn) {
      let grew = false;
      for (const kind of TRACE_KINDS) {
        for (const method of DRAW_ORDER) {
          const extent = traceExtent(run.buffers[method], kind, drawn, count, o.relative);
          const next = growDomain(known[kind], extent, minHalfSpan(kind, o.relative));
          if (next !== known[kind]) grew = true;
          known[kind] = next;
        }
      }
      if (grew) o.onDomains({ ...known });
      // The scales may already be these ranges (a first fit equal to the placeholder); else wait for new ones.
      const stale = TRACE_KINDS.some((kind) => {
        const d = known[kind];
        const [lo, hi] = y[kind].domain();
        return d !== null && (d[0] !== lo || d[1] !== hi);
      });
      if (stale) return;
    }

    if (!ctx) {
      ctx = prepareCanvas(o.canvas, geometry.width, geometry.height);
      ctx?.clearRect(0, 0, geometry.width, geometry.height);
    }
    if (count > drawn) {
      paintSegments(state, drawn, count);
      drawn = count;
    }

    const cx = String(x(shownStep(state)));
    o.cursor.setAttribute('x1', cx);
    o.cursor.setAttribute('x2', cx);
    o.cursor.setAttribute('visibility', count > 0 ? 'visible' : 'hidden');
  };
}
