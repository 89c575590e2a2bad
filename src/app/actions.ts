/**
 * What the user can do, in one place: controls, keyboard and URL handling call these, never the
 * worker directly. A configuration the device cannot hold is refused here, before it reaches the
 * engine, and the previous one stays.
 */
import { estimateInferenceBytes } from '../engine/experiment';
import { type Config, resolvedBudget } from '../state/schema';
import { computedSteps, notify, type Speed, shownStep, store } from '../state/store';
import { engine } from './engineClient';

/** Above this the tab would stall or run out of memory on a typical laptop; refused with the estimate. */
export const MAX_INFERENCE_BYTES = 1.5e9;

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

/** The reason a configuration is refused, or null. */
export function sizeProblem(config: Config): string | null {
  const bytes = estimateInferenceBytes(config);
  if (bytes <= MAX_INFERENCE_BYTES) return null;
  return (
    `width ${config.width} × depth ${config.depth} × batch ${config.batch} with T = ${resolvedBudget(config)} ` +
    `needs about ${formatBytes(bytes)}, more than the ${formatBytes(MAX_INFERENCE_BYTES)} this app allows`
  );
}

/** Applies a whole configuration; returns false (and says why) when it is refused. */
export function applyConfig(next: Config): boolean {
  const problem = sizeProblem(next);
  if (problem) {
    notify('error', `Refused: ${problem}. Kept the previous settings.`, 'memory');
    return false;
  }
  store.setState({ config: next });
  engine.configure(next);
  return true;
}

export function setSetting<K extends keyof Config>(key: K, value: Config[K]): boolean {
  return applyConfig({ ...store.getState().config, [key]: value });
}

function atEnd(): boolean {
  const { run } = store.getState();
  if (!run) return false;
  const done = (['pcalm', 'pc'] as const).every(
    (m) => run.buffers[m].count >= run.info.T + 1 || run.divergence[m] !== undefined,
  );
  return done;
}

export function play(): void {
  const { speed, config } = store.getState();
  store.setState({ playing: true, viewT: null });
  if (atEnd()) engine.configure(config);
  else engine.play(speed);
}

export function pause(): void {
  store.setState({ playing: false });
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
  store.setState({ playing: false, viewT: null });
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
