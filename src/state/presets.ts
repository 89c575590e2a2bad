/**
 * Presets: named starting points that reproduce the paper's figures, each one link away
 * (`?preset=ballistic`). A preset is a set of overrides of the defaults; keys written after it in a
 * link override it in turn, so `preset=annulus&etaLambda=1.5` is the annulus figure at η_λ = 1.5.
 * Only types come from the schema, so the schema can list the preset names without an import cycle.
 */
import type { Config } from './schema';

export interface Preset {
  id: string;
  title: string;
  /** The figure of the paper it reproduces, in a few words. */
  figure: string;
  /** One paragraph: what to look at and why it happens. Plain text. */
  explanation: string;
  settings: Partial<Config>;
}

const inflection = (etaLambda: number, predicted: number): Preset => ({
  id: `inflection-${etaLambda}`,
  title: `BP-cosine inflection, η_λ = ${etaLambda}`,
  figure: 'cosine to backprop over inference steps',
  explanation:
    'The cosine between the weight update PC-ALM would make at step t and the backprop gradient, on the ' +
    'default 32-layer ReLU residual network with a long budget (T = 160). The curve climbs slowly while ' +
    'the credit front is still travelling down the layers, rises steeply once the front reaches the ' +
    'input layer, and then flattens out close to 1. The linear theory places that steep rise near ' +
    `t* ≈ L/√(η_h·η_λ): with the automatic η_h ≈ 0.23 that is about ${predicted} steps for ` +
    `η_λ = ${etaLambda} (it is a long-wave estimate, and the measured rise comes somewhat earlier). ` +
    'Open the other η_λ presets, or drag the η_λ slider, to see the rise move earlier as η_λ grows, ' +
    'until η_h·λ_max reaches the Jury ceiling 4/(2 + η_λ) and the run diverges instead.',
  settings: { arch: 'residual', act: 'relu', T: 160, etaLambda, method: 'pcalm' },
});

export const PRESETS = [
  {
    id: 'scalar',
    title: 'Scalar two-layer example',
    figure: 'the paper’s scalar two-layer example',
    explanation:
      'The smallest network in which PC and PC-ALM disagree: one input, one hidden unit and one output, ' +
      'joined by single numbers. Inference then has just two unknowns, the hidden activity h and its ' +
      'multiplier λ, so every step is a point in the plane. PC slides h downhill until the error at the ' +
      'hidden unit balances the output error and stops there, so its credit is a compromise that falls ' +
      'short of the backprop gradient. PC-ALM keeps adding the leftover hidden error into λ, so the point ' +
      'spirals in to the state where the hidden error is zero and λ is the backprop adjoint (up to ' +
      'sign). Set η_λ = 0 and the two methods coincide; raise it and the spiral turns faster.',
    // Only the view and its rates: the explorer's network stays as it was. η_h = 0.2 (below the
    // example's 1/λ_max = 0.5 at the default weights) makes the eigenvalues complex, hence the spiral.
    settings: { view: 'scalar', etaH: 0.2 },
  },
  {
    id: 'ballistic',
    title: 'Ballistic vs diffusive credit',
    figure: 'credit heatmaps of a deep ReLU residual network, PC beside PC-ALM',
    explanation:
      'A 64-layer ReLU residual network, PC and PC-ALM side by side on the same weights and batch. The ' +
      'output error has to reach 63 hidden layers. Under PC it spreads like heat: after t steps it has ' +
      'travelled about √(η_h·t) layers, so within the budget T = 2L the lower layers hardly receive any ' +
      'credit. Under PC-ALM the multipliers carry it as a damped wave moving about √(η_h·η_λ) layers per ' +
      'step, about half a layer per step here, a front you can watch sweep down the heatmap and arrive at ' +
      'the input layer within the budget. Compare the two heatmaps at the same step, and the cosine to ' +
      'backprop: PC’s levels off almost at once, PC-ALM’s keeps climbing and shoots up as the front ' +
      'reaches the bottom layers.',
    settings: { arch: 'residual', act: 'relu', depth: 64, method: 'both' },
  },
  {
    id: 'annulus',
    title: 'Eigenvalue annulus',
    figure: 'eigenvalues of the inference map of a small linear skip MLP',
    explanation:
      'A small linear residual network (width 8, depth 4), where the linear theory is exact instead of a ' +
      'linearization. One inference step is then an affine map whose matrix has 48 eigenvalues, two for ' +
      'each singular value σ of the constraint matrix A (leaving out the small readout term). Each ' +
      'pair is either real or a complex pair of modulus √(1 − η_h·σ²), so every complex eigenvalue lies ' +
      'in the ring between √(1 − η_h·σ_max²) and √(1 − η_h·σ_min²). Drag η_λ: the eigenvalues slide around their circles, oscillating faster, ' +
      'without moving closer to or further from the origin. Drag η_h and the ring itself changes. Push ' +
      'η_h·σ_max² past 4/(2 + η_λ) and a real eigenvalue leaves the unit circle through −1: the run diverges.',
    settings: { arch: 'residual', act: 'identity', width: 8, depth: 4, batch: 16, method: 'pcalm' },
  },
  inflection(0.5, 95),
  inflection(1, 67),
  inflection(1.5, 55),
  {
    id: 'widths',
    title: 'Two routes to BP-aligned credit',
    figure: 'final cosine to backprop against width, PC and PC-ALM (Fig. 8)',
    explanation:
      'How wide must PC be to line its credit up with backprop as well as PC-ALM does? At a fixed depth ' +
      '(L = 32) and budget (T = 2L), the same seeded ReLU residual network and batch are built at widths ' +
      '8, 16, … 512 and inference runs with PC and with PC-ALM, no training. The upper chart is the ' +
      'cosine between the weight update at step T and the backprop gradient, against width on a log ' +
      'scale: one route to alignment is width, along which PC creeps upwards; the other is the dual ' +
      'variables, with which PC-ALM starts near the top already at the smallest width. Read across: at ' +
      'these settings the width PC would need to match PC-ALM lies beyond 512, the widest run. Click a width (or ' +
      'pick it) for the lower chart, the cosine over the inference steps at that width: PC levels off ' +
      'early, PC-ALM keeps climbing as the credit front reaches the first layers.',
    settings: { view: 'widths', arch: 'residual', act: 'relu', depth: 32 },
  },
] as const satisfies readonly Preset[];

/** Preset ids are checked against PRESET_IDS when a link is read; the type stays a plain string. */
export type PresetId = string;

export const PRESET_IDS: readonly PresetId[] = PRESETS.map((p) => p.id);

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
