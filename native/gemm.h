// The products of a step, and every product of the engine while the native kernels are on,
// row-major float32, in register tiles (tiles.h) sized for this machine. They replaced OpenBLAS's
// sgemm here: 2.0–2.6 against 3.6–3.9 µs for a 64 × 32 × 32 product, where OpenBLAS spent about 40 %
// of its time scaling C by β = 0 and copying its operands, and about the same time at 64 × 128 × 128
// (`npm run metrics-floor` prints both on the machine it runs on).
#pragma once

#include <cstddef>

#include "tiles.h"

namespace gemm {

inline const char* name() { return "register tiles"; }

// C[M, P] = A[M, K] · B[K, P].
inline void nn(const float* A, const float* B, float* C, int M, int K, int P) {
  const auto finish = [&](int r0, int c0, auto& acc) {
    constexpr int MR = tiles::rows_of<decltype(acc)>, NV = tiles::vectors_of<decltype(acc)>;
    const int width = P - c0;  // < kLanes in the padded tile only
    for (int i = 0; i < MR; i++) {
      float* c = C + static_cast<size_t>(r0 + i) * P + c0;
      if (width >= kLanes * NV) {
        for (int v = 0; v < NV; v++) store(c + kLanes * v, acc[i][v]);
      } else {
        for (int j = 0; j < width; j++) c[j] = acc[i][0][j];
      }
    }
  };
  tiles::for_each_tile(tiles::Left{A, static_cast<size_t>(K), 1}, B, M, K, P, finish);
}

}  // namespace gemm
