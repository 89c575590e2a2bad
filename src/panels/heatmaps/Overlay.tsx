/**
 * The SVG layer over the heatmap canvas: titles, d3 axes (layers, steps), notes on empty maps and the
 * colour legend's axis. It changes only with the run, the mode or the size, never per chunk.
 */
import { type Axis, axisBottom, axisLeft, format, scaleLinear, scaleLog } from 'd3';
import type { Rect } from '../../core/geometry';
import { METHOD_LABELS } from '../../core/methods';
import { AxisGroup } from '../charts/AxisGroup';
import { integerTicks } from '../charts/integerTicks';
import { FrontLines } from '../overlays/FrontLines';
import type { HeatmapGeometry } from './layout';
import type { MapSpec } from './painter';
import { type ColourDomain, type CreditQuantity, decadeTicks, formatPowerOfTen } from './scale';

export const QUANTITY_TITLES: Record<CreditQuantity, string> = {
  r: 'residual r',
  lambda: 'dual λ',
  eps: 'composite ε = r + λ',
};

/** Hover text of the column titles (spec §3–4). */
const QUANTITY_HINTS: Record<CreditQuantity, string> = {
  r: 'r_l = h_l − f_l(h_{l−1}): how far layer l is from what the layer below predicts',
  lambda: 'λ_l: the multiplier, the running sum η_λ Σ r_l of the layer’s past residuals',
  eps: 'ε_l = r_l + λ_l: the credit the weight update G_l is made from',
};

function stepAxis(map: Rect, steps: number): Axis<number> {
  // Step t sits at the centre of its column.
  const scale = scaleLinear()
    .domain([-0.5, steps - 0.5])
    .range([map.x, map.x + map.width]);
  return axisBottom<number>(scale)
    .tickValues(integerTicks(scale, Math.max(2, Math.floor(map.width / 55))))
    .tickFormat(format('d'))
    .tickSizeOuter(0);
}

function layerAxis(map: Rect, hiddenLayers: number): Axis<number> {
  const scale = scaleLinear()
    .domain([0.5, hiddenLayers + 0.5])
    .range([map.y + map.height, map.y]);
  return axisLeft<number>(scale)
    .tickValues(integerTicks(scale, Math.max(2, Math.floor(map.height / 28))))
    .tickFormat(format('d'))
    .tickSizeOuter(0);
}

const LEGEND_TITLES = {
  rms: 'RMS over batch × units',
  relative: 'RMS ÷ RMS of BP’s δ_l',
  cosine: 'cos(ε_l, −δ_l) over the batch',
} as const;

function Legend(props: { bar: Rect; domain: ColourDomain; title: string }) {
  const { bar, domain } = props;
  const range = [bar.x, bar.x + bar.width];
  let axis: Axis<number>;
  let marker: { x: number; label: string } | null = null;
  if (domain.kind === 'log') {
    const scale = scaleLog().domain([domain.min, domain.max]).range(range);
    axis = axisBottom<number>(scale)
      .tickValues(decadeTicks(domain.min, domain.max))
      .tickFormat((v) => formatPowerOfTen(Number(v)));
    marker = { x: scale(domain.reference), label: domain.referenceLabel };
  } else {
    const scale = scaleLinear().domain([domain.min, domain.max]).range(range);
    axis = axisBottom<number>(scale).tickValues([-1, -0.5, 0, 0.5, 1]).tickFormat(format('~g'));
  }
  return (
    <g className="heatmap-legend">
      <AxisGroup axis={axis.tickSizeOuter(0)} transform={`translate(0,${bar.y + bar.height})`} />
      {marker && (
        <g className="heatmap-legend-marker">
          <line x1={marker.x} x2={marker.x} y1={bar.y - 4} y2={bar.y + bar.height} />
          <text x={marker.x} y={bar.y - 6} textAnchor="middle">
            {marker.label}
          </text>
        </g>
      )}
      <text className="heatmap-legend-title" x={bar.x + bar.width + 10} y={bar.y + bar.height - 1}>
        <title>{LEGEND_HINT}</title>
        {props.title}
      </text>
    </g>
  );
}

const LEGEND_HINT = 'Colour scale of all maps; the mark is BP’s largest δ RMS, for comparison';

export function HeatmapOverlay(props: {
  geometry: HeatmapGeometry;
  specs: MapSpec[][];
  steps: number;
  hiddenLayers: number;
  domain: ColourDomain;
  mode: keyof typeof LEGEND_TITLES;
  /** Theory overlays: the rates of the run, whose predicted fronts are drawn; null draws none. */
  fronts?: { etaH: number; etaLambda: number } | null;
}) {
  const { geometry, specs, steps, hiddenLayers } = props;
  const firstRow = geometry.maps[0] ?? [];
  const lastRow = geometry.maps[geometry.maps.length - 1] ?? [];
  const middle = lastRow[Math.floor(lastRow.length / 2)];
  return (
    <svg className="heatmap-overlay" width={geometry.width} height={geometry.height} aria-hidden="true">
      {firstRow.map((map, c) => (
        <text key={`title-${map.x}`} className="heatmap-column-title" x={map.x + map.width / 2} y={map.y - 7}>
          <title>{QUANTITY_HINTS[specs[0]?.[c]?.quantity ?? 'r']}</title>
          {QUANTITY_TITLES[specs[0]?.[c]?.quantity ?? 'r']}
        </text>
      ))}
      {geometry.maps.map((row, r) => {
        const method = specs[r]?.[0]?.method ?? 'pcalm';
        const first = row[0];
        const centreY = first.y + first.height / 2;
        return (
          <g key={method}>
            <text
              className={`heatmap-row-title heatmap-row-${method}`}
              transform={`translate(${first.x - 44},${centreY}) rotate(-90)`}
            >
              {METHOD_LABELS[method]}
            </text>
            <text
              className="heatmap-axis-title"
              transform={`translate(${first.x - 30},${centreY}) rotate(-90)`}
            >
              <title>
                hidden layer: 1 next to the input at the bottom, L−1 next to the readout at the top
              </title>
              layer
            </text>
            <AxisGroup axis={layerAxis(first, hiddenLayers)} transform={`translate(${first.x},0)`} />
            {row.map((map, c) => {
              const note = specs[r]?.[c]?.empty;
              return (
                <g key={`${map.x}-${map.y}`}>
                  <AxisGroup axis={stepAxis(map, steps)} transform={`translate(0,${map.y + map.height})`} />
                  {note && (
                    <text className="heatmap-note" x={map.x + map.width / 2} y={map.y + map.height / 2}>
                      {note}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        );
      })}
      {middle && (
        <text className="heatmap-axis-title" x={middle.x + middle.width / 2} y={geometry.stepTitleY}>
          <title>inference step t: 0 is the forward pass; the state after activity step t (spec §4)</title>
          inference step t
        </text>
      )}
      {props.fronts && (
        <FrontLines
          rows={geometry.maps.map((row, r) => ({
            method: specs[r]?.[0]?.method ?? 'pcalm',
            maps: row.map((map, c) => (specs[r]?.[c]?.empty ? null : map)),
          }))}
          steps={steps}
          hiddenLayers={hiddenLayers}
          etaH={props.fronts.etaH}
          etaLambda={props.fronts.etaLambda}
        />
      )}
      <Legend bar={geometry.legend} domain={props.domain} title={LEGEND_TITLES[props.mode]} />
    </svg>
  );
}
