/**
 * out = [⟨Eᵀ A, Q⟩, ‖Eᵀ A‖²] (two float64) for E [K, R], A [K, P] and Q [R, P], all row-major, as
 * hand-assembled WebAssembly SIMD; G = Eᵀ A is never stored. This is how the wasm metrics (spec §6)
 * get the cosine of each would-be weight gradient G_l = ε_lᵀ φ(h_{l−1}) to G^BP_l, the wasm twin of
 * native/productDots.h. Each 2 × 16 tile of G is formed in eight 4-lane accumulators over the batch
 * and dotted at once with its tile of Q; its float32 lanes then go into float64 totals, so no float32
 * sum runs over the whole matrix. Tiles go down a block of 16 columns before the next block, so the
 * block of A (K · 64 bytes) stays in the first-level cache while every pair of rows reads it (rows
 * first swept all of A, 32 kB at N = 128, once per pair of rows). It replaced a product that stored G
 * and a second pass that read it again: 87 instead of 98 µs per 128 × 128 layer, the same at N = 32,
 * on an AVX2 machine (the 128-bit multiplies and adds are the limit: GCC's own SSE build of
 * native/productDots.h runs at the same rate).
 *
 * The product is not XNNPACK's: its right operand changes every step, and XNNPACK packs (and caches by
 * id) a copy of the right operand per operator, which would mean an operator per call.
 */
import { F32, F64, I32, leb, localGet, localSet, type RawFunction, simd, V128 } from './simdModule';

// Parameters.
const E = 0;
const A = 1;
const Q = 2;
const OUT = 3;
const R = 4;
const K = 5;
const P = 6;
// i32 locals.
const r = 7;
const c = 8;
const k = 9;
const pe = 10;
const pa = 11;
const rowStride = 12;
const colStride = 13;
const pq = 14;
/** Where the 16-column blocks end; the columns after it are summed one by one. */
const cv = 15;
// v128 locals: accumulators (row r in 16 … 19, row r + 1 in 20 … 23), splats, a vector of A, the
// tile's float32 dot and square, and the float64 totals (low and high lanes).
const acc = [16, 17, 18, 19, 20, 21, 22, 23];
const splat = [24, 25];
const av = 26;
const tileDot = 27;
const tileSquare = 28;
const dotLow = 29;
const dotHigh = 30;
const squareLow = 31;
const squareHigh = 32;
// Scalars for the last columns.
const g = 33;
const sumDot = 34;
const sumSquare = 35;

const get = localGet;
const set = localSet;
const i32 = (v: number) => [0x41, ...leb(v)];
const add = 0x6a;
const mul = 0x6c;
const shl = 0x74;
const geU = 0x4f;
const gtU = 0x4b;
const f32x4Mul = simd(0xe6);
const f32x4Add = simd(0xe4);
/** f32x4.relaxed_madd (relaxed SIMD): a · b + c. */
const relaxedMultiplyAdd = simd(0x105);
const f64x2Add = simd(0xf0);
const promoteLow = simd(0x5f);
/** Lanes 2 and 3 of an f32x4 moved to lanes 0 and 1 (for promote_low). */
const highHalf = [...simd(0x0d), 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
const zeroV128 = [0x43, 0, 0, 0, 0, ...simd(0x13)];
/** v128.load at `offset` from the i32 on the stack. */
const loadV128 = (offset: number) => [...simd(0x00), 0, ...leb(offset)];
/** v128.load32_splat: one float of memory in all four lanes. */
const loadSplat = (offset: number) => [...simd(0x09), 2, ...leb(offset)];

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
/** base + 4 index: the address of element `index` of the float32 array at `base`. */
const address = (base: number, index: number[]) => [...get(base), ...index, ...i32(2), shl, add];
/** pe = E + 4 r; pa = A + 4 c; k = 0. */
const startTile = [
  ...address(E, get(r)),
  ...set(pe),
  ...address(A, get(c)),
  ...set(pa),
  ...i32(0),
  ...set(k),
];
const advance = [...increment(pe, get(rowStride)), ...increment(pa, get(colStride)), ...increment(k, i32(1))];
/** to += promote(lanes of from): low lanes into `low`, high into `high`. */
const addToTotals = (from: number, low: number, high: number) => [
  ...get(low),
  ...get(from),
  ...promoteLow,
  ...f64x2Add,
  ...set(low),
  ...get(high),
  ...get(from),
  ...get(from),
  ...highHalf,
  ...promoteLow,
  ...f64x2Add,
  ...set(high),
];

/**
 * acc += s · a for the tile loop: a multiply, then an add; or, `fused`, relaxed SIMD's multiply-add,
 * which the engine may fuse (one rounding) or not, as the machine does it: the same on a machine,
 * not always across machines.
 */
const accumulate = (fused: boolean, a: number, s: number) =>
  fused
    ? [...get(s), ...get(av), ...get(a), ...relaxedMultiplyAdd, ...set(a)]
    : [...get(a), ...get(s), ...get(av), ...f32x4Mul, ...f32x4Add, ...set(a)];

/** A tile of one or two rows (r, r + 1) by the 16 columns from c. */
const tile = (rows: 1 | 2, fused: boolean) => {
  const rowAccumulators = (row: number) => acc.slice(4 * row, 4 * row + 4);
  const splats = splat.slice(0, rows);
  return [
    ...acc.slice(0, 4 * rows).flatMap((a) => [...zeroV128, ...set(a)]),
    ...startTile,
    ...whileNot(
      [...get(k), ...get(K), geU],
      [
        // E[k][r + row] in every lane, 4 bytes per row on.
        ...splats.flatMap((s, row) => [...get(pe), ...loadSplat(4 * row), ...set(s)]),
        // Each vector of A serves every row of the tile.
        ...[0, 1, 2, 3].flatMap((i) => [
          ...get(pa),
          ...loadV128(16 * i),
          ...set(av),
          ...splats.flatMap((s, row) => accumulate(fused, rowAccumulators(row)[i], s)),
        ]),
        ...advance,
      ],
    ),
    // pq = Q + 4 (r P + c): the tile's first row of Q.
    ...[...get(Q), ...get(r), ...get(P), mul, ...get(c), add, ...i32(2), shl, add, ...set(pq)],
    ...zeroV128,
    ...set(tileDot),
    ...zeroV128,
    ...set(tileSquare),
    ...splats.flatMap((_, row) => [
      ...(row > 0 ? increment(pq, get(colStride)) : []),
      ...rowAccumulators(row).flatMap((a, i) => [
        ...[...get(tileDot), ...get(a), ...get(pq), ...loadV128(16 * i), ...f32x4Mul, ...f32x4Add],
        ...set(tileDot),
        ...[...get(tileSquare), ...get(a), ...get(a), ...f32x4Mul, ...f32x4Add, ...set(tileSquare)],
      ]),
    ]),
    ...addToTotals(tileDot, dotLow, dotHigh),
    ...addToTotals(tileSquare, squareLow, squareHigh),
  ];
};

/** One element of G at (r, c) over k in order, then its float64 dot and square. */
const scalarElement = [
  0x43,
  0,
  0,
  0,
  0,
  ...set(g),
  ...startTile,
  ...whileNot(
    [...get(k), ...get(K), geU],
    [
      ...[...get(g), ...get(pe), 0x2a, 2, 0, ...get(pa), 0x2a, 2, 0, 0x94 /* f32.mul */, 0x92 /* f32.add */],
      ...set(g),
      ...advance,
    ],
  ),
  ...[...get(sumSquare), ...get(g), 0xbb /* f64.promote_f32 */, ...get(g), 0xbb, 0xa2 /* f64.mul */, 0xa0],
  ...set(sumSquare),
  ...[
    ...get(sumDot),
    ...get(g),
    0xbb,
    ...get(Q),
    ...get(r),
    ...get(P),
    mul,
    ...get(c),
    add,
    ...i32(2),
    shl,
    add,
  ],
  ...[0x2a, 2, 0, 0xbb, 0xa2 /* f64.mul */, 0xa0 /* f64.add */, ...set(sumDot)],
  ...increment(c, i32(1)),
];

/** The sum of an f64x2 total pair's four lanes, in a fixed order: (low₀ + low₁) + (high₀ + high₁). */
const laneTotal = (low: number, high: number) => [
  ...[...get(low), ...simd(0x21), 0, ...get(low), ...simd(0x21), 1, 0xa0],
  ...[...get(high), ...simd(0x21), 0, ...get(high), ...simd(0x21), 1, 0xa0, 0xa0],
];

const code = (fused: boolean) => [
  ...[...get(R), ...i32(2), shl, ...set(rowStride), ...get(P), ...i32(2), shl, ...set(colStride)],
  ...i32(0),
  ...set(c),
  // Blocks of 16 columns: pairs of rows down the block, then a last odd row.
  ...whileNot(
    [...get(c), ...i32(16), add, ...get(P), gtU],
    [
      ...i32(0),
      ...set(r),
      ...whileNot([...get(r), ...i32(2), add, ...get(R), gtU], [...tile(2, fused), ...increment(r, i32(2))]),
      ...whileNot([...get(r), ...get(R), geU], [...tile(1, fused), ...increment(r, i32(1))]),
      ...increment(c, i32(16)),
    ],
  ),
  ...get(c),
  ...set(cv),
  // The last P mod 16 columns, element by element.
  ...i32(0),
  ...set(r),
  ...whileNot(
    [...get(r), ...get(R), geU],
    [...get(cv), ...set(c), ...whileNot([...get(c), ...get(P), geU], scalarElement), ...increment(r, i32(1))],
  ),
  ...[...get(OUT), ...laneTotal(dotLow, dotHigh), ...get(sumDot), 0xa0, 0x39, 3, 0],
  ...[...get(OUT), ...laneTotal(squareLow, squareHigh), ...get(sumSquare), 0xa0, 0x39, 3, 8],
  0x0b,
];

const productDotsFunction = (fused: boolean): RawFunction => ({
  name: 'product_dots',
  params: [I32, I32, I32, I32, I32, I32, I32],
  locals: [
    [9, I32],
    [17, V128],
    [1, F32],
    [2, F64],
  ],
  code: code(fused),
});

/** Multiplies, then adds: the same bits everywhere (and in test/productDotsKernel.test.ts's model). */
export const productDots = productDotsFunction(false);

/**
 * With relaxed SIMD's multiply-add, where the engine has it (Chromium does; Node 20 only behind
 * --experimental-wasm-relaxed-simd): in headless Chromium 150 on an AVX2 machine, 83–84 instead of
 * 112–113 µs per 128 × 128 layer and 3.1 instead of 6.3 µs at N = 32 (B = 64, all layers cold). Only the metrics use it, so a step's own arithmetic stays bit for bit the stock
 * path's.
 */
export const productDotsFused = productDotsFunction(true);
