import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/engine/backend';
import { experiment } from '../src/engine/experiment';
import { defaultConfig, engineConfig } from '../src/state/schema';
import { loadDataSet } from '../src/data/loadNode';
import { networkTensors, batchTensors } from '../src/engine/model';
import { backprop } from '../src/engine/backprop';
import { hessianVectorProduct } from '../src/engine/hessian';
await initBackend('wasm', { calibrate: false });
const { network, batch } = experiment(engineConfig(defaultConfig()), await loadDataSet('fashion'));
let t = performance.now();
const m = networkTensors(network); const b = batchTensors(batch); const bp = backprop(m, b); await bp.H.data();
console.log('setup+backprop', (performance.now() - t).toFixed(1));
const V = tf.randomNormal(bp.H.shape);
const times: string[] = [];
for (let i = 0; i < 30; i++) { t = performance.now(); const W = hessianVectorProduct(m, bp, V); await W.data(); W.dispose(); times.push((performance.now() - t).toFixed(1)); }
console.log(times.join(' '));
console.log('wasm memory MB', (tf.backend() as any).wasm.HEAPU8.length / 1e6);
