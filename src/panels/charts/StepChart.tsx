/**
 * What the figures over inference steps (gradient cosine, unit traces) share: the box with a canvas
 * painted under an SVG frame, the step axis under the plot with its title, y axes drawn as gridlines,
 * and the hover read-out with click-to-seek over the plot.
 */
import { axisBottom, axisLeft, type ScaleLinear } from 'd3';
import { type MouseEvent, type ReactNode, type RefObject, useState } from 'react';
import { computedSteps, type RunView, store } from '../../state/store';
import { usePanelActions } from '../../ui/panelActions';
import { AxisGroup } from './AxisGroup';
import { integerTicks } from './integerTicks';
import { nearestStep } from './nearestStep';
import { Tooltip, type TooltipState } from './Tooltip';
import { tooltipX } from './tooltipPlacement';
import './stepChart.css';
import { LoadingNote } from '../LoadingNote';

type Scale = ScaleLinear<number, number>;

/**
 * The figure's box: the canvas, the SVG frame of the same size over it (both hidden until there is a
 * run and a width to draw at), the note before the first run, and the hover read-out.
 */
export function StepChartFrame(props: {
  /** The figure's own class besides the shared ones. */
  className: string;
  chartRef: RefObject<HTMLDivElement | null>;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  size: { width: number; height: number };
  /** The box has a width (the size is real). */
  live: boolean;
  /** A run is there to draw. */
  ready: boolean;
  ariaLabel: string;
  tip: TooltipState | null;
  children: ReactNode;
}) {
  const { width, height } = props.size;
  return (
    <div
      className={`chart layered-chart ${props.className}`}
      ref={props.chartRef}
      style={{ height: props.live ? height : undefined }}
    >
      {!props.ready && <LoadingNote className="chart-waiting" />}
      <canvas ref={props.canvasRef} />
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={props.ariaLabel}
        visibility={props.ready && props.live ? 'visible' : 'hidden'}
      >
        {props.children}
      </svg>
      <Tooltip tip={props.tip} />
    </div>
  );
}

/** Steps 0 … T under the plot at height `y`, whole numbers about every 70 px, and the axis title. */
export function StepAxis({ x, y, live }: { x: Scale; y: number; live: boolean }) {
  const [left, right] = x.range();
  const ticks = Math.max(2, Math.floor((right - left) / 70));
  return (
    <>
      <AxisGroup
        axis={live ? axisBottom(x).tickValues(integerTicks(x, ticks)) : null}
        transform={`translate(0,${y})`}
      />
      <text className="chart-axis-title" x={(left + right) / 2} y={y + 30} textAnchor="middle">
        <title>inference step t: 0 is the forward pass; click to show that step</title>
        inference step t
      </text>
    </>
  );
}

/** A y axis at `left` whose ticks run across the plot's `width` as gridlines. */
export function GridlineAxis(props: { y: Scale; left: number; width: number; ticks: number; live: boolean }) {
  return (
    <AxisGroup
      className="chart-y-axis"
      axis={props.live ? axisLeft(props.y).ticks(props.ticks).tickSize(-props.width) : null}
      transform={`translate(${props.left},0)`}
    />
  );
}

type PointerHandlers = {
  onPointerMove: (e: MouseEvent<SVGRectElement>) => void;
  onPointerLeave: () => void;
  onClick: (e: MouseEvent<SVGRectElement>) => void;
};

/**
 * The read-out of the step nearest the pointer, and a click that shows that step (computing up to it
 * when needed). `linesAt` gives the lines after "step t" for a computed step; py is the pointer's
 * height in the SVG.
 */
export function useStepPointer(
  x: Scale,
  linesAt: (run: RunView, t: number, py: number) => string[],
): { tip: TooltipState | null; handlers: PointerHandlers } {
  const [tip, setTip] = useState<TooltipState | null>(null);
  const { seek } = usePanelActions();
  const onPointer = (e: MouseEvent<SVGRectElement>, click: boolean) => {
    const run = store.getState().run;
    const box = e.currentTarget.ownerSVGElement?.getBoundingClientRect();
    if (!run || !box) return;
    const px = e.clientX - box.left;
    const py = e.clientY - box.top;
    const t = nearestStep(x.invert(px), run.info.T);
    if (t === null) return setTip(null);
    if (click) {
      setTip(null); // its text may be stale once the step is computed
      return seek(t);
    }
    const lines =
      t >= computedSteps(run)
        ? [`step ${t}`, 'not computed yet (click to compute up to here)']
        : [`step ${t}`, ...linesAt(run, t, py)];
    setTip({ x: tooltipX(px, lines, box.width), y: py, lines });
  };
  return {
    tip,
    handlers: {
      onPointerMove: (e) => onPointer(e, false),
      onPointerLeave: () => setTip(null),
      onClick: (e) => onPointer(e, true),
    },
  };
}

/**
 * The transparent area over the plot that takes the pointer. A pointer shortcut only: keyboard users
 * seek with the transport's step slider and keys.
 */
export function StepHitArea(props: {
  x: number;
  y: number;
  width: number;
  height: number;
  handlers: PointerHandlers;
}) {
  const { handlers, ...rect } = props;
  return <rect className="chart-hit" {...rect} {...handlers} />;
}
