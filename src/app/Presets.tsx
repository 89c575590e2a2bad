/** The presets menu and the explanation of the preset in use. Text only, never HTML. */
import { useRef, useState } from 'react';
import { findPreset, PRESETS } from '../state/presets';
import { baseConfig } from '../state/query';
import { SETTING_KEYS, SETTINGS } from '../state/schema';
import { useApp } from '../state/store';
import { useCloseOnOutside } from '../ui/Menu';
import { applyPreset } from './actions';
import './linkToolbar.css';
import '../ui/menu.css';

/** Width of the open list in px (linkToolbar.css). */
const MENU_WIDTH = 360;

export function PresetsMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  const active = useApp((s) => s.preset);
  // The list opens towards the side with room, so it never runs off the window.
  const [align, setAlign] = useState<'left' | 'right'>('left');
  const placeList = () => {
    const box = menu.current?.getBoundingClientRect();
    if (box) setAlign(box.left + MENU_WIDTH > window.innerWidth ? 'right' : 'left');
  };
  useCloseOnOutside(menu, { refocus: false });
  return (
    <details
      className={`menu presets-menu align-${align}`}
      ref={menu}
      data-testid="presets"
      onToggle={placeList}
    >
      <summary>Presets</summary>
      <ul className="menu-popup">
        {PRESETS.map((preset) => (
          <li key={preset.id}>
            <button
              type="button"
              data-preset={preset.id}
              aria-current={preset.id === active ? 'true' : undefined}
              onClick={() => {
                if (menu.current) menu.current.open = false;
                applyPreset(preset.id);
              }}
            >
              <span className="preset-title">{preset.title}</span>
              <span className="preset-figure">{preset.figure}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** What the active preset shows, and which settings have been changed since it was chosen. */
export function PresetNote() {
  const id = useApp((s) => s.preset);
  const config = useApp((s) => s.config);
  const [collapsed, setCollapsed] = useState<string | null>(null);
  const preset = id === null ? undefined : findPreset(id);
  if (!preset) return null;
  const base = baseConfig(preset.id);
  const changed = SETTING_KEYS.filter((key) => config[key] !== base[key]).map((key) => SETTINGS[key].label);
  const open = collapsed !== preset.id;
  return (
    <section className="page-note preset-note" data-testid="preset-note" aria-label="About this preset">
      <header>
        <strong>Preset: {preset.title}</strong>
        <button type="button" aria-expanded={open} onClick={() => setCollapsed(open ? preset.id : null)}>
          {open ? 'Hide explanation' : 'Show explanation'}
        </button>
      </header>
      {open && <p>{preset.explanation}</p>}
      {changed.length > 0 && (
        <p className="preset-changed">Changed since the preset: {changed.join(', ')}.</p>
      )}
    </section>
  );
}
