/**
 * Theme (auto / light / dark) and colours (standard / colour-blind safe), as the last group of the
 * settings column. They are page state, not run settings: a change repaints, it never restarts a run.
 */
import { LINK_SETTINGS, type PaletteChoice, type ThemeChoice } from '../../state/linkSettings';
import type { EnumSetting } from '../../state/settingKinds';
import { useApp } from '../../state/store';
import { setPalette, setTheme } from './theme';

const THEME_LABELS: Record<ThemeChoice, string> = { auto: 'auto (system)', light: 'light', dark: 'dark' };
const PALETTE_LABELS: Record<PaletteChoice, string> = {
  standard: 'standard',
  colorblind: 'colour-blind safe',
};

/** One labelled select of a link setting, tagged data-control="<url key>". */
function PageSettingSelect<V extends string>(props: {
  setting: EnumSetting<V>;
  labels: Record<V, string>;
  value: V;
  onChange: (value: V) => void;
}) {
  const { setting } = props;
  const id = `ctl-${setting.key}`;
  return (
    <div className="control">
      <label htmlFor={id} title={setting.description}>
        {setting.label}
      </label>
      <select
        id={id}
        data-control={setting.key}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as V)}
      >
        {setting.values.map((value) => (
          <option key={value} value={value}>
            {props.labels[value]}
          </option>
        ))}
      </select>
    </div>
  );
}

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
