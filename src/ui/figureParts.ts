/**
 * Pure helpers of the figure export (exportFigure.ts): which presentation properties an SVG copy
 * carries inline, how laid-out words group into lines, and small CSS value readers. No DOM here, so
 * they are tested in Node.
 */

/** SVG presentation properties copied from computed style; the inherited ones only where they change. */
const INHERITED = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'paint-order',
] as const;
const NOT_INHERITED: Record<string, string> = {
  opacity: '1',
  'stop-color': 'rgb(0, 0, 0)',
  'stop-opacity': '1',
};

/**
 * The style attribute of one SVG element: every inherited property that differs from its parent's
 * (all of them at the root), and non-inherited ones that differ from their initial value.
 */
export function svgStyleText(
  own: (property: string) => string,
  parent: ((property: string) => string) | null,
): string {
  const parts: string[] = [];
  for (const property of INHERITED) {
    const value = own(property);
    if (value && (!parent || parent(property) !== value)) parts.push(`${property}:${value}`);
  }
  for (const [property, initial] of Object.entries(NOT_INHERITED)) {
    const value = own(property);
    if (value && value !== initial) parts.push(`${property}:${value}`);
  }
  return parts.join(';');
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A piece of text (a word, or part of a word the browser broke) at its laid-out box. */
export interface TextPiece extends Box {
  text: string;
  /** Whether the source had whitespace after it (a space when the next piece is on the same line). */
  spaceAfter: boolean;
}

export interface TextLine {
  text: string;
  left: number;
  top: number;
  bottom: number;
}

/**
 * Pieces grouped into the lines the browser broke them into: a piece whose top is more than half a
 * line away from the current line's starts a new line.
 */
export function groupLines(pieces: TextPiece[]): TextLine[] {
  const lines: TextLine[] = [];
  let current: (TextLine & { space: boolean }) | null = null;
  const finish = () => {
    if (current)
      lines.push({ text: current.text, left: current.left, top: current.top, bottom: current.bottom });
  };
  for (const piece of pieces) {
    const height = piece.bottom - piece.top;
    if (current && Math.abs(piece.top - current.top) < height / 2) {
      current.text += (current.space ? ' ' : '') + piece.text;
      current.space = piece.spaceAfter;
      current.bottom = Math.max(current.bottom, piece.bottom);
    } else {
      finish();
      current = {
        text: piece.text,
        left: piece.left,
        top: piece.top,
        bottom: piece.bottom,
        space: piece.spaceAfter,
      };
    }
  }
  finish();
  return lines;
}

/** A colour that paints nothing. */
export function isTransparent(colour: string): boolean {
  return colour === '' || colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
}

/** A computed length in px ("12px" → 12); anything else (auto, normal, "") → 0. */
export function px(value: string): number {
  const n = Number.parseFloat(value);
  return value.trim().endsWith('px') && Number.isFinite(n) ? n : 0;
}

/** A computed border radius ("4px", "50%") in px for a box of that size. */
export function radiusPx(value: string, width: number, height: number): number {
  const n = Number.parseFloat(value);
  if (!Number.isFinite(n)) return 0;
  const r = value.trim().endsWith('%') ? (n / 100) * Math.min(width, height) : n;
  return Math.min(r, width / 2, height / 2);
}

/**
 * The text of a computed `content` value when it is a plain string (`"✓ "` → "✓ "); null for none,
 * normal, counters, attr(), images and anything else this export does not draw.
 */
export function contentText(content: string): string | null {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(content.trim());
  if (!match) return null;
  return match[1]
    .replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/\\(.)/g, '$1');
}
