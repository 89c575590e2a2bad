// ⟨G, Q⟩ and ‖G‖² for a product G = Eᵀ A that is never stored: each tile of G is formed in registers
// and dotted with its tile of Q at once. This is how the §6 metrics get the cosine of each would-be
// weight gradient G_l = ε_lᵀ φ(h_{l−1}) to G^BP_l: forming G through OpenBLAS's transposed product
// and then streaming it again for the dot took 22 µs and more per 128 × 128 layer here, these tiles
// 10 µs (README, "What exact metrics cost").
#pragma once

#include <cstddef>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "passes.h"

namespace product_dots_detail {

typedef double Doubles8 __attribute__((vector_size(64)));

// Each tile's float32 lanes (at most 6 · 4 products each) go into float64 lanes, so that no float32
// sum runs over the whole matrix.
struct Totals {
  Doubles8 dot[2] = {}, square[2] = {};
  void add(Lanes16 d, Lanes16 s) {
    Doubles8 half[2];
    split(d, half);
    dot[0] += half[0];
    dot[1] += half[1];
    split(s, half);
    square[0] += half[0];
    square[1] += half[1];
  }
  static void split(Lanes16 v, Doubles8* half) {
    typedef float Lanes8 __attribute__((vector_size(32)));
    Lanes8 lo, hi;
    __builtin_memcpy(&lo, &v, sizeof lo);
    __builtin_memcpy(&hi, reinterpret_cast<const char*>(&v) + sizeof lo, sizeof hi);
    half[0] = __builtin_convertvector(lo, Doubles8);
    half[1] = __builtin_convertvector(hi, Doubles8);
  }
};

// c + a·b, fused where the machine has AVX-512 (the module is built with -ffp-contract=off for the
// element-wise passes' sake; these sums are only read by the metrics, in a fixed order, so the result
// still depends only on the data).
inline Lanes16 multiply_add(Lanes16 a, Lanes16 b, Lanes16 c) {
#if defined(__AVX512F__)
  return reinterpret_cast<Lanes16>(_mm512_fmadd_ps(reinterpret_cast<__m512>(a), reinterpret_cast<__m512>(b),
                                                   reinterpret_cast<__m512>(c)));
#else
  return c + a * b;
#endif
}

// One MR × 16·NV tile at (r0, c0); `A` is the column block, packed (see column_block).
template <int MR, int NV>
inline void tile(const float* __restrict E, const Lanes16* __restrict A, const float* __restrict Q, int R, int B,
                 int P, int r0, int c0, Totals& totals) {
  // Q is read once per step (at N = 128 it is 8 MB over the layers: from memory, not cache), so the
  // next tile's rows of it are fetched now, to arrive while this tile's products run.
  for (int i = MR; i < 2 * MR && r0 + i < R; i++)
    for (int v = 0; v < NV; v++) __builtin_prefetch(Q + static_cast<size_t>(r0 + i) * P + c0 + 16 * v);
  Lanes16 acc[MR][NV] = {};
  for (int b = 0; b < B; b++) {
    const Lanes16* a = A + static_cast<size_t>(b) * NV;
    const float* e = E + static_cast<size_t>(b) * R + r0;
    for (int i = 0; i < MR; i++) {
      const Lanes16 ei = Lanes16{} + e[i];
      for (int v = 0; v < NV; v++) acc[i][v] = multiply_add(ei, a[v], acc[i][v]);
    }
  }
  Lanes16 dot = {}, square = {};
  for (int i = 0; i < MR; i++)
    for (int v = 0; v < NV; v++) {
      const Lanes16 g = acc[i][v];
      dot += g * load<Lanes16>(Q + static_cast<size_t>(r0 + i) * P + c0 + 16 * v);
      square += g * g;
    }
  totals.add(dot, square);
}

// Rows [0, R) of the column block at c0, MR at a time, then one at a time. The block's columns of A
// are first copied into aligned, contiguous vectors: tfjs-wasm's heap aligns tensors to 8 bytes, and
// with every 64-byte load split across two cache lines the tiles ran at half speed (19 µs instead of
// 10 µs per 128 × 128 layer here); the copy is B · 16·NV floats, read again by each of the R/MR tiles.
template <int MR, int NV>
void column_block(const float* E, const float* A, const float* Q, int R, int B, int P, int c0, Totals& totals) {
  thread_local std::vector<Lanes16> packed;
  if (packed.size() < static_cast<size_t>(B) * NV) packed.resize(static_cast<size_t>(B) * NV);
  for (int b = 0; b < B; b++)
    for (int v = 0; v < NV; v++) packed[b * NV + v] = load<Lanes16>(A + static_cast<size_t>(b) * P + c0 + 16 * v);
  for (int i = 0; i < MR && i < R; i++)
    for (int v = 0; v < NV; v++) __builtin_prefetch(Q + static_cast<size_t>(i) * P + c0 + 16 * v);
  int r0 = 0;
  for (; r0 + MR <= R; r0 += MR) tile<MR, NV>(E, packed.data(), Q, R, B, P, r0, c0, totals);
  for (; r0 < R; r0++) tile<1, NV>(E, packed.data(), Q, R, B, P, r0, c0, totals);
}

}  // namespace product_dots_detail

// out[0] = ⟨Eᵀ A, Q⟩, out[1] = ‖Eᵀ A‖² for E [K, R], A [K, P], Q [R, P], all row-major.
inline void product_dots(const float* E, const float* A, const float* Q, int R, int K, int P, double* out) {
  using namespace product_dots_detail;
  Totals totals;
  int c0 = 0;
  // Column blocks of 64, then 32, then 16 (6 × 4 and 8 × 2 tiles keep 24 or 16 accumulators in the
  // 32 vector registers), then the last columns one by one.
  for (; c0 + 64 <= P; c0 += 64) column_block<6, 4>(E, A, Q, R, K, P, c0, totals);
  for (; c0 + 32 <= P; c0 += 32) column_block<8, 2>(E, A, Q, R, K, P, c0, totals);
  for (; c0 + 16 <= P; c0 += 16) column_block<8, 1>(E, A, Q, R, K, P, c0, totals);
  double total[2] = {};
  for (int h = 0; h < 2; h++)
    for (int q = 0; q < 8; q++) {
      total[0] += totals.dot[h][q];
      total[1] += totals.square[h][q];
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
