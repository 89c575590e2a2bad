// ⟨G, Q⟩ and ‖G‖² for a product G = Eᵀ A that is never stored: each register tile of G (tiles.h) is
// dotted with its tile of Q at once. This is how the §6 metrics get the cosine of each would-be weight
// gradient G_l = ε_lᵀ φ(h_{l−1}) to G^BP_l: forming G through OpenBLAS's transposed product and then
// streaming it again for the dot took 22 µs and more per 128 × 128 layer on an AVX-512 machine, these
// tiles 10 µs (README, "What exact metrics cost").
#pragma once

#include <cstddef>

#include "tiles.h"

namespace product_dots_detail {

typedef double Doubles __attribute__((vector_size(8 * kLanes)));

// Each tile's float32 lanes (at most MR · NV products each) go into float64 lanes, so that no float32
// sum runs over the whole matrix.
struct Totals {
  Doubles dot = {}, square = {};
  void add(Floats d, Floats s) {
    dot += __builtin_convertvector(d, Doubles);
    square += __builtin_convertvector(s, Doubles);
  }
};

}  // namespace product_dots_detail

// out[0] = ⟨Eᵀ A, Q⟩, out[1] = ‖Eᵀ A‖² for E [K, R], A [K, P], Q [R, P], all row-major.
inline void product_dots(const float* E, const float* A, const float* Q, int R, int K, int P, double* out) {
  using namespace product_dots_detail;
  Totals totals;
  const auto finish = [&](int r0, int c0, auto& acc) {
    constexpr int MR = tiles::rows_of<decltype(acc)>, NV = tiles::vectors_of<decltype(acc)>;
    // Q is read once per step (at N = 128 it is 8 MB over the layers: from memory, not cache), so the
    // next tile's rows of it are fetched now, to arrive while that tile's products run (one prefetch
    // per 64-byte line).
    for (int i = MR; i < 2 * MR && r0 + i < R; i++)
      for (int c = 0; c < kLanes * NV; c += 16) __builtin_prefetch(Q + static_cast<size_t>(r0 + i) * P + c0 + c);
    const int width = P - c0 < kLanes * NV ? P - c0 : kLanes * NV;  // < kLanes in the padded tile only
    Floats dot = {}, square = {};
    for (int i = 0; i < MR; i++) {
      const float* q = Q + static_cast<size_t>(r0 + i) * P + c0;
      for (int v = 0; v < NV; v++) {
        const Floats g = acc[i][v];
        Floats qv = {};
        if (width == kLanes * NV) {
          qv = load<Floats>(q + kLanes * v);
        } else {
          for (int c = 0; c < width; c++) qv[c] = q[c];  // never past the row: Q's last row ends the buffer
        }
        dot += g * qv;
        square += g * g;
      }
    }
    totals.add(dot, square);
  };
  tiles::for_each_tile(tiles::Left{E, 1, static_cast<size_t>(R)}, A, R, K, P, finish);
  double total[2] = {};
  for (int q = 0; q < kLanes; q++) {
    total[0] += totals.dot[q];
    total[1] += totals.square[q];
  }
  out[0] = total[0];
  out[1] = total[1];
}
