/**
 * out[rows, M] = aᵀ · b for a [K, rows] and b [K, M], both row-major, as hand-assembled WebAssembly
 * SIMD: the product of the would-be weight gradient G = εᵀ φ (spec §6), contracted over the batch,
 * without a transpose and without an XNNPACK operator per call (XNNPACK caches packed copies of its
 * right operand by id, so an operand that changes every step costs an operator creation each time,
 * which dominates at small widths). Rows go two at a time: eight 4-lane accumulators cover 16 output
 * columns of both per pass over K; a last odd row has four; leftover columns are summed one by one.
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
/** Where a pair of rows' vector columns ended, for their leftover columns. */
const mv = 14;
/** Accumulators: row r in 0 … 3, row r + 1 in 4 … 7. */
const acc = [15, 16, 17, 18, 19, 20, 21, 22];
const sv = 23;
const sv1 = 24;
const bv = 25;
const sacc = 26;

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

/** acc += s · b for a 4-lane accumulator (b in `bv`): multiply, then add. */
const accumulate = (a: number, s: number) => [
  ...get(a),
  ...get(s),
  ...get(bv),
  ...simd(0xe6),
  ...simd(0xe4),
  ...set(a),
];

/**
 * Rows r … r + rows − 1 (one or two) over the same 16 columns: a[k][r + row] splatted per row, and
 * each loaded vector of b serves every row, so two rows take half the loads per multiply of one. Each
 * output is the same sum in the same order whichever block made it, so the result is bit for bit the
 * same.
 */
const columnBlock = (rows: 1 | 2) => {
  const splats = [sv, sv1].slice(0, rows);
  const rowAccumulators = (row: number) => acc.slice(4 * row, 4 * row + 4);
  return [
    ...acc.slice(0, 4 * rows).flatMap((a) => [...zero, ...set(a)]),
    ...startColumn,
    ...whileNot(
      [...get(k), ...get(K), 0x4f /* i32.ge_u */],
      [
        // f32.load of a[k][r + row], 4 bytes per row on, splatted.
        ...splats.flatMap((s, row) => [...get(pa), 0x2a, 2, 4 * row, ...simd(0x13), ...set(s)]),
        ...[0, 1, 2, 3].flatMap((i) => [
          ...get(pb),
          ...simd(0x00),
          0,
          ...leb(16 * i),
          ...set(bv),
          ...splats.flatMap((s, row) => accumulate(rowAccumulators(row)[i], s)),
        ]),
        ...advance,
      ],
    ),
    ...outAddress,
    ...splats.flatMap((_, row) => [
      // Row r + 1's outputs are M floats on.
      ...(row > 0 ? increment(po, get(mStride)) : []),
      ...rowAccumulators(row).flatMap((a, i) => [...get(po), ...get(a), ...simd(0x0b), 0, ...leb(16 * i)]),
    ]),
    ...increment(m, i32(16)),
  ];
};

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
    // Two rows at a time while r + 2 ≤ ROWS: their vector columns together, then each row's last ones.
    [...get(r), ...i32(2), add, ...get(ROWS), 0x4b /* i32.gt_u */],
    [
      ...i32(0),
      ...set(m),
      ...whileNot([...get(m), ...i32(16), add, ...get(M), 0x4b], columnBlock(2)),
      ...get(m),
      ...set(mv),
      ...whileNot([...get(m), ...get(M), 0x4f], scalarColumn),
      ...increment(r, i32(1)),
      ...get(mv),
      ...set(m),
      ...whileNot([...get(m), ...get(M), 0x4f], scalarColumn),
      ...increment(r, i32(1)),
    ],
  ),
  ...whileNot(
    [...get(r), ...get(ROWS), 0x4f],
    [
      ...i32(0),
      ...set(m),
      // While m + 16 ≤ M: sixteen columns at a time.
      ...whileNot([...get(m), ...i32(16), add, ...get(M), 0x4b /* i32.gt_u */], columnBlock(1)),
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
    [9, I32],
    [11, V128],
    [1, F32],
  ],
  code,
};
