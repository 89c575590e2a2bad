/** Training facts the main thread needs too (methods, names, the learning rate): free of tfjs. */
export const TRAIN_METHODS = ['bp', 'pc', 'pcalm'] as const;
export type TrainMethod = (typeof TRAIN_METHODS)[number];

export const METHOD_LABELS: Record<TrainMethod, string> = { bp: 'BP', pc: 'PC', pcalm: 'PC-ALM' };

/** The paper's width/depth-scaled Adam rate η0·√(N/L) (spec §9). */
export function adamLearningRate(eta0: number, width: number, depth: number): number {
  return eta0 * Math.sqrt(width / depth);
}
