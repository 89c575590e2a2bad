/**
 * The complex plane of the annulus figure: d3 scales and axes, the unit circle and the predicted
 * annulus in SVG, the eigenvalues on a canvas above them, and a hover read-out.
 */
import { axisBottom, axisLeft, scaleLinear } from 'd3';
import { type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { ComplexArray } from '../../theory/spectrum';
import { prepareCanvas } from '../charts/canvas';
import { useAxis, useElementSize } from '../charts/hooks';
import { Tooltip, type TooltipState } from '../charts/Tooltip';
import { useThemeColours } from '../charts/themeColours';
import { tooltipX } from '../charts/tooltipPlacement';
import { DensityRing } from './DensityRing';
import { drawPoints, type PointLayer } from './draw';
import { closedFormLines, exactLines, fmt, nearestPoint } from './model';

const MARGIN = { top: 10, right: 12, bottom: 30, left: 40 };
const MIN_SIZE = 240;
const MAX_SIZE = 520;
/** Hover picks the nearest eigenvalue within this many pixels. */
const HOVER_PX = 8;

export interface AnnulusChartProps extends PointLayer {
  /** Half-width of the square view (data units). */
  viewRadius: number;
  /** Predicted ring of §7 (NaN when no mode can be complex). */
  inner: number;
  outer: number;
  /** For the hover text of the closed-form points. */
  sigmas: Float64Array | null;
  etaH: number;
  exactEtaLambda: number | null;
  /** Histogram of σ (bin edges, fraction per bin), drawn on the ring at √(1 − η_h σ²); null: none. */
  density?: { edges: Float64Array; mass: Float64Array } | null;
}

/** SVG path of a ring between two radii (even-odd fill), centred at (cx, cy). */
function ringPath(cx: number, cy: number, inner: number, outer: number): string {
  const circle = (r: number) =>
    `M${cx + r},${cy}A${r},${r} 0 1,0 ${cx - r},${cy}A${r},${r} 0 1,0 ${cx + r},${cy}Z`;
  return circle(outer) + (inner > 0 ? circle(inner) : '');
}

export function AnnulusChart(props: AnnulusChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const xAxisRef = useRef<SVGGElement>(null);
  const yAxisRef = useRef<SVGGElement>(null);
  const [tip, setTip] = useState<TooltipState | null>(null);
  const { width: boxWidth } = useElementSize(boxRef);
  const size = Math.round(Math.min(MAX_SIZE, Math.max(MIN_SIZE, boxWidth || MIN_SIZE)));
  const plot = size - MARGIN.left - MARGIN.right;

  const { x, y } = useMemo(() => {
    const r = props.viewRadius;
    return {
      x: scaleLinear()
        .domain([-r, r])
        .range([MARGIN.left, MARGIN.left + plot]),
      y: scaleLinear()
        .domain([-r, r])
        .range([MARGIN.top + plot, MARGIN.top]),
    };
  }, [props.viewRadius, plot]);
  const height = MARGIN.top + plot + MARGIN.bottom;

  useAxis(xAxisRef, axisBottom(x).ticks(5));
  useAxis(yAxisRef, axisLeft(y).ticks(5));

  const { closed, exact, exactStale, closedStale, tracked } = props;
  const theme = useThemeColours();
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ctx = prepareCanvas(canvas, size, height);
    if (!ctx) return;
    const colors = {
      closed: theme.css('--pcalm', '#888'),
      exact: theme.css('--ink', '#888'),
      circle: theme.css('--muted', '#888'),
    };
    drawPoints(ctx, size, height, x, y, { closed, exact, exactStale, closedStale, tracked }, colors);
  }, [closed, exact, exactStale, closedStale, tracked, x, y, size, height, theme]);

  const onMove = (event: MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    const re = x.invert(px);
    const im = y.invert(py);
    const reach = HOVER_PX / (x(1) - x(0));
    const kExact = exact ? nearestPoint(exact, re, im, reach) : -1;
    const kClosed = closed && props.sigmas ? nearestPoint(closed, re, im, reach) : -1;
    const distance = (set: ComplexArray | null, k: number) =>
      set && k >= 0 ? Math.hypot(set.re[k] - re, set.im[k] - im) : Number.POSITIVE_INFINITY;
    let lines: string[] | null = null;
    if (kExact >= 0 && exact && distance(exact, kExact) <= distance(closed, kClosed)) {
      lines = exactLines(exact, kExact, props.exactEtaLambda ?? Number.NaN);
    } else if (kClosed >= 0 && closed && props.sigmas) {
      lines = closedFormLines(props.sigmas, props.etaH, closed, kClosed);
    }
    setTip(lines ? { x: tooltipX(px, lines, size), y: py, lines } : null);
  };

  const cx = x(0);
  const cy = y(0);
  const unit = x(1) - x(0);
  const hasRing = Number.isFinite(props.inner) && Number.isFinite(props.outer);
  const [left, right] = x.range();
  const [bottom, top] = y.range();

  return (
    <div className="chart annulus-chart" ref={boxRef}>
      <svg
        width={size}
        height={height}
        role="img"
        aria-label="Eigenvalues of the PC-ALM iteration in the complex plane"
      >
        <line className="annulus-gridline" x1={left} x2={right} y1={cy} y2={cy} />
        <line className="annulus-gridline" x1={cx} x2={cx} y1={top} y2={bottom} />
        {props.density && Number.isFinite(props.etaH) && (
          <DensityRing
            edges={props.density.edges}
            mass={props.density.mass}
            etaH={props.etaH}
            cx={cx}
            cy={cy}
            unit={unit}
          />
        )}
        {hasRing && (
          <>
            <path className="annulus-ring" d={ringPath(cx, cy, props.inner * unit, props.outer * unit)} />
            <circle className="annulus-edge" cx={cx} cy={cy} r={props.outer * unit} />
            {props.inner > 0 && <circle className="annulus-edge" cx={cx} cy={cy} r={props.inner * unit} />}
          </>
        )}
        <circle className="annulus-unit" cx={cx} cy={cy} r={unit} />
        <text
          className="annulus-unit-label"
          x={cx + unit * Math.SQRT1_2 + 4}
          y={cy - unit * Math.SQRT1_2 - 4}
        >
          |z| = 1
        </text>
        {hasRing && (
          <text className="annulus-ring-label" x={right - 4} y={top + 12} textAnchor="end">
            ring {fmt(props.inner, 4)} ≤ |z| ≤ {fmt(props.outer, 4)}
          </text>
        )}
        <g className="axis" ref={xAxisRef} transform={`translate(0,${bottom})`} />
        <g className="axis" ref={yAxisRef} transform={`translate(${left},0)`} />
        <text className="annulus-axis-label" x={right} y={height - 2} textAnchor="end">
          <title>real part of an eigenvalue z of one PC-ALM step</title>
          Re z
        </text>
        <text className="annulus-axis-label" x={left + 4} y={top + 10}>
          <title>imaginary part: how fast the mode oscillates from step to step</title>
          Im z
        </text>
      </svg>
      <canvas
        ref={canvasRef}
        className="annulus-canvas"
        onMouseMove={onMove}
        onMouseLeave={() => setTip(null)}
      />
      <Tooltip tip={tip} />
    </div>
  );
}
