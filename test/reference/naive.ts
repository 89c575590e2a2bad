/**
 * An independent float64 reference of shared/spec/pc-alm-math.md §1–§6, written straight from the
 * spec: one sample at a time, explicit loops over layers and units, no tfjs and no engine code (only
 * the engine's plain data types). Layer numbering follows the spec: W[l-1] is W_l, h[l-1] is h_l.
 */
import type { Batch } from '../../src/core/batch';
import type { StepMetrics } from '../../src/core/metricsLayout';
import type { Activation, Network } from '../../src/core/network';

export type Vec = Float64Array;

export interface Sample {
  x: Vec;
  y: Vec;
}

export interface Rates {
  etaH: number;
  etaLambda: number;
  T: number;
}

/** The state of one sample right after activity step t (before dual step t); t = 0 is the forward pass. */
export interface SampleState {
  h: Vec[];
  lambda: Vec[];
  r: Vec[];
  e: Vec;
}

/** Metrics of spec §6 over a batch, same names and meanings as the engine's (no traced units). */
export type NaiveMetrics = Omit<StepMetrics, 'traceH' | 'traceLambda'>;

/** Weight gradients of W_1 … W_L, each row-major [rows × cols] like the weights. */
export type Grads = Vec[];

export function phi(act: Activation, v: number): number {
  if (act === 'tanh') return Math.tanh(v);
  if (act === 'relu') return Math.max(v, 0);
  return v;
}

/** φ'; ReLU's derivative at 0 is 0. */
export function phiPrime(act: Activation, v: number): number {
  if (act === 'tanh') {
    const t = Math.tanh(v);
    return 1 - t * t;
  }
  if (act === 'relu') return v > 0 ? 1 : 0;
  return 1;
}

/** W_l[i][j] as float64. */
function w(net: Network, l: number, i: number, j: number): number {
  const W = net.W[l - 1];
  return W.data[i * W.cols + j];
}

/** f_l of spec §1 for l = 1 … L; `below` is x for l = 1 and h_{l-1} otherwise. */
export function layerMap(net: Network, l: number, below: ArrayLike<number>): Vec {
  const W = net.W[l - 1];
  const a = net.a[l - 1];
  const out = new Float64Array(W.rows);
  for (let i = 0; i < W.rows; i++) {
    let s = 0;
    for (let j = 0; j < W.cols; j++) s += w(net, l, i, j) * (l === 1 ? below[j] : phi(net.act, below[j]));
    out[i] = a * s;
    if (net.arch === 'residual' && l > 1 && l < net.depth) out[i] += below[i];
  }
  return out;
}

/** J_lᵀ u for l = 2 … L: [u +] a_l φ'(h_{l-1}) ⊙ W_lᵀ u (skip term on residual interior layers only). */
export function jacobianTranspose(net: Network, l: number, hBelow: Vec, u: Vec): Vec {
  const W = net.W[l - 1];
  const out = new Float64Array(W.cols);
  for (let j = 0; j < W.cols; j++) {
    let s = 0;
    for (let i = 0; i < W.rows; i++) s += w(net, l, i, j) * u[i];
    out[j] = net.a[l - 1] * phiPrime(net.act, hBelow[j]) * s;
    if (net.arch === 'residual' && l < net.depth) out[j] += u[j];
  }
  return out;
}

export function forward(net: Network, x: Vec): { h: Vec[]; yHat: Vec } {
  const h: Vec[] = [layerMap(net, 1, x)];
  for (let l = 2; l <= net.depth - 1; l++) h.push(layerMap(net, l, h[l - 2]));
  return { h, yHat: layerMap(net, net.depth, h[net.depth - 2]) };
}

/** r_l = h_l − f_l(h_{l-1}), l = 1 … L-1. */
export function residuals(net: Network, x: Vec, h: Vec[]): Vec[] {
  return h.map((hl, k) => {
    const f = layerMap(net, k + 1, k === 0 ? x : h[k - 1]);
    return hl.map((v, i) => v - f[i]);
  });
}

/** e = y − ŷ. */
export function outputError(net: Network, y: Vec, h: Vec[]): Vec {
  const yHat = layerMap(net, net.depth, h[net.depth - 2]);
  return y.map((v, i) => v - yHat[i]);
}

/** δ_{L-1} = −J_Lᵀ e, δ_l = J_{l+1}ᵀ δ_{l+1}. */
export function adjoints(net: Network, h: Vec[], e: Vec): Vec[] {
  const L = net.depth;
  const delta: Vec[] = new Array(L - 1);
  delta[L - 2] = jacobianTranspose(net, L, h[L - 2], e).map((v) => -v);
  for (let l = L - 2; l >= 1; l--) delta[l - 1] = jacobianTranspose(net, l + 1, h[l - 1], delta[l]);
  return delta;
}

/** ∂𝓛/∂h_l = ε_l − J_{l+1}ᵀ ε_{l+1} (l < L-1), ε_{L-1} − J_Lᵀ e (spec §3). */
export function activityGradient(net: Network, h: Vec[], eps: Vec[], e: Vec): Vec[] {
  const L = net.depth;
  return h.map((_, k) => {
    const l = k + 1;
    const above =
      l < L - 1 ? jacobianTranspose(net, l + 1, h[l - 1], eps[l]) : jacobianTranspose(net, L, h[l - 1], e);
    return eps[k].map((v, i) => v - above[i]);
  });
}

/**
 * One sample's weight gradients (spec §5): G_1 = −a_1 c_1 xᵀ, G_l = −a_l c_l φ(h_{l-1})ᵀ,
 * G_L = −a_L e φ(h_{L-1})ᵀ, with credit c = ε (PC, PC-ALM) or −δ (BP).
 */
export function sampleGrads(net: Network, x: Vec, h: Vec[], credit: Vec[], e: Vec): Grads {
  const L = net.depth;
  return net.W.map((W, k) => {
    const l = k + 1;
    const c = l === L ? e : credit[k];
    const G = new Float64Array(W.rows * W.cols);
    for (let i = 0; i < W.rows; i++) {
      for (let j = 0; j < W.cols; j++) {
        const input = l === 1 ? x[j] : phi(net.act, h[l - 2][j]);
        G[i * W.cols + j] = -net.a[k] * c[i] * input;
      }
    }
    return G;
  });
}

/** Batch mean of per-sample gradients. */
export function meanGrads(perSample: Grads[]): Grads {
  return perSample[0].map((_, k) => {
    const out = new Float64Array(perSample[0][k].length);
    for (const g of perSample) for (let i = 0; i < out.length; i++) out[i] += g[k][i] / perSample.length;
    return out;
  });
}

/** The batch mean of `sampleGrads`, with each sample's activities, credit and output error from `of`. */
export function batchGrads(
  net: Network,
  batch: Sample[],
  of: (b: number) => { h: Vec[]; credit: Vec[]; e: Vec },
): Grads {
  return meanGrads(
    batch.map((s, b) => {
      const { h, credit, e } = of(b);
      return sampleGrads(net, s.x, h, credit, e);
    }),
  );
}

export function samples(batch: Pick<Batch, 'x' | 'y'>): Sample[] {
  const { x, y } = batch;
  return Array.from({ length: x.rows }, (_, b) => ({
    x: Float64Array.from(x.data.subarray(b * x.cols, (b + 1) * x.cols)),
    y: Float64Array.from(y.data.subarray(b * y.cols, (b + 1) * y.cols)),
  }));
}

const add = (a: Vec, b: Vec): Vec => a.map((v, i) => v + b[i]);

/** Spec §4 for one sample: the states at t = 0 … T. */
export function inferSample(net: Network, s: Sample, rates: Rates): SampleState[] {
  const { etaH, etaLambda, T } = rates;
  let h = forward(net, s.x).h;
  let lambda = h.map((hl) => new Float64Array(hl.length));
  let r = residuals(net, s.x, h);
  let e = outputError(net, s.y, h);
  const states: SampleState[] = [{ h, lambda, r, e }];
  for (let t = 1; t <= T; t++) {
    const grad = activityGradient(
      net,
      h,
      r.map((rl, k) => add(rl, lambda[k])),
      e,
    );
    h = h.map((hl, k) => hl.map((v, i) => v - etaH * grad[k][i]));
    r = residuals(net, s.x, h);
    e = outputError(net, s.y, h);
    states.push({ h, lambda, r, e });
    if (t < T) lambda = lambda.map((ll, k) => ll.map((v, i) => v + etaLambda * r[k][i]));
  }
  return states;
}

export interface BackpropReference {
  h: Vec[][];
  yHat: Vec[];
  e: Vec[];
  delta: Vec[][];
  grads: Grads;
  /** ½ mean_b ‖y − ŷ‖². */
  loss: number;
}

export function backpropReference(net: Network, batch: Sample[]): BackpropReference {
  const fw = batch.map((s) => forward(net, s.x));
  const e = batch.map((s, b) => s.y.map((v, i) => v - fw[b].yHat[i]));
  const delta = fw.map((f, b) => adjoints(net, f.h, e[b]));
  const grads = batchGrads(net, batch, (b) => ({
    h: fw[b].h,
    credit: delta[b].map((d) => d.map((v) => -v)),
    e: e[b],
  }));
  const loss = e.reduce((sum, eb) => sum + 0.5 * eb.reduce((q, v) => q + v * v, 0), 0) / batch.length;
  return { h: fw.map((f) => f.h), yHat: fw.map((f) => f.yHat), e, delta, grads, loss };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
/** A cosine of a zero vector is 0 (run-format.md). */
const cosine = (ab: number, aa: number, bb: number): number =>
  aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;

/** Spec §6 at one step, from every sample's state at that step. */
export function stepMetrics(
  net: Network,
  batch: Sample[],
  states: SampleState[],
  bp: BackpropReference,
  t: number,
): NaiveMetrics {
  const B = batch.length;
  const layers = net.depth - 1;
  const N = net.width;
  const eps = states.map((s) => s.r.map((rl, k) => add(rl, s.lambda[k])));
  const rms = (pick: (b: number) => Vec[]) =>
    Array.from({ length: layers }, (_, k) => {
      let s = 0;
      for (let b = 0; b < B; b++) s += dot(pick(b)[k], pick(b)[k]);
      return Math.sqrt(s / (B * N));
    });
  const creditCosine = Array.from({ length: layers }, (_, k) => {
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let b = 0; b < B; b++) {
      ab -= dot(eps[b][k], bp.delta[b][k]);
      aa += dot(eps[b][k], eps[b][k]);
      bb += dot(bp.delta[b][k], bp.delta[b][k]);
    }
    return cosine(ab, aa, bb);
  });
  const G = meanGrads(batch.map((s, b) => sampleGrads(net, s.x, states[b].h, eps[b], states[b].e)));
  const layerGradCosine = G.map((g, k) =>
    cosine(dot(g, bp.grads[k]), dot(g, g), dot(bp.grads[k], bp.grads[k])),
  );
  const sum = (f: (k: number) => number) => G.reduce((s, _, k) => s + f(k), 0);
  const gradCosine = cosine(
    sum((k) => dot(G[k], bp.grads[k])),
    sum((k) => dot(G[k], G[k])),
    sum((k) => dot(bp.grads[k], bp.grads[k])),
  );
  let loss = 0;
  let constraint = 0;
  let coupling = 0;
  for (const s of states) {
    loss += 0.5 * dot(s.e, s.e);
    for (let k = 0; k < layers; k++) {
      constraint += dot(s.r[k], s.r[k]);
      coupling += dot(s.lambda[k], s.r[k]);
    }
  }
  const energy = (loss + 0.5 * constraint) / B;
  return {
    t,
    rRms: rms((b) => states[b].r),
    lambdaRms: rms((b) => states[b].lambda),
    epsRms: rms((b) => eps[b]),
    creditCosine,
    layerGradCosine,
    gradCosine,
    energy,
    lagrangian: energy + coupling / B,
    constraint: constraint / B,
  };
}

export interface NaiveRun {
  /** states[t][b]. */
  states: SampleState[][];
  metrics: NaiveMetrics[];
  bp: BackpropReference;
  /** Weight gradients (batch mean) at the final state t = T. */
  grads: Grads;
}

/** A whole run on a batch: each sample inferred on its own, metrics at every t = 0 … T. */
export function naiveRun(net: Network, batch: Pick<Batch, 'x' | 'y'>, rates: Rates): NaiveRun {
  const data = samples(batch);
  const bp = backpropReference(net, data);
  const perSample = data.map((s) => inferSample(net, s, rates));
  const states = Array.from({ length: rates.T + 1 }, (_, t) => perSample.map((run) => run[t]));
  const metrics = states.map((st, t) => stepMetrics(net, data, st, bp, t));
  const last = states[rates.T];
  const grads = batchGrads(net, data, (b) => ({
    h: last[b].h,
    credit: last[b].r.map((rl, k) => add(rl, last[b].lambda[k])),
    e: last[b].e,
  }));
  return { states, metrics, bp, grads };
}

/** PC energy F(h) = ½‖y − ŷ‖² + ½ Σ_l ‖r_l‖² of one sample (spec §3). */
export function pcEnergy(net: Network, s: Sample, h: Vec[]): number {
  const e = outputError(net, s.y, h);
  return 0.5 * dot(e, e) + 0.5 * residuals(net, s.x, h).reduce((q, rl) => q + dot(rl, rl), 0);
}
