/** The nearest step 0 … T to a fractional step (pointer position); null when there is no such step. */
export function nearestStep(fractional: number, T: number): number | null {
  if (!Number.isFinite(fractional) || !(T >= 0)) return null;
  return Math.max(0, Math.min(T, Math.round(fractional)));
}
