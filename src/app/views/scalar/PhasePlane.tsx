/**
 * Inference as a path in the (h, λ) plane: every step is a point. PC stays on λ = 0 and stops at h*;
 * PC-ALM heads for (h̄, −δ), in a spiral when one step's eigenvalues are a complex pair (spec §7).
 * Equal units on both axes, so a spiral looks like one.
 */
import { type Axis, axisBottom, axisLeft, format, line, scaleLinear } from 'd3';
import { useMemo, useRef } from 'react';
import { useAxis, useElementSize } from '../../../panels/charts/hooks';
import type { ScalarState } from '../../../theory/scalarExample';
import { planeFrame, type ScalarModel, stepIn } from './scalarModel';

const MARGIN = { left: 50, right: 14, top: 12, bottom: 40 };
const MIN_SIZE = 240;
const MAX_SIZE = 380;
const fmt = format('.3~g');

function AxisGroup(props: { axis: Axis<number>; transform: string }) {
  const ref = useRef<SVGGElement>(null);
  useAxis(ref, props.axis);
  return <g ref={ref} className="axis" transform={props.transform} />;
}

export function PhasePlane({ model, t }: { model: ScalarModel; t: number }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const { width: boxWidth } = useElementSize(boxRef);
  const size = Math.round(Math.min(MAX_SIZE, Math.max(MIN_SIZE, boxWidth || MIN_SIZE)));
  const plot = size - MARGIN.left - MARGIN.right;
  const frame = useMemo(() => {
    const points = [...model.pcalm.states, ...model.pc.states].map((s) => ({ dw1: s.h, dw2: s.lambda }));
    return planeFrame([...points, { dw1: model.hForward, dw2: model.lambdaStar }]);
  }, [model]);
  const x = scaleLinear()
    .domain(frame.x)
    .range([MARGIN.left, MARGIN.left + plot]);
  const y = scaleLinear()
    .domain(frame.y)
    .range([MARGIN.top + plot, MARGIN.top]);
  const path = line<ScalarState>()
    .x((s) => x(s.h))
    .y((s) => y(s.lambda));
  const [left, right] = x.range();
  const [bottom, top] = y.range();
  const targets = [
    { key: 'pc', h: model.hStar, lambda: 0, hint: `PC’s equilibrium (h*, 0) = (${fmt(model.hStar)}, 0)` },
    {
      key: 'pcalm',
      h: model.hForward,
      lambda: model.lambdaStar,
      hint: `PC-ALM’s fixed point (h̄, −δ) = (${fmt(model.hForward)}, ${fmt(model.lambdaStar)})`,
    },
  ];
  return (
    <div className="chart scalar-phase" ref={boxRef}>
      <svg
        width={size}
        height={size}
        role="img"
        aria-label="Inference of PC and PC-ALM as paths in the plane of the hidden activity h and its multiplier λ"
      >
        <rect className="scalar-frame" x={left} y={top} width={right - left} height={bottom - top} />
        <line className="scalar-zero" x1={left} x2={right} y1={y(0)} y2={y(0)} />
        {targets.map((p) => (
          <circle
            key={p.key}
            className={`scalar-target scalar-target-${p.key}`}
            cx={x(p.h)}
            cy={y(p.lambda)}
            r={6}
          >
            <title>{p.hint}</title>
          </circle>
        ))}
        {(['pc', 'pcalm'] as const).map((method) => {
          const run = model[method];
          const shown = run.states[stepIn(run, t)];
          return (
            <g key={method} className={`scalar-series scalar-${method}`}>
              <path d={path(run.states) ?? ''} />
              <circle cx={x(shown.h)} cy={y(shown.lambda)} r={4} />
            </g>
          );
        })}
        <AxisGroup
          axis={axisBottom<number>(x).ticks(5).tickFormat(fmt)}
          transform={`translate(0,${bottom})`}
        />
        <AxisGroup axis={axisLeft<number>(y).ticks(5).tickFormat(fmt)} transform={`translate(${left},0)`} />
        <text className="scalar-axis-title" x={(left + right) / 2} y={size - 4} textAnchor="middle">
          <title>hidden activity h after each activity step</title>h
        </text>
        <text
          className="scalar-axis-title"
          transform={`translate(12,${(top + bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          <title>multiplier λ of the hidden layer (PC: always 0)</title>λ
        </text>
      </svg>
    </div>
  );
}
