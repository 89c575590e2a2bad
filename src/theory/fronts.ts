/** Credit-propagation fronts of spec §8 (residual mean-field, low layer-frequency k). */

/**
 * Predicted inflection step of the BP cosine, t* ≈ L / √(η_h η_λ) (§8); Infinity when η_λ = 0
 * (PC has no ballistic front). E.g. L = 32, η_h = 1/4, η_λ = 1 → 64 = 2L.
 */
export function inflectionStep(depth: number, etaH: number, etaLambda: number): number {
  const speed = Math.sqrt(etaH * etaLambda);
  return speed === 0 ? Number.POSITIVE_INFINITY : depth / speed;
}

/** Layers reached by PC-ALM's damped wave after t steps: group velocity √(η_h η_λ) per step (§8). */
export function ballisticFront(t: number, etaH: number, etaLambda: number): number {
  return Math.sqrt(etaH * etaLambda) * t;
}

/** Layers reached by PC's diffusion after t steps, z = 1 − η_h k²: ~√(η_h t) (§8). */
export function diffusiveFront(t: number, etaH: number): number {
  return Math.sqrt(etaH * t);
}
