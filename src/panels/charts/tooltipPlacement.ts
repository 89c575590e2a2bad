/**
 * Where to anchor a <Tooltip> (which draws 12 px right of its x) so that it stays inside its figure:
 * on the figure's right half it opens to the left of the pointer instead. The width is estimated from
 * the longest line (12 px system font, about 6.6 px per character) rather than measured, so the
 * read-out can be placed in the same render that creates it.
 */
export function tooltipX(pointerX: number, lines: readonly string[], figureWidth: number): number {
  if (!(pointerX >= figureWidth / 2)) return pointerX;
  const longest = lines.reduce((n, line) => Math.max(n, line.length), 0);
  return Math.max(0, pointerX - 24 - longest * 6.6);
}
