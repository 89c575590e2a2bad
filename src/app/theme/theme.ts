/**
 * The page's colours: a light or dark theme (auto follows the system setting) and a standard or
 * colour-blind safe palette. Both are data attributes on <html> that app.css keys its variables on.
 * Canvases read those variables only when they redraw, so every change of the attributes bumps the
 * store's `themeVersion` afterwards, and the figures redraw on it.
 */
import { shallow } from 'zustand/shallow';
import type { PaletteChoice, ThemeChoice } from '../../state/linkSettings';
import { store } from '../../state/store';
import './theme.css';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export type ResolvedTheme = 'light' | 'dark';

export function resolvedTheme(choice: ThemeChoice, systemDark: boolean): ResolvedTheme {
  return choice === 'auto' ? (systemDark ? 'dark' : 'light') : choice;
}

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

/** Writes the store's choice onto <html>; bumps themeVersion only when the page's colours change. */
function applyTheme(): void {
  const { theme, palette } = store.getState();
  const root = document.documentElement;
  const next = resolvedTheme(theme, systemPrefersDark());
  if (root.dataset.theme === next && root.dataset.palette === palette) return;
  root.dataset.theme = next;
  root.dataset.palette = palette;
  store.setState((s) => ({ themeVersion: s.themeVersion + 1 }));
}

let installed = false;

/** Applies the theme now and follows the store and the system setting from then on. Call once. */
export function installTheme(): void {
  if (installed) return;
  installed = true;
  applyTheme();
  store.subscribe((s) => [s.theme, s.palette] as const, applyTheme, { equalityFn: shallow });
  if (typeof window.matchMedia === 'function')
    window.matchMedia(DARK_QUERY).addEventListener('change', applyTheme);
}

export function setTheme(theme: ThemeChoice): void {
  store.setState({ theme });
}

export function setPalette(palette: PaletteChoice): void {
  store.setState({ palette });
}
