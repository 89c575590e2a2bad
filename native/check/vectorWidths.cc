// Built by test/nativeVectorWidths.test.ts once per instruction set the machine runs (SSE2, AVX2 with
// FMA, AVX-512), so that each width's code path in passes.h and tiles.h is checked, not only the
// one the module happens to be built for here. Prints one line per case: the lane sums as the hex of
// their doubles (the test requires them bit for bit equal across builds: the 16 sum lanes do not depend
// on the vector width), and product_dots' relative error against float64 sums (its float32 tiles do
// depend on the width and on FMA), and gemm::nn's largest error against float64 products, relative
// to the sum of magnitudes of each entry's terms.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "../gemm.h"
#include "../productDots.h"

static std::vector<float> noise(size_t n, unsigned seed) {
  std::mt19937 g(seed);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  std::vector<float> v(n + 1);
  for (auto& x : v) x = d(g);
  return v;
}

static void hex(const char* name, const double* v, int n) {
  printf("%s", name);
  for (int i = 0; i < n; i++) {
    unsigned long long bits;
    std::memcpy(&bits, v + i, sizeof bits);
    printf(" %016llx", bits);
  }
  printf("\n");
}

int main() {
  // Lane sums: lengths with and without a tail, across a 1024-element block; +1: 4-byte-aligned data.
  for (size_t K : {1u, 15u, 37u, 1000u, 1024u, 2051u, 8192u}) {
    auto r = noise(K, 1), lam = noise(K, 2), delta = noise(K, 3), h = noise(K, 4), p = noise(K, 5);
    std::vector<float> eps(K + 1), rOut(K + 1), lOut(K + 1);
    double stats[5], dot[2], fused[5];
    layer_stats(K, r.data() + 1, lam.data() + 1, LayerStats{delta.data() + 1, eps.data() + 1, stats});
    dots(r.data() + 1, lam.data() + 1, K, dot);
    residual_pass<kSkip, true, true>(K, h.data() + 1, r.data() + 1, p.data() + 1, lam.data() + 1, rOut.data() + 1,
                                     lOut.data() + 1, 0.5f, 0.25f, LayerStats{delta.data() + 1, eps.data() + 1, fused});
    char name[64];
    std::snprintf(name, sizeof name, "sums K=%zu", K);
    hex(name, stats, 5);
    hex(name, dot, 2);
    hex(name, fused, 5);
  }
  // product_dots over shapes that reach every tile and every leftover column.
  const int shapes[][3] = {{128, 64, 128}, {125, 57, 70}, {32, 64, 32}, {7, 3, 5}, {64, 64, 784}, {10, 64, 33}};
  for (const auto& s : shapes) {
    const int R = s[0], K = s[1], P = s[2];
    auto E = noise(static_cast<size_t>(K) * R, 6), A = noise(static_cast<size_t>(K) * P, 7);
    auto Q = noise(static_cast<size_t>(R) * P, 8);
    double out[2], want[2] = {}, scale[2] = {};
    product_dots(E.data() + 1, A.data() + 1, Q.data() + 1, R, K, P, out);
    for (int i = 0; i < R; i++)
      for (int j = 0; j < P; j++) {
        double g = 0, size = 0;
        for (int k = 0; k < K; k++) {
          const double term = static_cast<double>(E[1 + k * R + i]) * A[1 + k * P + j];
          g += term;
          size += std::fabs(term);
        }
        want[0] += g * Q[1 + i * P + j];
        want[1] += g * g;
        scale[0] += size * std::fabs(Q[1 + i * P + j]);
        scale[1] += size * size;
      }
    // Error relative to the sums of magnitudes (the float32 bound's own scale).
    printf("product R=%d K=%d P=%d lanes=%d error %.3e %.3e\n", R, K, P, kLanes,
           std::fabs(out[0] - want[0]) / scale[0], std::fabs(out[1] - want[1]) / scale[1]);
  }
  // gemm::nn over the engine's shapes (a step's, the readout's 10 columns, W_1's 784-deep product) and
  // shapes that reach every tile, the padded last vector and fewer columns than one vector.
  const int gemms[][3] = {{64, 128, 128}, {64, 32, 32}, {64, 128, 10}, {64, 784, 32}, {125, 57, 70}, {7, 3, 5}, {1, 1, 1},
                          {13, 40, 17}};
  for (const auto& s : gemms) {
    const int M = s[0], K = s[1], P = s[2];
    auto A = noise(static_cast<size_t>(M) * K, 9), Bm = noise(static_cast<size_t>(K) * P, 10);
    // One float past C's end, to show that no store goes past it.
    std::vector<float> C(static_cast<size_t>(M) * P + 2, 7.f);
    gemm::nn(A.data() + 1, Bm.data() + 1, C.data() + 1, M, K, P);
    double worst = 0;
    for (int i = 0; i < M; i++)
      for (int j = 0; j < P; j++) {
        double want = 0, size = 0;
        for (int k = 0; k < K; k++) {
          const double term = static_cast<double>(A[1 + i * K + k]) * Bm[1 + k * P + j];
          want += term;
          size += std::fabs(term);
        }
        worst = std::fmax(worst, std::fabs(C[1 + static_cast<size_t>(i) * P + j] - want) / size);
      }
    printf("gemm M=%d K=%d P=%d lanes=%d error %.3e guards %g %g\n", M, K, P, kLanes, worst, C[0], C.back());
  }
}
