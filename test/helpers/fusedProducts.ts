/**
 * Run by test/productDotsKernel.test.ts in a child Node (with --experimental-wasm-relaxed-simd where
 * Node does not validate relaxed SIMD by default): both wasm product_dots kernels on the same data, and
 * float64 sums, printed as JSON. Exits with an error if the fused kernel does not validate.
 */
import { productDots, productDotsFused } from '../../src/engine/kernels/productDotsKernel';
import { instantiate } from '../../src/engine/kernels/simdModule';
import { float64ProductDots, productCase } from './productCase';

const memory = new WebAssembly.Memory({ initial: 64 });
const fused = instantiate([], memory, [productDotsFused]);
const plain = instantiate([], memory, [productDots]);
if (!fused || !plain) throw new Error('relaxed SIMD does not validate in this Node');

const SHAPES = [
  [1, 1, 1],
  [7, 9, 37],
  [10, 64, 32],
  [125, 57, 70],
  [128, 64, 128],
];
const results = SHAPES.map(([R, K, P]) => {
  const { eAt, aAt, qAt, outAt, e, a, q, out } = productCase(memory.buffer, R, K, P);
  const run = (fns: NonNullable<typeof fused>) => {
    out.fill(Number.NaN);
    fns.product_dots(eAt, aAt, qAt, outAt, R, K, P);
    return Array.from(out);
  };
  const { dot, square, scale } = float64ProductDots(e, a, q, R, K, P);
  return { shape: [R, K, P], fused: run(fused), plain: run(plain), float64: [dot, square], scale };
});
console.log(JSON.stringify(results));
