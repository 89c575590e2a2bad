/**
 * Panel 1: where credit is, layer by layer, over inference steps. Three maps (residual r, dual λ,
 * composite ε) per method; PC-ALM's ballistic wave and PC's diffusive front show as the edge of the
 * bright region. Cells live on canvas and are painted incrementally; React renders only when the run,
 * the colour mode, the method rows or the size change.
 */
import { type PointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { RunInfo } from '../core/engineProtocol';
import { METHOD_LABELS, type MethodId } from '../core/methods';
import type { Config } from '../state/schema';
import { shownStep, store, useApp } from '../state/store';
import { Explain } from '../ui/explain/Explain';
import { prepareCanvas } from './charts/canvas';
import { rgbaBytes } from './charts/colormaps';
import { useElementSize } from './charts/hooks';
import { drawOnStoreFrames } from './charts/storeFrames';
import { Tooltip, type TooltipState } from './charts/Tooltip';
import { useThemeColours } from './charts/themeColours';
import { tooltipX } from './charts/tooltipPlacement';
import { type HeatmapGeometry, heatmapGeometry, hitCell } from './heatmaps/layout';
import { HeatmapOverlay, QUANTITY_TITLES } from './heatmaps/Overlay';
import { HeatmapFigure, type MapSpec } from './heatmaps/painter';
import {
  CREDIT_QUANTITIES,
  cellValue,
  colourDomain,
  emptyReason,
  formatValue,
  HEATMAP_MODES,
  type HeatmapMode,
  isHeatmapMode,
  MODE_LABELS,
} from './heatmaps/scale';
import { Panel } from './Panel';
import './heatmaps/heatmaps.css';
import { LoadingNote } from './LoadingNote';

/** PC above PC-ALM when both are shown, so the eye compares the fronts top to bottom. */
function shownMethods(method: Config['method']): MethodId[] {
  return method === 'both' ? ['pc', 'pcalm'] : [method];
}

function dualRate(info: RunInfo, method: MethodId): number {
  return method === 'pc' ? 0 : info.config.etaLambda;
}

function buildSpecs(info: RunInfo, methods: MethodId[], mode: HeatmapMode): MapSpec[][] {
  return methods.map((method) =>
    CREDIT_QUANTITIES.map((quantity) => ({
      method,
      quantity,
      empty: emptyReason(quantity, mode, dualRate(info, method), method),
    })),
  );
}

function tooltipLines(info: RunInfo, spec: MapSpec, t: number, layer: number, mode: HeatmapMode): string[] {
  const lines = [
    `${METHOD_LABELS[spec.method]} · ${QUANTITY_TITLES[spec.quantity]}`,
    `layer ${layer} of ${info.depth - 1} · step ${t}`,
  ];
  const run = store.getState().run;
  const rows = run?.info.runId === info.runId ? run.buffers[spec.method] : null;
  if (!rows || t >= rows.count) {
    const stopped = run?.divergence[spec.method];
    return [...lines, stopped ? `not computed: the run diverged at step ${stopped.t}` : 'not computed yet'];
  }
  if (spec.empty) return [...lines, spec.empty];
  const value = cellValue(rows, t, layer, spec.quantity, mode, info.deltaRms);
  if (mode === 'cosine')
    return [...lines, `cos(ε, −δ) = ${Number.isFinite(value) ? value.toFixed(3) : 'undefined'}`];
  const relative = cellValue(rows, t, layer, spec.quantity, 'relative', info.deltaRms);
  return [
    ...lines,
    `RMS ${formatValue(cellValue(rows, t, layer, spec.quantity, 'rms', info.deltaRms))}`,
    `${formatValue(relative)} × BP’s δ RMS`,
  ];
}

/** What the student should look for, with the wave speed of this run (spec §8). */
function waveText(info: RunInfo, methods: MethodId[]): string {
  const speed = Math.sqrt(info.etaH * info.config.etaLambda);
  const pc = 'PC’s credit only diffuses down (about √(η_h t) layers after t steps) and fades with depth';
  if (!methods.includes('pcalm') || !(speed > 0)) return ` ${pc}.`;
  const pcalm = `PC-ALM’s credit enters at the top and travels down as a wave, about ${speed.toPrecision(2)} layers per step (one layer every ${(1 / speed).toPrecision(2)} steps, √(η_h η_λ))`;
  return methods.includes('pc')
    ? ` ${pcalm}; ${pc} (upper row).`
    : ` ${pcalm}. Choose Method “PC and PC-ALM” to compare with PC, whose credit only diffuses.`;
}

function Caption({ info, mode, methods }: { info: RunInfo; mode: HeatmapMode; methods: MethodId[] }) {
  const what =
    mode === 'cosine'
      ? 'Colour: cosine between ε_l(t) and BP’s credit −δ_l over the batch: +1 = same direction, 0 = unrelated or no credit yet, −1 = opposite. The cosine is measured for ε only (the credit the weight update uses), so r and λ stay blank in this mode.'
      : mode === 'relative'
        ? 'Colour: each layer’s RMS divided by the RMS of BP’s δ_l at that layer (1 = BP’s size), on a fixed log scale.'
        : 'Colour: RMS over batch × units on a log scale fixed for the whole run and anchored on BP’s largest δ RMS (marked), from 10⁻⁴ × to 3 × it; the darkest colour also covers credit that has not arrived yet.';
  return (
    <p className="heatmap-caption">
      {what} Layer 1 (input side) is at the bottom, L−1 (readout side) at the top; hatched: not computed yet;
      the thin line marks the shown step.{waveText(info, methods)}
    </p>
  );
}

export function CreditHeatmaps() {
  const [mode, setMode] = useState<HeatmapMode>('rms');
  const info = useApp((s) => s.run?.info ?? null);
  const method = useApp((s) => s.config.method);
  const methods = useMemo(() => shownMethods(method), [method]);
  const overlays = useApp((s) => s.overlays);
  const chartRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const figureRef = useRef<HeatmapFigure | null>(null);
  const { width } = useElementSize(chartRef);
  const [tip, setTip] = useState<TooltipState | null>(null);
  const theme = useThemeColours();

  const geometry: HeatmapGeometry = useMemo(
    () => heatmapGeometry(width, methods.length),
    [width, methods.length],
  );
  const specs = useMemo(() => (info ? buildSpecs(info, methods, mode) : []), [info, methods, mode]);
  const domain = useMemo(() => colourDomain(mode, info?.deltaRms ?? []), [mode, info]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const element = chartRef.current;
    if (!canvas || !element || !info || width <= 0) return;
    const figure = figureRef.current ?? new HeatmapFigure(canvas);
    figureRef.current = figure;
    figure.configure({
      runId: info.runId,
      geometry,
      specs,
      mode,
      deltaRms: info.deltaRms,
      steps: info.T + 1,
      hiddenLayers: info.depth - 1,
      style: {
        domain,
        colormap: theme.colormap(mode === 'cosine' ? 'diverging' : 'sequential', element),
        invalid: rgbaBytes(theme.css('--heatmap-invalid', '#c92a2a', element)),
      },
      colours: {
        background: theme.css('--heatmap-empty', '#f7f7f5', element),
        stripe: theme.css('--line', '#d9d9de', element),
        frame: theme.css('--line', '#d9d9de', element),
        cursor: theme.css('--panel', '#fff', element),
        cursorHalo: theme.css('--ink', '#1d1d1f', element),
      },
    });
    // New steps and cursor moves redraw the canvas only, at most once per animation frame.
    return drawOnStoreFrames((state) => {
      if (state.run) figure.render(state.run, shownStep(state));
    });
  }, [info, geometry, specs, mode, domain, width, theme]);

  // No run yet (or none any more): an empty canvas rather than a stale picture.
  useEffect(() => {
    if (!info && canvasRef.current) prepareCanvas(canvasRef.current, 1, 1);
  }, [info]);

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!info) return;
    const x = event.nativeEvent.offsetX;
    const y = event.nativeEvent.offsetY;
    const hit = hitCell(geometry, x, y, info.T + 1, info.depth - 1);
    const spec = hit ? specs[hit.row]?.[hit.column] : undefined;
    if (!hit || !spec) {
      setTip(null);
      return;
    }
    const lines = tooltipLines(info, spec, hit.t, hit.layer, mode);
    setTip({ x: tooltipX(x, lines, geometry.width), y, lines });
  };

  const toolbar = (
    <label className="heatmap-mode">
      Colour
      <select
        data-control="heatmap-mode"
        value={mode}
        onChange={(e) => {
          if (isHeatmapMode(e.target.value)) setMode(e.target.value);
        }}
      >
        {HEATMAP_MODES.map((m) => (
          <option key={m} value={m}>
            {MODE_LABELS[m]}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Panel
      id="CreditHeatmaps"
      title="Credit flow: r, λ and ε per layer over inference steps"
      className="wide"
      toolbar={toolbar}
      explain={<Explain topic="heatmaps" subject="credit heatmaps" />}
    >
      <div className="chart credit-heatmaps" ref={chartRef}>
        <canvas
          ref={canvasRef}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setTip(null)}
          aria-label="Heatmaps of credit per layer and inference step"
          role="img"
        />
        {info ? (
          <HeatmapOverlay
            geometry={geometry}
            specs={specs}
            steps={info.T + 1}
            hiddenLayers={info.depth - 1}
            domain={domain}
            mode={mode}
            fronts={overlays ? { etaH: info.etaH, etaLambda: info.config.etaLambda } : null}
          />
        ) : (
          <LoadingNote className="heatmap-waiting" />
        )}
        <Tooltip tip={tip} />
      </div>
      {info && <Caption info={info} mode={mode} methods={methods} />}
    </Panel>
  );
}
