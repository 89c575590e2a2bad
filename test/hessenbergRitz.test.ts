/**
 * The Hessenberg eigen-solver behind Arnoldi's convergence checks (src/theory/hessenbergRitz.ts)
 * against ml-matrix's full eigen-decomposition: eigenvalues, and the Ritz residual bounds
 * |h| |e_mᵀ y| / ‖y‖ from the eigenvectors.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { hessenbergEigenvalues, hessenbergRitzValues } from '../src/theory/hessenbergRitz';

/** A random m×m upper Hessenberg matrix in a buffer with row stride m + 2 (as Arnoldi stores it). */
function randomHessenberg(m: number, seed: number, scale = 1, diagonalShift = 0) {
  const stride = m + 2;
  const H = new Float64Array(stride * stride);
  let s = seed * 7919 + 1;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
  for (let i = 0; i < m; i++)
    for (let j = Math.max(0, i - 1); j < m; j++)
      H[i * stride + j] = scale * uniform() + (i === j ? diagonalShift : 0);
  return { H, stride };
}

function reference(H: Float64Array, stride: number, m: number, hLast: number) {
  const T = Matrix.zeros(m, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) T.set(i, j, H[i * stride + j]);
  const evd = new EigenvalueDecomposition(T);
  const V = evd.eigenvectorMatrix;
  const { realEigenvalues: re, imaginaryEigenvalues: im } = evd;
  return re.map((r, j) => {
    // A complex pair's vector is the columns (real, imaginary) at the pair's first index.
    const c = im[j] === 0 ? j : im[j] > 0 ? j : j - 1;
    const cols = im[j] === 0 ? [c] : [c, c + 1];
    let sq = 0;
    for (let i = 0; i < m; i++) for (const k of cols) sq += V.get(i, k) ** 2;
    const last = Math.hypot(...cols.map((k) => V.get(m - 1, k)));
    return { re: r, im: im[j], residual: (Math.abs(hLast) * last) / Math.sqrt(sq) };
  });
}

describe('hessenbergRitzValues', () => {
  it('finds the eigenvalues and residual bounds ml-matrix finds, on random Hessenberg matrices', () => {
    for (let trial = 0; trial < 120; trial++) {
      const m = 1 + (trial % 48);
      const { H, stride } = randomHessenberg(m, trial, trial % 3 === 0 ? 1e-3 : 1, trial % 5 === 0 ? 2 : 0);
      const ours = hessenbergRitzValues(H, stride, m, 0.5);
      expect(ours).not.toBeNull();
      const ref = reference(H, stride, m, 0.5);
      for (const r of ref) {
        const nearest = ours!.reduce((best, o) =>
          Math.hypot(o.re - r.re, o.im - r.im) < Math.hypot(best.re - r.re, best.im - r.im) ? o : best,
        );
        const scale = Math.max(1, Math.hypot(r.re, r.im));
        expect(Math.hypot(nearest.re - r.re, nearest.im - r.im) / scale).toBeLessThan(1e-10);
        // Residuals below ~1e-8 are round-off in both; above, they agree closely.
        if (r.residual > 1e-8)
          expect(Math.abs(nearest.residual - r.residual) / r.residual).toBeLessThan(1e-3);
      }
    }
  });

  it('handles 1×1, a complex 2×2 block and a triangular matrix exactly', () => {
    expect(hessenbergEigenvalues(Float64Array.of(3), 1, 1)).toEqual({
      re: Float64Array.of(3),
      im: Float64Array.of(0),
    });
    // [[0, −2], [1, 0]]: eigenvalues ±i√2.
    const rotation = hessenbergEigenvalues(Float64Array.of(0, -2, 1, 0), 2, 2)!;
    expect(Array.from(rotation.re)).toEqual([0, 0]);
    expect(Array.from(rotation.im).map((v) => Math.abs(v))).toEqual([Math.SQRT2, Math.SQRT2]);
    const triangular = hessenbergEigenvalues(Float64Array.of(1, 5, 7, 0, 2, 9, 0, 0, 4), 3, 3)!;
    expect(Array.from(triangular.re).sort()).toEqual([1, 2, 4]);
    expect(Array.from(triangular.im)).toEqual([0, 0, 0]);
  });

  it('gives an exact eigenpair of a split matrix residual 0 and a coupled one a positive residual', () => {
    // Block diagonal: e_mᵀ y = 0 for the eigenvector of the upper block.
    const split = Float64Array.of(1, 0, 0, 3);
    const ritz = hessenbergRitzValues(split, 2, 2, 1)!;
    const one = ritz.find((r) => r.re === 1)!;
    const three = ritz.find((r) => r.re === 3)!;
    expect(one.residual).toBeLessThan(1e-12);
    expect(three.residual).toBeCloseTo(1, 12);
  });
});
