/** Which planned cells a cells.csv holds, said in words, and axes widened so holes get a place. */
import { describe, expect, it } from 'vitest';
import { type CellRow, gapGrids } from '../src/core/gridCells';
import { describeCoverage, gridCoverage, withAxes } from '../src/core/gridCoverage';

const row = (width: number, depth: number, method: CellRow['method'], test_acc = 0.5) =>
  ({ data: 'fashion', act: 'relu', width, depth, seed: 0, method, test_acc }) as CellRow;

const plan = { widths: [8, 16], depths: [8, 16], methods: ['bp', 'pc', 'pcalm'] as const };

describe('grid coverage', () => {
  const rows = [row(8, 8, 'bp'), row(8, 8, 'pc'), row(8, 8, 'pcalm'), row(8, 16, 'bp')];

  it('lists each planned cell with what it has and lacks', () => {
    const c = gridCoverage(rows, plan);
    expect(c.map((x) => `${x.width}x${x.depth}:${x.present.join('+')}`)).toEqual([
      '8x8:bp+pc+pcalm',
      '8x16:bp',
      '16x8:',
      '16x16:',
    ]);
    expect(c[1].missing).toEqual(['pc', 'pcalm']);
  });

  it('says complete, partial and not run in words', () => {
    expect(describeCoverage(gridCoverage(rows, plan))).toEqual([
      'complete (1): N 8 × L 8',
      'partial (1): N 8 × L 16 (has BP)',
      'not run (2): N 16 × L 8, N 16 × L 16',
    ]);
  });

  it('widens the axes to the plan without inventing cells', () => {
    const [grid] = gapGrids(rows, 'pc', 'bp');
    expect(grid.widths).toEqual([8]);
    const wide = withAxes(grid, plan.widths, plan.depths);
    expect(wide.widths).toEqual([8, 16]);
    expect(wide.depths).toEqual([8, 16]);
    expect(wide.cells).toBe(grid.cells);
    // The partial cell has no PC row: its gap is missing, never zero.
    expect(wide.cells.find((c) => c.depth === 16)?.gap).toBeNull();
  });
});
