import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/engine/backend';
await initBackend('wasm', { calibrate: false });
const V = tf.randomNormal([31, 64, 32]); const W = tf.randomNormal([31, 64, 32]); const s = tf.scalar(0.3);
const time = async (name: string, f: () => tf.Tensor) => {
  for (let i = 0; i < 20; i++) f().dispose();
  const t = performance.now(); let last: tf.Tensor | null = null;
  for (let i = 0; i < 200; i++) { last?.dispose(); last = f(); }
  await last!.data(); last!.dispose();
  console.log(name.padEnd(12), ((performance.now() - t) / 200 * 1000).toFixed(0), 'µs');
};
await time('mul same', () => tf.mul(V, W));
await time('mul scalar', () => tf.mul(s, V));
await time('sub', () => tf.sub(V, W));
await time('sum', () => tf.sum(V));
await time('norm', () => tf.norm(V));
await time('sqrt(sum(sq))', () => tf.tidy(() => tf.sqrt(tf.sum(tf.square(V)))));
await time('div scalar', () => tf.div(V, s));
await time('maximum', () => tf.maximum(s, 1e-30));
await time('stack', () => tf.stack([s, s]));
await time('pow-abs', () => tf.tidy(() => tf.sqrt(tf.sum(tf.pow(tf.abs(V), tf.scalar(2, 'int32'))))));
await time('pow-abs-1d', () => tf.tidy(() => tf.sqrt(tf.sum(tf.pow(tf.abs(tf.reshape(V, [-1])), tf.scalar(2, 'int32'))))));
await time('abs', () => tf.abs(V));
await time('pow', () => tf.pow(V, tf.scalar(2, 'int32')));
await time('powf', () => tf.pow(V, tf.scalar(2)));
let d = 0; for (let i = 0; i < 300; i++) { const X = tf.mul(tf.randomNormal([1 + (i % 40), 64, 1 + (i % 33)], 0, 1, 'float32', i), Math.exp((i % 20) - 10)); const a = tf.norm(X).dataSync()[0]; const b = tf.tidy(() => tf.sqrt(tf.sum(tf.pow(tf.abs(X), tf.scalar(2, 'int32'))))).dataSync()[0]; if (a !== b) d++; X.dispose(); } console.log('pow-abs differs', d, '/300');
