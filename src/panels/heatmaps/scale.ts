/**
 * What a heatmap cell shows and how its value becomes a colour position. Pure functions (no DOM), so
 * the colour-domain choice and the value → colour mapping are unit-tested in Node.
 *
 * The domain is fixed per run, never rescaled as steps arrive: a rescaling map would paint the first
 * faint credit at the top layer as brightly as the converged state and hide how credit *grows*. It is
 * anchored on BP's adjoint scale, so one colour means "this fraction of BP's credit" for every step,
 * for r, λ and ε, and for PC and PC-ALM alike; it spans several decades so that both PC-ALM's sharp
 * ballistic front and PC's slowly decaying diffusive tail (a fraction of a decade per layer) show up.
 */
import { METHOD_LABELS, type MethodId } from '../../core/methods';
import type { MetricsLayout } from '../../core/metricsLayout';

export type HeatmapMode = 'rms' | 'relative' | 'cosine';
export type CreditQuantity = 'r' | 'lambda' | 'eps';

export const HEATMAP_MODES: readonly HeatmapMode[] = ['rms', 'relative', 'cosine'];
export const CREDIT_QUANTITIES: readonly CreditQuantity[] = ['r', 'lambda', 'eps'];

export const MODE_LABELS: Record<HeatmapMode, string> = {
  rms: 'RMS (log)',
  relative: 'RMS relative to BP',
  cosine: 'credit cosine with −δ',
};

/** Decades shown below BP's scale: deep enough for PC's diffusive tail, shallow enough for contrast. */
export const DECADES_BELOW_BP = 4;
/** Headroom above BP's scale (half a decade): PC-ALM's λ overshoots δ while it oscillates in. */
export const DECADES_ABOVE_BP = 0.5;

export type ColourDomain =
  | {
      kind: 'log';
      min: number;
      max: number;
      /** Where BP's scale sits on this axis (marked on the legend). */
      reference: number;
      referenceLabel: string;
    }
  | { kind: 'linear'; min: number; max: number };

export function isHeatmapMode(value: unknown): value is HeatmapMode {
  return typeof value === 'string' && (HEATMAP_MODES as readonly string[]).includes(value);
}

/** BP's credit scale: the largest finite positive RMS of δ_l; 1 when there is none (no usable δ). */
export function bpReference(deltaRms: readonly number[]): number {
  let best = 0;
  for (const d of deltaRms) if (Number.isFinite(d) && d > best) best = d;
  return best > 0 ? best : 1;
}

/** The fixed colour domain of a mode (see the file comment for why it is fixed and BP-anchored). */
export function colourDomain(mode: HeatmapMode, deltaRms: readonly number[]): ColourDomain {
  if (mode === 'cosine') return { kind: 'linear', min: -1, max: 1 };
  const reference = mode === 'relative' ? 1 : bpReference(deltaRms);
  return {
    kind: 'log',
    min: reference * 10 ** -DECADES_BELOW_BP,
    max: reference * 10 ** DECADES_ABOVE_BP,
    reference,
    referenceLabel: mode === 'relative' ? '= BP' : 'BP δ',
  };
}

/**
 * Position of a value on the colour axis, in [0, 1]. Values at or below the log floor (exact zeros
 * included: credit that has not arrived) sit at 0, values past the top at 1. Non-finite values give
 * NaN, which painters show in the "invalid" colour rather than as a plausible number.
 */
export function colourPosition(value: number, domain: ColourDomain): number {
  if (!Number.isFinite(value)) return Number.NaN;
  let u: number;
  if (domain.kind === 'log') {
    if (value <= domain.min) return 0;
    u = Math.log(value / domain.min) / Math.log(domain.max / domain.min);
  } else {
    u = (value - domain.min) / (domain.max - domain.min);
  }
  return Math.min(1, Math.max(0, u));
}

/** Something that holds per-step rows (MetricsBuffer does). */
export interface StepRows {
  readonly layout: MetricsLayout;
  value(t: number, offset: number): number;
}

/** Whether a map has anything to show in a mode; the reason to print on it when it does not. */
export function emptyReason(
  quantity: CreditQuantity,
  mode: HeatmapMode,
  dualRate: number,
  method: MethodId,
): string | null {
  if (mode === 'cosine' && quantity !== 'eps') return 'cosine is measured for ε only';
  if (quantity === 'lambda' && !(dualRate > 0)) {
    return method === 'pc' ? `λ ≡ 0: ${METHOD_LABELS.pc} has no multipliers` : 'λ ≡ 0 (η_λ = 0)';
  }
  return null;
}

/**
 * The value a cell shows: RMS of r, λ or ε at step t and hidden layer `layer` (1 … L−1), that RMS over
 * BP's δ_l, or the credit cosine cos(ε_l(t), −δ_l). NaN where it is undefined (δ_l = 0 or missing,
 * a cosine asked of r or λ, a layer out of range).
 */
export function cellValue(
  rows: StepRows,
  t: number,
  layer: number,
  quantity: CreditQuantity,
  mode: HeatmapMode,
  deltaRms: readonly number[],
): number {
  const hidden = rows.layout.depth - 1;
  if (!(layer >= 1 && layer <= hidden)) return Number.NaN;
  if (mode === 'cosine') {
    return quantity === 'eps' ? rows.value(t, rows.layout.creditCosine + layer - 1) : Number.NaN;
  }
  const block =
    quantity === 'r' ? rows.layout.rRms : quantity === 'lambda' ? rows.layout.lambdaRms : rows.layout.epsRms;
  const rms = rows.value(t, block + layer - 1);
  if (mode === 'rms') return rms;
  const delta = deltaRms[layer - 1];
  return Number.isFinite(delta) && delta > 0 ? rms / delta : Number.NaN;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

const superscript = (exponent: number): string =>
  [...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join('');

/** Short number text for tooltips: 3 significant digits, "1.23×10⁻⁵" outside 1e-3 … 1e4. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'undefined';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e4) return value.toPrecision(3);
  const [mantissa, exponent] = value.toExponential(2).split('e');
  return `${mantissa}×10${superscript(Number(exponent))}`;
}

/** Text of a power of ten for the log legend (1e-4 → "10⁻⁴", 1 → "1", 0.1 → "0.1"). */
export function formatPowerOfTen(value: number): string {
  const exponent = Math.round(Math.log10(value));
  if (exponent >= -1 && exponent <= 2) return String(10 ** exponent);
  return `10${superscript(exponent)}`;
}

/** Powers of ten inside [min, max] (legend ticks of a log domain). */
export function decadeTicks(min: number, max: number): number[] {
  if (!(min > 0 && max > min && Number.isFinite(max))) return [];
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) {
    ticks.push(10 ** e);
  }
  return ticks;
}
