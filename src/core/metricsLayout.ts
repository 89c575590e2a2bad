/**
 * The packing order of one step's metrics (spec §6) and its unpacking, free of tfjs: the main thread
 * (metrics buffers, panels, the `window.pcalm` console handle) reads packed rows with these without
 * pulling tfjs into the page's bundle. src/engine/metrics.ts computes the packed vector and re-exports
 * everything here.
 */

export interface StepMetrics {
  t: number;
  /** Per hidden layer 1 … L-1: RMS over batch × units. */
  rRms: number[];
  lambdaRms: number[];
  epsRms: number[];
  /** cos(ε_l(t), −δ_l) over batch × units. */
  creditCosine: number[];
  /** cos(G_l(t), G_l^BP) per weight matrix W_1 … W_L. */
  layerGradCosine: number[];
  /** cos(G(t), G^BP), all layers concatenated. */
  gradCosine: number;
  /** PC energy F, batch mean. */
  energy: number;
  /** Augmented Lagrangian 𝓛, batch mean. */
  lagrangian: number;
  /** Σ_l ‖r_l‖², batch mean. */
  constraint: number;
  /** Traced units' h and λ (empty without a probe). */
  traceH: number[];
  traceLambda: number[];
}

/** Where each quantity sits in one step's packed vector: the single source of the packing order. */
export interface MetricsLayout {
  depth: number;
  traceUnits: number;
  /** Offsets of the per-hidden-layer blocks (L-1 values each). */
  rRms: number;
  lambdaRms: number;
  epsRms: number;
  creditCosine: number;
  /** Offset of the per-weight-matrix block (L values). */
  layerGradCosine: number;
  gradCosine: number;
  energy: number;
  lagrangian: number;
  constraint: number;
  traceH: number;
  traceLambda: number;
  /** Values per step. */
  width: number;
}

export function metricsLayout(depth: number, traceUnits = 0): MetricsLayout {
  const hidden = depth - 1;
  const layerGradCosine = 4 * hidden;
  const gradCosine = layerGradCosine + depth;
  return {
    depth,
    traceUnits,
    rRms: 0,
    lambdaRms: hidden,
    epsRms: 2 * hidden,
    creditCosine: 3 * hidden,
    layerGradCosine,
    gradCosine,
    energy: gradCosine + 1,
    lagrangian: gradCosine + 2,
    constraint: gradCosine + 3,
    traceH: gradCosine + 4,
    traceLambda: gradCosine + 4 + traceUnits,
    width: gradCosine + 4 + 2 * traceUnits,
  };
}

export function packedLength(depth: number, traceUnits = 0): number {
  return metricsLayout(depth, traceUnits).width;
}

/** Reads one step's metrics from a packed buffer (see `stepMetricsTensor` and `metricsLayout`). */
export function unpackMetrics(
  packed: ArrayLike<number>,
  offset: number,
  t: number,
  depth: number,
  traceUnits = 0,
): StepMetrics {
  const at = metricsLayout(depth, traceUnits);
  // + 0 turns a −0 read from the device into 0: JSON cannot carry −0, and a run file must
  // read back equal to the metrics the page showed.
  const value = (i: number) => packed[offset + i] + 0;
  const take = (start: number, n: number): number[] => Array.from({ length: n }, (_, i) => value(start + i));
  const hidden = depth - 1;
  return {
    t,
    rRms: take(at.rRms, hidden),
    lambdaRms: take(at.lambdaRms, hidden),
    epsRms: take(at.epsRms, hidden),
    creditCosine: take(at.creditCosine, hidden),
    layerGradCosine: take(at.layerGradCosine, depth),
    gradCosine: value(at.gradCosine),
    energy: value(at.energy),
    lagrangian: value(at.lagrangian),
    constraint: value(at.constraint),
    traceH: take(at.traceH, traceUnits),
    traceLambda: take(at.traceLambda, traceUnits),
  };
}

/** Units of one layer and sample whose primal h and dual λ are traced over steps (paper Fig. 4 B, C). */
export interface TraceProbe {
  /** Hidden layer, 1 … L-1 (spec numbering). */
  layer: number;
  sample: number;
  units: number[];
}

/** Values of one step beyond which a run counts as diverged: float32 is minutes from overflow there. */
export const DIVERGENCE_BOUND = 1e6;

/** Quantities fixed for a batch: BP's adjoints and gradients, and the traced units. */

/** Where and how a run blew up (the first bad quantity of a step). */
export interface StepDivergence {
  t: number;
  /** Hidden layer 1 … L-1 where it was first seen, or null when only the output / energies blew up. */
  layer: number | null;
  quantity: string;
  value: number;
  message: string;
}

/** The first non-finite or exploding quantity of a step, scanning from the input layer up. */
export function findDivergence(m: StepMetrics): StepDivergence | null {
  const perLayer: Array<[string, number[]]> = [
    ['r', m.rRms],
    ['λ', m.lambdaRms],
    ['ε', m.epsRms],
  ];
  const bad = (v: number) => !Number.isFinite(v) || Math.abs(v) > DIVERGENCE_BOUND;
  for (let l = 0; l < m.rRms.length; l++) {
    for (const [name, values] of perLayer) {
      if (bad(values[l])) {
        const value = values[l];
        return {
          t: m.t,
          layer: l + 1,
          quantity: `RMS of ${name}`,
          value,
          message: `diverged at step ${m.t}, layer ${l + 1}: RMS of ${name} = ${value}`,
        };
      }
    }
  }
  // Hidden states bounded by the check above keep ŷ bounded, so the energies only need a finiteness check.
  for (const [name, value] of [
    ['energy F', m.energy],
    ['Lagrangian', m.lagrangian],
  ] as const) {
    if (!Number.isFinite(value)) {
      return {
        t: m.t,
        layer: null,
        quantity: name,
        value,
        message: `diverged at step ${m.t}: ${name} = ${value}`,
      };
    }
  }
  return null;
}
