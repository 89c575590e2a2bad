import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/engine/backend';
for (const be of ['wasm', 'cpu'] as const) {
  await initBackend(be, { calibrate: false });
  let diffs = 0, n = 0;
  for (let i = 0; i < 200; i++) {
    const shape = [1 + (i % 40), 1 + (i % 64), 1 + ((i * 7) % 33)];
    const V = tf.mul(tf.randomNormal(shape, 0, 1, 'float32', i), Math.exp((i % 20) - 10));
    const a = tf.norm(V).dataSync()[0]; const b = tf.sqrt(tf.sum(tf.square(V))).dataSync()[0];
    n++; if (a !== b) diffs++;
    V.dispose();
  }
  console.log(be, 'differ in', diffs, 'of', n);
}
