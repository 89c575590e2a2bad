/**
 * Any panel as one standalone SVG figure, and that SVG as a PNG. A panel mixes <canvas>, <svg> and HTML
 * text; the figure keeps each part at its on-screen box:
 * - a canvas becomes an <image> holding its pixels as a PNG data URL;
 * - an <svg> is copied with its CSS-derived presentation (fill, stroke, fonts…) written inline, since
 *   class rules and CSS variables do not exist outside the page;
 * - visible HTML text (the title, legends, captions, `::before` marks) becomes <text>, one per line as
 *   the browser laid it out, and coloured boxes and borders (legend swatches, note boxes) become shapes.
 * Controls (selects, buttons, menus) and tooltips are left out: they are the page, not the figure.
 * The SVG is built with DOM methods and written by XMLSerializer, so text is always escaped.
 */
import type { Rect } from '../core/geometry';
import {
  contentText,
  groupLines,
  isTransparent,
  px,
  radiusPx,
  svgStyleText,
  type TextPiece,
} from './figureParts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Parts of a panel that never go into its figure. */
export const NOT_IN_FIGURE =
  'button, input, select, textarea, details, .panel-toolbar, .chart-tooltip, [data-figure-skip]';

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Builds the figure into `root`, with coordinates relative to the panel's top-left corner. */
class FigureBuilder {
  private readonly measure = document.createElement('canvas').getContext('2d');
  /** Lowest edge drawn so far, relative to the panel's top. */
  bottom = 0;

  constructor(
    private readonly root: SVGSVGElement,
    private readonly origin: DOMRect,
  ) {}

  private rect(r: DOMRect | { left: number; top: number; width: number; height: number }): Rect {
    return {
      x: round(r.left - this.origin.left),
      y: round(r.top - this.origin.top),
      width: round(r.width),
      height: round(r.height),
    };
  }

  /** Records that something was drawn down to the bottom of `box`. */
  private reach(box: Rect): void {
    this.bottom = Math.max(this.bottom, box.y + box.height);
  }

  walk(element: Element): void {
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) this.text(child as Text, element);
      if (!(child instanceof Element) || child.matches(NOT_IN_FIGURE)) continue;
      const style = getComputedStyle(child);
      if (style.display === 'none') continue;
      if (child instanceof HTMLCanvasElement) this.canvas(child, style);
      else if (child instanceof SVGSVGElement) this.svg(child, style);
      else {
        if (style.visibility !== 'hidden') this.decoration(this.rect(child.getBoundingClientRect()), style);
        this.before(child, style);
        this.walk(child);
      }
    }
  }

  private canvas(canvas: HTMLCanvasElement, style: CSSStyleDeclaration): void {
    const rect = canvas.getBoundingClientRect();
    if (style.visibility === 'hidden' || rect.width < 1 || rect.height < 1) return;
    const box = this.rect(rect);
    this.reach(box);
    const image = svgElement('image', { ...box, preserveAspectRatio: 'none' });
    image.setAttribute('href', canvas.toDataURL('image/png'));
    this.root.append(image);
  }

  private svg(source: SVGSVGElement, style: CSSStyleDeclaration): void {
    const rect = source.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return;
    const copy = source.cloneNode(true) as SVGSVGElement;
    inlineSvgStyles(source, copy, null, style);
    const { x, y, width, height } = this.rect(rect);
    this.reach({ x, y, width, height });
    // ARIA and classes mean nothing in a figure file; the position is the on-screen box.
    for (const name of ['role', 'aria-label', 'class']) copy.removeAttribute(name);
    for (const [name, value] of Object.entries({ x, y, width, height, overflow: 'visible' }))
      copy.setAttribute(name, String(value));
    this.root.append(copy);
  }

  /** Background and borders of a box (legend swatches, note boxes); shadows are left out. */
  private decoration(box: Rect, style: CSSStyleDeclaration): void {
    if (box.width < 0.5 && box.height < 0.5) return;
    const { x, y, width, height } = box;
    const radius = radiusPx(style.borderTopLeftRadius, width, height);
    const opacity = Number.parseFloat(style.opacity);
    const shape = (element: SVGElement) => {
      this.reach(box);
      if (opacity < 1) element.setAttribute('opacity', String(opacity));
      this.root.append(element);
    };
    if (!isTransparent(style.backgroundColor))
      shape(svgElement('rect', { x, y, width, height, rx: radius, fill: style.backgroundColor }));
    const sides = (['top', 'right', 'bottom', 'left'] as const).map((side) => ({
      side,
      width: px(style.getPropertyValue(`border-${side}-width`)),
      colour: style.getPropertyValue(`border-${side}-color`),
      kind: style.getPropertyValue(`border-${side}-style`),
    }));
    const visible = sides.filter(
      (s) => s.width > 0 && !['none', 'hidden'].includes(s.kind) && !isTransparent(s.colour),
    );
    const dashes = (kind: string, w: number) =>
      kind === 'dashed' ? `${3 * w}` : kind === 'dotted' ? `${w}` : '';
    const same =
      visible.length === 4 &&
      visible.every((s) => s.width === visible[0].width && s.colour === visible[0].colour);
    if (same) {
      // One outline, its stroke centred half a border inside the box, rounded like the box.
      const w = visible[0].width;
      const outline = svgElement('rect', {
        x: x + w / 2,
        y: y + w / 2,
        width: Math.max(0, width - w),
        height: Math.max(0, height - w),
        rx: Math.max(0, radius - w / 2),
        fill: 'none',
        stroke: visible[0].colour,
        'stroke-width': w,
      });
      if (dashes(visible[0].kind, w)) outline.setAttribute('stroke-dasharray', dashes(visible[0].kind, w));
      shape(outline);
      return;
    }
    for (const { side, width: w, colour, kind } of visible) {
      const horizontal = side === 'top' || side === 'bottom';
      const at =
        side === 'top'
          ? y + w / 2
          : side === 'bottom'
            ? y + height - w / 2
            : side === 'left'
              ? x + w / 2
              : x + width - w / 2;
      const line = svgElement(
        'line',
        horizontal ? { x1: x, y1: at, x2: x + width, y2: at } : { x1: at, y1: y, x2: at, y2: y + height },
      );
      line.setAttribute('stroke', colour);
      line.setAttribute('stroke-width', String(w));
      if (dashes(kind, w)) line.setAttribute('stroke-dasharray', dashes(kind, w));
      shape(line);
    }
  }

  private fontMetrics(style: CSSStyleDeclaration, sample: string) {
    const size = Number.parseFloat(style.fontSize) || 12;
    if (this.measure)
      this.measure.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const metrics = this.measure?.measureText(sample || 'x');
    return {
      ascent: metrics?.fontBoundingBoxAscent ?? 0.8 * size,
      descent: metrics?.fontBoundingBoxDescent ?? 0.2 * size,
      xHeight: this.measure?.measureText('x').actualBoundingBoxAscent ?? 0.5 * size,
    };
  }

  private textAt(text: string, left: number, baseline: number, style: CSSStyleDeclaration): void {
    const element = svgElement('text', {
      x: round(left - this.origin.left),
      y: round(baseline - this.origin.top),
      fill: style.color,
      'font-family': style.fontFamily,
      'font-size': style.fontSize,
      'font-weight': style.fontWeight,
      'font-style': style.fontStyle,
    });
    element.textContent = text;
    this.root.append(element);
  }

  /**
   * A `::before` mark at the start of the element's first line: text ("✓ ") on that line's baseline,
   * or an empty box (a legend swatch drawn by its border) placed as vertical-align middle puts it.
   */
  private before(element: Element, style: CSSStyleDeclaration): void {
    const pseudo = getComputedStyle(element, '::before');
    const text = contentText(pseudo.content);
    const first = element.getClientRects()[0];
    if (text === null || !first || pseudo.display === 'none' || pseudo.visibility === 'hidden') return;
    const left = first.left + px(style.borderLeftWidth) + px(style.paddingLeft) + px(pseudo.marginLeft);
    const top = first.top + px(style.borderTopWidth) + px(style.paddingTop);
    const { ascent, descent, xHeight } = this.fontMetrics(style, text);
    const inline = style.display === 'inline';
    const lineHeight = inline || style.lineHeight === 'normal' ? ascent + descent : px(style.lineHeight);
    const baseline = top + (lineHeight - ascent - descent) / 2 + ascent;
    if (text.trim()) {
      this.textAt(text.trim(), left, baseline, pseudo);
      return;
    }
    const width = px(pseudo.width) + px(pseudo.borderLeftWidth) + px(pseudo.borderRightWidth);
    const height = px(pseudo.height) + px(pseudo.borderTopWidth) + px(pseudo.borderBottomWidth);
    const centre = pseudo.verticalAlign === 'middle' ? baseline - xHeight / 2 : baseline - height / 2;
    this.decoration(this.rect({ left, top: centre - height / 2, width, height }), pseudo);
  }

  /** Text pieces of a text node; a word the browser broke across lines is split where it broke. */
  private pieces(node: Text): TextPiece[] {
    const range = document.createRange();
    const pieces: TextPiece[] = [];
    const boxOf = (from: number, to: number) => {
      range.setStart(node, from);
      range.setEnd(node, to);
      return range.getClientRects();
    };
    for (const match of node.data.matchAll(/\S+/g)) {
      const start = match.index;
      const end = start + match[0].length;
      const spaceAfter = end < node.data.length;
      const rects = boxOf(start, end);
      if (rects.length === 0) continue;
      if (rects.length === 1) {
        const r = rects[0];
        pieces.push({
          text: match[0],
          left: r.left,
          top: r.top,
          right: r.right,
          bottom: r.bottom,
          spaceAfter,
        });
        continue;
      }
      // Character by character: a new piece wherever the next character sits on another line.
      let piece: TextPiece | null = null;
      for (let i = start; i < end; i++) {
        const r = boxOf(i, i + 1)[0];
        if (!r) continue;
        if (piece && Math.abs(r.top - piece.top) < (r.bottom - r.top) / 2) {
          piece.text += node.data[i];
          piece.right = r.right;
        } else {
          if (piece) pieces.push(piece);
          piece = {
            text: node.data[i],
            left: r.left,
            top: r.top,
            right: r.right,
            bottom: r.bottom,
            spaceAfter: false,
          };
        }
      }
      if (piece) pieces.push({ ...piece, spaceAfter });
    }
    return pieces;
  }

  /** One <text> per laid-out line of a text node, on the baseline the browser used. */
  private text(node: Text, parent: Element): void {
    if (!node.data.trim()) return;
    const style = getComputedStyle(parent);
    if (style.visibility === 'hidden' || isTransparent(style.color)) return;
    for (const line of groupLines(this.pieces(node))) {
      this.bottom = Math.max(this.bottom, line.bottom - this.origin.top);
      const { ascent, descent } = this.fontMetrics(style, line.text);
      this.textAt(
        line.text,
        line.left,
        line.top + (line.bottom - line.top - ascent - descent) / 2 + ascent,
        style,
      );
    }
  }
}

/** Writes the computed presentation of `source` and its descendants onto the parallel `copy` tree. */
function inlineSvgStyles(
  source: Element,
  copy: Element,
  parentStyle: CSSStyleDeclaration | null,
  style = getComputedStyle(source),
): void {
  if (style.display === 'none') {
    copy.remove();
    return;
  }
  const text = svgStyleText(
    (p) => style.getPropertyValue(p),
    parentStyle ? (p) => parentStyle.getPropertyValue(p) : null,
  );
  copy.removeAttribute('class');
  if (text) copy.setAttribute('style', text);
  else copy.removeAttribute('style');
  const copies = Array.from(copy.children);
  Array.from(source.children).forEach((child, i) => {
    inlineSvgStyles(child, copies[i], style);
  });
}

/** The panel (or any element) as a standalone SVG element, sized like it is on screen. */
export function figureSvg(panel: HTMLElement, title: string): SVGSVGElement {
  const rect = panel.getBoundingClientRect();
  const style = getComputedStyle(panel);
  // XMLSerializer writes the xmlns declaration itself (the element is in the SVG namespace).
  const root = svgElement('svg', { 'font-family': style.fontFamily });
  const label = svgElement('title', {});
  label.textContent = title;
  const page = getComputedStyle(document.body).backgroundColor;
  const fill = !isTransparent(style.backgroundColor)
    ? style.backgroundColor
    : isTransparent(page)
      ? '#fff'
      : page;
  const background = svgElement('rect', { x: 0, y: 0, fill });
  root.append(label, background);
  const builder = new FigureBuilder(root, rect);
  builder.walk(panel);
  // A panel stretched by its grid row ends below its content: the figure ends with the content.
  const width = Math.ceil(rect.width);
  const end = builder.bottom + px(style.paddingBottom) + px(style.borderBottomWidth);
  const height = Math.ceil(Math.min(rect.height, end));
  for (const element of [root, background]) {
    element.setAttribute('width', String(width));
    element.setAttribute('height', String(height));
  }
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return root;
}

export function serializeSvg(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

/** Rasterises SVG text at `scale` device pixels per CSS pixel (2 or more for print). */
export async function svgToPng(svgText: string, width: number, height: number, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas to draw the figure on');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Print resolution: at least 2 device pixels per CSS pixel, more on a high-DPI screen (at most 4). */
export const pngScale = () => Math.max(2, Math.min(4, window.devicePixelRatio || 1));
