// ⟨G, Q⟩ and ‖G‖² for a product G = Eᵀ A that is never stored: each tile of G is formed in registers
// and dotted with its tile of Q at once. This is how the §6 metrics get the cosine of each would-be
// weight gradient G_l = ε_lᵀ φ(h_{l−1}) to G^BP_l: forming G through OpenBLAS's transposed product
// and then streaming it again for the dot took 22 µs and more per 128 × 128 layer on an AVX-512
// machine, these tiles 10 µs (README, "What exact metrics cost").
//
// The tiles are sized for the machine the module is built on (-march=native): its vector width and
// its number of vector registers. A tile of 16-float vectors written for AVX-512's 32 registers ran
// at 3 GFLOP/s on an AVX2 machine (each vector two registers, the accumulators spilled, no FMA). There,
// with 8-float vectors, 6 × 2 tiles in 16 registers, a plain broadcast (splat) and the last rows of a
// column block as one tile, a 128 × 64 × 128 product runs in about 30 µs (70 GFLOP/s) with its operands
// in cache and 35 µs from memory; OpenBLAS's sgemm of that size takes 28–35 µs there.
#pragma once

#include <cstddef>
#include <vector>

#if defined(__AVX512F__) || defined(__FMA__)
#include <immintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

#include "passes.h"

namespace product_dots_detail {

typedef double Doubles __attribute__((vector_size(8 * kLanes)));

// c + a·b, fused where the machine has an FMA instruction (the module is built with -ffp-contract=off
// for the element-wise passes' sake; these sums are only read by the metrics, in a fixed order, so the
// result still depends only on the data and the machine, never on the thread count).
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

// Each tile's float32 lanes (at most MR · NV products each) go into float64 lanes, so that no float32
// sum runs over the whole matrix.
struct Totals {
  Doubles dot = {}, square = {};
  void add(Floats d, Floats s) {
    dot += __builtin_convertvector(d, Doubles);
    square += __builtin_convertvector(s, Doubles);
  }
};

// One MR × kLanes·NV tile at (r0, c0); `A` is the column block, packed (see column_block).
template <int MR, int NV>
inline void tile(const float* __restrict E, const Floats* __restrict A, const float* __restrict Q, int R, int B,
                 int P, int r0, int c0, Totals& totals) {
  // Q is read once per step (at N = 128 it is 8 MB over the layers: from memory, not cache), so the
  // next tile's rows of it are fetched now, to arrive while this tile's products run (one prefetch per
  // 64-byte line).
  for (int i = MR; i < 2 * MR && r0 + i < R; i++)
    for (int c = 0; c < kLanes * NV; c += 16) __builtin_prefetch(Q + static_cast<size_t>(r0 + i) * P + c0 + c);
  Floats acc[MR][NV] = {};
  for (int b = 0; b < B; b++) {
    const Floats* a = A + static_cast<size_t>(b) * NV;
    const float* e = E + static_cast<size_t>(b) * R + r0;
    for (int i = 0; i < MR; i++) {
      const Floats ei = splat(e[i]);
      for (int v = 0; v < NV; v++) acc[i][v] = multiply_add(ei, a[v], acc[i][v]);
    }
  }
  Floats dot = {}, square = {};
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) {
      const Floats g = acc[i][v];
      dot += g * load<Floats>(Q + static_cast<size_t>(r0 + i) * P + c0 + kLanes * v);
      square += g * g;
    }
  totals.add(dot, square);
}

// The rows < MR left at the end of a column block, as one tile of that many rows: one row at a time
// would leave each accumulator's FMA chain waiting on its own latency.
template <int Rows, int NV>
inline void last_rows(int rows, const float* E, const Floats* A, const float* Q, int R, int B, int P, int r0,
                      int c0, Totals& totals) {
  if constexpr (Rows > 1) {
    if (rows < Rows) return last_rows<Rows - 1, NV>(rows, E, A, Q, R, B, P, r0, c0, totals);
  }
  tile<Rows, NV>(E, A, Q, R, B, P, r0, c0, totals);
}

// Rows [0, R) of the column block at c0, MR at a time, then the rest in one tile. The block's columns
// of A are first copied into aligned, contiguous vectors: tfjs-wasm's heap aligns tensors to 8 bytes,
// and with every 64-byte load split across two cache lines the tiles ran at half speed (19 µs instead
// of 10 µs per 128 × 128 layer on AVX-512); the copy is B · kLanes·NV floats, read again by each of
// the R/MR tiles.
template <int MR, int NV>
void column_block(const float* E, const float* A, const float* Q, int R, int B, int P, int c0, Totals& totals) {
  thread_local std::vector<Floats> packed;
  if (packed.size() < static_cast<size_t>(B) * NV) packed.resize(static_cast<size_t>(B) * NV);
  for (int b = 0; b < B; b++)
    for (int v = 0; v < NV; v++)
      packed[b * NV + v] = load<Floats>(A + static_cast<size_t>(b) * P + c0 + kLanes * v);
  for (int i = 0; i < MR && i < R; i++)
    for (int c = 0; c < kLanes * NV; c += 16) __builtin_prefetch(Q + static_cast<size_t>(i) * P + c0 + c);
  int r0 = 0;
  for (; r0 + MR <= R; r0 += MR) tile<MR, NV>(E, packed.data(), Q, R, B, P, r0, c0, totals);
  if (r0 < R) last_rows<MR - 1, NV>(R - r0, E, packed.data(), Q, R, B, P, r0, c0, totals);
}

// The widest tile keeps MR · NV accumulators, NV vectors of A and one broadcast of E in registers:
// 6 × 4 + 4 + 1 = 29 of 32, or 6 × 2 + 2 + 1 = 15 of 16.
constexpr int kWide = kRegisters >= 32 ? 4 : 2;

}  // namespace product_dots_detail

// out[0] = ⟨Eᵀ A, Q⟩, out[1] = ‖Eᵀ A‖² for E [K, R], A [K, P], Q [R, P], all row-major.
inline void product_dots(const float* E, const float* A, const float* Q, int R, int K, int P, double* out) {
  using namespace product_dots_detail;
  Totals totals;
  int c0 = 0;
  // Column blocks of kWide vectors, then (with 32 registers) of two, then of one, then the last
  // columns one by one.
  for (; c0 + kLanes * kWide <= P; c0 += kLanes * kWide) column_block<6, kWide>(E, A, Q, R, K, P, c0, totals);
  if constexpr (kWide > 2)
    for (; c0 + 2 * kLanes <= P; c0 += 2 * kLanes) column_block<8, 2>(E, A, Q, R, K, P, c0, totals);
  for (; c0 + kLanes <= P; c0 += kLanes) column_block<8, 1>(E, A, Q, R, K, P, c0, totals);
  double total[2] = {};
  for (int q = 0; q < kLanes; q++) {
    total[0] += totals.dot[q];
    total[1] += totals.square[q];
  }
  for (int r = 0; r < R; r++)
    for (int c = c0; c < P; c++) {
      float g = 0;
      for (int k = 0; k < K; k++) g += E[static_cast<size_t>(k) * R + r] * A[static_cast<size_t>(k) * P + c];
      total[0] += static_cast<double>(g) * Q[static_cast<size_t>(r) * P + c];
      total[1] += static_cast<double>(g) * g;
    }
  out[0] = total[0];
  out[1] = total[1];
}
