import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/engine/backend';
import { experiment } from '../src/engine/experiment';
import { defaultConfig, engineConfig } from '../src/state/schema';
import { loadDataSet } from '../src/data/loadNode';
import { networkTensors, batchTensors } from '../src/engine/model';
import { backprop } from '../src/engine/backprop';
import { hessianVectorProduct, lanczosLambdaMax } from '../src/engine/hessian';
await initBackend('wasm', { calibrate: false });
const { network, batch } = experiment(engineConfig(defaultConfig()), await loadDataSet('fashion'));
const m = networkTensors(network); const b = batchTensors(batch); const bp = backprop(m, b);
let V = tf.randomNormal(bp.H.shape);
for (let rep = 0; rep < 3; rep++) {
  let t = performance.now();
  for (let i = 0; i < 80; i++) { const W = hessianVectorProduct(m, bp, V); W.dispose(); }
  await V.data();
  const hvp = performance.now() - t;
  t = performance.now();
  await lanczosLambdaMax(m, bp);
  console.log('80 HVP', hvp.toFixed(0), 'ms; lanczos', (performance.now() - t).toFixed(0), 'ms');
}
tf.env().set('DEBUG', false);
const prof = await tf.profile(() => { const W = hessianVectorProduct(m, bp, V); return W; });
const byKernel: Record<string, number> = {};
for (const k of prof.kernels) byKernel[k.name] = (byKernel[k.name] ?? 0) + 1;
console.log(prof.kernels.length, 'kernels', JSON.stringify(byKernel));
(globalThis as any).SYNC = true;
for (let rep = 0; rep < 3; rep++) { const t = performance.now(); const h = await lanczosLambdaMax(m, bp); console.log('sync lanczos', (performance.now() - t).toFixed(0), 'ms', h.lambdaMax); }
(globalThis as any).SYNC = false;
for (let rep = 0; rep < 2; rep++) { const t = performance.now(); const h = await lanczosLambdaMax(m, bp); console.log('async lanczos', (performance.now() - t).toFixed(0), 'ms', h.lambdaMax); }
