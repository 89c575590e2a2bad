/**
 * The data of a product_dots test case on a wasm memory, and its float64 sums: shared by
 * test/productDotsKernel.test.ts and the child script test/helpers/fusedProducts.ts.
 */

/** E [K, R], A [K, P], Q [R, P] at offsets 4 bytes off 8 and 16 (tfjs aligns tensors to 8 bytes at most). */
export function productCase(buffer: ArrayBufferLike, R: number, K: number, P: number) {
  const eAt = 68;
  const aAt = eAt + 4 * K * R + 12;
  const qAt = aAt + 4 * K * P + 4;
  const outAt = 8 * Math.ceil((qAt + 4 * R * P) / 8);
  const e = new Float32Array(buffer, eAt, K * R);
  const a = new Float32Array(buffer, aAt, K * P);
  const q = new Float32Array(buffer, qAt, R * P);
  for (let i = 0; i < K * R; i++) e[i] = Math.sin(1.3 * i + R);
  for (let i = 0; i < K * P; i++) a[i] = Math.cos(0.7 * i + P);
  for (let i = 0; i < R * P; i++) q[i] = Math.sin(0.3 * i + K);
  return { eAt, aAt, qAt, outAt, e, a, q, out: new Float64Array(buffer, outAt, 2) };
}

/** ⟨Eᵀ A, Q⟩ and ‖Eᵀ A‖² in float64, and the scale of float32's error bound (Σ of |terms|, squared). */
export function float64ProductDots(
  e: Float32Array,
  a: Float32Array,
  q: Float32Array,
  R: number,
  K: number,
  P: number,
) {
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
  return { dot, square, scale };
}
