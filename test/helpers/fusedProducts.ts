/**
 * Run by test/productDotsKernel.test.ts in a child Node (with --experimental-wasm-relaxed-simd where
 * Node does not validate relaxed SIMD by default): both wasm product_dots kernels on the same data, and
 * float64 sums, printed as JSON. Exits with an error if the fused kernel does not validate.
 */
import { productDots, productDotsFused } from '../../src/engine/kernels/productDotsKernel';
import { instantiate } from '../../src/engine/kernels/simdModule';

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
  const eAt = 68;
  const aAt = eAt + 4 * K * R + 12;
  const qAt = aAt + 4 * K * P + 4;
  const outAt = 8 * Math.ceil((qAt + 4 * R * P) / 8);
  const e = new Float32Array(memory.buffer, eAt, K * R);
  const a = new Float32Array(memory.buffer, aAt, K * P);
  const q = new Float32Array(memory.buffer, qAt, R * P);
  for (let i = 0; i < K * R; i++) e[i] = Math.sin(1.3 * i + R);
  for (let i = 0; i < K * P; i++) a[i] = Math.cos(0.7 * i + P);
  for (let i = 0; i < R * P; i++) q[i] = Math.sin(0.3 * i + K);
  const out = new Float64Array(memory.buffer, outAt, 2);
  const run = (fns: NonNullable<typeof fused>) => {
    out.fill(Number.NaN);
    fns.product_dots(eAt, aAt, qAt, outAt, R, K, P);
    return Array.from(out);
  };
  let dot = 0;
  let square = 0;
  let scale = 0;
  for (let r = 0; r < R; r++)
    for (let c = 0; c < P; c++) {
      let g = 0;
      let size = 0;
      for (let k = 0; k < K; k++) {
        g += e[k * R + r] * a[k * P + c];
        size += Math.abs(e[k * R + r] * a[k * P + c]);
      }
      dot += g * q[r * P + c];
      square += g * g;
      scale += size * size;
    }
  return { shape: [R, K, P], fused: run(fused), plain: run(plain), float64: [dot, square], scale };
});
console.log(JSON.stringify(results));
