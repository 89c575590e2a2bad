/**
 * The hand-assembled wasm product_dots of the metrics (engine/kernels/productDotsKernel.ts): bit for
 * bit a JavaScript model of its order (each element of G = Eᵀ A summed over k in float32, multiply then
 * add; each 2- or 1-row tile's dot and square in float32 lanes; float64 totals per lane pair; the last
 * columns in float64), and within float32 error of float64 sums, for pairs of rows, a last odd row,
 * 16-column blocks and leftover columns; and the variant with relaxed SIMD's multiply-add, which the
 * browser gets, within float32 error of float64 sums (in a child Node that validates relaxed SIMD).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { productDots, productDotsFused } from '../src/engine/kernels/productDotsKernel';
import { assemble, instantiate } from '../src/engine/kernels/simdModule';
import { float64ProductDots, productCase } from './helpers/productCase';

const memory = new WebAssembly.Memory({ initial: 64 });
const fns = instantiate([], memory, [productDots]);
const fround = Math.fround;

/** The kernel's sums, in its order. */
function model(e: Float32Array, a: Float32Array, q: Float32Array, R: number, K: number, P: number) {
  const element = (r: number, c: number) => {
    let s = 0;
    for (let k = 0; k < K; k++) s = fround(s + fround(e[k * R + r] * a[k * P + c]));
    return s;
  };
  // float64 lanes 0 … 3 of the dot and square totals.
  const dot = [0, 0, 0, 0];
  const square = [0, 0, 0, 0];
  let c = 0;
  for (; c + 16 <= P; c += 16) {
    const tile = (r: number, rows: number) => {
      const d = [0, 0, 0, 0];
      const s = [0, 0, 0, 0];
      for (let row = 0; row < rows; row++)
        for (let col = 0; col < 16; col++) {
          const g = element(r + row, c + col);
          const lane = col % 4;
          d[lane] = fround(d[lane] + fround(g * q[(r + row) * P + c + col]));
          s[lane] = fround(s[lane] + fround(g * g));
        }
      for (let lane = 0; lane < 4; lane++) {
        dot[lane] += d[lane];
        square[lane] += s[lane];
      }
    };
    let r = 0;
    for (; r + 2 <= R; r += 2) tile(r, 2);
    for (; r < R; r++) tile(r, 1);
  }
  let lastDot = 0;
  let lastSquare = 0;
  for (let r = 0; r < R; r++)
    for (let col = c; col < P; col++) {
      const g = element(r, col);
      lastSquare += g * g;
      lastDot += g * q[r * P + col];
    }
  const total = (v: number[]) => v[0] + v[1] + (v[2] + v[3]);
  return [total(dot) + lastDot, total(square) + lastSquare];
}

describe.skipIf(!fns)('product_dots (wasm)', () => {
  it.each([
    [1, 1, 1],
    [2, 5, 16],
    [7, 9, 37],
    [10, 64, 32],
    [33, 3, 50],
    [125, 57, 70],
  ])('R %i, K %i, P %i: bit for bit the model, and float32-close to float64', (R, K, P) => {
    const { eAt, aAt, qAt, outAt, e, a, q, out } = productCase(memory.buffer, R, K, P);
    out.fill(Number.NaN);
    fns!.product_dots(eAt, aAt, qAt, outAt, R, K, P);
    expect(Array.from(out)).toEqual(model(e, a, q, R, K, P));

    const { dot, square, scale } = float64ProductDots(e, a, q, R, K, P);
    expect(Math.abs(out[0] - dot)).toBeLessThan(1e-6 * scale);
    expect(Math.abs(out[1] - square)).toBeLessThan(1e-6 * scale);
  });
});

/** Whether this Node validates relaxed SIMD without a flag (Node 20 does not; Chromium does). */
const relaxedHere = WebAssembly.validate(assemble([], false, [productDotsFused]));

describe('product_dots with relaxed SIMD’s multiply-add (what Chromium runs)', () => {
  it('is within float32 error of float64 sums, like the kernel that multiplies and adds', () => {
    const flags = relaxedHere ? [] : ['--experimental-wasm-relaxed-simd'];
    const output = execFileSync(
      process.execPath,
      [...flags, '--import', 'tsx', 'test/helpers/fusedProducts.ts'],
      { encoding: 'utf8' },
    );
    const results = JSON.parse(output) as Array<{
      shape: number[];
      fused: number[];
      plain: number[];
      float64: number[];
      scale: number;
    }>;
    expect(results).toHaveLength(5);
    for (const r of results) {
      for (const i of [0, 1]) {
        expect(Math.abs(r.fused[i] - r.float64[i]), `${r.shape}`).toBeLessThan(1e-6 * r.scale);
        expect(Math.abs(r.plain[i] - r.float64[i]), `${r.shape}`).toBeLessThan(1e-6 * r.scale);
      }
    }
  });
});
