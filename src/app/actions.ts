/**
 * What the user can do, in one place: controls, keyboard and URL handling call these, never the
 * worker directly. A configuration the device cannot hold is refused here, before it reaches the
 * engine, and the previous one stays.
 */
import { inferenceBytes, inferenceSizeProblem } from '../core/memory';
import type { Speed, SweepChoice } from '../state/linkSettings';
import { findPreset, type PresetId } from '../state/presets';
import { baseConfig } from '../state/query';
import {
  type Config,
  defaultConfig,
  restartsInference,
  SETTING_KEYS,
  SETTINGS,
  type SettingKey,
  SIZE_KEYS,
} from '../state/schema';
import { parseValue } from '../state/settingKinds';
import { computedSteps, notify, runFinished, shownStep, store } from '../state/store';
import { engine } from './engineClient';

/** The reason a configuration is refused, or null. */
export function sizeProblem(config: Config): string | null {
  return inferenceSizeProblem(config);
}

/**
 * The configuration with as few size settings as possible put back to `base` (the defaults or
 * the preset) so that it fits: each round reverts the one that saves the most memory.
 */
export function fitToMemory(config: Config, base: Config): { config: Config; reverted: SettingKey[] } {
  let fitted = config;
  const reverted: SettingKey[] = [];
  while (sizeProblem(fitted)) {
    const options = SIZE_KEYS.filter((key) => fitted[key] !== base[key]).map((key) => {
      const candidate = { ...fitted, [key]: base[key] } as Config;
      return { key, candidate, bytes: inferenceBytes(candidate) };
    });
    if (options.length === 0) break;
    const best = options.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    fitted = best.candidate;
    reverted.push(best.key);
  }
  return { config: fitted, reverted: SIZE_KEYS.filter((key) => reverted.includes(key)) };
}

/** True when only what the page shows changed, so the run in progress can stay. */
function onlyViewChanged(a: Config, b: Config): boolean {
  return SETTING_KEYS.every((key) => !restartsInference(key) || a[key] === b[key]);
}

/** The explorer's configuration changed while another view was shown: run it when the explorer returns. */
let explorerStale = false;

/** Applies a whole configuration; returns false (and says why) when it is refused. */
export function applyConfig(next: Config): boolean {
  const problem = sizeProblem(next);
  if (problem) {
    notify('error', `Refused: ${problem}. Kept the previous settings.`, 'memory');
    return false;
  }
  const { config: current, run } = store.getState();
  store.setState({ config: next });
  const changed = !run || !onlyViewChanged(current, next) || explorerStale;
  // The explorer's run is only computed while it is shown: the scalar and training views have their
  // own engines, and a hidden run would compete with them for the cores.
  explorerStale = changed && next.view !== 'explorer';
  if (changed && !explorerStale) engine.configure(next);
  return true;
}

/**
 * Applies a configuration read from a link: sizes the device cannot hold are put back to `base`
 * (never the whole link), and the message names them.
 */
export function applyLinkConfig(config: Config, base: Config): void {
  const problem = sizeProblem(config);
  const { config: fitted, reverted } = fitToMemory(config, base);
  if (problem) {
    const used = reverted.map((key) => `${key} = ${fitted[key]}`).join(', ') || 'the defaults';
    notify(
      'error',
      `Refused: ${problem}. Using ${used} instead (the other settings of the link apply).`,
      'memory',
    );
  }
  if (!applyConfig(fitted)) applyConfig(defaultConfig());
}

function startPlaying(): void {
  store.setState({ playing: true, autoplay: true, viewT: null });
  engine.play(store.getState().speed);
}

/** A preset from the menu: its settings on top of the defaults, played from step 0. */
export function applyPreset(id: PresetId): void {
  if (!findPreset(id) || !applyConfig(baseConfig(id))) return;
  store.setState({ preset: id });
  startPlaying();
}

/** Every setting back to its default (the classroom hide list stays), played from step 0. */
export function resetToDefaults(): void {
  if (!applyConfig(defaultConfig())) return;
  store.setState({ preset: null });
  startPlaying();
}

export function setSetting<K extends keyof Config>(key: K, value: Config[K]): boolean {
  return applyConfig({ ...store.getState().config, [key]: value });
}

/**
 * Sets a setting from typed text, parsed with the schema; a bad value is named in a message and the old
 * one stays.
 */
export function commitSettingText(key: SettingKey, text: string): void {
  const parsed = parseValue<Config[SettingKey]>(SETTINGS[key], text);
  if (parsed.ok) setSetting(key, parsed.value);
  else notify('error', `${SETTINGS[key].label}: ${parsed.problem}. Kept the previous value.`, `input-${key}`);
}

export function play(): void {
  const { speed, config } = store.getState();
  store.setState({ playing: true, autoplay: true, viewT: null });
  if (runFinished(store.getState().run)) engine.configure(config);
  else engine.play(speed);
}

export function pause(): void {
  store.setState({ playing: false, autoplay: false });
  engine.pause();
}

export function togglePlay(): void {
  if (store.getState().playing) pause();
  else play();
}

/** One step forward: moves the cursor if it is behind, else computes exactly one new step. */
export function stepOnce(): void {
  const state = store.getState();
  pause();
  const shown = shownStep(state);
  const last = computedSteps(state.run) - 1;
  if (shown < last) store.setState({ viewT: shown + 1 });
  else {
    store.setState({ viewT: null });
    engine.step(1);
  }
}

/** Back to step 0 of the same configuration, paused. */
export function reset(): void {
  store.setState({ playing: false, autoplay: false, viewT: null });
  engine.pause();
  engine.configure(store.getState().config);
}

/** Shows step t; steps not computed yet are computed first. */
export function seek(t: number): void {
  const { run } = store.getState();
  if (!run) return;
  const target = Math.max(0, Math.min(Math.round(t), run.info.T));
  pause();
  store.setState({ viewT: target });
  if (target > computedSteps(run) - 1) engine.advanceTo(target);
}

export function setSpeed(speed: Speed): void {
  store.setState({ speed });
  if (store.getState().playing) engine.play(speed);
}

/** A choice of the width sweep (its widths, the width shown): a select or a click, so Back undoes it. */
export function setSweepChoice<K extends keyof SweepChoice>(key: K, value: SweepChoice[K]): void {
  const { sweep } = store.getState();
  if (sweep[key] !== value) store.setState({ sweep: { ...sweep, [key]: value } });
}
