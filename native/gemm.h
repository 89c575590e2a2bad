// The products of a step, row-major float32: through the system's OpenBLAS when the build found it
// (one BLAS thread per call: the layer pool runs several calls at once), else a register-blocked loop
// the compiler vectorises for this machine.
#pragma once

#include <cstring>

#ifdef PCALM_OPENBLAS
#include <cblas.h>
#endif

namespace gemm {

#ifdef PCALM_OPENBLAS
inline const char* name() { return "OpenBLAS"; }
inline void init() { openblas_set_num_threads(1); }

// C[M, P] = A[M, K] · B[K, P].
inline void nn(const float* A, const float* B, float* C, int M, int K, int P) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, P, K, 1.f, A, K, B, P, 0.f, C, P);
}

#else
inline const char* name() { return "built-in loops"; }
inline void init() {}

// Four rows of C at a time, 64 columns per block, so each loaded row of B serves four rows of A.
inline void nn(const float* A, const float* B, float* C, int M, int K, int P) {
  int i = 0;
  for (; i + 4 <= M; i += 4) {
    for (int j0 = 0; j0 < P; j0 += 64) {
      const int width = P - j0 < 64 ? P - j0 : 64;
      float t[4][64] = {};
      for (int k = 0; k < K; k++) {
        const float* b = B + k * P + j0;
        const float a0 = A[i * K + k], a1 = A[(i + 1) * K + k], a2 = A[(i + 2) * K + k], a3 = A[(i + 3) * K + k];
        for (int j = 0; j < width; j++) {
          t[0][j] += a0 * b[j];
          t[1][j] += a1 * b[j];
          t[2][j] += a2 * b[j];
          t[3][j] += a3 * b[j];
        }
      }
      for (int r = 0; r < 4; r++) std::memcpy(C + (i + r) * P + j0, t[r], 4 * width);
    }
  }
  for (; i < M; i++) {
    float* c = C + i * P;
    for (int j = 0; j < P; j++) c[j] = 0;
    for (int k = 0; k < K; k++) {
      const float a = A[i * K + k];
      for (int j = 0; j < P; j++) c[j] += a * B[k * P + j];
    }
  }
}

#endif

}  // namespace gemm
