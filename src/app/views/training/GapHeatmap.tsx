/**
 * One width × depth heatmap of a test-accuracy gap a − b (percentage points). Every place of the axes
 * is drawn: a cell whose rows lack a or b is drawn hollow with a dash, never coloured as a zero gap.
 * Hovering (or tapping) a cell reports it to the caller, which shows its numbers.
 */
import type { GapGrid } from '../../../core/gridCells';
import { METHOD_LABELS, type TrainMethod } from '../../../core/methods';
import { themeColormap } from '../../../panels/charts/colormaps';

const CELL = 44;
const LEFT = 34;
const TOP = 6;

export interface CellPick {
  data: string;
  act: string;
  width: number;
  depth: number;
}

export function GapHeatmap(props: {
  grid: GapGrid;
  gap: readonly [TrainMethod, TrainMethod];
  scale: number;
  picked: CellPick | null;
  onPick: (pick: CellPick) => void;
}) {
  const { grid, gap, scale, picked, onPick } = props;
  const colormap = themeColormap('diverging');
  const title = `${METHOD_LABELS[gap[0]]} − ${METHOD_LABELS[gap[1]]}`;
  const width = LEFT + grid.widths.length * CELL + 4;
  const height = TOP + grid.depths.length * CELL + 30;
  const depthsTopDown = [...grid.depths].reverse();
  const places = grid.widths.flatMap((w) => grid.depths.map((d) => [w, d] as const));
  return (
    <figure className="grid-heatmap" data-grid={`${grid.data}-${grid.act}`} data-gap={gap.join('-')}>
      <figcaption>
        {title} <span className="grid-heatmap-sub">{`${grid.data || 'data?'} · ${grid.act}`}</span>
      </figcaption>
      <svg
        width={width}
        height={height}
        // No role="img": its cells are focusable buttons, which an img's children may not be.
        aria-label={`${title} test accuracy, ${grid.data} ${grid.act}`}
      >
        <title>{`${title} test accuracy, ${grid.data} ${grid.act}`}</title>
        {grid.widths.map((w, i) => (
          <text
            key={w}
            x={LEFT + i * CELL + CELL / 2}
            y={height - 16}
            textAnchor="middle"
            className="axis-label"
          >
            {w}
          </text>
        ))}
        <text
          x={LEFT + (grid.widths.length * CELL) / 2}
          y={height - 3}
          textAnchor="middle"
          className="axis-label"
        >
          width N
        </text>
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
        <text x={2} y={TOP + 10} className="axis-label">
          L
        </text>
        {places.map(([w, d]) => {
          const cell = grid.cells.find((c) => c.width === w && c.depth === d);
          const value = cell?.gap ?? null;
          const u = value === null ? 0.5 : 0.5 + Math.max(-1, Math.min(1, value / scale)) / 2;
          const here =
            picked?.data === grid.data && picked.act === grid.act && picked.width === w && picked.depth === d;
          const pick = () => onPick({ data: grid.data, act: grid.act, width: w, depth: d });
          return (
            // biome-ignore lint/a11y/useSemanticElements: an SVG cell cannot be a <button>; it acts as one
            <g
              key={`${w}-${d}`}
              transform={`translate(${LEFT + grid.widths.indexOf(w) * CELL},${TOP + depthsTopDown.indexOf(d) * CELL})`}
              className={`gap-cell${value === null ? ' missing' : ''}${here ? ' picked' : ''}`}
              data-cell={`${w}x${d}`}
              role="button"
              tabIndex={0}
              aria-label={`N ${w}, L ${d}`}
              onMouseEnter={pick}
              onFocus={pick}
              onClick={pick}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') pick();
              }}
            >
              <rect width={CELL - 2} height={CELL - 2} fill={value === null ? 'none' : colormap.css(u)}>
                <title>
                  {value === null
                    ? `N = ${w}, L = ${d}: not run for ${cell ? 'one of the two methods' : 'any method'}`
                    : `N = ${w}, L = ${d}: ${title} = ${value.toFixed(2)} points`}
                </title>
              </rect>
              <text
                x={(CELL - 2) / 2}
                y={(CELL - 2) / 2 + 4}
                textAnchor="middle"
                // Light text where the colour map is dark (its far ends).
                className={Math.abs(u - 0.5) > 0.3 ? 'gap-value on-dark' : 'gap-value'}
              >
                {value === null ? '–' : value.toFixed(1)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
