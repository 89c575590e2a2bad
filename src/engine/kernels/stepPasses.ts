/**
 * The element-wise passes of one inference step (spec §4), written as the same float32 operations in
 * the same order as the stock path (layers.ts, inference.ts), and instantiated once per wasm module
 * instance on its memory. See simdModule.ts for how a pass becomes code.
 */

import { productDots, productDotsFused } from './productDotsKernel';
import type { Expr, PassFunction, PassSpec, Statement } from './simdModule';
import { instantiate } from './simdModule';

const load = (p: number): Expr => ({ load: p });
const scalar = (k: number): Expr => ({ scalar: k });
const get = (k: number): Expr => ({ get: k });
const add = (a: Expr, b: Expr): Expr => ({ op: 'add', a, b });
const sub = (a: Expr, b: Expr): Expr => ({ op: 'sub', a, b });
const mul = (a: Expr, b: Expr): Expr => ({ op: 'mul', a, b });

/** ε = r + λ. Pointers: r, λ, out. */
const eps: PassSpec = {
  name: 'eps',
  pointers: 3,
  scalars: 0,
  locals: 0,
  body: [{ store: 2, value: add(load(0), load(1)) }],
};

/**
 * h' = h − η (ε − J_{l+1}ᵀ ε_{l+1}) and φ(h'), with J_{l+1}ᵀ ε_{l+1} = [ε_{l+1} +] a φ'(h) ⊙ u and
 * u = ε_{l+1} W_{l+1} (or e W_L). Pointers: h, ε, ε_{l+1}, u, h' out, φ(h') out; scalars a, η_h.
 */
function activity(relu: boolean, skip: boolean): PassSpec {
  const derivTimesU = relu ? mul({ positive: get(0) }, load(3)) : load(3);
  const pulled = mul(scalar(0), derivTimesU);
  const credit = skip ? add(load(2), pulled) : pulled;
  const body: Statement[] = [
    { set: 0, to: load(0) },
    { set: 1, to: sub(get(0), mul(scalar(1), sub(load(1), credit))) },
    { store: 4, value: get(1) },
    { store: 5, value: relu ? { op: 'max', a: get(1), b: { value: 0 } } : get(1) },
  ];
  return {
    name: `activity_${relu ? 'relu' : 'linear'}_${skip ? 'skip' : 'plain'}`,
    pointers: 6,
    scalars: 2,
    locals: 2,
    body,
  };
}

/**
 * r = h − f(h_below) and, with `dual`, λ' = λ + η_λ r. f is p itself (`first`: the input projection),
 * h_below + a p (residual) or a p (chain), p = φ(h_below) W_lᵀ. Pointers: h, h_below, p, λ, r out,
 * λ' out; scalars a, η_λ. The readout's e = y − a_L p is the chain form without dual.
 */
function residual(mode: 'first' | 'skip' | 'chain', dual: boolean): PassSpec {
  const mixed = mul(scalar(0), load(2));
  const pred = mode === 'first' ? load(2) : mode === 'skip' ? add(load(1), mixed) : mixed;
  const body: Statement[] = [
    { set: 0, to: sub(load(0), pred) },
    { store: 4, value: get(0) },
  ];
  if (dual) body.push({ store: 5, value: add(load(3), mul(scalar(1), get(0))) });
  return { name: `residual_${mode}_${dual ? 'dual' : 'primal'}`, pointers: 6, scalars: 2, locals: 1, body };
}

/**
 * Per-layer sums of the §6 metrics in one pass, and ε stored for the gradient products. Pointers: r,
 * λ, δ, ε out, sums out; sums Σr², Σλ², Σε², Σε·δ, Σλ·r.
 */
const stats: PassSpec = {
  name: 'stats',
  pointers: 5,
  scalars: 0,
  locals: 3,
  accumulators: 5,
  body: [
    { set: 0, to: load(0) },
    { set: 1, to: load(1) },
    { set: 2, to: add(get(0), get(1)) },
    { store: 3, value: get(2) },
    { acc: 0, value: mul(get(0), get(0)) },
    { acc: 1, value: mul(get(1), get(1)) },
    { acc: 2, value: mul(get(2), get(2)) },
    { acc: 3, value: mul(get(2), load(2)) },
    { acc: 4, value: mul(get(1), get(0)) },
  ],
};

/** Σ g·g_BP and Σ g² of one weight gradient. Pointers: g, g_BP, sums out. */
const gradientDots: PassSpec = {
  name: 'gradient_dots',
  pointers: 3,
  scalars: 0,
  locals: 1,
  accumulators: 2,
  body: [
    { set: 0, to: load(0) },
    { acc: 0, value: mul(get(0), load(1)) },
    { acc: 1, value: mul(get(0), get(0)) },
  ],
};

/** φ = ReLU. Pointers: h, out. */
const relu: PassSpec = {
  name: 'relu',
  pointers: 2,
  scalars: 0,
  locals: 0,
  body: [{ store: 1, value: { op: 'max', a: load(0), b: { value: 0 } } }],
};

const SPECS: PassSpec[] = [
  eps,
  stats,
  gradientDots,
  relu,
  ...[false, true].flatMap((relu) => [false, true].map((skip) => activity(relu, skip))),
  ...(['first', 'skip', 'chain'] as const).flatMap((mode) =>
    [false, true].map((dual) => residual(mode, dual)),
  ),
];

export interface StepPasses {
  eps: PassFunction;
  stats: PassFunction;
  gradientDots: PassFunction;
  relu: PassFunction;
  /**
   * out (two float64) = [⟨Eᵀ A, Q⟩, ‖Eᵀ A‖²] for E [K, R], A [K, P], Q [R, P]: (E, A, Q, out, R, K, P).
   */
  productDots: PassFunction;
  activity(relu: boolean, skip: boolean): PassFunction;
  residual(mode: 'first' | 'skip' | 'chain', dual: boolean): PassFunction;
}

const instances = new WeakMap<WebAssembly.Memory, StepPasses | null>();

/** The passes on `memory`, or null where WebAssembly SIMD is unavailable. */
export function stepPasses(memory: WebAssembly.Memory): StepPasses | null {
  if (instances.has(memory)) return instances.get(memory)!;
  let passes: StepPasses | null = null;
  try {
    // The fused metrics product where relaxed SIMD validates, else the one that multiplies and adds.
    const fns = instantiate(SPECS, memory, [productDotsFused]) ?? instantiate(SPECS, memory, [productDots]);
    if (fns) {
      passes = {
        eps: fns.eps,
        stats: fns.stats,
        gradientDots: fns.gradient_dots,
        relu: fns.relu,
        productDots: fns.product_dots,
        activity: (relu, skip) => fns[`activity_${relu ? 'relu' : 'linear'}_${skip ? 'skip' : 'plain'}`],
        residual: (mode, dual) => fns[`residual_${mode}_${dual ? 'dual' : 'primal'}`],
      };
    }
  } catch {
    passes = null;
  }
  instances.set(memory, passes);
  return passes;
}
