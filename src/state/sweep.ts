/**
 * The width sweep's store (view=widths, paper Fig. 8): which sweep the points belong to, the points
 * that have arrived, and what the engine worker is doing now. What to sweep (sweepMax, sweepWidth)
 * lives in the app store, since links carry it; the results live here, apart from the explorer's run.
 */
import { createStore, useStore } from 'zustand';
import type { BackendReport } from '../core/backends';
import type { SweepPoint, SweepProgress } from '../core/sweepProtocol';
import { SWEEP_WIDTHS, type SweepWidth } from './linkSettings';
import { type Config, engineConfig, resolvedBudget, type SettingKey } from './schema';

/** The widths a sweep runs: 8, 16, … up to `max`, smallest first (the cheap points arrive first). */
export function sweepWidths(max: SweepWidth): number[] {
  return SWEEP_WIDTHS.slice(0, SWEEP_WIDTHS.indexOf(max) + 1).map(Number);
}

/**
 * Settings the sweep's numbers do not depend on: the width (swept), the traced units (not part of the
 * cosine) and training's. Changing one neither restarts a sweep nor shows in the view's settings.
 */
export const SWEEP_IGNORED_KEYS: ReadonlySet<SettingKey> = new Set<SettingKey>([
  'width',
  'method',
  'traceLayer',
  'probe',
  'lr0',
  'epochs',
  'evalEvery',
]);

/** What decides a sweep's points: equal keys, equal numbers (so a finished sweep is kept). */
export function sweepKey(config: Config, max: SweepWidth): string {
  const engine = engineConfig(config) as unknown as Record<string, unknown>;
  const decisive = Object.keys(engine)
    .filter((key) => !SWEEP_IGNORED_KEYS.has(key as SettingKey))
    .map((key) => `${key}=${String(engine[key])}`);
  return [...decisive, `widths=${sweepWidths(max).join(',')}`].join('&');
}

/**
 * The width the steps chart shows: the chosen one if it is swept, else the nearest swept width below
 * it (or the smallest), with a note saying so.
 */
export function shownWidth(
  chosen: SweepWidth,
  widths: readonly number[],
): { width: number; note: string | null } {
  const wanted = Number(chosen);
  if (widths.includes(wanted) || widths.length === 0) return { width: wanted, note: null };
  const below = widths.filter((w) => w <= wanted);
  const width = below.length > 0 ? below[below.length - 1] : widths[0];
  return { width, note: `width ${wanted} is not in this sweep; showing width ${width}` };
}

/**
 * idle: nothing asked yet; waiting: settings just changed, starting shortly; running; done; cancelled:
 * by the Cancel button (Continue resumes); paused: the view was left (it resumes on return); failed.
 */
export type SweepStatus = 'idle' | 'waiting' | 'running' | 'done' | 'cancelled' | 'paused' | 'failed';

export interface SweepState {
  /** sweepKey of the sweep the points belong to; null before the first. */
  key: string | null;
  widths: number[];
  depth: number;
  T: number;
  status: SweepStatus;
  /** Points by width, as they arrive. */
  points: Record<number, SweepPoint>;
  progress: SweepProgress | null;
  backend: BackendReport['active'] | null;
  /** Set-up notes of the worker (data files missing, …) and of the points (η_h = paper). */
  notes: string[];
  error: string | null;
  /** Seconds spent computing this sweep's points so far (over every resume). */
  seconds: number;
}

export const sweepStore = createStore<SweepState>(() => ({
  key: null,
  widths: [],
  depth: 0,
  T: 0,
  status: 'idle',
  points: {},
  progress: null,
  backend: null,
  notes: [],
  error: null,
  seconds: 0,
}));

export function useSweep<T>(selector: (s: SweepState) => T): T {
  return useStore(sweepStore, selector);
}

/** A new sweep for these settings: the old points go. */
export function resetSweep(config: Config, max: SweepWidth): void {
  sweepStore.setState({
    key: sweepKey(config, max),
    widths: sweepWidths(max),
    depth: config.depth,
    T: resolvedBudget(config),
    status: 'waiting',
    points: {},
    progress: null,
    notes: [],
    error: null,
    seconds: 0,
  });
}

/** The widths of the current sweep that have no point yet, smallest first. */
export function missingWidths(s: Pick<SweepState, 'widths' | 'points'>): number[] {
  return s.widths.filter((w) => s.points[w] === undefined);
}

/** The points that are done, in width order (skipped ones left out). */
export function donePoints(
  s: Pick<SweepState, 'widths' | 'points'>,
): Extract<SweepPoint, { status: 'done' }>[] {
  return s.widths
    .map((w) => s.points[w])
    .filter((p): p is Extract<SweepPoint, { status: 'done' }> => p?.status === 'done');
}
