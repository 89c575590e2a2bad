/** Small SVG pieces of the cosine figure: weight-matrix labels and the diverging colour key. */
import { useId } from 'react';

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** "W" with a Unicode subscript index (W₃₂): plain text, so it stays crisp and selectable. */
export function matrixName(index: number): string {
  const digits = String(Math.max(0, Math.floor(index)));
  return `W${Array.from(digits, (d) => SUBSCRIPT_DIGITS[Number(d)]).join('')}`;
}

export function MatrixLabel(props: { x: number; y: number; index: number; anchor: 'hanging' | 'auto' }) {
  return (
    <text
      className="cosine-matrix-label"
      x={props.x}
      y={props.y}
      textAnchor="end"
      dominantBaseline={props.anchor}
    >
      {matrixName(props.index)}
    </text>
  );
}

/** The band's colour key: cosine −1 … 1 on the diverging map, 0 (no credit yet) in the middle, pale. */
export function ColorRamp(props: { x: number; y: number; width: number; color: (u: number) => string }) {
  // useId's characters are not all valid in a url(#…) reference.
  const id = `cosine-ramp${useId().replace(/[^\w-]/g, '')}`;
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  const height = 8;
  return (
    <g className="cosine-ramp" transform={`translate(${props.x},${props.y})`}>
      <defs>
        <linearGradient id={id}>
          {stops.map((u) => (
            <stop key={u} offset={u} stopColor={props.color(u)} />
          ))}
        </linearGradient>
      </defs>
      <text x={-4} y={height / 2} textAnchor="end" dominantBaseline="central">
        −1
      </text>
      <rect width={props.width} height={height} fill={`url(#${id})`} />
      <text x={props.width + 4} y={height / 2} dominantBaseline="central">
        +1
      </text>
    </g>
  );
}
