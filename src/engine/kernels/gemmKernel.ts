/**
 * out[rows, M] = aᵀ · b for a [K, rows] and b [K, M], both row-major, as hand-assembled WebAssembly
 * SIMD: the product of the would-be weight gradient G = εᵀ φ (spec §6), contracted over the batch,
 * without a transpose and without an XNNPACK operator per call (XNNPACK caches packed copies of its
 * right operand by id, so an operand that changes every step costs an operator creation each time,
 * which dominates at small widths). Four 4-lane accumulators cover 16 output columns per pass over K;
 * leftover columns are summed one by one.
 */
import { F32, I32, leb, type RawFunction, V128 } from './simdModule';

// Parameters and locals.
const A = 0;
const Bm = 1;
const OUT = 2;
const ROWS = 3;
const K = 4;
const M = 5;
const r = 6;
const m = 7;
const k = 8;
const pa = 9;
const pb = 10;
const rowStride = 11;
const mStride = 12;
const po = 13;
const acc = [14, 15, 16, 17];
const sv = 18;
const sacc = 19;

const get = (i: number) => [0x20, ...leb(i)];
const set = (i: number) => [0x21, ...leb(i)];
const i32 = (v: number) => [0x41, ...leb(v)];
const simd = (op: number) => [0xfd, ...leb(op)];
const add = 0x6a;
const mul = 0x6c;
const shl = 0x74;
/** Runs `body` until `exit` (an i32 condition) holds: block { loop { exit br_if 1; body; br 0 } }. */
const whileNot = (exit: number[], body: number[]) => [
  0x02,
  0x40,
  0x03,
  0x40,
  ...exit,
  0x0d,
  1,
  ...body,
  0x0c,
  0,
  0x0b,
  0x0b,
];
const increment = (i: number, by: number[]) => [...get(i), ...by, add, ...set(i)];
const zero = [0x43, 0, 0, 0, 0, ...simd(0x13)];
/** 4 i: local i, a float32 index, as a byte offset. */
const byteOffset = (i: number) => [...get(i), ...i32(2), shl];
/** dest = base + 4 index: the address of element `index` of the float32 array at `base`. */
const elementAddress = (dest: number, base: number, index: number) => [
  ...get(base),
  ...byteOffset(index),
  add,
  ...set(dest),
];
/** pa = a + 4 r; pb = b + 4 m; k = 0. */
const startColumn = [...elementAddress(pa, A, r), ...elementAddress(pb, Bm, m), ...i32(0), ...set(k)];
const advance = [...increment(pa, get(rowStride)), ...increment(pb, get(mStride)), ...increment(k, i32(1))];
/** po = out + 4 (r M + m). */
const outAddress = [...get(OUT), ...get(r), ...get(M), mul, ...get(m), add, ...i32(2), shl, add, ...set(po)];

const vectorBlock = [
  ...acc.flatMap((a) => [...zero, ...set(a)]),
  ...startColumn,
  ...whileNot(
    [...get(k), ...get(K), 0x4f /* i32.ge_u */],
    [
      ...get(pa),
      0x2a,
      2,
      0,
      ...simd(0x13),
      ...set(sv),
      ...acc.flatMap((a, i) => [
        ...get(a),
        ...get(sv),
        ...get(pb),
        ...simd(0x00),
        0,
        ...leb(16 * i),
        ...simd(0xe6),
        ...simd(0xe4),
        ...set(a),
      ]),
      ...advance,
    ],
  ),
  ...outAddress,
  ...acc.flatMap((a, i) => [...get(po), ...get(a), ...simd(0x0b), 0, ...leb(16 * i)]),
  ...increment(m, i32(16)),
];

const scalarColumn = [
  0x43,
  0,
  0,
  0,
  0,
  ...set(sacc),
  ...startColumn,
  ...whileNot(
    [...get(k), ...get(K), 0x4f],
    [
      ...get(sacc),
      ...get(pa),
      0x2a,
      2,
      0,
      ...get(pb),
      0x2a,
      2,
      0,
      0x94 /* f32.mul */,
      0x92 /* f32.add */,
      ...set(sacc),
      ...advance,
    ],
  ),
  ...outAddress,
  ...get(po),
  ...get(sacc),
  0x38,
  2,
  0,
  ...increment(m, i32(1)),
];

const code = [
  ...byteOffset(ROWS),
  ...set(rowStride),
  ...byteOffset(M),
  ...set(mStride),
  ...i32(0),
  ...set(r),
  ...whileNot(
    [...get(r), ...get(ROWS), 0x4f],
    [
      ...i32(0),
      ...set(m),
      // While m + 16 ≤ M: sixteen columns at a time.
      ...whileNot([...get(m), ...i32(16), add, ...get(M), 0x4b /* i32.gt_u */], vectorBlock),
      ...whileNot([...get(m), ...get(M), 0x4f], scalarColumn),
      ...increment(r, i32(1)),
    ],
  ),
  0x0b,
];

export const gemmTN: RawFunction = {
  name: 'gemm_tn',
  params: [I32, I32, I32, I32, I32, I32],
  locals: [
    [8, I32],
    [5, V128],
    [1, F32],
  ],
  code,
};
