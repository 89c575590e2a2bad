/**
 * The paper's Fig. 2 from a cells.csv written by `cli grid` (one file, or several shards concatenated):
 * per data set and activation, a width × depth heatmap of the test-accuracy gap between two methods,
 * averaged over seeds. The file is read as text and parsed; nothing of it is ever inserted as HTML.
 */
import { type ChangeEvent, useMemo } from 'react';
import { type GapGrid, gapGrids, parseCells } from '../../../core/gridCells';
import { METHOD_LABELS, TRAIN_METHODS, type TrainMethod } from '../../../core/methods';
import { themeColormap } from '../../../panels/charts/colormaps';
import { trainingStore, useTraining } from '../../../state/training';

/** Larger files are refused: the full paper grid is about 1,350 rows (~300 kB). */
const MAX_FILE_BYTES = 20e6;
const CELL = 44;
const LEFT = 44;
const TOP = 18;

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

function Heatmap({ grid, scale }: { grid: GapGrid; scale: number }) {
  const colormap = themeColormap('diverging');
  const width = LEFT + grid.widths.length * CELL + 4;
  const height = TOP + grid.depths.length * CELL + 22;
  const depthsTopDown = [...grid.depths].reverse();
  return (
    <figure className="grid-heatmap" data-grid={`${grid.data}-${grid.act}`}>
      <figcaption>
        {grid.data || 'data?'} · {grid.act}
      </figcaption>
      <svg width={width} height={height} role="img" aria-label={`accuracy gap, ${grid.data} ${grid.act}`}>
        <text x={4} y={12} className="axis-label">
          L \ N
        </text>
        {grid.widths.map((w, i) => (
          <text
            key={w}
            x={LEFT + i * CELL + CELL / 2}
            y={height - 6}
            textAnchor="middle"
            className="axis-label"
          >
            {w}
          </text>
        ))}
        {depthsTopDown.map((d, j) => (
          <text
            key={d}
            x={LEFT - 6}
            y={TOP + j * CELL + CELL / 2 + 4}
            textAnchor="end"
            className="axis-label"
          >
            {d}
          </text>
        ))}
        {grid.cells.map((c) => {
          const i = grid.widths.indexOf(c.width);
          const j = depthsTopDown.indexOf(c.depth);
          const u = c.gap === null ? 0.5 : 0.5 + c.gap / (2 * scale);
          const accuracies = TRAIN_METHODS.filter((m) => c.accuracy[m] !== undefined)
            .map((m) => `${METHOD_LABELS[m]} ${(100 * c.accuracy[m]!).toFixed(2)}%`)
            .join(', ');
          return (
            <g key={`${c.width}-${c.depth}`} transform={`translate(${LEFT + i * CELL},${TOP + j * CELL})`}>
              <rect
                width={CELL - 2}
                height={CELL - 2}
                fill={c.gap === null ? 'var(--line)' : colormap.css(u)}
              >
                <title>
                  N = {c.width}, L = {c.depth}, {c.seeds} seed(s): {accuracies}
                </title>
              </rect>
              <text
                x={(CELL - 2) / 2}
                y={(CELL - 2) / 2 + 4}
                textAnchor="middle"
                // Light text where the colour map is dark (its far ends).
                className={Math.abs(u - 0.5) > 0.3 ? 'gap-value on-dark' : 'gap-value'}
              >
                {c.gap === null ? '–' : c.gap.toFixed(1)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function GridHeatmaps() {
  const grid = useTraining((s) => s.grid);
  const gap = useTraining((s) => s.gap);
  const grids = useMemo(() => (grid ? gapGrids(grid.rows, gap[0], gap[1]) : []), [grid, gap]);
  // One symmetric colour scale for every heatmap, so colours compare across activations.
  const scale = Math.max(1, ...grids.flatMap((g) => g.cells.map((c) => Math.abs(c.gap ?? 0))));
  const pick = (index: 0 | 1) => (e: ChangeEvent<HTMLSelectElement>) => {
    const next: [TrainMethod, TrainMethod] = [...gap];
    next[index] = e.target.value as TrainMethod;
    trainingStore.setState({ gap: next });
  };
  return (
    <section className="panel training-grid" aria-label="Width × depth grid">
      <header className="panel-header">
        <h2>Width × depth grid (Fig. 2)</h2>
        <div className="panel-toolbar">
          <label>
            cells.csv{' '}
            <input
              type="file"
              accept=".csv,text/csv"
              data-action="load-cells"
              onChange={(e) => void loadFile(e)}
            />
          </label>
          <label>
            gap{' '}
            <select value={gap[0]} onChange={pick(0)} data-param="gap-a">
              {TRAIN_METHODS.map((m) => (
                <option key={m} value={m}>
                  {METHOD_LABELS[m]}
                </option>
              ))}
            </select>{' '}
            −{' '}
            <select value={gap[1]} onChange={pick(1)} data-param="gap-b">
              {TRAIN_METHODS.map((m) => (
                <option key={m} value={m}>
                  {METHOD_LABELS[m]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      {!grid && (
        <p className="training-note">
          Load a cells.csv written by <code>npm run cli -- grid …</code> (shards concatenated with cat are
          fine) to see the test-accuracy gap, in percentage points and averaged over seeds, for every width N
          and depth L.
        </p>
      )}
      {grid && (
        <div className="grid-summary">
          {grid.fileName}: {grid.rows.length} rows
          {grid.problems.length > 0 && (
            <ul className="grid-problems">
              {/* Each problem names its record, so the texts are unique. */}
              {grid.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {grids.length > 0 && (
        <>
          <p className="training-note">
            Cell value: {METHOD_LABELS[gap[0]]} − {METHOD_LABELS[gap[1]]} test accuracy, percentage points
            (colour scale ±{scale.toFixed(1)}); hover a cell for the accuracies.
          </p>
          <div className="grid-heatmaps">
            {grids.map((g) => (
              <Heatmap key={`${g.data}-${g.act}`} grid={g} scale={scale} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
