/**
 * A small store of its own for the theory worker's results (spec §7), so the main store's subscribers
 * are not woken by them: singular values of A for the running network, and the exact eigenvalues of M
 * when the system is small enough.
 */
import { createStore, useStore } from 'zustand';
import type { ExactSpectrum, SigmaDetail, TheoryProgressReply } from '../core/theoryProtocol';
import type { AppState } from './store';

/**
 * none: no run yet; computing: σ(A) in the worker; ready: σ known; onRequest: n is large, computing
 * waits for the user; tooLarge: n is above the limit; error: `message` says why.
 */
export type SigmaStatus = 'none' | 'computing' | 'ready' | 'onRequest' | 'tooLarge' | 'error';

export interface SpectrumState {
  /** Fingerprint of the system asked for last (network + probe input), null when none. */
  key: string | null;
  status: SigmaStatus;
  /** n = N(L−1) of that system. */
  n: number;
  /** Probe sample the system is linearised at. */
  sample: number;
  /** φ is not the identity: A and K are Jacobians at the forward pass of `sample`. */
  linearized: boolean;
  /** σ(A), descending; while `status` is computing these may still be the previous system's. */
  sigmas: Float64Array | null;
  /** Key the `sigmas` belong to. */
  sigmasKey: string | null;
  sigmaMs: number | null;
  /** Extremes and density of σ, and how they were computed (same key as `sigmas`). */
  sigmaDetail: SigmaDetail | null;
  exact: ExactSpectrum | null;
  /** Progress of the request running in the theory worker, or null. */
  progress: Pick<TheoryProgressReply, 'stage' | 'fraction'> | null;
  /** An exact request is waiting or running. */
  exactBusy: boolean;
  message: string | null;
}

/** No system asked for and no results yet: the start, and where a refused or failed system goes back to. */
export const NO_SYSTEM = {
  key: null,
  sigmas: null,
  sigmasKey: null,
  sigmaMs: null,
  sigmaDetail: null,
  exact: null,
  progress: null,
  exactBusy: false,
  message: null,
} satisfies Partial<SpectrumState>;

export const initialSpectrum: SpectrumState = {
  ...NO_SYSTEM,
  status: 'none',
  n: 0,
  sample: 0,
  linearized: false,
};

export const spectrumStore = createStore<SpectrumState>(() => ({ ...initialSpectrum }));

export function useSpectrum<T>(selector: (s: SpectrumState) => T): T {
  return useStore(spectrumStore, selector);
}

/**
 * η_h the figure uses: the number the controls show when η_h is set by hand (live, before the engine
 * re-runs), else the auto-resolved value the running engine used; null before the first run.
 */
export function liveEtaH(s: Pick<AppState, 'config' | 'run'>): number | null {
  if (typeof s.config.etaH === 'number') return s.config.etaH;
  return s.run ? s.run.info.etaH : null;
}
