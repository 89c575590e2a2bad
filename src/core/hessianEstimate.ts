/** What the engine reports of its η_h = 1/λ_max estimate (spec §9). */
/** The official code's fallback when no estimate is available. */
export const FALLBACK_ETA_H = 0.25;

export interface HessianEstimate {
  lambdaMax: number;
  etaH: number;
  iterations: number;
  converged: boolean;
  /** Which samples the estimate used, for the record. */
  samples: string;
}
