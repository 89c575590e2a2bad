/**
 * The pure side of the BP-cosine figure (panel 3): where the predicted inflection goes and when it
 * is hidden, the y range, the layout, and hit-testing. No DOM, so it is tested in Node.
 */

import type { Rect } from '../../core/geometry';
import { METHODS, type MethodId } from '../../core/methods';
import type { MetricsBuffer } from '../../state/metricsBuffer';
import type { Config } from '../../state/schema';
import { inflectionStep } from '../../theory/fronts';

/** The predicted inflection t* = L/√(η_h η_λ) (spec §8) and what to say about it. */
export interface InflectionMarker {
  /** Draw the vertical marker at `step`. */
  visible: boolean;
  /** t*, or Infinity when there is none (η_λ = 0). */
  step: number;
  /** Short text next to the marker, e.g. "t* ≈ 64". */
  label: string;
  /** One sentence under the figure: where t* comes from, or why it is not drawn. */
  note: string;
}

export interface InflectionInputs {
  depth: number;
  etaH: number;
  etaLambda: number;
  T: number;
  arch: Config['arch'];
  param: Config['param'];
}

const fmtRate = (v: number) => String(Number(v.toPrecision(3)));

export function inflectionMarker(p: InflectionInputs): InflectionMarker {
  const hidden = (step: number, note: string): InflectionMarker => ({
    visible: false,
    step,
    label: '',
    note,
  });
  if (!(p.depth > 0) || !(p.T > 0)) return hidden(Number.POSITIVE_INFINITY, '');
  if (!Number.isFinite(p.etaLambda) || p.etaLambda <= 0) {
    return hidden(
      Number.POSITIVE_INFINITY,
      'η_λ = 0: PC-ALM is plain PC (the two curves coincide) and there is no ballistic front, so no t*.',
    );
  }
  if (!Number.isFinite(p.etaH) || p.etaH <= 0)
    return hidden(Number.POSITIVE_INFINITY, 'No valid η_h, so no t*.');
  const step = inflectionStep(p.depth, p.etaH, p.etaLambda);
  const formula = `t* = L/√(η_h η_λ) = ${p.depth}/√(${fmtRate(p.etaH)}·${fmtRate(p.etaLambda)}) ≈ ${Math.round(step)}`;
  // §8 is derived for residual networks at the mean-field point; elsewhere it is only a rough guide.
  const caveat =
    p.arch !== 'residual' || p.param !== 'mupc'
      ? ' (derived for residual mean-field networks: a rough guide here)'
      : '';
  if (!Number.isFinite(step) || step > p.T) {
    return hidden(step, `${formula}: the predicted inflection lies past the budget T = ${p.T}${caveat}.`);
  }
  return {
    visible: true,
    step,
    label: `t* ≈ ${Math.round(step)}`,
    note: `${formula}: predicted inflection, when PC-ALM's credit wave reaches W₁ (spec §8)${caveat}.`,
  };
}

/**
 * The y range: [0, 1.05] so that runs compare at a glance and the BP line at 1 never sits on the edge;
 * it extends below 0 (in quarter steps, at most to −1) only when a curve actually goes negative.
 */
export function cosineDomain(lowestSeen: number): [number, number] {
  const lower =
    Number.isFinite(lowestSeen) && lowestSeen < 0 ? Math.max(-1, Math.floor(lowestSeen * 4) / 4) : 0;
  return [lower, 1.05];
}

/** The smallest finite value of a quantity over steps from … to−1 (Infinity if there is none). */
export function lowestValue(buffer: MetricsBuffer, offset: number, from: number, to: number): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (let t = Math.max(0, from); t < Math.min(to, buffer.count); t++) {
    const v = buffer.value(t, offset);
    if (v < lowest) lowest = v; // NaN compares false and is skipped
  }
  return lowest;
}

/** Value at step t, or NaN when t is not computed (so read-outs say "—" instead of a stale number). */
export function valueAt(buffer: MetricsBuffer, t: number, offset: number): number {
  return Number.isInteger(t) && t >= 0 && t < buffer.count ? buffer.value(t, offset) : Number.NaN;
}

export function formatCosine(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : '—';
}

/** The method the user asked for goes first (its band on top). */
export function bandOrder(method: Config['method']): MethodId[] {
  const order = [...METHODS];
  return method === 'pc' ? order.reverse() : order;
}

export interface CosineGeometry {
  width: number;
  height: number;
  plot: Rect;
  /** One per method, in bandOrder; `labelY` is the baseline of the band's title. */
  bands: Array<Rect & { labelY: number }>;
  /** Top of the step axis. */
  axisY: number;
}

export const MARGIN = { left: 46, right: 14, top: 10 };
const BAND_TITLE = 16;
const BAND_GAP = 6;
const AXIS_ROOM = 36;

/**
 * Rows of a per-layer band: about 2 px per weight matrix, so L = 32 gets 64 px and L = 128 gets 1 px
 * per matrix at the 128 px cap (more would push the main plot off a 720 px screen).
 */
export function bandHeight(depth: number): number {
  return Math.max(44, Math.min(128, Math.round(2 * depth)));
}

export function cosineGeometry(width: number, depth: number, bandCount = 2): CosineGeometry {
  const w = Math.max(160, Math.floor(width));
  const innerWidth = w - MARGIN.left - MARGIN.right;
  const plot: Rect = {
    x: MARGIN.left,
    y: MARGIN.top,
    width: innerWidth,
    height: Math.max(140, Math.min(230, Math.round(innerWidth * 0.36))),
  };
  const bands: CosineGeometry['bands'] = [];
  let y = plot.y + plot.height + 8;
  const h = bandHeight(depth);
  for (let i = 0; i < bandCount; i++) {
    y += BAND_TITLE;
    bands.push({ x: plot.x, y, width: innerWidth, height: h, labelY: y - 4 });
    y += h + BAND_GAP;
  }
  const axisY = y - BAND_GAP;
  return { width: w, height: axisY + AXIS_ROOM, plot, bands, axisY };
}

/** Weight matrix 1 … L under a point of a band (W_L at the top), or null outside it. */
export function matrixAt(py: number, band: Rect, depth: number): number | null {
  if (!(depth >= 1) || py < band.y || py >= band.y + band.height) return null;
  const row = Math.floor(((py - band.y) / band.height) * depth);
  return depth - Math.max(0, Math.min(depth - 1, row));
}
