/**
 * The engine's PC / PC-ALM inference against the float64 reference of test/reference/naive.ts, step
 * for step: states h, λ, r, e and every metric of spec §6 at t = 0 … T, over residual/chain ×
 * identity/tanh/relu × mupc/standard × L ∈ {2, 3, 5}. Plus: η_λ = 0 is PC, samples are independent,
 * and a run far above the stable η_h stops with a divergence that names a step and a layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../src/core/batch';
import type { Network } from '../src/core/network';
import { DIVERGENCE_BOUND } from '../src/engine/metrics';
import { runInference } from '../src/engine/run';
import { switchBackend } from './helpers/backends';
import { batchLambdaMax, sampleBatch, smallCase } from './helpers/cases';
import { expectClose, maxAbs } from './helpers/compare';
import { type EngineTrace, engineTrace } from './helpers/engine';
import { type NaiveRun, naiveRun, type SampleState } from './reference/naive';

/** float32 engine vs float64 reference: measured worst case is ~3e-6 relative to each quantity's scale. */
const RTOL = 1e-4;

const METRIC_KEYS = [
  'rRms',
  'lambdaRms',
  'epsRms',
  'creditCosine',
  'layerGradCosine',
  'gradCosine',
  'energy',
  'lagrangian',
  'constraint',
] as const;

/** Per-sample lists of per-layer vectors → the engine's [layer][sample][unit] layout. */
function byLayer(perSample: Float64Array[][]): number[][][] {
  return perSample[0].map((_, k) => perSample.map((s) => Array.from(s[k])));
}

/** The reference's states at one step, stacked like the engine's. */
const stack = (states: SampleState[], key: 'h' | 'lambda' | 'r') => byLayer(states.map((s) => s[key]));

/** Asserts the engine trace equals the reference at every step, each quantity to RTOL of its scale. */
function expectSameRun(eng: EngineTrace, ref: NaiveRun, label: string): void {
  const T = ref.states.length - 1;
  expect(eng.steps.map((s) => s.t)).toEqual(Array.from({ length: T + 1 }, (_, t) => t));
  const all = (key: 'h' | 'lambda' | 'r') => maxAbs(ref.states.map((st) => stack(st, key)));
  const hScale = all('h');
  // r is a difference of h's and λ a sum of r's: their float32 rounding is relative to |h|.
  const scale = { h: hScale, lambda: Math.max(all('lambda'), hScale), r: hScale };
  const metricScale = Object.fromEntries(
    METRIC_KEYS.map((k) => [k, Math.max(maxAbs(ref.metrics.map((m) => m[k])), 1)]),
  );
  for (let t = 0; t <= T; t++) {
    const e = eng.steps[t];
    const st = ref.states[t];
    const at = `${label}, t = ${t}`;
    expectClose(e.H, stack(st, 'h'), `${at}: h`, RTOL, RTOL * scale.h);
    expectClose(e.Lambda, stack(st, 'lambda'), `${at}: λ`, RTOL, RTOL * scale.lambda);
    expectClose(e.R, stack(st, 'r'), `${at}: r`, RTOL, RTOL * scale.r);
    expectClose(
      e.e,
      st.map((s) => s.e),
      `${at}: e`,
      RTOL,
      RTOL * hScale,
    );
    for (const k of METRIC_KEYS) {
      expectClose(e.metrics[k], ref.metrics[t][k], `${at}: ${k}`, RTOL, RTOL * metricScale[k]);
    }
  }
  expectClose(eng.bp.delta, byLayer(ref.bp.delta), `${label}: δ`, RTOL, RTOL * maxAbs(ref.bp.delta));
  expectClose(eng.bp.grads, ref.bp.grads, `${label}: G_BP`, RTOL, RTOL * maxAbs(ref.bp.grads));
  expectClose(eng.grads, ref.grads, `${label}: G(T)`, RTOL, RTOL * maxAbs(ref.grads));
}

function conditioned(net: Network, batch: Batch, etaLambda = 1) {
  return { etaH: 1 / batchLambdaMax(net, batch), etaLambda, T: 2 * net.depth + 2 };
}

const cases = (['residual', 'chain'] as const).flatMap((arch) =>
  (['identity', 'tanh', 'relu'] as const).flatMap((act) =>
    (['mupc', 'standard'] as const).flatMap((param) =>
      [2, 3, 5].map((depth) => ({ arch, act, param, depth, seed: 10 * depth + 1 })),
    ),
  ),
);

describe('engine inference equals the float64 reference, step for step', () => {
  beforeAll(async () => {
    await switchBackend('cpu');
  });

  it.each(cases)('$arch $act $param L=$depth', (spec) => {
    const { net, batch } = smallCase(spec);
    const rates = conditioned(net, batch);
    const ref = naiveRun(net, batch, rates);
    // The comparison means something only if the run moves: λ and the BP cosine change over the steps.
    expect(maxAbs(ref.states[rates.T].map((s) => s.lambda))).toBeGreaterThan(1e-3);
    expectSameRun(
      engineTrace(net, batch, rates),
      ref,
      `${spec.arch} ${spec.act} ${spec.param} L=${spec.depth}`,
    );
  });

  it('η_λ = 0 is PC: λ stays exactly 0, 𝓛 = F, and the states are the reference run with λ ≡ 0', () => {
    for (const act of ['identity', 'tanh', 'relu'] as const) {
      const { net, batch } = smallCase({ arch: 'residual', act, depth: 5, seed: 3 });
      const rates = conditioned(net, batch, 0);
      const eng = engineTrace(net, batch, rates);
      for (const s of eng.steps) {
        expect(maxAbs(s.Lambda)).toBe(0);
        expect(s.metrics.lagrangian).toBe(s.metrics.energy);
        expect(s.metrics.epsRms).toEqual(s.metrics.rRms);
      }
      const ref = naiveRun(net, batch, rates);
      for (const st of ref.states) expect(maxAbs(st.map((s) => s.lambda))).toBe(0);
      expectSameRun(eng, ref, `PC ${act}`);
      // PC-ALM with η_λ > 0 is a different run from step 2 on (λ(2) = η_λ r(1) ≠ 0).
      const alm = engineTrace(net, batch, { ...rates, etaLambda: 1 });
      expect(maxAbs(alm.steps[2].Lambda)).toBeGreaterThan(1e-4);
    }
  });

  it('inference of one sample does not depend on the rest of its batch', () => {
    for (const [arch, act] of [
      ['residual', 'relu'],
      ['chain', 'tanh'],
    ] as const) {
      const { net, batch } = smallCase({ arch, act, depth: 5, batch: 4, seed: 5 });
      const rates = conditioned(net, batch);
      const together = engineTrace(net, batch, rates);
      for (let b = 0; b < batch.x.rows; b++) {
        const alone = engineTrace(net, sampleBatch(batch, b), rates);
        for (let t = 0; t <= rates.T; t++) {
          const both = together.steps[t];
          const one = alone.steps[t];
          const pick = (S: number[][][]) => S.map((layer) => layer[b]);
          const scale = maxAbs(both.H);
          const what = `${arch} ${act}, sample ${b}, t = ${t}`;
          for (const [field, name] of [
            ['H', 'h'],
            ['Lambda', 'λ'],
            ['R', 'r'],
          ] as const) {
            const expected = pick(both[field]).map((v) => [v]);
            expectClose(one[field], expected, `${what}: ${name}`, 1e-6, 1e-6 * scale);
          }
          expectClose(one.e, [both.e[b]], `${what}: e`, 1e-6, 1e-6 * scale);
        }
      }
    }
  });

  it('η_h far above stability stops runInference with a divergence naming a step and a layer', async () => {
    for (const [arch, act] of [
      ['residual', 'identity'],
      ['chain', 'relu'],
    ] as const) {
      const { net, batch } = smallCase({ arch, act, depth: 4, seed: 7 });
      const etaH = 6 / batchLambdaMax(net, batch);
      const T = 300;
      const before = tf.memory().numTensors;
      const run = await runInference({ network: net, batch, etaH, etaLambda: 1, T, chunk: 7 });
      expect(tf.memory().numTensors).toBe(before);
      const d = run.divergence;
      expect(d, `${arch} ${act} should diverge`).not.toBeNull();
      if (!d) return;
      expect(d.t).toBeGreaterThan(0);
      expect(d.t).toBeLessThan(T);
      // The run stops at the divergent step: nothing after it is reported.
      expect(run.steps.map((s) => s.t)).toEqual(Array.from({ length: d.t + 1 }, (_, t) => t));
      // Same step as the float64 reference under findDivergence's rule (per-layer RMS of r, λ, ε past
      // DIVERGENCE_BOUND, or F / 𝓛 non-finite).
      const ref = naiveRun(net, batch, { etaH, etaLambda: 1, T: d.t + 2 });
      const bad = (v: number, bound: number) => !Number.isFinite(v) || Math.abs(v) > bound;
      const refT = ref.metrics.findIndex(
        (m) =>
          [...m.rRms, ...m.lambdaRms, ...m.epsRms].some((v) => bad(v, DIVERGENCE_BOUND)) ||
          [m.energy, m.lagrangian].some((v) => !Number.isFinite(v)),
      );
      expect(refT, `${arch} ${act}: reference diverges at ${refT}, engine at ${d.t}`).toBe(d.t);
      // Every hidden layer has exploded by then, so the status must say where it started.
      const worst = Math.max(...run.steps[d.t].rRms);
      expect(
        d.layer,
        `${arch} ${act}: "${d.message}" names no layer although RMS of r reached ${worst.toPrecision(3)} ` +
          `(the batch-mean energy bound DIVERGENCE_BOUND² fires before any per-layer bound once N·(L−1) > 2)`,
      ).not.toBeNull();
      expect(d.layer).toBeGreaterThanOrEqual(1);
      expect(d.layer).toBeLessThanOrEqual(net.depth - 1);
      expect(d.message).toMatch(new RegExp(`step ${d.t}\\b.*layer ${d.layer}\\b`));
    }
  });
});
