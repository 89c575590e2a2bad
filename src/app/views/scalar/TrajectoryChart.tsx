/**
 * h(t), λ(t) and r(t) of the scalar example for PC and PC-ALM, stacked over a shared step axis, with
 * the fixed points as dashed reference lines and a cursor at the shown step. A few dozen SVG elements.
 */
import { axisBottom, axisLeft, format, line, type ScaleLinear, scaleLinear } from 'd3';
import { useMemo, useRef } from 'react';
import { AxisGroup } from '../../../panels/charts/AxisGroup';
import { useElementSize } from '../../../panels/charts/hooks';
import { integerTicks } from '../../../panels/charts/integerTicks';
import type { ScalarState } from '../../../theory/scalarExample';
import { type MethodRun, type ScalarModel, seriesDomain, stepIn } from './scalarModel';

type Quantity = 'h' | 'lambda' | 'r';

interface Reference {
  value: number;
  label: string;
  hint: string;
}

interface Row {
  quantity: Quantity;
  title: string;
  hint: string;
  references: Reference[];
}

const MARGIN = { left: 52, right: 96, top: 16, bottom: 34 };
const ROW_HEIGHT = 92;
const ROW_GAP = 22;
const fmt = format('.3~g');

function rowsOf(model: ScalarModel): Row[] {
  return [
    {
      quantity: 'h',
      title: 'activity h(t)',
      hint: 'the hidden activity after activity step t; step 0 is the forward pass h̄ = w₁x',
      references: [
        {
          value: model.hForward,
          label: 'h̄ forward',
          hint: 'h̄ = w₁x: the forward pass, where PC-ALM returns',
        },
        {
          value: model.hStar,
          label: 'h* (PC)',
          hint: 'h* = (w₁x + w₂y)/(1 + w₂²): the minimum of F, where PC settles',
        },
      ],
    },
    {
      quantity: 'lambda',
      title: 'multiplier λ(t)',
      hint: 'the Lagrange multiplier of the hidden layer; PC has none (λ ≡ 0)',
      references: [
        {
          value: model.lambdaStar,
          label: '−δ (BP)',
          hint: '−δ = w₂ ē: backprop’s adjoint, PC-ALM’s fixed point',
        },
      ],
    },
    {
      quantity: 'r',
      title: 'residual r(t) = h − w₁x',
      hint: 'the hidden layer’s prediction error; PC-ALM drives it to 0, PC leaves it at r* = w₂ē/(1 + w₂²)',
      references: [{ value: 0, label: '0', hint: 'r = 0: the constraint h = w₁x holds' }],
    },
  ];
}

const quantityAt = (s: ScalarState, q: Quantity) => (q === 'h' ? s.h : q === 'lambda' ? s.lambda : s.r);

function RowPlot(props: {
  row: Row;
  top: number;
  x: ScaleLinear<number, number>;
  runs: Array<[string, MethodRun]>;
  t: number;
}) {
  const { row, top, x } = props;
  const values = props.runs.flatMap(([, run]) => run.states.map((s) => quantityAt(s, row.quantity)));
  const y = scaleLinear()
    .domain(seriesDomain([...values, ...row.references.map((r) => r.value)]))
    .range([top + ROW_HEIGHT, top]);
  const [left, right] = x.range();
  const path = line<ScalarState>()
    .x((s) => x(s.t))
    .y((s) => y(quantityAt(s, row.quantity)));
  return (
    <g className={`scalar-row scalar-row-${row.quantity}`}>
      <text className="scalar-row-title" x={left} y={top - 5}>
        <title>{row.hint}</title>
        {row.title}
      </text>
      <AxisGroup axis={axisLeft<number>(y).ticks(4).tickFormat(fmt)} transform={`translate(${left},0)`} />
      <rect className="scalar-frame" x={left} y={top} width={right - left} height={ROW_HEIGHT} />
      {row.references.map((ref) => (
        <g key={ref.label} className="scalar-reference">
          <title>{ref.hint}</title>
          <line x1={left} x2={right} y1={y(ref.value)} y2={y(ref.value)} />
          <text x={right + 4} y={y(ref.value) + 4}>
            {ref.label}
          </text>
        </g>
      ))}
      {props.runs.map(([method, run]) => {
        const shown = run.states[stepIn(run, props.t)];
        return (
          <g key={method} className={`scalar-series scalar-${method}`}>
            <path d={path(run.states) ?? ''} />
            <circle cx={x(shown.t)} cy={y(quantityAt(shown, row.quantity))} r={3.5} />
          </g>
        );
      })}
    </g>
  );
}

export function TrajectoryChart({ model, t }: { model: ScalarModel; t: number }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const { width: boxWidth } = useElementSize(boxRef);
  const width = Math.max(320, Math.round(boxWidth || 480));
  const rows = useMemo(() => rowsOf(model), [model]);
  const T = Math.max(1, model.rates.T);
  const x = scaleLinear()
    .domain([0, T])
    .range([MARGIN.left, width - MARGIN.right]);
  // PC first, so PC-ALM (the subject) is drawn on top where they coincide.
  const runs: Array<[string, MethodRun]> = [
    ['pc', model.pc],
    ['pcalm', model.pcalm],
  ];
  const bottom = MARGIN.top + rows.length * ROW_HEIGHT + (rows.length - 1) * ROW_GAP;
  const height = bottom + MARGIN.bottom;
  const xAxis = axisBottom<number>(x)
    .tickValues(integerTicks(x, Math.max(2, Math.floor((width - MARGIN.left - MARGIN.right) / 60))))
    .tickFormat(format('d'));
  return (
    <div className="chart scalar-trajectories" ref={boxRef}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label="Activity h, multiplier λ and residual r of the scalar network over inference steps, PC and PC-ALM"
      >
        {rows.map((row, i) => (
          <RowPlot
            key={row.quantity}
            row={row}
            top={MARGIN.top + i * (ROW_HEIGHT + ROW_GAP)}
            x={x}
            runs={runs}
            t={t}
          />
        ))}
        <line className="scalar-cursor" x1={x(t)} x2={x(t)} y1={MARGIN.top} y2={bottom} />
        <AxisGroup axis={xAxis} transform={`translate(0,${bottom})`} />
        <text
          className="scalar-axis-title"
          x={(x.range()[0] + x.range()[1]) / 2}
          y={height - 2}
          textAnchor="middle"
        >
          <title>inference step t: 0 is the forward pass; state after activity step t (spec §4)</title>
          inference step t
        </text>
      </svg>
    </div>
  );
}
