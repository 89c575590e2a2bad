/**
 * Runs inside a Worker in headless Chromium (bundled by scripts/perf-spectrum.mjs): the theory
 * worker's own TheoryHandler on the app's networks (residual ReLU, μPC, D = 784, C = 10), timing the
 * two requests the app sends for a new network: σ(A) ("system") and ρ(M) ("exact") at η_λ = 1.
 */
import { syntheticBatch } from '../../src/core/batch';
import { createNetwork } from '../../src/core/network';
import { TheoryHandler } from '../../src/worker/theoryHandler';

interface Job {
  sizes: Array<[number, number]>;
  runs: number;
}

declare const self: { onmessage: (e: MessageEvent<Job>) => void; postMessage: (m: unknown) => void };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

self.onmessage = (event) => {
  const { sizes, runs } = event.data;
  for (const [N, L] of sizes) {
    const net = createNetwork(
      { arch: 'residual', act: 'relu', param: 'mupc', inputDim: 784, width: N, depth: L, classes: 10 },
      0,
    );
    const x = syntheticBatch(1, 784, 10, 0).x.data;
    const sigma: number[] = [];
    const rho: number[] = [];
    let info = '';
    for (let r = 0; r < runs; r++) {
      const handler = new TheoryHandler();
      const t0 = performance.now();
      const s = handler.handle({ type: 'system', key: 'k', network: net, x, sample: 0 }).reply;
      const t1 = performance.now();
      if (s.type !== 'sigmas') throw new Error(s.type === 'error' ? s.message : s.type);
      // η_h = 1/σ_max², the scale of the app's 1/λ_max(H).
      const etaH = 1 / s.detail.sigmaMax ** 2;
      const e = handler.handle({ type: 'exact', key: 'k', etaH, etaLambda: 1 }).reply;
      const t2 = performance.now();
      if (e.type !== 'exact') throw new Error(e.type === 'error' ? e.message : e.type);
      sigma.push(t1 - t0);
      rho.push(t2 - t1);
      info =
        `${s.detail.method}, σ ∈ [${s.detail.sigmaMin.toPrecision(5)}, ${s.detail.sigmaMax.toPrecision(5)}], ` +
        `ρ(M) = ${e.rho.toPrecision(8)}${e.converged ? '' : ' (not converged)'}`;
    }
    self.postMessage({ N, L, n: N * (L - 1), sigma: median(sigma), rho: median(rho), info });
  }
  self.postMessage({ done: true });
};
