/**
 * Eigenvalues of a small upper Hessenberg matrix (the Arnoldi projection H_m) and, for each, the
 * residual bound |h_{m+1,m}| |e_mᵀ y| / ‖y‖ of its Ritz pair, on plain Float64Arrays.
 *
 * Why not a general eigen-decomposition: Arnoldi checks convergence every few steps, and ml-matrix's
 * full EVD (eigenvectors included, through Matrix get/set) was most of the time of ρ(M) at the default
 * network in a fresh (cold) theory worker. Here the eigenvalues come from the Francis double-shift QR
 * iteration on the active block only (no Schur vectors), and each Ritz vector's last component from one
 * solve with H − θI (inverse iteration: θ is exact to round-off, so one solve lands on the vector).
 */

export interface HessenbergRitz {
  re: number;
  im: number;
  residual: number;
}

/**
 * Eigenvalues of the m×m upper Hessenberg matrix stored row-major with row stride `stride` in `source`
 * (not modified). Returns null if the QR iteration does not converge (it practically always does).
 */
export function hessenbergEigenvalues(
  source: Float64Array,
  stride: number,
  m: number,
): { re: Float64Array; im: Float64Array } | null {
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = Math.max(0, i - 1); j < m; j++) a[i * m + j] = source[i * stride + j];
  }
  const at = (i: number, j: number) => a[i * m + j];
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  let norm = 0;
  for (let i = 0; i < m; i++) for (let j = Math.max(0, i - 1); j < m; j++) norm += Math.abs(at(i, j));
  let shift = 0;
  let last = m - 1;
  while (last >= 0) {
    let iterations = 0;
    let low: number;
    do {
      // The lowest row `low` of the trailing unreduced block: a negligible subdiagonal splits it off.
      for (low = last; low >= 1; low--) {
        const s = Math.abs(at(low - 1, low - 1)) + Math.abs(at(low, low)) || norm;
        if (Math.abs(at(low, low - 1)) + s === s) {
          a[low * m + low - 1] = 0;
          break;
        }
      }
      const x = at(last, last);
      if (low === last) {
        re[last] = x + shift;
        im[last] = 0;
        last -= 1;
        break;
      }
      const y = at(last - 1, last - 1);
      const w = at(last, last - 1) * at(last - 1, last);
      if (low === last - 1) {
        // A 2×2 block: its two eigenvalues, real or a conjugate pair.
        const p = 0.5 * (y - x);
        const q = p * p + w;
        const z = Math.sqrt(Math.abs(q));
        if (q >= 0) {
          const zz = p + (p >= 0 ? z : -z);
          re[last - 1] = x + shift + zz;
          re[last] = zz !== 0 ? x + shift - w / zz : x + shift + zz;
          im[last - 1] = 0;
          im[last] = 0;
        } else {
          re[last - 1] = x + shift + p;
          re[last] = x + shift + p;
          im[last - 1] = z;
          im[last] = -z;
        }
        last -= 2;
        break;
      }
      if (iterations === 60) return null;
      let sx = x;
      let sy = y;
      let sw = w;
      if (iterations === 10 || iterations === 20) {
        // Exceptional shift: breaks the rare cycles of the standard one.
        shift += x;
        for (let i = 0; i <= last; i++) a[i * m + i] -= x;
        const s = Math.abs(at(last, last - 1)) + Math.abs(at(last - 1, last - 2));
        sx = 0.75 * s;
        sy = sx;
        sw = -0.4375 * s * s;
      }
      iterations += 1;
      doubleShiftStep(a, m, low, last, sx, sy, sw);
    } while (low < last - 1);
  }
  return { re, im };
}

/**
 * One implicit double-shift QR step on rows/columns low … last (shifts: the eigenvalues of the trailing
 * 2×2 block, given by x, y and w = its off-diagonal product), started where two consecutive
 * subdiagonals are small enough for the bulge to begin there.
 */
function doubleShiftStep(
  a: Float64Array,
  m: number,
  low: number,
  last: number,
  x: number,
  y: number,
  w: number,
): void {
  const at = (i: number, j: number) => a[i * m + j];
  let start = last - 2;
  let p = 0;
  let q = 0;
  let r = 0;
  for (; start >= low; start--) {
    const z = at(start, start);
    const rr = x - z;
    const ss = y - z;
    p = (rr * ss - w) / at(start + 1, start) + at(start, start + 1);
    q = at(start + 1, start + 1) - z - rr - ss;
    r = at(start + 2, start + 1);
    const s = Math.abs(p) + Math.abs(q) + Math.abs(r);
    p /= s;
    q /= s;
    r /= s;
    if (start === low) break;
    const u = Math.abs(at(start, start - 1)) * (Math.abs(q) + Math.abs(r));
    const v =
      Math.abs(p) * (Math.abs(at(start - 1, start - 1)) + Math.abs(z) + Math.abs(at(start + 1, start + 1)));
    if (u + v === v) break;
  }
  for (let i = start + 2; i <= last; i++) {
    a[i * m + i - 2] = 0;
    if (i !== start + 2) a[i * m + i - 3] = 0;
  }
  for (let k = start; k <= last - 1; k++) {
    let scale = 1;
    if (k !== start) {
      p = at(k, k - 1);
      q = at(k + 1, k - 1);
      r = k !== last - 1 ? at(k + 2, k - 1) : 0;
      scale = Math.abs(p) + Math.abs(q) + Math.abs(r);
      if (scale === 0) continue;
      p /= scale;
      q /= scale;
      r /= scale;
    }
    const length = Math.sqrt(p * p + q * q + r * r);
    const s = p >= 0 ? length : -length;
    if (s === 0) continue;
    // The Householder reflector that zeroes (q, r) below p, applied from the left and the right.
    if (k === start) {
      if (low !== start) a[k * m + k - 1] = -at(k, k - 1);
    } else {
      a[k * m + k - 1] = -s * scale;
    }
    p += s;
    const hx = p / s;
    const hy = q / s;
    const hz = r / s;
    q /= p;
    r /= p;
    for (let j = k; j <= last; j++) {
      let t = at(k, j) + q * at(k + 1, j);
      if (k !== last - 1) {
        t += r * at(k + 2, j);
        a[(k + 2) * m + j] -= t * hz;
      }
      a[(k + 1) * m + j] -= t * hy;
      a[k * m + j] -= t * hx;
    }
    const rowEnd = Math.min(last, k + 3);
    for (let i = low; i <= rowEnd; i++) {
      let t = hx * at(i, k) + hy * at(i, k + 1);
      if (k !== last - 1) {
        t += hz * at(i, k + 2);
        a[i * m + k + 2] -= t * r;
      }
      a[i * m + k + 1] -= t * q;
      a[i * m + k] -= t;
    }
  }
}

/** Work arrays of `lastComponent`, allocated once per set of Ritz values (m² each). */
interface SolveBuffers {
  ar: Float64Array;
  ai: Float64Array;
  br: Float64Array;
  bi: Float64Array;
  yr: Float64Array;
  yi: Float64Array;
}

function solveBuffers(m: number): SolveBuffers {
  const square = () => new Float64Array(m * m);
  const vector = () => new Float64Array(m);
  return { ar: square(), ai: square(), br: vector(), bi: vector(), yr: vector(), yi: vector() };
}

/**
 * |e_mᵀ y| / ‖y‖ for the eigenvector y of the Hessenberg matrix at eigenvalue θ = re + i·im, by one
 * inverse-iteration solve (H − θI) y = 1 with Gaussian elimination (the Hessenberg form needs only
 * row swaps with the next row), in complex arithmetic. O(m²).
 */
function lastComponent(
  source: Float64Array,
  stride: number,
  m: number,
  re: number,
  im: number,
  buffers: SolveBuffers,
): number {
  const { ar, ai, br, bi, yr, yi } = buffers;
  // Row-major complex copy of H − θI (its Hessenberg part; the rest stays 0 from the allocation).
  let norm = 0;
  for (let i = 0; i < m; i++) {
    for (let j = Math.max(0, i - 1); j < m; j++) {
      const v = source[i * stride + j];
      ar[i * m + j] = v;
      ai[i * m + j] = 0;
      norm = Math.max(norm, Math.abs(v));
    }
    ar[i * m + i] -= re;
    ai[i * m + i] = -im;
    br[i] = 1;
    bi[i] = 0;
  }
  const tiny = Number.EPSILON * Math.max(norm, 1);
  for (let k = 0; k < m - 1; k++) {
    const diag = k * m + k;
    const below = diag + m;
    // Partial pivoting between rows k and k + 1 (|re| + |im| orders pivots well enough).
    if (Math.abs(ar[below]) + Math.abs(ai[below]) > Math.abs(ar[diag]) + Math.abs(ai[diag])) {
      for (let j = k; j < m; j++) {
        const top = k * m + j;
        const bottom = top + m;
        const tr = ar[top];
        ar[top] = ar[bottom];
        ar[bottom] = tr;
        const ti = ai[top];
        ai[top] = ai[bottom];
        ai[bottom] = ti;
      }
      const tr = br[k];
      br[k] = br[k + 1];
      br[k + 1] = tr;
      const ti = bi[k];
      bi[k] = bi[k + 1];
      bi[k + 1] = ti;
    }
    if (Math.abs(ar[diag]) + Math.abs(ai[diag]) < tiny) {
      ar[diag] = tiny;
      ai[diag] = 0;
    }
    const pr = ar[diag];
    const pi = ai[diag];
    const d = pr * pr + pi * pi;
    // The multiplier a[k+1][k] / pivot.
    const fr = (ar[below] * pr + ai[below] * pi) / d;
    const fi = (ai[below] * pr - ar[below] * pi) / d;
    for (let j = k; j < m; j++) {
      const xr = ar[k * m + j];
      const xi = ai[k * m + j];
      ar[(k + 1) * m + j] -= fr * xr - fi * xi;
      ai[(k + 1) * m + j] -= fr * xi + fi * xr;
    }
    br[k + 1] -= fr * br[k] - fi * bi[k];
    bi[k + 1] -= fr * bi[k] + fi * br[k];
  }
  for (let i = m - 1; i >= 0; i--) {
    let sr = br[i];
    let si = bi[i];
    const row = i * m;
    for (let j = i + 1; j < m; j++) {
      sr -= ar[row + j] * yr[j] - ai[row + j] * yi[j];
      si -= ar[row + j] * yi[j] + ai[row + j] * yr[j];
    }
    let pr = ar[row + i];
    let pi = ai[row + i];
    if (Math.abs(pr) + Math.abs(pi) < tiny) {
      pr = tiny;
      pi = 0;
    }
    const d = pr * pr + pi * pi;
    yr[i] = (sr * pr + si * pi) / d;
    yi[i] = (si * pr - sr * pi) / d;
  }
  let big = 0;
  for (let i = 0; i < m; i++) big = Math.max(big, Math.abs(yr[i]), Math.abs(yi[i]));
  if (!(big > 0) || !Number.isFinite(big)) return 1;
  let sq = 0;
  for (let i = 0; i < m; i++) sq += (yr[i] / big) ** 2 + (yi[i] / big) ** 2;
  return Math.hypot(yr[m - 1] / big, yi[m - 1] / big) / Math.sqrt(sq);
}

/**
 * The Ritz values of an Arnoldi run (eigenvalues of H_m) with their residual bounds; a conjugate pair
 * shares one residual. Null when the QR iteration failed (the caller falls back).
 */
export function hessenbergRitzValues(
  H: Float64Array,
  stride: number,
  m: number,
  hLast: number,
): HessenbergRitz[] | null {
  const values = hessenbergEigenvalues(H, stride, m);
  if (!values) return null;
  const { re, im } = values;
  const buffers = solveBuffers(m);
  const out: HessenbergRitz[] = [];
  for (let j = 0; j < m; j++) {
    if (im[j] > 0 && j + 1 < m && im[j + 1] === -im[j] && re[j + 1] === re[j]) {
      const residual = Math.abs(hLast) * lastComponent(H, stride, m, re[j], im[j], buffers);
      out.push({ re: re[j], im: im[j], residual }, { re: re[j + 1], im: im[j + 1], residual });
      j++;
      continue;
    }
    out.push({
      re: re[j],
      im: im[j],
      residual: Math.abs(hLast) * lastComponent(H, stride, m, re[j], im[j], buffers),
    });
  }
  return out;
}
