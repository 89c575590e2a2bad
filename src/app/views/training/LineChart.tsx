/**
 * One curve per method against epochs (training) or inference steps (the width sweep), as SVG (a few
 * hundred points at most).
 */
import { axisBottom, axisLeft, extent, line, scaleLinear } from 'd3';
import { useMemo, useRef } from 'react';
import { METHOD_LABELS, type TrainMethod } from '../../../core/methods';
import { useAxis, useElementSize } from '../../../panels/charts/hooks';

export interface Series {
  method: TrainMethod;
  /** [epoch, value] pairs; non-finite values are left out. */
  points: Array<[number, number]>;
}

interface Props {
  id: string;
  title: string;
  series: Series[];
  /** Fixed y range (accuracy, cosine); otherwise fitted to the data. */
  yDomain?: [number, number];
  /** Total epochs of the run, so the x axis does not jump as points arrive. */
  xMax: number;
  format: (value: number) => string;
  /** What x is; epochs unless told. */
  xLabel?: string;
}

const HEIGHT = 200;
// Room under the tick labels for the axis title, so it never covers the last tick.
const MARGIN = { top: 8, right: 12, bottom: 36, left: 48 };

export function LineChart({ id, title, series, yDomain, xMax, format, xLabel = 'epochs' }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(box);
  const xAxisRef = useRef<SVGGElement>(null);
  const yAxisRef = useRef<SVGGElement>(null);
  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 10);
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const clean = useMemo(
    () =>
      series.map((s) => ({
        ...s,
        points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
      })),
    [series],
  );
  const x = scaleLinear()
    .domain([0, Math.max(xMax, 1e-9)])
    .range([0, innerWidth]);
  const y = useMemo(() => {
    if (yDomain) return scaleLinear().domain(yDomain).range([innerHeight, 0]);
    const [lo, hi] = extent(clean.flatMap((s) => s.points.map((p) => p[1])));
    const low = lo ?? 0;
    const high = hi ?? 1;
    const pad = (high - low) * 0.05 || 0.05;
    return scaleLinear()
      .domain([low - pad, high + pad])
      .nice()
      .range([innerHeight, 0]);
  }, [clean, yDomain, innerHeight]);
  useAxis(xAxisRef, width > 0 ? axisBottom(x).ticks(Math.max(2, Math.floor(innerWidth / 70))) : null);
  useAxis(
    yAxisRef,
    width > 0
      ? axisLeft(y)
          .ticks(5)
          .tickFormat((v) => format(Number(v)))
      : null,
  );
  const path = line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(Math.min(Math.max(p[1], y.domain()[0]), y.domain()[1])));
  const latest = clean
    .filter((s) => s.points.length > 0)
    .map((s) => ({ method: s.method, value: s.points[s.points.length - 1][1] }));

  return (
    <figure className="training-chart" data-chart={id}>
      <figcaption>
        <span className="training-chart-title">{title}</span>
        <span className="training-chart-latest">
          {latest.map((l) => (
            <span key={l.method} className={`method-${l.method}`}>
              {METHOD_LABELS[l.method]} {format(l.value)}
            </span>
          ))}
        </span>
      </figcaption>
      <div ref={box} className="chart">
        {width > 0 && (
          <svg width={width} height={HEIGHT} role="img" aria-label={`${title} against ${xLabel}`}>
            <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
              <g className="axis" ref={xAxisRef} transform={`translate(0,${innerHeight})`} />
              <g className="axis" ref={yAxisRef} />
              <text className="axis-label" x={innerWidth} y={innerHeight + 32} textAnchor="end">
                {xLabel}
              </text>
              {clean.map((s) => (
                <g key={s.method} className={`series method-${s.method}`}>
                  <path d={path(s.points) ?? ''} data-method={s.method} data-points={s.points.length} />
                  {s.points.length === 1 && <circle cx={x(s.points[0][0])} cy={y(s.points[0][1])} r={2.5} />}
                </g>
              ))}
            </g>
          </svg>
        )}
      </div>
    </figure>
  );
}
