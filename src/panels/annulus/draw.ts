/**
 * Canvas layer of the annulus: the dense part (2n eigenvalues, 1984 at the default size, and optionally
 * one faint circle per mode) redrawn on every η_λ slider step. Axes, unit circle and annulus are SVG.
 */
import type { ScaleLinear } from 'd3';
import type { ComplexArray } from '../../theory/spectrum';

export interface PointLayer {
  /** Closed form per singular value (readout dropped), live η_λ. */
  closed: ComplexArray | null;
  /** Exact eigenvalues of M (readout included), or null. */
  exact: ComplexArray | null;
  /** The exact points were computed at other rates than the ones shown (a newer request is running). */
  exactStale: boolean;
  /** Modes whose circles are drawn and whose points are highlighted, or null. */
  tracked: TrackedModes | null;
  /** The closed-form points are from a previous system while the new one is computed. */
  closedStale: boolean;
}

export interface PointColors {
  closed: string;
  exact: string;
  circle: string;
}

/**
 * Draws in CSS pixels on a context prepared by prepareCanvas; x and y map Re z and Im z (equal units
 * per pixel, so circles stay round).
 */
export function drawPoints(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  layer: PointLayer,
  colors: PointColors,
): void {
  ctx.clearRect(0, 0, width, height);
  const [left, right] = x.range();
  const [bottom, top] = y.range();
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, right - left, bottom - top);
  ctx.clip();

  const cx = x(0);
  const cy = y(0);
  const unit = x(1) - x(0);
  if (layer.tracked) drawModeCircles(ctx, cx, cy, unit, layer.tracked.radii, colors.circle);

  if (layer.closed) {
    ctx.globalAlpha = layer.closedStale ? 0.25 : 0.85;
    ctx.fillStyle = colors.closed;
    const { re, im } = layer.closed;
    // Squares: ~10× cheaper than arcs, and indistinguishable at 3 px.
    for (let k = 0; k < re.length; k++) {
      const px = x(re[k]);
      const py = y(im[k]);
      ctx.fillRect(px - 1.5, py - 1.5, 3, 3);
    }
  }

  if (layer.closed && layer.tracked) {
    ctx.globalAlpha = 1;
    ctx.fillStyle = colors.closed;
    ctx.strokeStyle = colors.exact;
    ctx.lineWidth = 1;
    ctx.beginPath();
    const { re, im } = layer.closed;
    for (const mode of layer.tracked.modes) {
      for (const k of [2 * mode, 2 * mode + 1]) {
        if (k >= re.length) continue;
        ctx.moveTo(x(re[k]) + 3.5, y(im[k]));
        ctx.arc(x(re[k]), y(im[k]), 3.5, 0, 2 * Math.PI);
      }
    }
    ctx.fill();
    ctx.stroke();
  }

  if (layer.exact) {
    ctx.globalAlpha = layer.exactStale ? 0.3 : 1;
    ctx.strokeStyle = colors.exact;
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    const { re, im } = layer.exact;
    for (let k = 0; k < re.length; k++) {
      const px = x(re[k]);
      const py = y(im[k]);
      ctx.moveTo(px + 4, py);
      ctx.arc(px, py, 4, 0, 2 * Math.PI);
    }
    ctx.stroke();
  }
  ctx.restore();
}

/** Circles of the tracked modes, faint: each tracked point stays on its own circle as η_λ changes. */
function drawModeCircles(
  ctx: CanvasRenderingContext2D,
  cx: number,
  cy: number,
  unit: number,
  radii: ArrayLike<number>,
  color: string,
): void {
  ctx.globalAlpha = 0.5;
  ctx.strokeStyle = color;
  ctx.lineWidth = 0.8;
  ctx.beginPath();
  for (let k = 0; k < radii.length; k++) {
    const r = radii[k] * unit;
    if (!Number.isFinite(r) || r <= 0) continue;
    ctx.moveTo(cx + r, cy);
    ctx.arc(cx, cy, r, 0, 2 * Math.PI);
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/** The modes singled out when mode circles are on, with their radii √(1 − η_h σ²). */
export interface TrackedModes {
  /** Indices into σ (mode k owns eigenvalues 2k and 2k+1). */
  modes: Int32Array;
  radii: Float64Array;
}

/**
 * Up to `count` modes whose radii √(1 − η_h σ²) spread evenly over the ring. Only modes with
 * 0 < η_h σ² < 1 can form a complex pair (§7); 992 circles would just grey the disc out.
 */
export function trackedModes(sigmas: ArrayLike<number>, etaH: number, count: number): TrackedModes {
  const radiusOf = (k: number) => Math.sqrt(1 - etaH * sigmas[k] * sigmas[k]);
  const candidates: number[] = [];
  for (let k = 0; k < sigmas.length; k++) {
    const a = etaH * sigmas[k] * sigmas[k];
    if (a > 0 && a < 1) candidates.push(k);
  }
  if (candidates.length === 0 || count < 1) return { modes: new Int32Array(0), radii: new Float64Array(0) };
  candidates.sort((p, q) => radiusOf(p) - radiusOf(q));
  const lo = radiusOf(candidates[0]);
  const hi = radiusOf(candidates[candidates.length - 1]);
  const chosen = new Set<number>();
  let c = 0;
  for (let i = 0; i < count; i++) {
    const target = count === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (count - 1);
    while (c + 1 < candidates.length && radiusOf(candidates[c + 1]) <= target) c++;
    const next = Math.min(c + 1, candidates.length - 1);
    const best =
      Math.abs(radiusOf(candidates[next]) - target) < Math.abs(radiusOf(candidates[c]) - target) ? next : c;
    chosen.add(candidates[best]);
  }
  const modes = Int32Array.from(chosen);
  return { modes, radii: Float64Array.from(modes, radiusOf) };
}
