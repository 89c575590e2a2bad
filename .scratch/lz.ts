import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/engine/backend';
import { experiment } from '../src/engine/experiment';
import { defaultConfig, engineConfig } from '../src/state/schema';
import { loadDataSet } from '../src/data/loadNode';
import { networkTensors, batchTensors } from '../src/engine/model';
import { backprop } from '../src/engine/backprop';
import { hessianVectorProduct } from '../src/engine/hessian';
import { tidyObject } from '../src/engine/ops';
await initBackend('wasm', { calibrate: false });
const { network, batch } = experiment(engineConfig(defaultConfig()), await loadDataSet('fashion'));
const m = networkTensors(network); const b = batchTensors(batch); const bp = backprop(m, b);
for (let rep = 0; rep < 3; rep++) {
  let V = tf.randomNormal(bp.H.shape); let prev: tf.Tensor | null = null;
  const acc = { hvp: 0, rest: 0, read: 0 };
  const t0 = performance.now();
  for (let i = 0; i < 80; i++) {
    let t = performance.now();
    const step = tidyObject(() => {
      const W = hessianVectorProduct(m, bp, V);
      const t1 = performance.now(); acc.hvp += t1 - t; t = t1;
      const a = tf.sum(tf.mul(V, W));
      let residual = tf.sub(W, tf.mul(a, V));
      if (prev) residual = tf.sub(residual, tf.mul(0.5, prev));
      const bb = tf.norm(residual);
      return { ab: tf.stack([a, bb]), next: tf.div(residual, tf.maximum(bb, 1e-30)) };
    });
    let t2 = performance.now(); acc.rest += t2 - t; t = t2;
    await step.ab.data(); step.ab.dispose(); prev?.dispose(); prev = V; V = step.next;
    acc.read += performance.now() - t;
  }
  console.log('total', (performance.now() - t0).toFixed(0), JSON.stringify(Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, Math.round(v)]))));
}
