/**
 * The app's one store (zustand). The worker's messages and the user's actions both land here; panels
 * subscribe to slices. Metrics buffers are mutated in place and `version` bumps announce new rows.
 */
import { createStore, useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import type { BackendReport } from '../core/backends';
import type { RunInfo } from '../core/engineProtocol';
import { METHODS, type MethodId } from '../core/methods';
import type { StepDivergence } from '../core/metricsLayout';
import {
  DEFAULT_SCALAR_INPUTS,
  DEFAULT_SWEEP_CHOICE,
  type PaletteChoice,
  type ScalarInputs,
  type Speed,
  type SweepChoice,
  type ThemeChoice,
} from './linkSettings';
import { MetricsBuffer } from './metricsBuffer';
import type { PresetId } from './presets';
import { type Config, defaultConfig } from './schema';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  text: string;
  /** Notices with the same topic replace each other (e.g. "memory"). */
  topic?: string;
}

export interface RunView {
  info: RunInfo;
  /** The page configuration this run was started with (the engine reads its EngineConfig part). */
  config: Config;
  buffers: Record<MethodId, MetricsBuffer>;
  divergence: Partial<Record<MethodId, StepDivergence>>;
  /** Bumped on every chunk of new rows. */
  version: number;
}

export type WorkerStatus = 'starting' | 'running' | 'restarting';

export interface AppState {
  /** What the controls show; the running configuration is `run.config`. */
  config: Config;
  run: RunView | null;
  backend: BackendReport | null;
  playing: boolean;
  /**
   * Whether a new or changed configuration starts playing. Only the user's pause (or step, seek,
   * reset) clears it; a run that reaches its end is not "paused", so the next change plays again.
   */
  autoplay: boolean;
  speed: Speed;
  /** Step shown by the panels; null follows the newest computed step. */
  viewT: number | null;
  stepsPerSec: number;
  worker: WorkerStatus;
  notices: Notice[];
  /** The preset the settings started from (the link's `preset=`), or null. */
  preset: PresetId | null;
  /** Classroom mode: controls, panels and page parts the link hides (names from HIDEABLE). */
  hidden: readonly string[];
  theme: ThemeChoice;
  palette: PaletteChoice;
  /**
   * Bumped after the page's theme colours change (theme, palette, or the system's light / dark while
   * the theme is auto): canvases read colours only when they redraw, so they redraw on this.
   */
  themeVersion: number;
  /** The network and batch running instead of seeded ones (a run file, trained weights), or null. */
  imported: ImportedRun | null;
  /** Theory overlays on the figures (link `overlays=`), and the guided tour's card (link `tour=`). */
  overlays: boolean;
  tourOpen: boolean;
  /** The scalar example's inputs (link w1, w2, x, y). */
  scalar: ScalarInputs;
  /** The width sweep's widths and shown width (link sweepMax, sweepWidth); its results: state/sweep.ts. */
  sweep: SweepChoice;
}

export interface ImportedRun {
  /** What runs, for the page: `run file "a.json"`, `PC-ALM weights after 120 training batches`. */
  name: string;
}

/** With subscribeWithSelector: listeners name the slice they follow instead of diffing states by hand. */
export const store = createStore<AppState>()(
  subscribeWithSelector(
    (): AppState => ({
      config: defaultConfig(),
      run: null,
      backend: null,
      playing: true,
      autoplay: true,
      speed: 30,
      viewT: null,
      stepsPerSec: 0,
      worker: 'starting',
      notices: [],
      preset: null,
      hidden: [],
      theme: 'auto',
      palette: 'standard',
      themeVersion: 0,
      imported: null,
      overlays: true,
      tourOpen: false,
      scalar: DEFAULT_SCALAR_INPUTS,
      sweep: DEFAULT_SWEEP_CHOICE,
    }),
  ),
);

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(store, selector);
}

/** Steps computed so far (the longer of the two methods). */
export function computedSteps(run: RunView | null): number {
  return run ? Math.max(run.buffers.pcalm.count, run.buffers.pc.count) : 0;
}

/** Both methods reached T, or stopped on divergence. */
export function runFinished(run: RunView | null): boolean {
  if (!run) return false;
  return METHODS.every((m) => run.buffers[m].count >= run.info.T + 1 || run.divergence[m] !== undefined);
}

/** The step the panels show: the cursor, or the newest step. */
export function shownStep(s: Pick<AppState, 'run' | 'viewT'>): number {
  const last = Math.max(0, computedSteps(s.run) - 1);
  return s.viewT === null ? last : Math.min(s.viewT, last);
}

let noticeIds = 0;

export function notify(level: NoticeLevel, text: string, topic?: string): void {
  store.setState((s) => ({
    notices: [
      ...s.notices.filter((n) => !topic || n.topic !== topic),
      { id: ++noticeIds, level, text, topic },
    ],
  }));
}

export function dismissNotice(id: number): void {
  store.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function startRun(info: RunInfo, config: Config): void {
  const units = info.probe.units.length;
  const buffers = {
    pcalm: new MetricsBuffer(info.depth, units, info.T + 1),
    pc: new MetricsBuffer(info.depth, units, info.T + 1),
  };
  store.setState({ run: { info, config, buffers, divergence: {}, version: 0 }, viewT: null });
}
