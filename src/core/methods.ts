/** The methods, their names and the learning rate: facts every floor needs, free of tfjs. */

/** Inference: both methods always run on the same network and batch; `config.method` picks what is shown. */
export const METHODS = ['pcalm', 'pc'] as const;
export type MethodId = (typeof METHODS)[number];

/** Training adds backprop. */
export const TRAIN_METHODS = ['bp', 'pc', 'pcalm'] as const;
export type TrainMethod = (typeof TRAIN_METHODS)[number];

/** The one table of method names shown anywhere (panels, CLI, status lines). */
export const METHOD_LABELS: Record<TrainMethod, string> = { bp: 'BP', pc: 'PC', pcalm: 'PC-ALM' };

/** The paper's width/depth-scaled Adam rate η0·√(N/L) (spec §9). */
export function adamLearningRate(eta0: number, width: number, depth: number): number {
  return eta0 * Math.sqrt(width / depth);
}
