/**
 * The paper's Fig. 2 from a cells.csv written by `cli grid` (one file, or several shards concatenated):
 * per data set and activation, width × depth heatmaps of the test-accuracy gaps PC − BP, PC-ALM − BP
 * and PC-ALM − PC, averaged over seeds. By default the grid shipped with the app (fig2/); a user's file
 * replaces it. The file is read as text and parsed; nothing of it is ever inserted as HTML.
 */
import { type ChangeEvent, useMemo, useState } from 'react';
import { gapGrids, parseCells } from '../../../core/gridCells';
import { describeCoverage, FIG2_GAPS, gridCoverage, withAxes } from '../../../core/gridCoverage';
import { TRAIN_METHODS } from '../../../core/methods';
import { trainingStore, useTraining } from '../../../state/training';
import { SHIPPED_GRID } from './fig2/shippedGrid';
import { type CellPick, GapHeatmap } from './GapHeatmap';
import { GridReadout } from './GridReadout';

/** Larger files are refused: the full paper grid is about 1,350 rows (~300 kB). */
const MAX_FILE_BYTES = 20e6;

/** Parsed once: the shipped file is checked by test/shippedGrid.test.ts, so it has no problems. */
const SHIPPED_ROWS = parseCells(SHIPPED_GRID.text).rows;

function hours(seconds: number): string {
  const m = Math.round(seconds / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

async function loadFile(event: ChangeEvent<HTMLInputElement>): Promise<void> {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) {
    trainingStore.setState({
      grid: {
        fileName: file.name,
        rows: [],
        problems: [`the file is ${(file.size / 1e6).toFixed(0)} MB, larger than 20 MB`],
      },
    });
    return;
  }
  const { rows, problems } = parseCells(await file.text());
  trainingStore.setState({ grid: { fileName: file.name, rows, problems } });
}

export function GridHeatmaps() {
  const loaded = useTraining((s) => s.grid);
  const [pick, setPick] = useState<CellPick | null>(null);
  // A loaded file replaces the shipped grid (mixing two runs' cells in one heatmap would hide which is which).
  const rows = loaded ? loaded.rows : SHIPPED_ROWS;
  const panels = useMemo(
    () =>
      FIG2_GAPS.map((gap) => ({
        gap,
        grids: gapGrids(rows, gap[0], gap[1]).map((g) =>
          loaded ? g : withAxes(g, SHIPPED_GRID.widths, SHIPPED_GRID.depths),
        ),
      })),
    [rows, loaded],
  );
  const groups = panels[0].grids.map((g) => ({ data: g.data, act: g.act, first: g }));
  // One symmetric colour scale for every heatmap, so colours compare across gaps and activations.
  const scale = Math.max(
    1,
    ...panels.flatMap((p) => p.grids.flatMap((g) => g.cells.map((c) => Math.abs(c.gap ?? 0)))),
  );
  const coverage = groups.flatMap((g) => {
    const methods = loaded
      ? TRAIN_METHODS.filter((m) => rows.some((r) => r.method === m))
      : SHIPPED_GRID.methods;
    const mine = rows.filter((r) => (r.data ?? '') === g.data && r.act === g.act);
    const lines = describeCoverage(
      gridCoverage(mine, { widths: g.first.widths, depths: g.first.depths, methods }),
    );
    return groups.length > 1 ? lines.map((l) => `${g.data} · ${g.act}: ${l}`) : lines;
  });
  const wall = rows.reduce((s, r) => s + (Number.isFinite(r.wall_s) ? r.wall_s : 0), 0);
  return (
    <section
      className="panel training-grid"
      aria-label="Width × depth grid"
      data-grid-source={loaded ? 'file' : 'shipped'}
    >
      <header className="panel-header">
        <h2>Width × depth grid (Fig. 2)</h2>
        <div className="panel-toolbar">
          <label>
            your cells.csv{' '}
            <input
              type="file"
              accept=".csv,text/csv"
              data-action="load-cells"
              onChange={(e) => {
                setPick(null);
                void loadFile(e);
              }}
            />
          </label>
          {loaded && (
            <button
              type="button"
              data-action="shipped-grid"
              onClick={() => {
                setPick(null);
                trainingStore.setState({ grid: null });
              }}
            >
              show the shipped grid
            </button>
          )}
        </div>
      </header>
      <div className="grid-summary" data-testid="grid-source">
        {loaded ? (
          <>
            Shown: <strong>{loaded.fileName}</strong>, {loaded.rows.length} rows (your file replaces the grid
            shipped with the app).
          </>
        ) : (
          <>
            Shown: <strong>the grid shipped with the app</strong>{' '}
            {`(Fashion-MNIST, ReLU, residual μPC, one epoch, T = 2L, seed 0; computed from ${SHIPPED_GRID.started} on the wasm backend; ${rows.length} runs, ${hours(wall)} of wall time).`}{' '}
            {SHIPPED_GRID.missingWhy ? 'Hollow cells were not run. ' : ''}Load your own cells.csv to replace
            it.
            <details className="grid-provenance">
              <summary>how it was made</summary>
              <code>{SHIPPED_GRID.command}</code>, started {SHIPPED_GRID.started}, backend{' '}
              {SHIPPED_GRID.backend}; copied {SHIPPED_GRID.copied}.
              {SHIPPED_GRID.missingWhy
                ? ` Missing cells: ${SHIPPED_GRID.missingWhy}.`
                : ' Every planned cell is in it.'}
              Your own file, written by <code>npm run cli -- grid …</code> (shards concatenated with cat are
              fine), replaces this one.
            </details>
          </>
        )}
        <ul className="grid-coverage">
          {coverage.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {loaded && loaded.problems.length > 0 && (
          <ul className="grid-problems">
            {/* Each problem names its record, so the texts are unique. */}
            {loaded.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      {groups.length > 0 && (
        <>
          <p className="training-note">
            Cell value: the test-accuracy gap in percentage points, averaged over seeds (one colour scale ±
            {scale.toFixed(1)} for all three).
          </p>
          {groups.map((g) => (
            <div className="grid-heatmaps" key={`${g.data}-${g.act}`}>
              {panels.map((p) => {
                const grid = p.grids.find((x) => x.data === g.data && x.act === g.act);
                return grid ? (
                  <GapHeatmap
                    key={p.gap.join('-')}
                    grid={grid}
                    gap={p.gap}
                    scale={scale}
                    picked={pick}
                    onPick={setPick}
                  />
                ) : null;
              })}
            </div>
          ))}
          <GridReadout rows={rows} pick={pick} />
        </>
      )}
    </section>
  );
}
