/**
 * The predicted fronts drawn over the credit heatmaps (theory overlays on): one dashed line per map of
 * a method, the formula written once per row. A haloed stroke keeps it readable on every colour.
 */
import type { MethodId } from '../../core/methods';
import { type Box, frontFor, frontLabel, frontLine, pathData } from './fronts';
import './overlays.css';

export interface FrontRow {
  method: MethodId;
  /** The row's maps; null where a map is blank (e.g. PC's λ), which gets no line. */
  maps: Array<Box | null>;
}

export function FrontLines(props: {
  rows: FrontRow[];
  steps: number;
  hiddenLayers: number;
  etaH: number;
  etaLambda: number;
}) {
  return (
    <g className="front-lines" data-testid="front-lines">
      {props.rows.map((row) => {
        const front = frontFor(row.method, props.etaH, props.etaLambda);
        if (!front) return null;
        const lines = row.maps.map((map) =>
          map ? frontLine(map, front, props.steps, props.hiddenLayers) : null,
        );
        // The formula is written once per row, on its last drawn map.
        const labelled = lines.reduce((last, line, i) => (line ? i : last), -1);
        return (
          <g key={row.method} className={`front front-${front.kind}`} data-front={front.kind}>
            <title>{`${frontLabel(front)}: predicted depth of the credit front below the top layer (spec §8)`}</title>
            {lines.map((line, i) =>
              line ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: one line per map column, a fixed order
                <g key={i}>
                  <path className="front-halo" d={pathData(line.points)} />
                  <path className="front-line" d={pathData(line.points)} />
                  {i === labelled && (
                    <text className="front-label" x={line.label.x} y={line.label.y} textAnchor="end">
                      {frontLabel(front)}
                    </text>
                  )}
                </g>
              ) : null,
            )}
          </g>
        );
      })}
    </g>
  );
}
