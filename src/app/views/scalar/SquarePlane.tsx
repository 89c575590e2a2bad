/**
 * The frame the two scalar planes, (h, λ) and (Δw₁, Δw₂), share: a square plot whose side follows its
 * box between a smallest and a largest size, equal units on both axes (planeFrame), the λ = 0 / Δw₂ = 0
 * line, and both axes with their titles. Each plane draws its own marks over the frame, under the axes.
 */
import { axisBottom, axisLeft, format, type ScaleLinear, scaleLinear } from 'd3';
import { type ReactNode, type RefObject, useRef } from 'react';
import { AxisGroup } from '../../../panels/charts/AxisGroup';
import { useElementSize } from '../../../panels/charts/hooks';
import type { PlaneFrame } from './scalarModel';

const MARGIN = { left: 50, right: 14, top: 12 };
const fmt = format('.3~g');

export interface SquarePlane {
  boxRef: RefObject<HTMLDivElement | null>;
  /** Side of the SVG in px. */
  size: number;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** Edges of the plot in px. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function useSquarePlane(frame: PlaneFrame, minSize: number, maxSize: number): SquarePlane {
  const boxRef = useRef<HTMLDivElement>(null);
  const { width: boxWidth } = useElementSize(boxRef);
  const size = Math.round(Math.min(maxSize, Math.max(minSize, boxWidth || minSize)));
  const plot = size - MARGIN.left - MARGIN.right;
  const [left, right] = [MARGIN.left, MARGIN.left + plot];
  const [bottom, top] = [MARGIN.top + plot, MARGIN.top];
  const x = scaleLinear().domain(frame.x).range([left, right]);
  const y = scaleLinear().domain(frame.y).range([bottom, top]);
  return { boxRef, size, x, y, left, right, top, bottom };
}

interface AxisTitle {
  label: string;
  hint: string;
}

export function SquarePlaneChart(props: {
  plane: SquarePlane;
  className: string;
  ariaLabel: string;
  testId?: string;
  xTitle: AxisTitle;
  yTitle: AxisTitle;
  children: ReactNode;
}) {
  const { boxRef, size, x, y, left, right, top, bottom } = props.plane;
  return (
    <div className={`chart ${props.className}`} ref={boxRef}>
      <svg width={size} height={size} role="img" aria-label={props.ariaLabel} data-testid={props.testId}>
        <rect className="scalar-frame" x={left} y={top} width={right - left} height={bottom - top} />
        <line className="scalar-zero" x1={left} x2={right} y1={y(0)} y2={y(0)} />
        {props.children}
        <AxisGroup
          axis={axisBottom<number>(x).ticks(5).tickFormat(fmt)}
          transform={`translate(0,${bottom})`}
        />
        <AxisGroup axis={axisLeft<number>(y).ticks(5).tickFormat(fmt)} transform={`translate(${left},0)`} />
        <text className="scalar-axis-title" x={(left + right) / 2} y={size - 4} textAnchor="middle">
          <title>{props.xTitle.hint}</title>
          {props.xTitle.label}
        </text>
        <text
          className="scalar-axis-title"
          transform={`translate(12,${(top + bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          <title>{props.yTitle.hint}</title>
          {props.yTitle.label}
        </text>
      </svg>
    </div>
  );
}
