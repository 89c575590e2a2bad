/**
 * Panel 4, the paper's Fig. 4 B, C: the primal h and the dual λ of a few units of one hidden layer
 * and one sample over inference steps, PC and PC-ALM on the same axes. Under PC the activity relaxes
 * monotonically and λ stays 0; under PC-ALM h swings in a damped oscillation and λ settles (at −δ).
 * React draws the frame; the lines and the cursor are painted outside React as steps arrive.
 */
import { format, scaleLinear } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunInfo } from '../core/engineProtocol';
import type { Rect } from '../core/geometry';
import { METHOD_LABELS, METHODS } from '../core/methods';
import { type RunView, useApp } from '../state/store';
import { Explain } from '../ui/explain/Explain';
import { usePanelActions } from '../ui/panelActions';
import { useElementSize } from './charts/hooks';
import { GridlineAxis, StepAxis, StepChartFrame, StepHitArea, useStepPointer } from './charts/StepChart';
import { drawOnStoreFrames } from './charts/storeFrames';
import { useThemeColours } from './charts/themeColours';
import { Panel } from './Panel';
import { createTraceDrawer } from './traces/traceDrawer';
import {
  type Domain,
  layerOptions,
  minHalfSpan,
  selectedLayer,
  TRACE_KINDS,
  type TraceKind,
  tracesGeometry,
  traceValue,
} from './traces/traceModel';
import './traces/traces.css';

type Domains = Record<TraceKind, Domain | null>;

function plotTitle(kind: TraceKind, relative: boolean): string {
  if (kind === 'lambda') return 'dual λ (PC: λ ≡ 0)';
  return relative ? 'activity h − h(0), change since the forward pass' : 'activity h';
}

/**
 * The y scale of one plot, bottom to top: the fitted domain once the drawer has grown one, else
 * ±minHalfSpan around 0. Remade only when its bounds or the plot change (`fitted` is rebuilt every render).
 */
function useTraceScale(kind: TraceKind, fitted: Domain | null, relative: boolean, plot: Rect) {
  const half = minHalfSpan(kind, relative);
  const [low, high] = fitted ?? [-half, half];
  return useMemo(
    () =>
      scaleLinear()
        .domain([low, high])
        .range([plot.y + plot.height, plot.y]),
    [low, high, plot],
  );
}

export function UnitTraces() {
  const info = useApp((s) => s.run?.info ?? null);
  const [relative, setRelative] = useState(true);
  const chartRef = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(chartRef);
  const theme = useThemeColours();
  const [fit, setFit] = useState<{ key: string; domains: Domains } | null>(null);

  const fitKey = `${info?.runId}:${relative}`;
  const domains: Domains = fit?.key === fitKey ? fit.domains : { h: null, lambda: null };
  const geometry = useMemo(() => tracesGeometry(width), [width]);
  const { plots } = geometry;
  const T = Math.max(1, info?.T ?? 1);
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([0, T])
        .range([plots.h.x, plots.h.x + plots.h.width]),
    [T, plots],
  );
  const yH = useTraceScale('h', domains.h, relative, plots.h);
  const yL = useTraceScale('lambda', domains.lambda, relative, plots.lambda);

  const live = width > 0;

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cursorRef = useRef<SVGLineElement>(null);
  // A new drawer per run, size, y range and mode; `domains` is rebuilt every render, the scales made
  // from it are the real dependency.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    const canvas = canvasRef.current;
    const cursor = cursorRef.current;
    if (!info || width <= 0 || !canvas || !cursor) return;
    const colors = {
      pcalm: theme.css('--pcalm', '#888'),
      pc: theme.css('--pc', '#888'),
      panel: theme.css('--panel', '#fff'),
      ink: theme.css('--ink', '#000'),
    };
    const draw = createTraceDrawer({
      info,
      canvas,
      cursor,
      geometry,
      x,
      y: { h: yH, lambda: yL },
      domains,
      relative,
      colors,
      onDomains: (grown) => setFit({ key: `${info.runId}:${relative}`, domains: grown }),
    });
    return drawOnStoreFrames(draw);
  }, [info, width, geometry, x, yH, yL, relative, theme]);

  const pointer = useStepPointer(x, (run, t) => hoverLines(run, t, relative));

  const bottom = geometry.axisY;
  return (
    <Panel
      id="traces"
      title="Unit traces: h and λ"
      className="traces-panel"
      toolbar={<TraceToolbar relative={relative} onRelative={setRelative} />}
      explain={<Explain topic="traces" subject="unit traces" />}
    >
      <TraceCaption info={info} />
      <StepChartFrame
        className="traces-chart"
        chartRef={chartRef}
        canvasRef={canvasRef}
        size={geometry}
        live={live}
        ready={info !== null}
        ariaLabel="Activity and dual variable of the traced units over inference steps, PC and PC-ALM"
        tip={pointer.tip}
      >
        {TRACE_KINDS.map((kind) => {
          const rect = plots[kind];
          const yk = kind === 'h' ? yH : yL;
          const [lo, hi] = yk.domain();
          return (
            <g key={kind}>
              <text className="traces-plot-title" x={rect.x} y={rect.y - 6}>
                {plotTitle(kind, relative)}
              </text>
              <GridlineAxis y={yk} left={rect.x} width={rect.width} ticks={4} live={live} />
              {lo < 0 && hi > 0 && (
                <line className="traces-zero" x1={rect.x} x2={rect.x + rect.width} y1={yk(0)} y2={yk(0)} />
              )}
              <rect className="chart-frame" x={rect.x} y={rect.y} width={rect.width} height={rect.height} />
            </g>
          );
        })}
        <StepAxis x={x} y={bottom} live={live} />
        <line ref={cursorRef} className="chart-cursor" y1={plots.h.y} y2={bottom} visibility="hidden" />
        <StepHitArea
          x={plots.h.x}
          y={plots.h.y}
          width={plots.h.width}
          height={bottom - plots.h.y}
          handlers={pointer.handlers}
        />
      </StepChartFrame>
    </Panel>
  );
}

function TraceToolbar(props: { relative: boolean; onRelative: (v: boolean) => void }) {
  const depth = useApp((s) => s.config.depth);
  const traceLayer = useApp((s) => s.config.traceLayer);
  const { setSetting } = usePanelActions();
  const options = useMemo(() => layerOptions(depth), [depth]);
  return (
    <>
      <label className="traces-toggle" title="Show h as its change since the forward pass (step 0)">
        <input
          type="checkbox"
          checked={props.relative}
          onChange={(e) => props.onRelative(e.target.checked)}
        />
        h − h(0)
      </label>
      <label>
        Layer{' '}
        <select
          data-control="trace-layer"
          value={selectedLayer(traceLayer, depth)}
          onChange={(e) => setSetting('traceLayer', Number(e.target.value))}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

function TraceCaption({ info }: { info: RunInfo | null }) {
  if (!info) return <p className="traces-caption">&nbsp;</p>;
  const { layer, sample, units } = info.probe;
  const label = info.preview.labels[sample];
  const className = label === undefined ? '' : ` (${info.preview.classNames[label] ?? `class ${label}`})`;
  return (
    <p className="traces-caption">
      <span className="traces-key traces-key-pcalm" title="PC-ALM: η_λ > 0, the multipliers carry the credit">
        PC-ALM
      </span>{' '}
      <span className="traces-key traces-key-pc" title="PC: η_λ = 0, λ stays 0">
        PC
      </span>{' '}
      · layer {layer} of {info.depth - 1}, sample {sample}
      {className}, units {units.join(', ')} (unit {units[0]} darkest)
      {info.config.etaLambda === 0 && '. η_λ = 0: PC-ALM is plain PC and its lines cover PC’s.'}
    </p>
  );
}

const signed = format('+.2~g');
const fmt = (v: number) => (v === 0 ? '0' : signed(v));

function hoverLines(run: RunView, t: number, relative: boolean): string[] {
  const lines: string[] = [];
  for (const kind of TRACE_KINDS) {
    const name = kind === 'lambda' ? 'λ' : relative ? 'h − h(0)' : 'h';
    for (const m of METHODS) {
      const buffer = run.buffers[m];
      const values = Array.from({ length: buffer.layout.traceUnits }, (_, u) =>
        traceValue(buffer, kind, u, t, relative),
      );
      lines.push(
        `${METHOD_LABELS[m]} ${name}: ${values.map((v) => (Number.isFinite(v) ? fmt(v) : '—')).join('  ')}`,
      );
    }
  }
  return lines;
}
