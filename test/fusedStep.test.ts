/**
 * The wasm backend's fused inference step (src/engine/kernels/fusedStep.ts) against the stock
 * kernels it replaces, on the same backend: bit for bit (same float32 operations in the same order,
 * same XNNPACK products), for identity and ReLU, residual and chain; over several steps, so a wrong λ, r or e shows up in the next step too. PC (η_λ = 0) and the last step, which
 * has no dual step, are included.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticBatch } from '../src/core/batch';
import { createNetwork } from '../src/core/network';
import { fusedStepUsable, setFusedStep } from '../src/engine/fusedInference';
import { InferenceStepper } from '../src/engine/inference';
import {
  disposeMetricsContext,
  metricsContext,
  stepMetricsTensor,
  unpackMetrics,
} from '../src/engine/metrics';
import {
  type BatchTensors,
  batchTensors,
  disposeAll,
  type NetworkTensors,
  networkTensors,
} from '../src/engine/model';
import { switchBackend } from './helpers/backends';
import { expectClose, maxAbs } from './helpers/compare';

type Spec = {
  arch: 'residual' | 'chain';
  act: 'identity' | 'tanh' | 'relu';
  depth: number;
  etaLambda: number;
};

/**
 * `spec`'s network (from `seeds.network`) and a batch of 5 (from `seeds.batch`), stepped T times on the
 * fused or the stock path by `run`; the tensors are disposed and the fused path switched back on after.
 */
function withStepper<R>(
  spec: Spec,
  fused: boolean,
  seeds: { network: number; batch: number },
  T: number,
  run: (stepper: InferenceStepper, model: NetworkTensors, batch: BatchTensors) => R,
): R {
  setFusedStep(fused);
  const net = createNetwork(
    { arch: spec.arch, act: spec.act, param: 'mupc', inputDim: 20, width: 8, depth: spec.depth, classes: 4 },
    seeds.network,
  );
  const model = networkTensors(net);
  const batch = batchTensors(syntheticBatch(5, 20, 4, seeds.batch));
  const stepper = new InferenceStepper(model, batch, { etaH: 0.3, etaLambda: spec.etaLambda, T });
  try {
    return run(stepper, model, batch);
  } finally {
    stepper.dispose();
    disposeAll(model, batch);
    setFusedStep(true);
  }
}

/** h, λ, r, e after each of T steps. */
function trace(spec: Spec, fused: boolean, T = 6): Float32Array[][] {
  return withStepper(spec, fused, { network: 7, batch: 8 }, T, (stepper) => {
    const out: Float32Array[][] = [];
    for (let t = 0; t < T; t++) {
      stepper.advance();
      const s = stepper.current;
      out.push([s.H, s.Lambda, s.R, s.e].map((x) => x.dataSync() as Float32Array));
    }
    return out;
  });
}

const specs: Spec[] = (['residual', 'chain'] as const).flatMap((arch) =>
  (['identity', 'relu'] as const).flatMap((act) =>
    [2, 3, 6].flatMap((depth) => [1, 0].map((etaLambda) => ({ arch, act, depth, etaLambda }))),
  ),
);

describe('fused wasm step equals the stock kernels', () => {
  beforeAll(async () => {
    await switchBackend('wasm');
  });

  it('is the path the wasm backend takes for identity and ReLU (wasm has no tanh instruction)', () => {
    expect(fusedStepUsable('relu')).toBe(true);
    expect(fusedStepUsable('identity')).toBe(true);
    expect(fusedStepUsable('tanh')).toBe(false);
  });

  it.each(specs)('$arch $act L=$depth η_λ=$etaLambda', (spec) => {
    const before = tf.memory().numTensors;
    const fused = trace(spec, true);
    const stock = trace(spec, false);
    expect(tf.memory().numTensors).toBe(before);
    // The run must move, or equality means nothing.
    expect(maxAbs(Array.from(fused[5][0], (v, i) => v - fused[0][0][i]))).toBeGreaterThan(1e-6);
    const names = ['h', 'λ', 'r', 'e'];
    for (let t = 0; t < fused.length; t++) {
      for (let q = 0; q < 4; q++) {
        const what = `${spec.arch} ${spec.act} L=${spec.depth}, t = ${t + 1}: ${names[q]}`;
        expect(Array.from(fused[t][q]), what).toEqual(Array.from(stock[t][q]));
      }
    }
  });
});

/** The packed §6 metrics of each of T steps, with a probe on layer 2. */
function metricsTrace(spec: Spec, fused: boolean, T = 6): Float32Array[] {
  return withStepper(spec, fused, { network: 3, batch: 4 }, T, (stepper, model, batch) => {
    const probe = { layer: Math.min(2, spec.depth - 1), sample: 3, units: [0, 5, 7] };
    const ctx = metricsContext(model, batch, stepper.bp, probe);
    const out: Float32Array[] = [];
    try {
      for (let t = 0; t < T; t++) {
        const m = stepper.advance((s) => stepMetricsTensor(ctx, s))!;
        out.push(m.dataSync() as Float32Array);
        m.dispose();
      }
    } finally {
      disposeMetricsContext(ctx);
    }
    return out;
  });
}

describe('fused wasm metrics equal the stock kernels (float32 sums in another order)', () => {
  beforeAll(async () => {
    await switchBackend('wasm');
  });

  it.each(specs)('$arch $act L=$depth η_λ=$etaLambda', (spec) => {
    const before = tf.memory().numTensors;
    const fused = metricsTrace(spec, true);
    const stock = metricsTrace(spec, false);
    expect(tf.memory().numTensors).toBe(before);
    for (let t = 0; t < fused.length; t++) {
      const a = unpackMetrics(fused[t], 0, t + 1, spec.depth, 3);
      const b = unpackMetrics(stock[t], 0, t + 1, spec.depth, 3);
      for (const key of Object.keys(b) as Array<keyof typeof b>) {
        const what = `${spec.arch} ${spec.act} L=${spec.depth}, t = ${t + 1}: ${key}`;
        expectClose(a[key], b[key], what, 1e-4, 1e-6 * (maxAbs(b[key]) + 1));
      }
      // The cosines must say something: G(t) is not yet BP's gradient.
      expect(Math.abs(a.gradCosine)).toBeLessThan(1);
    }
  });
});
