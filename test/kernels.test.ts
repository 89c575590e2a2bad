/**
 * The engine's tensor plumbing: a fixed number of kernels per inference step whatever the depth (cpu
 * and wasm), no tensor leaks over long runs, and the custom wasm kernels (stacked product, layer
 * range) against stock tfjs on cpu, including weights that change between calls.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InferenceStepper } from '../src/engine/inference';
import { disposeMetricsContext, metricsContext, stepMetricsTensor } from '../src/engine/metrics';
import { batchTensors, disposeAll, networkTensors } from '../src/engine/model';
import { layerRange, product } from '../src/engine/ops';
import { InferenceSession, runInference } from '../src/engine/run';
import { switchBackend } from './helpers/backends';
import { batchLambdaMax, smallCase } from './helpers/cases';
import { expectClose, maxAbs } from './helpers/compare';

type BackendName = 'cpu' | 'wasm';

/** Deterministic pseudo-random values in [-1, 1). */
function values(count: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Kernel names of one `advance()` at step 2 (t < T), with or without the metrics observer. */
async function kernelsPerStep(depth: number, withMetrics: boolean): Promise<string[]> {
  const { net, batch } = smallCase({ arch: 'residual', act: 'relu', depth, width: 8, batch: 4 });
  const model = networkTensors(net);
  const b = batchTensors(batch);
  const stepper = new InferenceStepper(model, b, { etaH: 0.1, etaLambda: 1, T: 10 });
  const ctx = metricsContext(model, b, stepper.bp);
  const observe = withMetrics ? (s: typeof stepper.current) => stepMetricsTensor(ctx, s) : undefined;
  try {
    stepper.advance(observe)?.dispose();
    let out: tf.Tensor | undefined;
    const info = await tf.profile(() => {
      out = stepper.advance(observe);
    });
    out?.dispose();
    return info.kernels.map((k) => k.name);
  } finally {
    disposeMetricsContext(ctx);
    stepper.dispose();
    disposeAll(model, b);
  }
}

describe.each(['cpu', 'wasm'] as const)('on %s', (backend: BackendName) => {
  beforeAll(async () => {
    await switchBackend(backend);
  });

  it('an inference step runs the same kernels at L = 8 and L = 64, with and without metrics', async () => {
    for (const withMetrics of [false, true]) {
      const shallow = await kernelsPerStep(8, withMetrics);
      const deep = await kernelsPerStep(64, withMetrics);
      // wasm fuses the step into one kernel and the metrics into one more (kernels/fusedStep.ts).
      expect(shallow.length).toBeGreaterThan(backend === 'wasm' ? 0 : 10);
      expect(deep).toEqual(shallow);
    }
    const plain = await kernelsPerStep(8, false);
    expect((await kernelsPerStep(8, true)).length).toBeGreaterThan(plain.length);
    if (backend === 'wasm') {
      expect(plain).toEqual(['PcalmFusedStep']);
      expect(await kernelsPerStep(8, true)).toEqual(['PcalmFusedStep', 'PcalmFusedMetrics']);
    }
  });

  it('no tensor leaks: the stepper (with and without metrics) holds as many tensors after 1,000 steps as after 10', () => {
    const { net, batch } = smallCase({ arch: 'residual', act: 'tanh', depth: 4 });
    const model = networkTensors(net);
    const b = batchTensors(batch);
    try {
      for (const withMetrics of [false, true]) {
        const stepper = new InferenceStepper(model, b, { etaH: 0.2, etaLambda: 1, T: 2000 });
        const ctx = metricsContext(model, b, stepper.bp);
        const observe = withMetrics ? (s: typeof stepper.current) => stepMetricsTensor(ctx, s) : undefined;
        const steps = (n: number) => {
          for (let k = 0; k < n; k++) stepper.advance(observe)?.dispose();
        };
        steps(10);
        const after10 = tf.memory().numTensors;
        steps(990);
        expect(tf.memory().numTensors, `metrics ${withMetrics}`).toBe(after10);
        disposeMetricsContext(ctx);
        stepper.dispose();
      }
    } finally {
      disposeAll(model, b);
    }
  });

  it('no tensor leaks: InferenceSession.advance and runInference', async () => {
    const { net, batch } = smallCase({ arch: 'chain', act: 'relu', depth: 4 });
    const rates = { etaH: 0.2, etaLambda: 1, T: 1000 };
    const start = tf.memory().numTensors;
    const session = new InferenceSession(net, batch, rates);
    await session.observeCurrent();
    await session.advance(10);
    const after10 = tf.memory().numTensors;
    for (let k = 0; k < 9; k++) await session.advance(110);
    expect(session.stepper.t).toBe(1000);
    expect(tf.memory().numTensors).toBe(after10);
    session.dispose();
    expect(tf.memory().numTensors).toBe(start);

    await runInference({ network: net, batch, ...rates, T: 10 });
    expect(tf.memory().numTensors).toBe(start);
    const run = await runInference({ network: net, batch, ...rates, etaH: 'auto' });
    expect(run.steps).toHaveLength(1001);
    expect(tf.memory().numTensors).toBe(start);
  });
});

/** Runs `f` on a backend and returns its plain result. */
async function on<T>(backend: BackendName, f: () => T): Promise<T> {
  await switchBackend(backend);
  return f();
}

describe('custom wasm kernels equal stock tfjs on cpu', () => {
  const shapes: Array<[number, number, number, number]> = [
    [1, 3, 4, 5],
    [3, 5, 8, 7],
    [7, 16, 16, 16],
    [2, 1, 9, 1],
    [5, 33, 2, 17],
  ];

  it('product of [S, M, K]·[S, K, P] stacks', async () => {
    for (const [S, M, K, P] of shapes) {
      const a = values(S * M * K, S + 10 * M);
      const b = values(S * K * P, K + 10 * P);
      const run = () =>
        tf.tidy(() => product(tf.tensor3d(a, [S, M, K]), tf.tensor3d(b, [S, K, P])).dataSync());
      const expected = await on('cpu', () =>
        tf.tidy(() => tf.matMul(tf.tensor3d(a, [S, M, K]), tf.tensor3d(b, [S, K, P])).dataSync()),
      );
      const got = await on('wasm', run);
      expectClose(got, expected, `[${S},${M},${K}]·[${S},${K},${P}]`, 1e-5, 1e-5 * maxAbs(expected));
    }
  });

  it('layerRange equals tf.slice', async () => {
    const x = values(6 * 3 * 5, 7);
    for (const [start, count] of [
      [0, 6],
      [0, 1],
      [1, 4],
      [5, 1],
      [2, 3],
    ]) {
      const run = (range: boolean) =>
        tf.tidy(() => {
          const t = tf.tensor3d(x, [6, 3, 5]);
          return (
            range ? layerRange(t, start, count) : tf.slice(t, [start, 0, 0], [count, 3, 5])
          ).arraySync();
        });
      const expected = await on('cpu', () => run(false));
      expect(await on('wasm', () => run(true)), `layers ${start} … ${start + count - 1}`).toEqual(expected);
    }
  });

  it('weights that change between calls are never served stale (packed-weight cache)', async () => {
    const [S, M, K, P] = [3, 5, 8, 7];
    const a = values(S * M * K, 1);
    const weights = Array.from({ length: 24 }, (_, k) => values(S * K * P, 100 + k));
    const expected = await on('cpu', () =>
      weights.map((w) =>
        tf.tidy(() => tf.matMul(tf.tensor3d(a, [S, M, K]), tf.tensor3d(w, [S, K, P])).dataSync()),
      ),
    );
    await switchBackend('wasm');
    const backend = tf.backend() as unknown as { dataIdMap: { get(id: object): { memoryOffset: number } } };
    const A = tf.tensor3d(a, [S, M, K]);
    const offsets = new Set<number>();
    let reused = 0;
    weights.forEach((w, k) => {
      // Odd k: allocate something else in between, so the new weight lands at varying offsets.
      const filler = k % 2 ? tf.zeros([S * K * P]) : null;
      const W = tf.tensor3d(w, [S, K, P]);
      const offset = backend.dataIdMap.get(W.dataId).memoryOffset;
      if (offsets.has(offset)) reused++;
      offsets.add(offset);
      for (const call of ['first', 'cached']) {
        const out = product(A, W);
        expectClose(
          out.dataSync(),
          expected[k],
          `weight ${k}, ${call} call`,
          1e-5,
          1e-5 * maxAbs(expected[k]),
        );
        out.dispose();
      }
      W.dispose();
      filler?.dispose();
    });
    A.dispose();
    // The point of the test: new weights did land in memory that held earlier, disposed ones.
    expect(reused).toBeGreaterThan(5);
  });

  it('a full 20-step PC-ALM run gives the same metrics on wasm and cpu; networks replaced in between', async () => {
    const specs = [
      { arch: 'residual', act: 'relu', depth: 8, width: 16, batch: 8, seed: 2 },
      { arch: 'chain', act: 'tanh', depth: 6, width: 12, batch: 5, seed: 3 },
      { arch: 'residual', act: 'identity', depth: 8, width: 16, batch: 8, seed: 4 },
    ] as const;
    const runAll = async () => {
      const out = [];
      for (const spec of specs) {
        const { net, batch } = smallCase(spec);
        const etaH = 1 / batchLambdaMax(net, batch);
        out.push(await runInference({ network: net, batch, etaH, etaLambda: 1, T: 20, chunk: 6 }));
      }
      return out;
    };
    await switchBackend('cpu');
    const cpu = await runAll();
    await switchBackend('wasm');
    const wasm = await runAll();
    cpu.forEach((c, k) => {
      const w = wasm[k];
      expect(w.divergence).toBeNull();
      expect(w.steps).toHaveLength(21);
      expectClose(w.deltaRms, c.deltaRms, `run ${k}: δ RMS`, 1e-4, 1e-4 * maxAbs(c.deltaRms));
      // The absolute tolerance is 1e-4 of the largest value; for the per-layer RMS and cosines that
      // value is floored at 1e-3, so one that stays near 0 is not held to less than float32 noise.
      const compared = [
        { floor: 1e-3, keys: ['rRms', 'lambdaRms', 'epsRms', 'creditCosine', 'layerGradCosine'] },
        { floor: 0, keys: ['gradCosine', 'energy', 'lagrangian', 'constraint'] },
      ] as const;
      for (const { floor, keys } of compared) {
        for (const key of keys) {
          const ref = c.steps.map((s) => s[key]);
          const actual = w.steps.map((s) => s[key]);
          expectClose(actual, ref, `run ${k}: ${key}`, 1e-4, 1e-4 * Math.max(maxAbs(ref), floor));
        }
      }
    });
  });
});
