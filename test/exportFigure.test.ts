/**
 * The figure export's pure parts (src/panels/charts/figureParts.ts), the colour-blind palette's maps
 * and the theme choice; the DOM side (canvases, SVG copies, PNG) is checked in e2e/export.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { resolvedTheme } from '../src/app/theme/theme';
import { colormap } from '../src/panels/charts/colormaps';
import { defaultLink, parseLink, serializeLink } from '../src/state/query';
import { defaultConfig } from '../src/state/schema';
import { kebabCase } from '../src/ui/download';
import {
  contentText,
  groupLines,
  isTransparent,
  px,
  radiusPx,
  svgStyleText,
  type TextPiece,
} from '../src/ui/figureParts';

const piece = (text: string, left: number, top: number, spaceAfter = true): TextPiece => ({
  text,
  left,
  top,
  right: left + 8 * text.length,
  bottom: top + 14,
  spaceAfter,
});

describe('text lines', () => {
  it('joins words on one line with spaces and starts a line where the browser broke it', () => {
    const lines = groupLines([
      piece('Credit', 10, 0),
      piece('flow:', 70, 0.4),
      piece('r', 10, 16),
      piece('and', 20, 16, false),
    ]);
    expect(lines).toEqual([
      { text: 'Credit flow:', left: 10, top: 0, bottom: 14.4 },
      { text: 'r and', left: 10, top: 16, bottom: 30 },
    ]);
  });

  it('keeps the pieces of a broken word together without a space', () => {
    const lines = groupLines([piece('8/', 300, 0, false), piece('√(0.2)', 10, 16)]);
    expect(lines.map((l) => l.text)).toEqual(['8/', '√(0.2)']);
    expect(groupLines([piece('ab', 0, 0, false), piece('cd', 16, 0)])[0].text).toBe('abcd');
    expect(groupLines([])).toEqual([]);
  });
});

describe('inline SVG styles', () => {
  const computed = (values: Record<string, string>) => (property: string) => values[property] ?? '';

  it('writes every inherited property at the root and only changes below it', () => {
    const root = computed({ fill: 'rgb(0, 0, 0)', 'font-size': '10px', opacity: '1' });
    expect(svgStyleText(root, null)).toBe('fill:rgb(0, 0, 0);font-size:10px');
    const child = computed({ fill: 'rgb(31, 111, 235)', 'font-size': '10px', opacity: '0.5' });
    expect(svgStyleText(child, root)).toBe('fill:rgb(31, 111, 235);opacity:0.5');
    expect(svgStyleText(root, root)).toBe('');
  });
});

describe('CSS value readers', () => {
  it('reads lengths, radii, transparency and content strings', () => {
    expect([px('12px'), px('1.5px'), px('auto'), px('normal'), px('')]).toEqual([12, 1.5, 0, 0, 0]);
    expect(radiusPx('50%', 10, 10)).toBe(5);
    expect(radiusPx('4px', 100, 20)).toBe(4);
    expect(radiusPx('40px', 10, 10)).toBe(5);
    expect(isTransparent('rgba(0, 0, 0, 0)')).toBe(true);
    expect(isTransparent('transparent')).toBe(true);
    expect(isTransparent('rgb(255, 255, 255)')).toBe(false);
    expect(isTransparent('rgba(0, 0, 0, 0.5)')).toBe(false);
    expect(contentText('"✓ "')).toBe('✓ ');
    expect(contentText('""')).toBe('');
    expect(contentText('"a\\"b"')).toBe('a"b');
    expect(contentText('"\\2713"')).toBe('✓');
    expect(contentText('none')).toBeNull();
    expect(contentText('normal')).toBeNull();
    expect(contentText('counter(item)')).toBeNull();
  });

  it('names files in one style', () => {
    expect(kebabCase('CreditHeatmaps')).toBe('credit-heatmaps');
    expect(kebabCase('cosine')).toBe('cosine');
    expect(kebabCase('  ')).toBe('figure');
  });
});

describe('themes and the colour-blind palette', () => {
  it('follows the system only when the theme is auto', () => {
    expect(resolvedTheme('auto', true)).toBe('dark');
    expect(resolvedTheme('auto', false)).toBe('light');
    expect(resolvedTheme('light', true)).toBe('light');
    expect(resolvedTheme('dark', false)).toBe('dark');
  });

  it('has a blue–orange diverging map: orange below, light middle, blue above', () => {
    const map = colormap('blor');
    expect(map.kind).toBe('diverging');
    const rgb = (i: number) => Array.from(map.lut.slice(4 * i, 4 * i + 3));
    const [low, mid, high] = [rgb(0), rgb(128), rgb(255)];
    expect(low[0]).toBeGreaterThan(low[2]); // red over blue: orange-brown
    expect(high[2]).toBeGreaterThan(high[0]); // blue
    expect(Math.min(...mid)).toBeGreaterThan(220); // near white
    // Lightness falls to both ends, so the sign reads without hue too.
    const light = (c: number[]) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    expect(light(low)).toBeLessThan(light(mid) / 2);
    expect(light(high)).toBeLessThan(light(mid) / 2);
  });

  it('are page-state keys of a link, left out at their defaults', () => {
    const link = { ...defaultLink(), theme: 'dark' as const, palette: 'colorblind' as const };
    const query = serializeLink(defaultConfig(), link);
    expect(query).toBe('v=1&theme=dark&palette=colorblind');
    expect(parseLink(query).link).toEqual(link);
    expect(serializeLink(defaultConfig(), defaultLink())).toBe('v=1');
    const bad = parseLink('theme=sepia');
    expect(bad.link.theme).toBe('auto');
    expect(bad.messages[0].key).toBe('theme');
  });
});
