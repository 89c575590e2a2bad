/** A hover read-out positioned over a figure. Plain text lines only: nothing is ever parsed as HTML. */
export interface TooltipState {
  x: number;
  y: number;
  lines: string[];
}

export function Tooltip({ tip }: { tip: TooltipState | null }) {
  if (!tip) return null;
  return (
    <div className="chart-tooltip" role="tooltip" style={{ left: tip.x + 12, top: tip.y + 12 }}>
      {tip.lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </div>
  );
}
