/**
 * The pure side of the unit-trace figure (panel 4, the paper's Fig. 4 B, C): reading one traced unit's
 * h or λ from a metrics buffer, the y ranges (which only grow, with headroom, so the picture is not
 * redrawn on every step), the layer choices and the layout. No DOM, so it is tested in Node.
 */
import type { Rect } from '../../core/geometry';
import type { MetricsBuffer } from '../../state/metricsBuffer';

export type TraceKind = 'h' | 'lambda';
export const TRACE_KINDS: TraceKind[] = ['h', 'lambda'];

export type Domain = [number, number];

/**
 * Traced unit `unit`'s h or λ at step t. With `relative`, h is shown as its change since the forward
 * pass (step 0): the units sit at very different activities while the credit moves them by a few
 * percent, so raw values would look flat. λ starts at 0, so it is the same either way.
 */
export function traceValue(
  buffer: MetricsBuffer,
  kind: TraceKind,
  unit: number,
  t: number,
  relative: boolean,
): number {
  const { layout } = buffer;
  if (!(unit >= 0 && unit < layout.traceUnits) || !(t >= 0 && t < buffer.count)) return Number.NaN;
  if (kind === 'lambda') return buffer.value(t, layout.traceLambda + unit);
  const h = buffer.value(t, layout.traceH + unit);
  return relative ? h - buffer.value(0, layout.traceH + unit) : h;
}

/** Smallest and largest finite trace value over steps from … to−1 of all units (null if none). */
export function traceExtent(
  buffer: MetricsBuffer,
  kind: TraceKind,
  from: number,
  to: number,
  relative: boolean,
): Domain | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const end = Math.min(to, buffer.count);
  for (let unit = 0; unit < buffer.layout.traceUnits; unit++) {
    for (let t = Math.max(0, from); t < end; t++) {
      const v = traceValue(buffer, kind, unit, t, relative);
      if (v < lo) lo = v; // NaN compares false and is skipped
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * A y range that holds `extent`: the current one when it already does, else a new one with 25 %
 * headroom on each side, so a live trace widens its axis a handful of times, not on every step. A
 * flat trace (e.g. λ ≡ 0 under PC) gets ±minHalfSpan around its value.
 */
export function growDomain(
  current: Domain | null,
  extent: Domain | null,
  minHalfSpan: number,
): Domain | null {
  if (!extent) return current;
  const [lo, hi] = extent;
  if (current && lo >= current[0] && hi <= current[1]) return current;
  const low = Math.min(lo, current?.[0] ?? lo);
  const high = Math.max(hi, current?.[1] ?? hi);
  const mid = (low + high) / 2;
  const half = Math.max(((high - low) / 2) * 1.25, minHalfSpan);
  return [mid - half, mid + half];
}

/** Half-span given to a flat trace: about float32's resolution at unit scale, so noise is not magnified. */
export function minHalfSpan(kind: TraceKind, relative: boolean): number {
  return kind === 'h' && !relative ? 0.05 : 1e-3;
}

/** Choices of the traced layer: 0 (the middle layer, the default) and each hidden layer 1 … L−1. */
export function layerOptions(depth: number): Array<{ value: number; label: string }> {
  const hidden = Math.max(1, Math.floor(depth) - 1);
  const middle = Math.ceil(hidden / 2);
  const options = [{ value: 0, label: `middle (${middle})` }];
  for (let l = 1; l <= hidden; l++) options.push({ value: l, label: `layer ${l}` });
  return options;
}

/** The select's value for a traceLayer setting: past the last hidden layer means the last one (as the engine does). */
export function selectedLayer(traceLayer: number, depth: number): number {
  const hidden = Math.max(1, Math.floor(depth) - 1);
  if (!Number.isFinite(traceLayer) || traceLayer <= 0) return 0;
  return Math.min(Math.floor(traceLayer), hidden);
}

/**
 * How each unit's line is shaded from its method's colour, dark to light so units stay apart: a
 * negative amount mixes toward the ink colour, a positive one toward the panel colour.
 */
export function unitShade(unit: number): number {
  return [-0.45, 0, 0.4, 0.65][unit] ?? 0.75;
}

export interface TracesGeometry {
  width: number;
  height: number;
  /** The h plot, then the λ plot, sharing the step axis. */
  plots: Record<TraceKind, Rect>;
  axisY: number;
}

export const TRACE_MARGIN = { left: 54, right: 14, top: 18 };
const TITLE_ROOM = 18;
const AXIS_ROOM = 36;

export function tracesGeometry(width: number): TracesGeometry {
  const w = Math.max(160, Math.floor(width));
  const innerWidth = w - TRACE_MARGIN.left - TRACE_MARGIN.right;
  const plotHeight = Math.max(90, Math.min(150, Math.round(innerWidth * 0.26)));
  const h: Rect = { x: TRACE_MARGIN.left, y: TRACE_MARGIN.top, width: innerWidth, height: plotHeight };
  const lambda: Rect = { ...h, y: h.y + plotHeight + TITLE_ROOM + 6 };
  const axisY = lambda.y + plotHeight;
  return { width: w, height: axisY + AXIS_ROOM, plots: { h, lambda }, axisY };
}
