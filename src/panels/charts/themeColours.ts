/**
 * Theme colours for canvas drawing. A canvas keeps the colours it was painted with, so a figure must
 * repaint when the theme or palette changes: `useThemeColours` returns a reader whose identity changes
 * exactly then, and an effect that reads colours through it (and lists it in its dependencies) reruns.
 */
import { useMemo } from 'react';
import { useApp } from '../../state/store';
import { type ColormapKind, cssValue, themeColormap } from './colormaps';

export interface ThemeColours {
  /** The theme version this reader belongs to (see AppState.themeVersion). */
  version: number;
  /** A CSS custom property as seen from `element` (the document when omitted), or `fallback`. */
  css(name: string, fallback: string, element?: Element | null): string;
  /** The theme's colour map of that kind (`--colormap-sequential` / `--colormap-diverging`). */
  colormap: typeof themeColormap;
}

export function useThemeColours(): ThemeColours {
  const version = useApp((s) => s.themeVersion);
  return useMemo(
    () => ({
      version,
      css: (name: string, fallback: string, element?: Element | null) => cssValue(name, fallback, element),
      colormap: (kind: ColormapKind, element?: Element | null) => themeColormap(kind, element),
    }),
    [version],
  );
}
