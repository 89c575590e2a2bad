/**
 * The hand-assembled aᵀ·b of the wasm metrics (engine/kernels/gemmKernel.ts) against the same sums
 * in JavaScript, float32 by float32 (Math.fround) in the kernel's order (over k, multiply then add):
 * they must agree to the bit, for pairs of rows, a last odd row, 16-column blocks and leftover columns.
 */
import { describe, expect, it } from 'vitest';
import { gemmTN } from '../src/engine/kernels/gemmKernel';
import { instantiate } from '../src/engine/kernels/simdModule';

const memory = new WebAssembly.Memory({ initial: 64 });
const fns = instantiate([], memory, [gemmTN]);

describe.skipIf(!fns)('gemm_tn', () => {
  it.each([
    [1, 1, 1],
    [2, 5, 16],
    [7, 9, 37],
    [10, 64, 32],
    [33, 3, 50],
  ])('rows %i, K %i, M %i: bit for bit the float32 sums in order', (rows, K, M) => {
    const f = new Float32Array(memory.buffer);
    const a = 64;
    const b = a + 4 * K * rows + 16;
    const out = b + 4 * K * M + 32;
    for (let i = 0; i < K * rows; i++) f[a / 4 + i] = Math.sin(1.3 * i + rows);
    for (let i = 0; i < K * M; i++) f[b / 4 + i] = Math.cos(0.7 * i + M);
    f.fill(Number.NaN, out / 4, out / 4 + rows * M);
    fns!.gemm_tn(a, b, out, rows, K, M);
    const expected = new Float32Array(rows * M);
    for (let r = 0; r < rows; r++)
      for (let m = 0; m < M; m++) {
        let sum = 0;
        for (let k = 0; k < K; k++) {
          sum = Math.fround(sum + Math.fround(f[a / 4 + k * rows + r] * f[b / 4 + k * M + m]));
        }
        expected[r * M + m] = sum;
      }
    expect(Array.from(f.subarray(out / 4, out / 4 + rows * M))).toEqual(Array.from(expected));
  });
});
