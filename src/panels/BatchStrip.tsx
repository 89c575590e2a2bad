/**
 * The inference batch: every sample's image with its class name, the probe sample (where units are
 * traced and nonlinear networks are linearized) framed. One canvas; redrawn only per run or size.
 */
import { type PointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { RunInfo } from '../core/engineProtocol';
import { useApp } from '../state/store';
import { Explain } from '../ui/explain/Explain';
import { prepareCanvas } from './charts/canvas';
import { rampLut } from './charts/colormaps';
import { useElementSize } from './charts/hooks';
import { Tooltip, type TooltipState } from './charts/Tooltip';
import { type ThemeColours, useThemeColours } from './charts/themeColours';
import { tooltipX } from './charts/tooltipPlacement';
import {
  type BatchGridGeometry,
  batchGridGeometry,
  cellOrigin,
  labelName,
  sampleAt,
  tileImages,
} from './heatmaps/batchGrid';
import { Panel } from './Panel';
import './heatmaps/batchStrip.css';
import { LoadingNote } from './LoadingNote';

/** Keeps a large batch from pushing the other figures off screen. */
const MAX_HEIGHT = 360;

/** A string cut with an ellipsis to fit `width` pixels in the context's current font. */
function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function drawBatch(
  canvas: HTMLCanvasElement,
  info: RunInfo,
  geometry: BatchGridGeometry,
  theme: ThemeColours,
): void {
  const ctx = prepareCanvas(canvas, geometry.width, geometry.height);
  const { pixels, side, labels, classNames } = info.preview;
  if (!ctx || !pixels) return;
  ctx.clearRect(0, 0, geometry.width, geometry.height);
  const element = canvas.parentElement;
  const panel = theme.css('--panel', '#fff', element);
  const ink = theme.css('--ink', '#1d1d1f', element);
  const tiles = tileImages(pixels, info.batchSize, side, rampLut(panel, ink));
  const source = document.createElement('canvas');
  source.width = tiles.width;
  source.height = tiles.height;
  source.getContext('2d')?.putImageData(new ImageData(tiles.data, tiles.width, tiles.height), 0, 0);

  ctx.imageSmoothingEnabled = geometry.image < side;
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  const frame = theme.css('--line', '#d9d9de', element);
  const muted = theme.css('--muted', '#6b6b70', element);
  const accent = theme.css('--accent', '#1f6feb', element);
  const probe = info.probe.sample;
  for (let i = 0; i < info.batchSize; i++) {
    const { x, y } = cellOrigin(geometry, i);
    ctx.drawImage(source, 0, i * side, side, side, x, y, geometry.image, geometry.image);
    ctx.strokeStyle = i === probe ? accent : frame;
    ctx.lineWidth = i === probe ? 2 : 1;
    const inset = i === probe ? 1 : 0.5;
    ctx.strokeRect(x - inset, y - inset, geometry.image + 2 * inset, geometry.image + 2 * inset);
    if (geometry.labels) {
      ctx.fillStyle = i === probe ? accent : muted;
      const name = labelName(labels[i], classNames);
      ctx.fillText(
        fitText(ctx, name, geometry.cellWidth - 2),
        x,
        y + geometry.image + 2,
        geometry.cellWidth - 2,
      );
    }
  }
}

export function BatchStrip() {
  const info = useApp((s) => s.run?.info ?? null);
  const chartRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { width } = useElementSize(chartRef);
  const theme = useThemeColours();
  const [tip, setTip] = useState<TooltipState | null>(null);
  const hasImages = info?.preview.pixels != null;
  const geometry = useMemo(
    () => (info ? batchGridGeometry(width, info.batchSize, info.preview.side, MAX_HEIGHT) : null),
    [info, width],
  );

  useEffect(() => {
    if (canvasRef.current && info && geometry && width > 0)
      drawBatch(canvasRef.current, info, geometry, theme);
  }, [info, geometry, width, theme]);

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!info || !geometry) return;
    const x = event.nativeEvent.offsetX;
    const y = event.nativeEvent.offsetY;
    const index = sampleAt(geometry, info.batchSize, x, y);
    if (index === null) {
      setTip(null);
      return;
    }
    const label = info.preview.labels[index];
    const lines = [`sample ${index}${index === info.probe.sample ? ' (probe)' : ''}`];
    lines.push(
      `label: ${labelName(label, info.preview.classNames)}${label === undefined ? '' : ` (${label})`}`,
    );
    setTip({ x: tooltipX(x, lines, geometry.width), y, lines });
  };

  const probeNote = info
    ? `Framed: sample ${info.probe.sample}, the probe (units traced, network linearized there).`
    : '';
  return (
    <Panel
      id="BatchStrip"
      title={info ? `Inference batch (${info.batchSize} samples)` : 'Inference batch'}
      explain={<Explain topic="batch" subject="inference batch" />}
    >
      <div className="chart batch-strip" ref={chartRef}>
        {hasImages && (
          <canvas
            ref={canvasRef}
            onPointerMove={onPointerMove}
            // A finger has no hover: a tap shows the same read-out.
            onPointerDown={onPointerMove}
            onPointerLeave={(event) => event.pointerType === 'mouse' && setTip(null)}
            role="img"
            aria-label="Images of the inference batch with their labels"
          />
        )}
        {!info && <LoadingNote className="batch-strip-note" />}
        {info && !hasImages && (
          <p className="batch-strip-note">
            synthetic data: no images (labels {info.preview.labels.slice(0, 16).join(', ')}
            {info.preview.labels.length > 16 ? ', …' : ''}); probe: sample {info.probe.sample}.
          </p>
        )}
        <Tooltip tip={tip} />
      </div>
      {hasImages && (
        <p className="batch-strip-note">
          {probeNote}
          {geometry && !geometry.labels ? ' Hover or tap a thumbnail for its label.' : ''}
        </p>
      )}
    </Panel>
  );
}
