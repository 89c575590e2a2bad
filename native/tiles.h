// Register tiles of a float32 product: the one loop nest behind the engine's products (gemm.h) and the
// §6 metrics' product-and-dot (productDots.h). Each MR × (kLanes·NV) tile of the product is summed
// over the depth K in MR·NV vector registers and handed, still in registers, to a `finish` callback
// that stores it (gemm) or dots it with a tile of G^BP (metrics).
//
// The tiles are sized for the machine the module is built on (-march=native): its vector width and
// its number of vector registers. A tile of 16-float vectors written for AVX-512's 32 registers ran
// at 3 GFLOP/s on an AVX2 machine (each vector two registers, the accumulators spilled, no FMA). There,
// with 8-float vectors, 6 × 2 tiles in 16 registers, a plain broadcast (splat) and the last rows of a
// column block as one tile, a 128 × 64 × 128 product runs in about 30 µs (70 GFLOP/s) with its operands
// in cache; OpenBLAS's sgemm of that size took 28–35 µs there, and 3.6–3.9 µs against the tiles' 2.0–2.6
// at 64 × 32 × 32 (`npm run metrics-floor` prints both on the machine it runs on).
#pragma once

#include <cstddef>
#include <type_traits>
#include <vector>

#if defined(__AVX512F__) || defined(__FMA__)
#include <immintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

#include "passes.h"

namespace tiles {

// c + a·b, fused where the machine has an FMA instruction. The module is built with -ffp-contract=off
// for the element-wise passes' sake; a product's sums run in a fixed order per machine, so its result
// depends only on the data and the machine, never on the thread count.
inline Floats multiply_add(Floats a, Floats b, Floats c) {
#if defined(__AVX512F__)
  return reinterpret_cast<Floats>(_mm512_fmadd_ps(reinterpret_cast<__m512>(a), reinterpret_cast<__m512>(b),
                                                  reinterpret_cast<__m512>(c)));
#elif defined(__FMA__)
  return reinterpret_cast<Floats>(_mm256_fmadd_ps(reinterpret_cast<__m256>(a), reinterpret_cast<__m256>(b),
                                                  reinterpret_cast<__m256>(c)));
#elif defined(__ARM_NEON) && defined(__aarch64__)
  return reinterpret_cast<Floats>(vfmaq_f32(reinterpret_cast<float32x4_t>(c), reinterpret_cast<float32x4_t>(a),
                                            reinterpret_cast<float32x4_t>(b)));
#else
  return c + a * b;
#endif
}

// x in every lane: x − 0 is x for every x, so the compiler only broadcasts. (`Floats{} + x` made it
// add before every broadcast: 0 + x is not x for x = −0.)
inline Floats splat(float x) { return x - Floats{}; }

// The left factor X of X · Y as the tiles read it: element (i, k) at X[i * row + k * depth], so that
// both a row-major A (row = K, depth = 1) and a transposed Eᵀ with E row-major [K, R] (row = 1,
// depth = R) are read in place.
struct Left {
  const float* X;
  size_t row, depth;
};

// One MR × kLanes·NV tile at rows r0: acc[i][v] = Σ_k X(r0 + i, k) · Y[k, c0 + kLanes·v …], with Y's
// column block packed (see for_each_tile).
template <int MR, int NV>
inline void accumulate(const Left& x, const Floats* __restrict packed, int K, int r0, Floats (&acc)[MR][NV]) {
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) acc[i][v] = Floats{};
  const float* __restrict base = x.X + static_cast<size_t>(r0) * x.row;
  for (int k = 0; k < K; k++) {
    const Floats* y = packed + static_cast<size_t>(k) * NV;
    const float* column = base + static_cast<size_t>(k) * x.depth;
    for (int i = 0; i < MR; i++) {
      const Floats xi = splat(column[static_cast<size_t>(i) * x.row]);
      for (int v = 0; v < NV; v++) acc[i][v] = multiply_add(xi, y[v], acc[i][v]);
    }
  }
}

// The rows < MR left at the end of a column block, as one tile of that many rows: one row at a time
// would leave each accumulator's FMA chain waiting on its own latency.
template <int Rows, int NV, typename Finish>
inline void last_rows(int rows, const Left& x, const Floats* packed, int K, int r0, int c0, Finish& finish) {
  if constexpr (Rows > 1) {
    if (rows < Rows) return last_rows<Rows - 1, NV>(rows, x, packed, K, r0, c0, finish);
  }
  Floats acc[Rows][NV];
  accumulate<Rows, NV>(x, packed, K, r0, acc);
  finish(r0, c0, acc);
}

// Rows [0, R) of the column block at c0, MR at a time, then the rest in one tile. The block's columns
// of Y are first copied into aligned, contiguous vectors: tfjs-wasm's heap aligns tensors to 8 bytes,
// and with every 64-byte load split across two cache lines the tiles ran at half speed (19 µs instead
// of 10 µs per 128 × 128 layer on AVX-512); the copy is K · kLanes·NV floats, read again by each of
// the R/MR tiles. A last block narrower than a vector (`width` < kLanes) is copied with zeros after
// its columns, so its tiles' lanes past `width` are exactly 0.
template <int MR, int NV, typename Finish>
void column_block(const Left& x, const float* Y, int R, int K, int P, int c0, int width, Finish& finish) {
  thread_local std::vector<Floats> packed;
  if (packed.size() < static_cast<size_t>(K) * NV) packed.resize(static_cast<size_t>(K) * NV);
  for (int k = 0; k < K; k++) {
    const float* row = Y + static_cast<size_t>(k) * P + c0;
    if (width == kLanes * NV) {
      for (int v = 0; v < NV; v++) packed[k * NV + v] = load<Floats>(row + kLanes * v);
    } else {
      Floats part = {};
      for (int c = 0; c < width; c++) part[c] = row[c];
      packed[k * NV] = part;
    }
  }
  int r0 = 0;
  for (; r0 + MR <= R; r0 += MR) {
    Floats acc[MR][NV];
    accumulate<MR, NV>(x, packed.data(), K, r0, acc);
    finish(r0, c0, acc);
  }
  if (r0 < R) last_rows<MR - 1, NV>(R - r0, x, packed.data(), K, r0, c0, finish);
}

// The widest tile keeps MR · NV accumulators, NV vectors of Y and one broadcast of X in registers:
// 6 × 4 + 4 + 1 = 29 of 32, or 6 × 2 + 2 + 1 = 15 of 16.
constexpr int kWide = kRegisters >= 32 ? 4 : 2;

// Every tile of the R × P product X · Y (Y row-major [K, P]): column blocks of kWide vectors, then (with
// 32 registers) of two, then of one, then the last P mod kLanes columns as one zero-padded vector.
// `finish(r0, c0, acc)` gets each tile, acc a Floats[MR][NV]; a tile at c0 with c0 + kLanes > P is the
// padded one, and only its lanes below P − c0 are columns of the product.
template <typename Finish>
void for_each_tile(const Left& x, const float* Y, int R, int K, int P, Finish& finish) {
  int c0 = 0;
  for (; c0 + kLanes * kWide <= P; c0 += kLanes * kWide)
    column_block<6, kWide>(x, Y, R, K, P, c0, kLanes * kWide, finish);
  if constexpr (kWide > 2)
    for (; c0 + 2 * kLanes <= P; c0 += 2 * kLanes) column_block<8, 2>(x, Y, R, K, P, c0, 2 * kLanes, finish);
  for (; c0 + kLanes <= P; c0 += kLanes) column_block<8, 1>(x, Y, R, K, P, c0, kLanes, finish);
  if (c0 < P) column_block<8, 1>(x, Y, R, K, P, c0, P - c0, finish);
}

// The MR and NV of a tile's accumulator array, inside a generic `finish`.
template <typename Acc>
constexpr int rows_of = std::extent_v<std::remove_reference_t<Acc>, 0>;
template <typename Acc>
constexpr int vectors_of = std::extent_v<std::remove_reference_t<Acc>, 1>;

}  // namespace tiles
