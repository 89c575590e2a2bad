/**
 * Geometry of the heatmap figure: a grid of maps (rows = methods, columns = r, λ, ε) with room for
 * axes, titles and the shared legend. Pure, so hit-testing and sizes are tested without a browser.
 */

import type { Rect } from '../../core/geometry';

export interface HeatmapGeometry {
  width: number;
  height: number;
  /** maps[row][column]. */
  maps: Rect[][];
  /** The colour bar; its axis goes right below it. */
  legend: Rect;
  /** Baseline of the step-axis title, under the last row. */
  stepTitleY: number;
}

/** Left margin: method name and "layer" title (both rotated) and the layer tick labels. */
export const MARGIN_LEFT = 60;
const MARGIN_RIGHT = 12;
/** Column titles. */
const MARGIN_TOP = 20;
/** Step tick labels under each row of maps. */
const STEP_AXIS = 22;
const ROW_GAP = 12;
const COLUMN_GAP = 18;
const STEP_TITLE = 16;
/** Room above the colour bar for the label of BP's mark. */
const LEGEND_GAP = 18;
const LEGEND_BAR = 12;
/** Legend tick labels and the marker label under the bar. */
const LEGEND_AXIS = 30;
const LEGEND_MAX_WIDTH = 380;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Lays out `rows` × `columns` maps in `width` pixels. Maps keep a landscape shape; with two rows they
 * are flatter so that the figure still fits a 720-pixel-high projector screen.
 */
export function heatmapGeometry(width: number, rows: number, columns = 3): HeatmapGeometry {
  const nRows = Math.max(1, Math.floor(rows));
  const nCols = Math.max(1, Math.floor(columns));
  const usable = Math.max(0, width - MARGIN_LEFT - MARGIN_RIGHT - (nCols - 1) * COLUMN_GAP);
  const mapWidth = Math.max(20, Math.floor(usable / nCols));
  const mapHeight =
    nRows > 1 ? clamp(Math.round(mapWidth * 0.45), 100, 200) : clamp(Math.round(mapWidth * 0.6), 130, 280);

  const maps: Rect[][] = [];
  let y = MARGIN_TOP;
  for (let r = 0; r < nRows; r++) {
    const row: Rect[] = [];
    for (let c = 0; c < nCols; c++) {
      row.push({ x: MARGIN_LEFT + c * (mapWidth + COLUMN_GAP), y, width: mapWidth, height: mapHeight });
    }
    maps.push(row);
    y += mapHeight + STEP_AXIS + (r < nRows - 1 ? ROW_GAP : 0);
  }
  const stepTitleY = y + STEP_TITLE - 4;
  y += STEP_TITLE + LEGEND_GAP;
  // The legend title goes to the right of the bar, so the bar leaves room for it.
  const legendWidth = Math.max(120, Math.min(LEGEND_MAX_WIDTH, Math.round(0.6 * (nCols * mapWidth))));
  const legend = { x: MARGIN_LEFT, y, width: legendWidth, height: LEGEND_BAR };
  const height = y + LEGEND_BAR + LEGEND_AXIS;
  return {
    width: Math.max(width, MARGIN_LEFT + MARGIN_RIGHT + nCols * mapWidth),
    height,
    maps,
    legend,
    stepTitleY,
  };
}

export interface CellHit {
  row: number;
  column: number;
  /** Step 0 … steps−1. */
  t: number;
  /** Hidden layer 1 … hiddenLayers (top of the map is the last one). */
  layer: number;
}

/**
 * The map cell under a point, or null off the maps. Cells split each map evenly: `steps` columns and
 * `hiddenLayers` rows with layer 1 at the bottom.
 */
export function hitCell(
  geometry: HeatmapGeometry,
  x: number,
  y: number,
  steps: number,
  hiddenLayers: number,
): CellHit | null {
  if (!(steps >= 1 && hiddenLayers >= 1)) return null;
  for (let row = 0; row < geometry.maps.length; row++) {
    for (let column = 0; column < geometry.maps[row].length; column++) {
      const m = geometry.maps[row][column];
      if (x < m.x || x >= m.x + m.width || y < m.y || y >= m.y + m.height) continue;
      const t = Math.min(steps - 1, Math.floor(((x - m.x) / m.width) * steps));
      const fromTop = Math.min(hiddenLayers - 1, Math.floor(((y - m.y) / m.height) * hiddenLayers));
      return { row, column, t, layer: hiddenLayers - fromTop };
    }
  }
  return null;
}

/** x of the centre of step t's column inside a map (for the shown-step line). */
export function stepCentreX(map: Rect, t: number, steps: number): number {
  const n = Math.max(1, steps);
  const clamped = Math.max(0, Math.min(n - 1, t));
  return map.x + ((clamped + 0.5) / n) * map.width;
}
