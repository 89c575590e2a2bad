/** A d3 axis as an SVG <g className="axis">, redrawn whenever the axis (or its scale) changes. */
import type { Axis, AxisDomain } from 'd3';
import { useRef } from 'react';
import { useAxis } from './hooks';

export function AxisGroup<D extends AxisDomain>(props: {
  /** Null draws nothing yet (e.g. before the figure has a size). */
  axis: Axis<D> | null;
  transform: string;
  /** Classes besides "axis". */
  className?: string;
}) {
  const ref = useRef<SVGGElement>(null);
  useAxis(ref, props.axis);
  return (
    <g
      ref={ref}
      className={props.className ? `axis ${props.className}` : 'axis'}
      transform={props.transform}
    />
  );
}
