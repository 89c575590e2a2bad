// The element-wise passes of a step and the float64 lane sums of the §6 metrics.
#pragma once

#include <cstddef>

// The element-wise passes of stepPasses.ts, one instance per case so that each loop is branch-free
// and vectorised (restrict: no two arrays overlap).

// h' = h − η (ε − credit), credit = [ε_{l+1} +] a φ'(h) ⊙ u, ε = r + λ; φ(h') beside it.
template <bool Relu, bool Skip>
void activity_pass(size_t K, const float* __restrict h, const float* __restrict r, const float* __restrict lam,
              const float* __restrict next, const float* __restrict u, float* __restrict hOut,
              float* __restrict phi, float a, float eta) {
  for (size_t k = 0; k < K; k++) {
    const float hv = h[k];
    const float derivTimesU = Relu ? (hv > 0 ? 1.f : 0.f) * u[k] : u[k];
    const float pulled = a * derivTimesU;
    const float credit = Skip ? next[k] + pulled : pulled;
    const float hn = hv - eta * ((r[k] + lam[k]) - credit);
    hOut[k] = hn;
    phi[k] = Relu ? (hn < 0 ? 0.f : hn) : hn;
  }
}

enum ResidualMode { kFirst, kSkip, kChain };

// r = h − f, f = p (first layer: the input projection), h_below + a p (residual) or a p (chain);
// λ' = λ + η_λ r with Dual.
template <ResidualMode Mode, bool Dual>
void residual_pass(size_t K, const float* __restrict h, const float* __restrict below, const float* __restrict p,
              const float* __restrict lam, float* __restrict rOut, float* __restrict lOut, float a, float etaDual) {
  for (size_t k = 0; k < K; k++) {
    const float pred = Mode == kFirst ? p[k] : Mode == kSkip ? below[k] + a * p[k] : a * p[k];
    const float rv = h[k] - pred;
    rOut[k] = rv;
    if (Dual) lOut[k] = lam[k] + etaDual * rv;
  }
}

// Σ in float32 over 16 lanes within blocks of 1024 elements, then float64 across lanes and blocks
// (like the wasm passes' float32 lanes and float64 totals): the loop vectorises without any sum being
// reordered, so the result depends only on the data, never on the thread that ran it.
template <int Sums, typename Body>
void lane_sums(size_t n, double* out, Body body) {
  double total[Sums] = {};
  size_t k = 0;
  while (k < n) {
    const size_t end = n - k < 1024 ? n : k + 1024;
    float acc[Sums][16] = {};
    for (; k + 16 <= end; k += 16)
      for (int q = 0; q < 16; q++) body(k + q, acc, q);
    for (; k < end; k++) body(k, acc, 0);
    for (int m = 0; m < Sums; m++)
      for (int q = 0; q < 16; q++) total[m] += acc[m][q];
  }
  for (int m = 0; m < Sums; m++) out[m] = total[m];
}

using Lanes = float (*)[16];

void dots(const float* g, const float* gbp, size_t n, double* out) {
  lane_sums<2>(n, out, [&](size_t k, Lanes acc, int q) {
    const float v = g[k];
    acc[0][q] += v * gbp[k];
    acc[1][q] += v * v;
  });
}
