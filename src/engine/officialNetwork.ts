/**
 * The official code's initial weights for a seed (rng=official): keys = jax.random.split(PRNGKey(seed),
 * L), then W_l = jax.random.normal(keys[l], (out, in)) in float32, W_1 from keys[0] up to W_L from
 * keys[L−1]. Row-major [out][in] is our Matrix layout too, so the draws land element for element.
 */
import { normal, prngKey, type SplitScheme, split } from '../core/jaxRandom';
import { layerConstants, MIN_DEPTH, type Network, type NetworkShape, weightShapes } from '../core/network';

export type RngChoice = 'ours' | 'official' | 'official-legacy';

/** JAX's key-splitting scheme of an rng setting (null for ours). */
export function splitScheme(rng: RngChoice): SplitScheme | null {
  return rng === 'official' ? 'partitionable' : rng === 'official-legacy' ? 'legacy' : null;
}

export function createOfficialNetwork(shape: NetworkShape, seed: number, scheme: SplitScheme): Network {
  if (!(shape.depth >= MIN_DEPTH)) throw new Error(`depth must be at least ${MIN_DEPTH}`);
  const keys = split(prngKey(seed), shape.depth, scheme);
  const W = weightShapes(shape).map(([rows, cols], l) => {
    const data = normal(keys[l], rows * cols, scheme);
    // The official networks are mean-field (N(0, 1)); the standard parameterization scales as ours does.
    if (shape.param === 'standard') {
      const scale = 1 / Math.sqrt(cols);
      for (let i = 0; i < data.length; i++) data[i] *= scale;
    }
    return { rows, cols, data };
  });
  return { ...shape, a: layerConstants(shape), W };
}
