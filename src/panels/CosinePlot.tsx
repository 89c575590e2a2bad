/**
 * Panel 3, the paper's key figure: the cosine between the weight gradient the current state would give
 * and BP's, over inference steps, for PC-ALM and PC (spec §6), with the predicted inflection t* (§8)
 * and, underneath, the same cosine per weight matrix as a band (matrix × step) for each method.
 * React draws the frame (axes, markers, labels); the curves, bands and cursor are redrawn outside
 * React as steps arrive.
 */
import { scaleLinear } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { METHOD_LABELS, METHODS, type MethodId } from '../core/methods';
import { type RunView, useApp } from '../state/store';
import { Explain } from '../ui/explain/Explain';
import { rgbaBytes } from './charts/colormaps';
import { useElementSize } from './charts/hooks';
import { GridlineAxis, StepAxis, StepChartFrame, StepHitArea, useStepPointer } from './charts/StepChart';
import { drawOnStoreFrames } from './charts/storeFrames';
import { useThemeColours } from './charts/themeColours';
import { createCosineDrawer } from './cosine/cosineDrawer';
import {
  bandOrder,
  cosineDomain,
  cosineGeometry,
  formatCosine,
  inflectionMarker,
  matrixAt,
  valueAt,
} from './cosine/cosineModel';
import { ColorRamp, MatrixLabel } from './cosine/svgBits';
import { Panel } from './Panel';
import './cosine/cosine.css';

export function CosinePlot() {
  const info = useApp((s) => s.run?.info ?? null);
  const method = useApp((s) => s.config.method);
  const chartRef = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(chartRef);
  const theme = useThemeColours();
  const overlays = useApp((s) => s.overlays);
  const [below, setBelow] = useState<{ runId: number; lowest: number } | null>(null);

  const depth = info?.depth ?? 2;
  const T = Math.max(1, info?.T ?? 1);
  const order = useMemo(() => bandOrder(method), [method]);
  const geometry = useMemo(() => cosineGeometry(width, depth, 2), [width, depth]);
  const { plot } = geometry;
  const lowest = below && below.runId === info?.runId ? below.lowest : 0;
  const [yLow, yHigh] = cosineDomain(lowest);
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([0, T])
        .range([plot.x, plot.x + plot.width]),
    [T, plot],
  );
  const y = useMemo(
    () =>
      scaleLinear()
        .domain([yLow, yHigh])
        .range([plot.y + plot.height, plot.y]),
    [yLow, yHigh, plot],
  );
  const marker = useMemo(
    () =>
      info
        ? inflectionMarker({
            depth: info.depth,
            etaH: info.etaH,
            etaLambda: info.config.etaLambda,
            T: info.T,
            arch: info.config.arch,
            param: info.config.param,
          })
        : null,
    [info],
  );

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const pathRefs = { pcalm: useRef<SVGPathElement>(null), pc: useRef<SVGPathElement>(null) };
  const dotRefs = { pcalm: useRef<SVGCircleElement>(null), pc: useRef<SVGCircleElement>(null) };
  const readoutRefs = { pcalm: useRef<HTMLSpanElement>(null), pc: useRef<HTMLSpanElement>(null) };
  const cursorRef = useRef<SVGLineElement>(null);
  const stepReadoutRef = useRef<HTMLSpanElement>(null);

  // The live drawing is rebuilt per run, size, range and band order; refs are set by then (effects run after commit).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the refs are stable objects
  useEffect(() => {
    const canvas = canvasRef.current;
    const cursor = cursorRef.current;
    const stepReadout = stepReadoutRef.current;
    const element = chartRef.current;
    const pick = <E,>(refs: Record<MethodId, { current: E | null }>) =>
      refs.pcalm.current && refs.pc.current ? { pcalm: refs.pcalm.current, pc: refs.pc.current } : null;
    const paths = pick(pathRefs);
    const dots = pick(dotRefs);
    const readouts = pick(readoutRefs);
    if (!info || width <= 0 || !canvas || !cursor || !stepReadout || !paths || !dots || !readouts) return;
    const draw = createCosineDrawer({
      info,
      elements: { canvas, cursor, stepReadout, paths, dots, readouts },
      geometry,
      x,
      y,
      order,
      lut: theme.colormap('diverging', element).lut,
      missing: rgbaBytes(theme.css('--muted', '#888', element)),
      hatch: theme.css('--line', '#ccc'),
      onBelowRange: (v) => setBelow({ runId: info.runId, lowest: v }),
    });
    return drawOnStoreFrames(draw);
  }, [info, width, geometry, x, y, order, theme]);

  const pointer = useStepPointer(x, (run, t, py) => hoverLines(run, t, py, geometry, order));

  const bottom = geometry.axisY;
  // The colour key shares the first band's title row; it shrinks before it would cover the title.
  const rampWidth = Math.max(30, Math.min(110, plot.width - 240));
  const showMarker = overlays && marker?.visible && info;
  return (
    <Panel
      id="cosine"
      title="Gradient cosine to BP over inference steps"
      className="cosine-panel"
      explain={<Explain topic="cosine" subject="gradient cosine" />}
    >
      <div className="cosine-legend">
        {METHODS.map((m) => (
          <span key={m} className={`cosine-key cosine-key-${m}`} title={LEGEND_HINTS[m]}>
            <span className="cosine-swatch" aria-hidden="true" />
            {METHOD_LABELS[m]}{' '}
            <span ref={readoutRefs[m]} className="cosine-value" data-testid={`cosine-${m}`} />
          </span>
        ))}
        <span className="cosine-key cosine-key-bp" title="Backprop’s own gradient has cosine 1 with itself">
          <span className="cosine-swatch" aria-hidden="true" />
          BP = 1
        </span>
        <span ref={stepReadoutRef} className="cosine-step" />
      </div>
      <StepChartFrame
        className="cosine-chart"
        chartRef={chartRef}
        canvasRef={canvasRef}
        size={geometry}
        live={width > 0}
        ready={info !== null}
        ariaLabel="Cosine between each method's weight gradient and BP's, over inference steps, with the per-layer cosines below"
        tip={pointer.tip}
      >
        <GridlineAxis y={y} left={plot.x} width={plot.width} ticks={5} live={width > 0} />
        <text
          className="chart-axis-title"
          x={plot.x - 38}
          y={plot.y + plot.height / 2}
          transform={`rotate(-90 ${plot.x - 38} ${plot.y + plot.height / 2})`}
          textAnchor="middle"
        >
          <title>cosine between the weight update at step t (all layers) and backprop’s (spec §6)</title>
          cos(G(t), G_BP)
        </text>
        <line className="cosine-bp-line" x1={plot.x} x2={plot.x + plot.width} y1={y(1)} y2={y(1)} />
        {yLow < 0 && (
          <line className="cosine-zero-line" x1={plot.x} x2={plot.x + plot.width} y1={y(0)} y2={y(0)} />
        )}
        {showMarker && (
          <g className="cosine-inflection" data-testid="inflection-marker">
            <line
              className="cosine-inflection-line"
              x1={x(marker.step)}
              x2={x(marker.step)}
              y1={plot.y}
              y2={bottom}
            />
            <text
              className="cosine-inflection-label"
              x={x(marker.step) + (x(marker.step) > plot.x + plot.width - 60 ? -4 : 4)}
              y={plot.y + plot.height - 6}
              textAnchor={x(marker.step) > plot.x + plot.width - 60 ? 'end' : 'start'}
            >
              {marker.label}
            </text>
          </g>
        )}
        {METHODS.map((m) => (
          <path key={m} ref={pathRefs[m]} className={`cosine-curve cosine-curve-${m}`} />
        ))}
        {order.map((m, i) => {
          const band = geometry.bands[i];
          return (
            <g key={m} className="cosine-band-frame">
              <text className="cosine-band-title" x={band.x} y={band.labelY}>
                {METHOD_LABELS[m]}, per weight matrix
              </text>
              <MatrixLabel x={band.x - 4} y={band.y} index={depth} anchor="hanging" />
              <MatrixLabel x={band.x - 4} y={band.y + band.height} index={1} anchor="auto" />
              <rect className="chart-frame" x={band.x} y={band.y} width={band.width} height={band.height} />
            </g>
          );
        })}
        <ColorRamp
          x={plot.x + plot.width - rampWidth - 20}
          y={geometry.bands[0].labelY - 9}
          width={rampWidth}
          color={theme.colormap('diverging', chartRef.current).css}
        />
        <StepAxis x={x} y={bottom} live={width > 0} />
        <line ref={cursorRef} className="chart-cursor" y1={plot.y} y2={bottom} visibility="hidden" />
        {METHODS.map((m) => (
          <circle
            key={m}
            ref={dotRefs[m]}
            className={`cosine-dot cosine-dot-${m}`}
            r={3.5}
            visibility="hidden"
          />
        ))}
        <StepHitArea
          x={plot.x}
          y={plot.y}
          width={plot.width}
          height={bottom - plot.y}
          handlers={pointer.handlers}
        />
      </StepChartFrame>
      <p className="cosine-notes">
        y: cosine of the whole weight gradient (all layers) to BP&apos;s; 1 is BP&apos;s direction, 0
        orthogonal. The range stays [0, 1] so runs compare at a glance and widens only if a curve goes
        negative. Bands: the same cosine per weight matrix, W_L at the top; pale where no credit has arrived
        yet, hatched where the step is not computed yet. {overlays && marker?.note} <DivergenceNote />
      </p>
    </Panel>
  );
}

const LEGEND_HINTS: Record<MethodId, string> = {
  pcalm: 'PC-ALM: cos(G(t), G_BP) at the shown step; it climbs to 1 as the credit front reaches W₁',
  pc: 'PC (η_λ = 0): cos(G(t), G_BP) at the shown step; it levels off below 1',
};

function DivergenceNote() {
  const divergence = useApp((s) => s.run?.divergence);
  if (!divergence) return null;
  const parts = METHODS.filter((m) => divergence[m]).map(
    (m) => `${METHOD_LABELS[m]} diverged at step ${divergence[m]!.t}.`,
  );
  return parts.length ? <strong className="cosine-diverged">{parts.join(' ')}</strong> : null;
}

function hoverLines(
  run: RunView,
  t: number,
  py: number,
  geometry: ReturnType<typeof cosineGeometry>,
  order: MethodId[],
): string[] {
  const { buffers } = run;
  const lines = METHODS.map(
    (m) => `${METHOD_LABELS[m]}: ${formatCosine(valueAt(buffers[m], t, buffers[m].layout.gradCosine))}`,
  );
  for (const band of geometry.bands) {
    const l = matrixAt(py, band, run.info.depth);
    if (l === null) continue;
    const values = order.map(
      (m) =>
        `${METHOD_LABELS[m]} ${formatCosine(valueAt(buffers[m], t, buffers[m].layout.layerGradCosine + l - 1))}`,
    );
    lines.push(`W_${l}: ${values.join(' · ')}`);
  }
  return lines;
}
