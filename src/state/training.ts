/**
 * The training view's own store (zustand): the run the training worker reports on, its curves, and a
 * loaded cells.csv. Kept apart from the explorer's store so training never re-renders the panels.
 */
import { createStore, useStore } from 'zustand';
import type { CellRow } from '../core/gridCells';
import { TRAIN_METHODS, type TrainMethod } from '../core/methods';
import type { EvalPoint, MethodResult } from '../core/results';
import type { TrainingPhase, TrainingProgress, TrainingRunInfo } from '../core/trainingProtocol';

/** 'idle' before the first start; the worker's phases after. */
export type TrainingStatus = 'idle' | TrainingPhase | 'failed';

export interface LoadedGrid {
  fileName: string;
  rows: CellRow[];
  problems: string[];
}

export interface TrainingState {
  /** Methods ticked for the next start. */
  selected: TrainMethod[];
  status: TrainingStatus;
  info: TrainingRunInfo | null;
  points: Record<TrainMethod, EvalPoint[]>;
  progress: Pick<TrainingProgress, 'step' | 'total' | 'batchesPerSec' | 'elapsed'>;
  results: MethodResult[] | null;
  error: string | null;
  /** A user's cells.csv; null shows the grid shipped with the app. */
  grid: LoadedGrid | null;
}

const noPoints = (): Record<TrainMethod, EvalPoint[]> => ({ bp: [], pc: [], pcalm: [] });

export const trainingStore = createStore<TrainingState>(() => ({
  selected: [...TRAIN_METHODS],
  status: 'idle',
  info: null,
  points: noPoints(),
  progress: { step: 0, total: 0, batchesPerSec: 0, elapsed: 0 },
  results: null,
  error: null,
  grid: null,
}));

export function useTraining<T>(selector: (s: TrainingState) => T): T {
  return useStore(trainingStore, selector);
}

export function toggleMethod(method: TrainMethod): void {
  trainingStore.setState((s) => {
    const on = s.selected.includes(method);
    // Keep the canonical order so runs always list BP, PC, PC-ALM the same way.
    const next = TRAIN_METHODS.filter((m) => (m === method ? !on : s.selected.includes(m)));
    return { selected: next };
  });
}

/** A new run is starting: the curves of the previous one go. */
export function resetRun(): void {
  trainingStore.setState({
    status: 'starting',
    info: null,
    points: noPoints(),
    progress: { step: 0, total: 0, batchesPerSec: 0, elapsed: 0 },
    results: null,
    error: null,
  });
}

export function addPoints(points: readonly EvalPoint[]): void {
  trainingStore.setState((s) => {
    const next = { ...s.points };
    for (const p of points) next[p.method] = [...next[p.method], p];
    return { points: next };
  });
}

/** Remaining seconds at the current speed; null when it cannot be estimated. */
export function etaSeconds(progress: TrainingState['progress']): number | null {
  const left = progress.total - progress.step;
  return progress.batchesPerSec > 0 && left >= 0 ? left / progress.batchesPerSec : null;
}

/** The newest point of each method. */
export function latestPoints(points: TrainingState['points']): Partial<Record<TrainMethod, EvalPoint>> {
  const out: Partial<Record<TrainMethod, EvalPoint>> = {};
  for (const m of TRAIN_METHODS) if (points[m].length) out[m] = points[m][points[m].length - 1];
  return out;
}
