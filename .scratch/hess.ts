import { initBackend } from '../src/engine/backend';
import { estimateHessian } from '../src/engine/run';
import { experiment } from '../src/engine/experiment';
import { defaultConfig, engineConfig } from '../src/state/schema';
import { loadDataSet } from '../src/data/loadNode';
const r = await initBackend('wasm', { calibrate: false });
console.log(r.reason);
const config = engineConfig(defaultConfig());
const data = await loadDataSet('fashion');
const { network, batch } = experiment(config, data);
for (let i = 0; i < 4; i++) {
  const t = performance.now();
  const h = await estimateHessian(network, batch);
  console.log((performance.now() - t).toFixed(0), 'ms', h.iterations, h.lambdaMax, h.converged);
}
