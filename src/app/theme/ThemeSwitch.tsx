/**
 * Theme (auto / light / dark) and colours (standard / colour-blind safe), as the last group of the
 * settings column. They are page state, not run settings: a change repaints, it never restarts a run.
 */
import { LINK_SETTINGS, type PaletteChoice, type ThemeChoice } from '../../state/schema';
import { useApp } from '../../state/store';
import { setPalette, setTheme } from './theme';

const THEME_LABELS: Record<ThemeChoice, string> = { auto: 'auto (system)', light: 'light', dark: 'dark' };
const PALETTE_LABELS: Record<PaletteChoice, string> = {
  standard: 'standard',
  colorblind: 'colour-blind safe',
};

export function ThemeSwitch() {
  const theme = useApp((s) => s.theme);
  const palette = useApp((s) => s.palette);
  return (
    <fieldset className="theme-switch">
      <legend>Appearance</legend>
      <div className="control">
        <label htmlFor="ctl-theme" title={LINK_SETTINGS.theme.description}>
          Theme
        </label>
        <select
          id="ctl-theme"
          data-control="theme"
          value={theme}
          onChange={(e) => setTheme(e.target.value as ThemeChoice)}
        >
          {LINK_SETTINGS.theme.values.map((value) => (
            <option key={value} value={value}>
              {THEME_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <div className="control">
        <label htmlFor="ctl-palette" title={LINK_SETTINGS.palette.description}>
          Colours
        </label>
        <select
          id="ctl-palette"
          data-control="palette"
          value={palette}
          onChange={(e) => setPalette(e.target.value as PaletteChoice)}
        >
          {LINK_SETTINGS.palette.values.map((value) => (
            <option key={value} value={value}>
              {PALETTE_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
