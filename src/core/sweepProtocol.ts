/**
 * The width sweep's messages between the page and the engine worker (paper Fig. 8, §5.7: how wide PC
 * must be to reach the BP alignment PC-ALM reaches at a fixed width). One request names a
 * configuration and the widths to run; the worker answers, width by width in the order asked, with
 * progress and one point per width, and ends with `sweepDone`. Part of the engine protocol
 * (engineProtocol.ts), kept here so that file stays about the explorer's run.
 */
import type { BackendReport } from './backends';
import type { EngineConfig } from './engineConfig';
import type { MethodId } from './methods';
import type { StepDivergence } from './metricsLayout';

export interface SweepRequest {
  type: 'sweep';
  sweepId: number;
  /** Everything but `width` applies to every point; `width` is ignored. */
  config: EngineConfig;
  /** Run in this order (the page sends them smallest first, so the cheap points arrive first). */
  widths: number[];
}

/** One width's result: its cosine to BP at every step, or why it was not run. */
export type SweepPoint =
  | {
      width: number;
      status: 'done';
      etaH: number;
      T: number;
      /** cos(G(t), G_BP) for t = 0 … T (shorter where the method diverged): the cosine panel's curve. */
      cosine: Record<MethodId, number[]>;
      /** The cosine at step T; null where the method diverged before T. */
      final: Record<MethodId, number | null>;
      divergence: Partial<Record<MethodId, StepDivergence>>;
      /** η_h notes (etaH=paper away from the table's cells). */
      notes: string[];
      seconds: number;
    }
  | {
      width: number;
      /** Too large for the memory limit (core/memory.ts), or it failed while running. */
      status: 'skipped';
      reason: string;
    };

/** What the worker is doing now: setting a width up (network, λ_max) or stepping one method. */
export interface SweepProgress {
  type: 'sweepProgress';
  sweepId: number;
  width: number;
  /** Points finished so far (done or skipped) of `total`. */
  finished: number;
  total: number;
  /** null while the network is built and λ_max estimated. */
  method: MethodId | null;
  t: number;
  T: number;
}

export type ToWorkerSweep = SweepRequest | { type: 'cancelSweep'; sweepId: number };

export type FromWorkerSweep =
  | {
      type: 'sweepStarted';
      sweepId: number;
      backend: BackendReport['active'];
      /** Problems met while setting up (data files missing) and what was used instead. */
      notes: string[];
    }
  | SweepProgress
  | { type: 'sweepPoint'; sweepId: number; point: SweepPoint }
  /** The end: all widths run, cancelled (by the page or a newer request), or failed with `error`. */
  | { type: 'sweepDone'; sweepId: number; cancelled: boolean; error: string | null };
