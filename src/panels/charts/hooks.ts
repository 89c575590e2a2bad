/** Small React hooks shared by the figures: element size, d3 axes into an SVG group, redraw triggers. */
import { type Axis, type AxisDomain, select } from 'd3';
import { type RefObject, useEffect, useLayoutEffect, useState } from 'react';

/** Content-box size of an element, following resizes (layouts from a 1280×720 projector up to 4K). */
export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      setSize((old) =>
        Math.abs(old.width - width) < 0.5 && Math.abs(old.height - height) < 0.5 ? old : { width, height },
      );
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** Renders a d3 axis into an SVG <g> whenever the axis (or its scale) changes. */
export function useAxis<D extends AxisDomain>(
  ref: RefObject<SVGGElement | null>,
  axis: Axis<D> | null,
): void {
  useEffect(() => {
    if (ref.current && axis) select(ref.current).call(axis);
  });
}
