/** The settings panel: one control per schema key, each labelled and tagged with data-param="<url key>". */
import { useState } from 'react';
import { CONTROL_GROUPS, type Config, SETTINGS, type SettingKey } from '../state/schema';
import { type AutoNumberSetting, allowedText, type EnumSetting } from '../state/settingKinds';
import { useApp } from '../state/store';
import { SWEEP_IGNORED_KEYS } from '../state/sweep';
import { RangeInput } from '../ui/RangeInput';
import { commitSettingText, setSetting } from './actions';
import { ThemeSwitch } from './theme/ThemeSwitch';

/** A slider's read-out: its value, cut to 4 significant digits when longer (e.g. η_h of a run file). */
const shortNumber = (v: number) => (String(v).length > 6 ? String(Number(v.toPrecision(4))) : String(v));

function set(key: SettingKey, value: Config[SettingKey]): void {
  setSetting(key, value as never);
}

/** The choices plus the current value, in order, when a link or run file set one not among them. */
function withCurrent(values: readonly number[], current: number): readonly number[] {
  return values.includes(current) ? values : [...values, current].sort((a, b) => a - b);
}

function SettingControl({ settingKey }: { settingKey: SettingKey }) {
  const value = useApp((s) => s.config[settingKey]);
  const setting = SETTINGS[settingKey];
  const hint = setting.control.widget;
  const id = `ctl-${settingKey}`;
  const [draft, setDraft] = useState<string | null>(null);
  const label = (
    <label htmlFor={id} title={`${setting.description} (${allowedText(setting)})`}>
      {setting.label}
    </label>
  );

  // A named value (enum) or one of a few numbers: a select either way.
  const choices =
    setting.kind === 'enum'
      ? setting.values.map((v) => ({ value: v, text: (setting as EnumSetting).valueLabels?.[v] ?? v }))
      : hint.kind === 'choices'
        ? withCurrent(hint.values, value as number).map((v) => ({ value: v, text: String(v) }))
        : null;
  if (choices) {
    return (
      <div className="control">
        {label}
        <select
          id={id}
          data-param={settingKey}
          value={String(value)}
          onChange={(e) =>
            set(settingKey, (setting.kind === 'enum' ? e.target.value : Number(e.target.value)) as never)
          }
        >
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.text}
            </option>
          ))}
        </select>
      </div>
    );
  }

  if (hint.kind === 'slider' || hint.kind === 'autoSlider') {
    // "auto" or another word the setting accepts (etaH: "paper"): the slider rests while one is chosen.
    const isAuto = typeof value === 'string';
    const numeric = isAuto ? hint.min : (value as number);
    const words: readonly string[] =
      setting.kind === 'autoNumber' ? ((setting as AutoNumberSetting).words ?? []) : [];
    return (
      <div className="control">
        {label}
        <div className="slider-row">
          {hint.kind === 'autoSlider' && (
            <label className="auto-toggle">
              <input
                type="checkbox"
                data-param-auto={settingKey}
                checked={value === 'auto'}
                onChange={(e) => set(settingKey, e.target.checked ? 'auto' : (numeric as never))}
              />
              auto
            </label>
          )}
          {words.map((word) => (
            <label className="auto-toggle" key={word}>
              <input
                type="checkbox"
                data-param-word={`${settingKey}.${word}`}
                checked={value === word}
                onChange={(e) => set(settingKey, (e.target.checked ? word : numeric) as never)}
              />
              {word}
            </label>
          ))}
          <RangeInput
            id={id}
            data-param={settingKey}
            range={hint}
            value={Math.min(Math.max(numeric, hint.min), hint.max)}
            disabled={isAuto}
            onValue={(v) => set(settingKey, v)}
          />
          <output htmlFor={id} title={String(value)}>
            {isAuto ? String(value) : shortNumber(value as number)}
          </output>
        </div>
      </div>
    );
  }

  return (
    <div className="control">
      {label}
      <input
        id={id}
        type="text"
        inputMode="numeric"
        data-param={settingKey}
        value={draft ?? String(value)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          if (draft !== null) commitSettingText(settingKey, draft);
          setDraft(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
    </div>
  );
}

const SCALAR_VIEW_KEYS = new Set<SettingKey>(['etaLambda', 'etaH', 'T', 'view']);

/**
 * The settings column. On narrow screens (phones, tablets: app.css) it is a drawer over the page that
 * the header's Settings button opens; `open` and `onClose` drive it there and do nothing on wide ones.
 */
export function Controls({ open, onClose }: { open: boolean; onClose: () => void }) {
  // Classroom mode: controls a link hides are left out; their values still come from the link.
  const hidden = useApp((s) => s.hidden);
  const view = useApp((s) => s.config.view);
  // The scalar example has its own network: only the rates and the view switch apply to it. The width
  // sweep runs its own widths, and neither its numbers nor its view depend on the traced units.
  const applies = (key: SettingKey) =>
    view === 'scalar' ? SCALAR_VIEW_KEYS.has(key) : view !== 'widths' || !SWEEP_IGNORED_KEYS.has(key);
  const groups = CONTROL_GROUPS.map((group) => ({
    ...group,
    keys: group.keys.filter((key) => !hidden.includes(key) && applies(key)),
  }));
  return (
    <aside className="controls" id="settings" aria-label="Settings" data-open={open}>
      <div className="drawer-head">
        <strong>Settings</strong>
        <button type="button" className="drawer-close" onClick={onClose} aria-label="Close settings">
          ✕
        </button>
      </div>
      {groups
        .filter((group) => group.keys.length > 0)
        .map((group) => (
          <fieldset key={group.title}>
            <legend>{group.title}</legend>
            {group.keys.map((key) => (
              <SettingControl key={key} settingKey={key} />
            ))}
          </fieldset>
        ))}
      <ThemeSwitch />
    </aside>
  );
}
