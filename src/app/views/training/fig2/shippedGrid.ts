/**
 * The Fig. 2 grid that ships with the app: a cells.csv written by the project's own `cli grid`, so the
 * training view shows the paper's width × depth summary without anyone computing hours of training
 * first. The file is inlined as text (a few KB, no fetch, so the app works from any sub-path). How it
 * was made is recorded here once: the view shows it, the README beside the file repeats it for readers,
 * and test/shippedGrid.test.ts reruns one cell with exactly this config and compares the row.
 */
import type { PlannedGrid } from '../../../../core/gridCoverage';
import cellsText from './cells.csv?raw';

/** The page configuration every cell was trained with (`--config`). */
const CONFIG = 'data=fashion&act=relu&seed=0&backend=wasm';
const WIDTHS = [8, 16, 32, 64] as const;
const DEPTHS = [8, 16, 32, 64] as const;

export interface ShippedGrid extends PlannedGrid {
  text: string;
  config: string;
  command: string;
  /** When the run started (UTC), and when it was resumed after an interruption. */
  started: string;
  /** When the file was copied out of the grid's output directory (UTC). */
  copied: string;
  backend: string;
  /** Why planned cells are absent; null when every planned cell is there. */
  missingWhy: string | null;
}

export const SHIPPED_GRID: ShippedGrid = {
  text: cellsText,
  config: CONFIG,
  widths: WIDTHS,
  depths: DEPTHS,
  methods: ['bp', 'pc', 'pcalm'],
  command:
    `npm run -s cli -- grid --config "${CONFIG}" --widths ${WIDTHS.join(',')} ` +
    `--depths ${DEPTHS.join(',')} --acts relu --methods bp,pc,pcalm --out /work/gridrun`,
  started: '2026-12-01 22:22 UTC (resumed 2026-12-02 04:00 UTC)',
  copied: '2026-12-02 04:49 UTC',
  backend: 'wasm (tfjs WebAssembly SIMD in Node, one thread) on 2 CPU cores shared with other work',
  missingWhy: null,
};
