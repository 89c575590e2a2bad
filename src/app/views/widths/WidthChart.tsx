/**
 * The figure itself (paper Fig. 8): the final cosine to BP (at step T) of PC and PC-ALM against width,
 * x on a log2 scale with a tick per swept width. Points appear as their widths finish; a skipped width
 * gets a cross on the axis. Each width's column is a button that picks it for the steps chart, so a
 * tap on a phone does not have to hit a 4-pixel dot.
 */
import { axisBottom, axisLeft, line, scaleLinear, scaleLog } from 'd3';
import { useMemo, useRef } from 'react';
import { METHOD_LABELS, METHODS, type MethodId } from '../../../core/methods';
import type { SweepPoint } from '../../../core/sweepProtocol';
import { AxisGroup } from '../../../panels/charts/AxisGroup';
import { useElementSize } from '../../../panels/charts/hooks';

interface Props {
  widths: readonly number[];
  points: Record<number, SweepPoint>;
  /** The width the steps chart shows (ringed). */
  shown: number;
  /** The width being computed now, or null. */
  computing: number | null;
  onPick: (width: number) => void;
}

const HEIGHT = 240;
const MARGIN = { top: 10, right: 14, bottom: 36, left: 48 };

/** Lowest y shown: 0, or lower when a cosine is negative. */
export function cosineFloor(values: readonly number[]): number {
  const lowest = Math.min(0, ...values.filter(Number.isFinite));
  return lowest < 0 ? Math.floor(lowest * 10) / 10 : 0;
}

export function WidthChart({ widths, points, shown, computing, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(box);
  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 10);
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const lo = widths[0] ?? 8;
  const hi = widths[widths.length - 1] ?? 512;
  // Half a doubling of room at each end, so the first and last points are not on the frame.
  const x = scaleLog()
    .base(2)
    .domain([lo / Math.SQRT2, hi * Math.SQRT2])
    .range([0, innerWidth]);
  const finals = useMemo(
    () =>
      METHODS.map((method) => ({
        method,
        points: widths.flatMap((w): Array<[number, number]> => {
          const p = points[w];
          const value = p?.status === 'done' ? p.final[method] : null;
          return value === null || value === undefined ? [] : [[w, value]];
        }),
      })),
    [widths, points],
  );
  const floor = cosineFloor(finals.flatMap((s) => s.points.map((p) => p[1])));
  const y = scaleLinear().domain([floor, 1]).range([innerHeight, 0]);
  const path = line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  // Columns between the midpoints of neighbouring widths (on the log scale): the tap targets.
  const column = (i: number) => {
    const left = i === 0 ? 0 : (x(widths[i - 1]) + x(widths[i])) / 2;
    const right = i === widths.length - 1 ? innerWidth : (x(widths[i]) + x(widths[i + 1])) / 2;
    return { left, width: Math.max(right - left, 1) };
  };
  const live = width > 0;
  return (
    <figure className="widths-chart" data-chart="final-cosine">
      <figcaption>
        <span className="training-chart-title">Cosine to BP at step T against width N</span>
        <span className="widths-legend">
          {METHODS.map((m) => (
            <span key={m} className={`method-${m}`}>
              <span className="widths-swatch" aria-hidden="true" /> {METHOD_LABELS[m]}
            </span>
          ))}
          <span className="widths-legend-bp">
            <span className="widths-swatch" aria-hidden="true" /> BP = 1
          </span>
        </span>
      </figcaption>
      <div ref={box} className="chart">
        {live && (
          // Not role="img": its width columns are buttons, which an img's children cannot be.
          <svg
            width={width}
            height={HEIGHT}
            aria-label="Final cosine between each method's weight update and BP's, against width"
          >
            <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
              {widths.map((w, i) => {
                const c = column(i);
                return (
                  // biome-ignore lint/a11y/useSemanticElements: an SVG column cannot be a <button>; the select beside the chart offers the same choice
                  <rect
                    key={w}
                    className={`widths-column${w === shown ? ' shown' : ''}${w === computing ? ' computing' : ''}`}
                    data-width={w}
                    x={c.left}
                    y={0}
                    width={c.width}
                    height={innerHeight}
                    role="button"
                    tabIndex={0}
                    aria-label={`show the steps of width ${w}`}
                    aria-pressed={w === shown}
                    onClick={() => onPick(w)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onPick(w);
                      }
                    }}
                  />
                );
              })}
              <AxisGroup
                axis={axisBottom(x)
                  .tickValues([...widths])
                  .tickFormat((v) => String(v))}
                transform={`translate(0,${innerHeight})`}
              />
              <AxisGroup axis={axisLeft(y).ticks(5)} transform="" />
              <text className="axis-label" x={innerWidth} y={innerHeight + 30} textAnchor="end">
                width N (log scale)
              </text>
              <line className="widths-bp-line" x1={0} x2={innerWidth} y1={y(1)} y2={y(1)} />
              {floor < 0 && <line className="widths-zero-line" x1={0} x2={innerWidth} y1={y(0)} y2={y(0)} />}
              {finals.map((s) => (
                <g key={s.method} className={`series method-${s.method}`}>
                  <path d={path(s.points) ?? ''} data-method={s.method} data-points={s.points.length} />
                  {s.points.map(([w, v]) => (
                    <circle
                      key={w}
                      data-testid={`final-${s.method}-${w}`}
                      cx={x(w)}
                      cy={y(v)}
                      r={w === shown ? 5.5 : 4}
                      className={w === shown ? 'shown' : undefined}
                    >
                      <title>{`${METHOD_LABELS[s.method]}, N = ${w}: cosine ${v.toFixed(3)} at step T`}</title>
                    </circle>
                  ))}
                </g>
              ))}
              {widths.map((w) => {
                const p = points[w];
                if (p?.status !== 'skipped') return null;
                return (
                  <g
                    key={w}
                    className="widths-skipped"
                    data-skipped={w}
                    transform={`translate(${x(w)},${innerHeight - 8})`}
                  >
                    <path d="M-5,-5L5,5M-5,5L5,-5" />
                    <title>{`N = ${w} skipped: ${p.reason}`}</title>
                  </g>
                );
              })}
              {widths.map((w) =>
                w === computing ? <ComputingMark key={w} x={x(w)} y={innerHeight - 8} /> : null,
              )}
            </g>
          </svg>
        )}
      </div>
    </figure>
  );
}

function ComputingMark({ x, y }: { x: number; y: number }) {
  return (
    <circle className="widths-computing" cx={x} cy={y} r={4}>
      <title>computing this width now</title>
    </circle>
  );
}

/** The final cosine of a method at a width, for readouts: "0.884", "diverged", "–". */
export function finalText(point: SweepPoint | undefined, method: MethodId): string {
  if (!point) return '–';
  if (point.status === 'skipped') return 'skipped';
  const value = point.final[method];
  return value === null ? 'diverged' : value.toFixed(3);
}
