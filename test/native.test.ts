/**
 * The Node engine's native kernels (native/pcalm_native.cc through engine/kernels/nativeKernels.ts)
 * against the wasm kernels they replace, in one process: the same step and the same §6 metrics up to
 * float32 summation order (the module's register-tiled products), for identity and ReLU, residual and
 * chain, PC and PC-ALM, over many steps; bit for bit the same result for 1, 2 and 3 threads; the metrics the step makes itself
 * (for the §6 observer) bit for bit those of the metrics kernel on the same state; bad offsets
 * refused, not followed.
 * Where no module is built (no C++ compiler) the file says so and is skipped, unless
 * PCALM_REQUIRE_NATIVE=1 (CI), which makes that a failure. The fidelity tests themselves also run on
 * the native kernels: `npm run test:native`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeModule } from '../src/cli/native';
import { syntheticBatch } from '../src/core/batch';
import { type Activation, type Architecture, createNetwork } from '../src/core/network';
import { initBackend } from '../src/engine/backend';
import { InferenceStepper } from '../src/engine/inference';
import { type NativeModule, setNativeModule } from '../src/engine/kernels/nativeKernels';
import {
  disposeMetricsContext,
  metricsContext,
  metricsObserver,
  stepMetricsTensor,
} from '../src/engine/metrics';
import { batchTensors, disposeAll, networkTensors } from '../src/engine/model';
import { wasmDirectory } from './helpers/backends';
import { expectClose } from './helpers/compare';
import { type EngineTrace, engineTrace } from './helpers/engine';

const load = loadNativeModule({ ...process.env, PCALM_NATIVE: '1' });
const native: NativeModule | null = load.module;
if (!native && process.env.PCALM_REQUIRE_NATIVE === '1') {
  throw new Error(`PCALM_REQUIRE_NATIVE=1, but no native module: ${'why' in load ? load.why : ''}`);
}
if (!native) console.warn(`native kernels not tested: ${'why' in load ? load.why : ''}`);

interface Case {
  arch: Architecture;
  act: Activation;
  depth: number;
  width: number;
  batch: number;
  etaLambda: number;
}

function trace(c: Case, module: NativeModule | null, threads = 2): EngineTrace {
  setNativeModule(module);
  module?.setThreads(threads);
  try {
    const net = createNetwork(
      { arch: c.arch, act: c.act, param: 'mupc', inputDim: 30, width: c.width, depth: c.depth, classes: 5 },
      7,
    );
    return engineTrace(net, syntheticBatch(c.batch, 30, 5, 8), { etaH: 0.2, etaLambda: c.etaLambda, T: 12 });
  } finally {
    setNativeModule(null);
  }
}

const CASES: Case[] = [
  ...(['residual', 'chain'] as const).flatMap((arch) =>
    (['relu', 'identity'] as const).flatMap((act) =>
      [0, 1].map((etaLambda) => ({ arch, act, depth: 6, width: 12, batch: 7, etaLambda })),
    ),
  ),
  { arch: 'residual', act: 'relu', depth: 40, width: 24, batch: 16, etaLambda: 1 },
  { arch: 'residual', act: 'relu', depth: 2, width: 9, batch: 3, etaLambda: 1 },
  // Wide enough for every register tile of native/productDots.h (64-, 32- and 16-column blocks, the
  // rows left over, the last columns one by one), in the layers' and the batch Gram's products.
  { arch: 'residual', act: 'relu', depth: 5, width: 125, batch: 57, etaLambda: 1 },
];

describe.skipIf(!native)('native kernels', () => {
  beforeAll(async () => {
    const report = await initBackend('wasm', {
      wasmPaths: wasmDirectory(),
      calibrate: false,
      threads: { enabled: false, why: 'the native kernels run the threads' },
    });
    if (report.active !== 'wasm') throw new Error(report.reason);
  });
  afterAll(() => {
    native?.setThreads(1);
    setNativeModule(null);
  });

  it.each(CASES)('match the wasm kernels: $arch $act L=$depth N=$width η_λ=$etaLambda', (c) => {
    const wasm = trace(c, null);
    const fast = trace(c, native);
    expect(fast.steps.length).toBe(wasm.steps.length);
    for (const [k, step] of fast.steps.entries()) {
      const ref = wasm.steps[k];
      expectClose(step.H, ref.H, `H at t=${k}`, 1e-5, 1e-6);
      expectClose(step.R, ref.R, `R at t=${k}`, 1e-4, 1e-6);
      expectClose(step.Lambda, ref.Lambda, `Λ at t=${k}`, 1e-4, 1e-6);
      expectClose(step.e, ref.e, `e at t=${k}`, 1e-5, 1e-6);
      const m = step.metrics;
      const r = ref.metrics;
      expectClose(m.rRms, r.rRms, `residual RMS at t=${k}`, 1e-4, 1e-7);
      expectClose(m.lambdaRms, r.lambdaRms, `dual RMS at t=${k}`, 1e-4, 1e-7);
      expectClose(m.epsRms, r.epsRms, `composite RMS at t=${k}`, 1e-4, 1e-7);
      expectClose(m.creditCosine, r.creditCosine, `credit cosine at t=${k}`, 1e-4, 1e-5);
      expectClose(m.layerGradCosine, r.layerGradCosine, `layer cosine at t=${k}`, 1e-4, 1e-5);
      expectClose(
        [m.gradCosine, m.energy, m.lagrangian, m.constraint],
        [r.gradCosine, r.energy, r.lagrangian, r.constraint],
        `scalars at t=${k}`,
        1e-4,
        1e-7,
      );
    }
    expectClose(fast.grads, wasm.grads, 'final gradients', 1e-4, 1e-7);
  });

  it('give the same bits with 1, 2 and 3 threads', () => {
    const c = CASES[CASES.length - 2];
    const one = trace(c, native, 1);
    for (const threads of [2, 3]) {
      const many = trace(c, native, threads);
      expect(many.steps.map((s) => [s.H, s.Lambda, s.R, s.e])).toEqual(
        one.steps.map((s) => [s.H, s.Lambda, s.R, s.e]),
      );
      expect(many.steps.map((s) => s.metrics)).toEqual(one.steps.map((s) => s.metrics));
    }
  });

  it('make, inside the step, the same metrics bits as the metrics kernel on the same state', () => {
    setNativeModule(native);
    native?.setThreads(2);
    const net = createNetwork(
      { arch: 'residual', act: 'relu', param: 'mupc', inputDim: 30, width: 70, depth: 6, classes: 5 },
      3,
    );
    const model = networkTensors(net);
    const batch = batchTensors(syntheticBatch(20, 30, 5, 4));
    const stepper = new InferenceStepper(model, batch, { etaH: 0.2, etaLambda: 1, T: 8 });
    const ctx = metricsContext(model, batch, stepper.bp, { layer: 2, sample: 3, units: [0, 5, 69] });
    try {
      while (!stepper.done) {
        // The state "at step t" has the λ from before the step's dual update.
        const lambdaBefore = tf.clone(stepper.current.Lambda);
        const inStep = stepper.advance(metricsObserver(ctx)) as tf.Tensor;
        const s = stepper.current;
        const kernel = stepMetricsTensor(ctx, { t: s.t, H: s.H, Lambda: lambdaBefore, R: s.R, e: s.e });
        expect(Array.from(inStep.dataSync())).toEqual(Array.from(kernel.dataSync()));
        tf.dispose([lambdaBefore, inStep, kernel]);
      }
    } finally {
      disposeMetricsContext(ctx);
      stepper.dispose();
      disposeAll(model, batch);
      setNativeModule(null);
    }
  });

  it('refuse a tensor outside the heap and a wrong field count, with a message', () => {
    const module = native as NativeModule;
    const heap = new ArrayBuffer(1 << 16);
    const fields = new Float64Array(module.stepFields.length + 1);
    const at = (name: string) => module.stepFields.indexOf(name);
    fields.set([2, 4, 4, 3], 0);
    fields[at('H')] = 1 << 20;
    expect(() => module.step(heap, fields)).toThrow(/outside the wasm heap/);
    expect(() => module.step(heap, new Float64Array(module.stepFields.length + 5))).toThrow(
      /dimension|number of step fields/,
    );
    expect(() => module.metricsSums(heap, new Float64Array(3))).toThrow(/wrong number of metrics fields/);
    expect(tf.getBackend()).toBe('wasm');
  });
});
