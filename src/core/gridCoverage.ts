/**
 * Which cells of a planned width × depth grid a cells.csv actually holds. A grid that is still being
 * computed (or a shard of one) has holes; the view must draw them as holes, never as a zero gap, and
 * say which they are. Pure: shared by the training view and the tests of the shipped grid.
 */
import type { CellRow, GapGrid } from './gridCells';
import { METHOD_LABELS, type TrainMethod } from './methods';

/** The three gaps of Fig. 2, a − b: what PC loses to BP, what PC-ALM loses to BP, what PC-ALM gains on PC. */
export const FIG2_GAPS: ReadonlyArray<readonly [TrainMethod, TrainMethod]> = [
  ['pc', 'bp'],
  ['pcalm', 'bp'],
  ['pcalm', 'pc'],
];

export interface PlannedGrid {
  widths: readonly number[];
  depths: readonly number[];
  methods: readonly TrainMethod[];
}

export interface CellCoverage {
  width: number;
  depth: number;
  present: TrainMethod[];
  missing: TrainMethod[];
}

/** Every planned (width, depth) in plan order, with the planned methods it has rows for and lacks. */
export function gridCoverage(rows: readonly CellRow[], plan: PlannedGrid): CellCoverage[] {
  const out: CellCoverage[] = [];
  for (const width of plan.widths)
    for (const depth of plan.depths) {
      const here = new Set(rows.filter((r) => r.width === width && r.depth === depth).map((r) => r.method));
      out.push({
        width,
        depth,
        present: plan.methods.filter((m) => here.has(m)),
        missing: plan.methods.filter((m) => !here.has(m)),
      });
    }
  return out;
}

/** One line per kind: "complete: …", "partial: … (has BP, PC)", "not run: …"; empty kinds left out. */
export function describeCoverage(coverage: readonly CellCoverage[]): string[] {
  const name = (c: CellCoverage) => `N ${c.width} × L ${c.depth}`;
  const complete = coverage.filter((c) => c.missing.length === 0);
  const partial = coverage.filter((c) => c.present.length > 0 && c.missing.length > 0);
  const absent = coverage.filter((c) => c.present.length === 0);
  const lines: string[] = [];
  if (complete.length) lines.push(`complete (${complete.length}): ${complete.map(name).join(', ')}`);
  if (partial.length) {
    const has = (c: CellCoverage) => `${name(c)} (has ${c.present.map((m) => METHOD_LABELS[m]).join(', ')})`;
    lines.push(`partial (${partial.length}): ${partial.map(has).join(', ')}`);
  }
  if (absent.length) lines.push(`not run (${absent.length}): ${absent.map(name).join(', ')}`);
  return lines;
}

/** The grid's axes widened to the planned ones, so planned cells without rows still get a place. */
export function withAxes(grid: GapGrid, widths: readonly number[], depths: readonly number[]): GapGrid {
  const merge = (a: readonly number[], b: readonly number[]) =>
    [...new Set([...a, ...b])].sort((x, y) => x - y);
  return { ...grid, widths: merge(grid.widths, widths), depths: merge(grid.depths, depths) };
}
