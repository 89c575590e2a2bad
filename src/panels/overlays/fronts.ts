/**
 * Geometry of the predicted credit fronts over a heatmap (spec §8). Credit enters at the readout side
 * (layer L−1, the top row) and travels down: PC's diffusive front lies √(η_h t) layers below the top
 * after t steps, PC-ALM's ballistic front √(η_h η_λ)·t. Pure, so it is tested without a browser.
 */

import type { MethodId } from '../../core/methods';
import { ballisticFront, diffusiveFront, inflectionStep } from '../../theory/fronts';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type FrontKind = 'ballistic' | 'diffusive';

export interface Front {
  kind: FrontKind;
  etaH: number;
  etaLambda: number;
}

/**
 * The front the theory predicts for a method's maps, or null without a usable η_h. PC-ALM with
 * η_λ = 0 is PC (spec §4), so it gets the diffusive front too.
 */
export function frontFor(method: MethodId, etaH: number, etaLambda: number): Front | null {
  if (!(Number.isFinite(etaH) && etaH > 0)) return null;
  const rate = Number.isFinite(etaLambda) && etaLambda > 0 ? etaLambda : 0;
  const kind: FrontKind = method === 'pcalm' && rate > 0 ? 'ballistic' : 'diffusive';
  return { kind, etaH, etaLambda: kind === 'ballistic' ? rate : 0 };
}

/** Layers below the top reached after t steps. */
export function frontDepth(front: Front, t: number): number {
  return front.kind === 'ballistic'
    ? ballisticFront(t, front.etaH, front.etaLambda)
    : diffusiveFront(t, front.etaH);
}

/** The step at which the front has gone `depth` layers down (the inverse of frontDepth). */
export function stepAtDepth(front: Front, depth: number): number {
  // Ballistic: the spec's t* = L/√(η_h η_λ) is this step for the whole depth L.
  return front.kind === 'ballistic'
    ? inflectionStep(depth, front.etaH, front.etaLambda)
    : (depth * depth) / front.etaH;
}

/** Formula shown next to the line. */
export function frontLabel(front: Front): string {
  return front.kind === 'ballistic' ? 'PC-ALM front √(η_h η_λ)·t' : 'PC front √(η_h t)';
}

export interface FrontLine {
  /** Points in pixels, from step 0 at the top edge to where the front leaves the map. */
  points: Array<[number, number]>;
  /**
   * Where the label ends (text-anchor end): under the line and left of the point it is measured at,
   * so the text stays in the region credit has not reached, where the line is only higher.
   */
  label: { x: number; y: number };
}

/** The label sits under the line at this fraction of its length, LABEL_DROP px down. */
const LABEL_AT = 0.65;
const LABEL_DROP = 15;

/** Samples of the curved (diffusive) front: denser near t = 0, where √t is steep. */
const CURVE_SAMPLES = 48;

/**
 * The front over a map whose `steps` columns are centred on t = 0 … steps−1 and whose `hiddenLayers`
 * rows are one layer each, top row = layer L−1. Null when there is nothing sensible to draw.
 */
export function frontLine(map: Box, front: Front, steps: number, hiddenLayers: number): FrontLine | null {
  if (!(steps >= 2 && hiddenLayers >= 1 && map.width > 0 && map.height > 0)) return null;
  const lastStep = steps - 1;
  const layerHeight = map.height / hiddenLayers;
  const xOf = (t: number) => map.x + ((t + 0.5) / steps) * map.width;
  const yOf = (depth: number) => map.y + Math.min(depth, hiddenLayers) * layerHeight;
  // Past this step the front is below layer 1: the line stops at the bottom edge.
  const end = Math.min(lastStep, stepAtDepth(front, hiddenLayers));
  if (!(end > 0)) return null;
  const times =
    front.kind === 'ballistic'
      ? [0, end]
      : Array.from({ length: CURVE_SAMPLES + 1 }, (_, i) => end * (i / CURVE_SAMPLES) ** 2);
  const points = times.map((t): [number, number] => [xOf(t), yOf(frontDepth(front, t))]);
  // Under the line, a little way along it; above it when that would leave the map.
  const labelT = LABEL_AT * end;
  const lineY = yOf(frontDepth(front, labelT));
  const below = lineY + LABEL_DROP;
  return {
    points,
    label: { x: xOf(labelT) - 4, y: below <= map.y + map.height - 4 ? below : lineY - 6 },
  };
}

/** SVG path data of a polyline, rounded to 0.1 px. */
export function pathData(points: ReadonlyArray<readonly [number, number]>): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
}
