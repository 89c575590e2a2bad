/** Tick values for an axis over steps or layers: whole numbers only, so T = 1 is not labelled 0.2, 0.4, … */
export function integerTicks(scale: { ticks: (count?: number) => number[] }, count: number): number[] {
  return scale.ticks(count).filter(Number.isInteger);
}
