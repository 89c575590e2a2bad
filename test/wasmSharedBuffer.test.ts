/**
 * A regression test of an engine bug fixed in a57fa91 (src/engine/kernels/wasmKernels.ts): `viewsOf`
 * cached the per-layer views of a right operand (and with them XNNPACK's packed copy, which is keyed
 * by view id) under the operand's dataId and memory offset only, not its shape. A tensor that shares
 * its buffer with an earlier right operand (tf.reshape, tf.clone) but is read as another [S, K, P] got
 * the old views: wrong numbers when S and K·P agree (below), and a wasm abort when S differs. The
 * stale operator also wrote M·P_old floats into an M·P_new output, corrupting the heap, which is why
 * this lives in its own file: were the bug back, nothing else should run on this wasm instance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { product } from '../src/engine/ops';
import { switchBackend } from './helpers/backends';
import { expectClose, maxAbs } from './helpers/compare';

const seq = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(k * 7.3 + i * 1.7));

describe('wasm product() with a right operand that shares its buffer with an earlier one', () => {
  it('[2, 4, 6] then the same buffer reshaped to [2, 6, 4]', async () => {
    const a1 = seq(2 * 3 * 4, 1);
    const b = seq(2 * 4 * 6, 2);
    const a2 = seq(2 * 3 * 6, 3);
    await switchBackend('cpu');
    const expected = tf.tidy(() =>
      tf.matMul(tf.tensor3d(a2, [2, 3, 6]), tf.tensor3d(b, [2, 6, 4])).dataSync(),
    );
    await switchBackend('wasm');
    const B = tf.tensor3d(b, [2, 4, 6]);
    const first = tf.tidy(() => product(tf.tensor3d(a1, [2, 3, 4]), B).dataSync());
    expect(first).toHaveLength(2 * 3 * 6);
    const reshaped = tf.reshape(B, [2, 6, 4]);
    expect(reshaped.dataId).toBe(B.dataId);
    // Not disposed: with the bug, freeing this output trips over the heap the stale operator overwrote.
    const got = product(tf.tensor3d(a2, [2, 3, 6]), reshaped).dataSync();
    expectClose(got, expected, 'A·reshape(B)', 1e-5, 1e-5 * maxAbs(expected));
  });
});
