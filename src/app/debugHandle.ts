/**
 * `window.pcalm`: a small, read-only console handle for end-to-end tests and curious researchers.
 * Open the browser console on the explorer and try:
 *
 *   pcalm.state                  the app store's current state (read it, never write it)
 *   pcalm.config                 the configuration that is running (run.config), or null
 *   pcalm.backend                the backend in use ('webgpu' | 'webgl' | 'wasm' | 'cpu'), or null
 *   pcalm.steps('pcalm')         steps computed so far for a method ('pcalm' | 'pc')
 *   pcalm.finished()             true when both methods reached T (or stopped on divergence)
 *   pcalm.metrics('pc', 12)      spec §6 metrics of step 12: rRms, lambdaRms, epsRms, creditCosine
 *                                (per hidden layer 1 … L−1), layerGradCosine (per W_l), gradCosine,
 *                                energy, lagrangian, constraint, traced units; null if not computed
 *   pcalm.allMetrics('pcalm')    the same for every computed step
 *   pcalm.crash()                kills the engine worker (test hook) to exercise the restart path
 *
 * Nothing here writes to the store; the one action, crash(), goes through the engine client like any
 * other. The handle also leaves performance marks for scripts/perf.mjs (see `installPerfMarks`).
 */

import { shallow } from 'zustand/shallow';
import type { MethodId } from '../core/methods';
import { type StepMetrics, unpackMetrics } from '../core/metricsLayout';
import { type AppState, computedSteps, type RunView, runFinished, store } from '../state/store';
import { engine } from './engineClient';

export interface PcalmHandle {
  readonly state: AppState;
  readonly config: RunView['info']['config'] | null;
  readonly backend: string | null;
  steps(method?: MethodId): number;
  finished(): boolean;
  metrics(method: MethodId, t: number): StepMetrics | null;
  allMetrics(method: MethodId): StepMetrics[];
  crash(): void;
}

declare global {
  interface Window {
    pcalm?: PcalmHandle;
  }
}

/** Performance marks (User Timing) the app leaves; scripts/perf.mjs reads them. */
export const PERF_MARKS = {
  /** The worker reported its backend. */
  backend: 'pcalm:backend',
  /** The first run's RunInfo reached the store (step 0 follows in the same burst). */
  configured: 'pcalm:configured',
  /**
   * Taken in the animation frame after the store first holds a step ≥ 1, after the panels' own
   * redraw callbacks of that frame: the first animated frame.
   */
  firstAnimatedFrame: 'pcalm:first-animated-frame',
} as const;

function metricsOf(run: RunView | null, method: MethodId, t: number): StepMetrics | null {
  if (!run || !Number.isInteger(t) || t < 0) return null;
  const buffer = run.buffers[method];
  if (t >= buffer.count) return null;
  const { layout } = buffer;
  const row = new Float64Array(layout.width);
  for (let i = 0; i < layout.width; i++) row[i] = buffer.value(t, i);
  return unpackMetrics(row, 0, t, layout.depth, layout.traceUnits);
}

function createHandle(): PcalmHandle {
  return Object.freeze({
    get state() {
      return store.getState();
    },
    get config() {
      return store.getState().run?.config ?? null;
    },
    get backend() {
      return store.getState().backend?.active ?? null;
    },
    steps(method?: MethodId) {
      const { run } = store.getState();
      if (!method) return computedSteps(run);
      return run ? run.buffers[method].count : 0;
    },
    finished() {
      return runFinished(store.getState().run);
    },
    metrics(method: MethodId, t: number) {
      return metricsOf(store.getState().run, method, t);
    },
    allMetrics(method: MethodId) {
      const { run } = store.getState();
      const count = run ? run.buffers[method].count : 0;
      const out: StepMetrics[] = [];
      for (let t = 0; t < count; t++) out.push(metricsOf(run, method, t)!);
      return out;
    },
    crash() {
      engine.crash();
    },
  });
}

let perfMarksInstalled = false;

/** Leaves the User Timing marks of PERF_MARKS, each once per page load. */
export function installPerfMarks(): void {
  if (perfMarksInstalled || typeof performance === 'undefined') return;
  perfMarksInstalled = true;
  const done = new Set<string>();
  const mark = (name: string) => {
    if (done.has(name)) return;
    done.add(name);
    performance.mark(name);
  };
  const unsubscribe = store.subscribe(
    (s) => [s.backend !== null, s.run !== null, computedSteps(s.run) >= 2] as const,
    ([backend, configured, animated]) => {
      if (backend) mark(PERF_MARKS.backend);
      if (configured) mark(PERF_MARKS.configured);
      if (animated && !done.has(PERF_MARKS.firstAnimatedFrame)) {
        done.add(PERF_MARKS.firstAnimatedFrame);
        unsubscribe();
        // Panels schedule their redraw frame from their own store listeners during this same update;
        // deferring ours to a microtask registers it after theirs, so the mark follows their drawing.
        queueMicrotask(() =>
          requestAnimationFrame(() => {
            performance.mark(PERF_MARKS.firstAnimatedFrame);
          }),
        );
      }
    },
    { equalityFn: shallow },
  );
}

/** Installs `window.pcalm` (once) and the performance marks. */
export function installDebugHandle(): void {
  installPerfMarks();
  if (typeof window === 'undefined' || window.pcalm) return;
  Object.defineProperty(window, 'pcalm', { value: createHandle(), enumerable: false, writable: false });
}
