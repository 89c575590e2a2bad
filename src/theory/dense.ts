/**
 * Dense float64 matrices for the theory module (spec §7–8).
 *
 * Storage choice: a plain row-major `Float64Array` (`data[i * cols + j]`), mirroring the engine's
 * float32 `Matrix`, so systems can be posted to and from a worker without copying. ml-matrix is used
 * only at the boundary, for its eigen/singular-value decompositions (see `toMlMatrix`).
 */
import { Matrix as MlMatrix } from 'ml-matrix';

export interface DenseMatrix {
  rows: number;
  cols: number;
  /** Row-major, length rows·cols. */
  data: Float64Array;
}

export function zerosMatrix(rows: number, cols: number): DenseMatrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function identityMatrix(n: number): DenseMatrix {
  const m = zerosMatrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function transpose(m: DenseMatrix): DenseMatrix {
  const t = zerosMatrix(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) t.data[j * m.rows + i] = m.data[i * m.cols + j];
  }
  return t;
}

/**
 * C = X·Y, skipping zero entries of X. The matrices of §7 are block-sparse (A is block
 * lower-bidiagonal, K has one non-zero block), so this costs O(nnz(X)·cols(Y)) instead of O(n³).
 */
export function multiply(x: DenseMatrix, y: DenseMatrix): DenseMatrix {
  if (x.cols !== y.rows) throw new Error(`shape mismatch: ${x.rows}×${x.cols} · ${y.rows}×${y.cols}`);
  const { rows, cols: inner } = x;
  const cols = y.cols;
  const c = zerosMatrix(rows, cols);
  const xd = x.data;
  const yd = y.data;
  const cd = c.data;
  for (let i = 0; i < rows; i++) {
    const cRow = i * cols;
    for (let k = 0; k < inner; k++) {
      const xik = xd[i * inner + k];
      if (xik === 0) continue;
      const yRow = k * cols;
      for (let j = 0; j < cols; j++) cd[cRow + j] += xik * yd[yRow + j];
    }
  }
  return c;
}

/** y = X·v. */
export function multiplyVector(x: DenseMatrix, v: ArrayLike<number>): Float64Array {
  if (x.cols !== v.length) throw new Error(`shape mismatch: ${x.rows}×${x.cols} · ${v.length}`);
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let k = 0; k < x.cols; k++) s += x.data[i * x.cols + k] * v[k];
    out[i] = s;
  }
  return out;
}

/** Copies into an ml-matrix Matrix (which stores one Float64Array per row). */
export function toMlMatrix(m: DenseMatrix): MlMatrix {
  const rows = Array.from({ length: m.rows }, (_, i) => m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return new MlMatrix(rows);
}
