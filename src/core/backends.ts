/** Names and reports of the tfjs backends: shared by the engine, its workers and the page. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = 'auto' | BackendName;

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it was skipped or failed, or what it is (adapter, renderer). */
  detail: string;
  /** Calibration speed, activity steps per second, when measured. */
  stepsPerSec?: number;
}

export interface BackendReport {
  requested: BackendChoice;
  active: BackendName;
  /** One sentence for the status line: what runs and, if it is not what was asked, why. */
  reason: string;
  /**
   * wasm only: threads running the engine, whether tfjs-wasm's threaded build runs (which needs a
   * cross-origin isolated page in a browser), and why not more.
   */
  threads?: { count: number; threaded: boolean; why: string };
  attempts: BackendAttempt[];
}
