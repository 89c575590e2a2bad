/**
 * Theme (auto / light / dark) and colours (standard / colour-blind safe), as the last group of the
 * settings column. They are page state, not run settings: a change repaints, it never restarts a run.
 */
import { LINK_SETTINGS, type PaletteChoice, type ThemeChoice } from '../../state/linkSettings';
import { useApp } from '../../state/store';
import { PageSettingSelect } from '../../ui/PageSettingSelect';
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
      <PageSettingSelect
        setting={LINK_SETTINGS.theme}
        labels={THEME_LABELS}
        value={theme}
        onChange={setTheme}
      />
      <PageSettingSelect
        setting={LINK_SETTINGS.palette}
        labels={PALETTE_LABELS}
        value={palette}
        onChange={setPalette}
      />
    </fieldset>
  );
}
