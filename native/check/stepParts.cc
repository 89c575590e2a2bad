// Where a native step's time goes, and what the §6 metrics add to it, per hidden layer: the step's
// two products (gemm.h's register tiles), its activity and residual passes
// (passes.h), and the metrics' residual pass with sums and exact product with its dots
// (productDots.h), each timed alone over a sweep of L layers laid out as the step lays them out, so
// that the operands come from where they come from in a step (each layer's G^BP from memory at
// N = 128). Prints one line per part, `part <name> <median µs per layer> <GFLOP/s or 0>`, medians of
// `sweeps` sweeps. Built with -DPCALM_OPENBLAS (scripts/metrics-floor.mjs does where OpenBLAS is
// installed), it also times OpenBLAS's sgemm on the step's first product, which the tiles replaced.
// scripts/metrics-floor.mjs builds and runs it (`npm run metrics-floor`).
//
// Usage: stepParts N L sweeps   (batch 64)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "../gemm.h"
#include "../productDots.h"

#ifdef PCALM_OPENBLAS
#include <cblas.h>
#endif

namespace {

using Clock = std::chrono::steady_clock;

std::vector<float> normal(size_t n, unsigned seed) {
  std::vector<float> v(n + 1);  // + 1: the tensors start 4 bytes off a vector boundary, as on tfjs's heap
  std::mt19937 generator(seed);
  std::normal_distribution<float> d;
  for (auto& x : v) x = d(generator);
  return v;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int N = argc > 1 ? std::atoi(argv[1]) : 128, L = argc > 2 ? std::atoi(argv[2]) : 128;
  const int sweeps = argc > 3 ? std::atoi(argv[3]) : 21, B = 64;
  if (N < 1 || L < 3 || sweeps < 1) {
    std::fprintf(stderr, "usage: stepParts N L sweeps (N ≥ 1, L ≥ 3)\n");
    return 2;
  }
#ifdef PCALM_OPENBLAS
  openblas_set_num_threads(1);
#endif
  const size_t K = static_cast<size_t>(B) * N, NN = static_cast<size_t>(N) * N, S = L - 1;
  std::vector<float> h = normal(S * K, 1), r = normal(S * K, 2), lam = normal(S * K, 3), delta = normal(S * K, 4),
                     w = normal(S * NN, 5), wT = normal(S * NN, 6), q = normal(S * NN, 7);
  std::vector<float> next(S * K + 1), u(S * K + 1), hOut(S * K + 1), phi(S * K + 1), mixed(S * K + 1),
      rOut(S * K + 1), lOut(S * K + 1), eps(S * K + 1), blasOut(S * K + 1);
  const auto at = [](std::vector<float>& v, size_t offset) { return v.data() + 1 + offset; };

  enum Part { kGemm1, kActivity, kGemm2, kResidual, kResidualWithSums, kProduct, kOpenBlas, kParts };
  const char* names[kParts] = {"gemm1", "activity", "gemm2", "residual", "residual+sums", "product_dots", "openblas"};
  const double flops[kParts] = {2.0 * B * N * N, 0, 2.0 * B * N * N, 0, 0, 2.0 * B * N * N, 2.0 * B * N * N};
  std::vector<double> times[kParts];
  double sums[5], dots[2], sink = 0;
  for (int sweep = 0; sweep < sweeps + 1; sweep++) {
    double total[kParts] = {};
    // Layers 1 … S-1 (layer 0 reads the input projection and W_1's sums differ: left out).
    for (size_t j = 1; j < S; j++) {
      const size_t x = j * K, m = j * NN;
      const auto t0 = Clock::now();
      for (size_t k = 0; k < K; k++) at(next, x)[k] = at(r, x)[k] + at(lam, x)[k];
      gemm::nn(at(next, x), at(w, m), at(u, x), B, N, N);
      const auto t1 = Clock::now();
      activity_pass<true, true>(K, at(h, x), at(r, x), at(lam, x), at(next, x), at(u, x), at(hOut, x), at(phi, x), 0.5f,
                                0.1f);
      const auto t2 = Clock::now();
      gemm::nn(at(phi, x - K), at(wT, m), at(mixed, x), B, N, N);
      const auto t3 = Clock::now();
      const LayerStats stats{at(delta, x), at(eps, x), sums};
      // The pass without sums on even sweeps, with them (and the product after it) on odd ones, so
      // that each product reads ε as the step leaves it.
      const bool withSums = sweep % 2 == 1;
      (withSums ? residual_pass<kSkip, true, true> : residual_pass<kSkip, true, false>)(
          K, at(hOut, x), at(hOut, x - K), at(mixed, x), at(lam, x), at(rOut, x), at(lOut, x), 0.5f, 1.f, stats);
      const auto t4 = Clock::now();
      if (withSums) product_dots(at(eps, x), at(phi, x - K), at(q, m), N, B, N, dots);
      const auto t5 = Clock::now();
#ifdef PCALM_OPENBLAS
      // The same product as gemm1's, through OpenBLAS, into a buffer of its own.
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, N, N, 1.f, at(next, x), N, at(w, m), N, 0.f,
                  at(blasOut, x), N);
#endif
      const auto t6 = Clock::now();
      sink += sums[0] + dots[0];
      const auto us = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double, std::micro>(b - a).count();
      };
      total[kGemm1] += us(t0, t1);
      total[kActivity] += us(t1, t2);
      total[kGemm2] += us(t2, t3);
      total[withSums ? kResidualWithSums : kResidual] += us(t3, t4);
      total[kProduct] += us(t4, t5);
      total[kOpenBlas] += us(t5, t6);
    }
    if (sweep == 0) continue;  // the first sweep warms the caches and the pages
    const double layers = static_cast<double>(S - 1);
    for (int p = 0; p < kParts; p++) {
#ifndef PCALM_OPENBLAS
      if (p == kOpenBlas) continue;
#endif
      const bool inThisSweep =
          p == kResidual ? sweep % 2 == 0 : p == kResidualWithSums || p == kProduct ? sweep % 2 == 1 : true;
      if (inThisSweep) times[p].push_back(total[p] / layers);
    }
  }
  std::printf("machine %s, %d lanes, N %d, L %d, B %d, sweeps %d (%g)\n", gemm::name(), kLanes, N, L, B, sweeps,
              sink == 12345.678 ? 1.0 : 0.0);
  for (int p = 0; p < kParts; p++) {
    if (times[p].empty()) continue;
    const double t = median(times[p]);
    std::printf("part %s %.3f %.1f\n", names[p], t, flops[p] > 0 ? flops[p] / t / 1e3 : 0.0);
  }
  return 0;
}
