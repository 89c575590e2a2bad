/**
 * Conformance with the official implementation: test/fixtures/pcalm-jax-reference.json, a copy of shared/fixtures/ (SakanaAI/pc-alm,
 * residual tanh MLP D = N = C = 2, L = 3, η_h = 0.1, η_λ = 1, T = 3), reproduced to 2e-5 absolute by the
 * engine, and by the float64 reference of test/reference/naive.ts (which validates the reference).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../src/core/batch';
import type { Matrix, Network } from '../src/core/network';
import fixture from './fixtures/pcalm-jax-reference.json';
import { switchBackend } from './helpers/backends';
import { expectClose, maxAbs } from './helpers/compare';
import { engineTrace } from './helpers/engine';
import { naiveRun } from './reference/naive';

const TOL = 2e-5;
const mat = (rows: number[][]): Matrix => ({
  rows: rows.length,
  cols: rows[0].length,
  data: Float32Array.from(rows.flat()),
});

const net: Network = {
  arch: 'residual',
  act: 'tanh',
  param: 'mupc',
  inputDim: 2,
  width: 2,
  depth: 3,
  classes: 2,
  a: [1 / Math.sqrt(2), 1 / Math.sqrt(2 * 3), 1 / 2],
  W: fixture.params.map(mat),
};
const batch: Batch = { x: mat(fixture.x), y: mat(fixture.y), labels: [0, 1] };
const pc = { etaH: 0.1, etaLambda: 0, T: 3 };
const pcalm = { etaH: 0.1, etaLambda: 1, T: 3 };

/** [layer][sample][unit] → per-layer list of per-sample vectors, for the naive reference's layout. */
const bySample = (states: { h: Float64Array[]; lambda: Float64Array[] }[], key: 'h' | 'lambda') =>
  net.W.slice(0, -1).map((_, k) => states.map((s) => Array.from(s[key][k])));

describe('official fixture (pcalm-jax-reference.json)', () => {
  beforeAll(async () => {
    await switchBackend('cpu');
  });

  it('is a non-trivial case (the checks below could fail)', () => {
    // PC-ALM must differ from PC and from BP by far more than the tolerance, or matching them proves nothing.
    expect(maxAbs(fixture.pcalm_duals)).toBeGreaterThan(100 * TOL);
    const diff = fixture.pcalm_grads.flat(2).map((v, i) => v - fixture.pc_grads.flat(2)[i]);
    expect(maxAbs(diff)).toBeGreaterThan(100 * TOL);
  });

  it('engine: forward pass, BP loss and gradients', () => {
    const run = engineTrace(net, batch, pcalm);
    const yHat = run.bp.e.map((eb, b) => eb.map((v, i) => fixture.y[b][i] - v));
    expectClose(run.bp.H, fixture.forward.slice(0, 2), 'h_1, h_2', 0, TOL);
    expectClose(yHat, fixture.forward[2], 'ŷ', 0, TOL);
    const loss = run.bp.e.reduce((s, eb) => s + 0.5 * eb.reduce((q, v) => q + v * v, 0), 0) / 2;
    expect(Math.abs(loss - fixture.bp_loss)).toBeLessThanOrEqual(TOL);
    expectClose(run.bp.grads, fixture.bp_grads, 'bp_grads', 0, TOL);
  });

  it('engine: PC free states, duals and weight gradients at T', () => {
    const run = engineTrace(net, batch, pc);
    const last = run.steps[pc.T];
    expect(run.steps.map((s) => s.t)).toEqual([0, 1, 2, 3]);
    expectClose(last.H, fixture.pc_free, 'pc_free', 0, TOL);
    expectClose(last.Lambda, fixture.pc_duals, 'pc_duals', 0, TOL);
    expectClose(run.grads, fixture.pc_grads, 'pc_grads', 0, TOL);
  });

  it('engine: PC-ALM free states, duals (before the last dual step) and weight gradients at T', () => {
    const run = engineTrace(net, batch, pcalm);
    const last = run.steps[pcalm.T];
    expectClose(last.H, fixture.pcalm_free, 'pcalm_free', 0, TOL);
    expectClose(last.Lambda, fixture.pcalm_duals, 'pcalm_duals', 0, TOL);
    expectClose(run.grads, fixture.pcalm_grads, 'pcalm_grads', 0, TOL);
  });

  it('naive float64 reference reproduces the fixture too', () => {
    const ref = naiveRun(net, batch, pcalm);
    const hFwd = net.W.slice(0, -1).map((_, k) => ref.bp.h.map((hb) => Array.from(hb[k])));
    expectClose(hFwd, fixture.forward.slice(0, 2), 'naive h_1, h_2', 0, TOL);
    expectClose(ref.bp.yHat, fixture.forward[2], 'naive ŷ', 0, TOL);
    expect(Math.abs(ref.bp.loss - fixture.bp_loss)).toBeLessThanOrEqual(TOL);
    expectClose(ref.bp.grads, fixture.bp_grads, 'naive bp_grads', 0, TOL);
    const last = ref.states[pcalm.T];
    expectClose(bySample(last, 'h'), fixture.pcalm_free, 'naive pcalm_free', 0, TOL);
    expectClose(bySample(last, 'lambda'), fixture.pcalm_duals, 'naive pcalm_duals', 0, TOL);
    expectClose(ref.grads, fixture.pcalm_grads, 'naive pcalm_grads', 0, TOL);

    const refPc = naiveRun(net, batch, pc);
    const lastPc = refPc.states[pc.T];
    expectClose(bySample(lastPc, 'h'), fixture.pc_free, 'naive pc_free', 0, TOL);
    expectClose(bySample(lastPc, 'lambda'), fixture.pc_duals, 'naive pc_duals', 0, TOL);
    expectClose(refPc.grads, fixture.pc_grads, 'naive pc_grads', 0, TOL);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    engineTrace(net, batch, pcalm);
    expect(tf.memory().numTensors).toBe(before);
  });
});
