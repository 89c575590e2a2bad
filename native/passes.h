// The element-wise passes of a step and the float64 lane sums of the §6 metrics.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

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

// The machine's vector: the module is built with -march=native, and a vector wider than the
// machine's registers is not kept in them (with 16-float accumulators on an AVX2 machine, two
// registers each, the dots with G^BP ran 7× and the residual pass with its sums 2× slower than with
// 8-float ones).
#if defined(__AVX512F__)
constexpr int kLanes = 16, kRegisters = 32;
#elif defined(__AVX__)
constexpr int kLanes = 8, kRegisters = 16;
#elif defined(__aarch64__)
constexpr int kLanes = 4, kRegisters = 32;
#else
constexpr int kLanes = 4, kRegisters = 16;
#endif
typedef float Floats __attribute__((vector_size(4 * kLanes)));

// Σ in float32 over 16 lanes within blocks of 1024 elements, then float64 across lanes and blocks
// (like the wasm passes' float32 lanes and float64 totals): element k of a block adds into lane k mod 16,
// a block's tail of fewer than 16 into lane 0, so the result depends only on the data, never on the
// thread that ran it, nor on the machine's vector width. The 16 lanes are 16 / kLanes vectors of the
// machine's width. `body(k, acc)` is generic: it is called with `Floats (&)[Sums]` for the kLanes
// elements from k and with `float (&)[Sums]` for one element of the tail, and reads and writes through
// `load` / `store`. The accumulators are locals, not memory the compiler must assume the data aliases
// (an earlier version, which passed them as a pointer, ran 7× slower).
constexpr int kSumLanes = 16, kParts = kSumLanes / kLanes;

template <typename V>
inline V load(const float* p) {
  if constexpr (sizeof(V) == sizeof(float)) {
    return *p;
  } else {
    V v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
  }
}

template <typename V>
inline void store(float* p, V v) {
  if constexpr (sizeof(V) == sizeof(float)) {
    *p = v;
  } else {
    __builtin_memcpy(p, &v, sizeof v);
  }
}

/** The element type of an accumulator array, for `load<Lane<decltype(acc)>>(…)`. */
template <typename Acc>
using Lane = std::remove_reference_t<decltype(std::declval<Acc>()[0])>;

template <int Sums, typename Body>
void lane_sums(size_t n, double* out, Body body) {
  double total[Sums] = {};
  size_t k = 0;
  while (k < n) {
    const size_t end = n - k < 1024 ? n : k + 1024;
    Floats acc[kParts][Sums] = {};
    for (; k + kSumLanes <= end; k += kSumLanes)
      for (int part = 0; part < kParts; part++) body(k + part * kLanes, acc[part]);
    float tail[Sums];
    for (int m = 0; m < Sums; m++) tail[m] = acc[0][m][0];
    for (; k < end; k++) body(k, tail);
    for (int m = 0; m < Sums; m++) {
      acc[0][m][0] = tail[m];
      for (int q = 0; q < kSumLanes; q++) total[m] += acc[q / kLanes][m][q % kLanes];
    }
  }
  for (int m = 0; m < Sums; m++) out[m] = total[m];
}

// ⟨g, gbp⟩ and ‖g‖².
inline void dots(const float* g, const float* gbp, size_t n, double* out) {
  lane_sums<2>(n, out, [=](size_t k, auto& acc) {
    using V = Lane<decltype(acc)>;
    const V v = load<V>(g + k);
    acc[0] += v * load<V>(gbp + k);
    acc[1] += v * v;
  });
}

enum ResidualMode { kFirst, kSkip, kChain };

// Where a residual pass puts the §6 sums of its layer, or nothing.
struct LayerStats {
  const float* delta;  // δ_l
  float* eps;          // ε = r + λ, for the layer's gradient product
  double* sums;        // Σr², Σλ², Σε², Σε·δ, Σλ·r (λ before the dual step)
};

// ε = r + λ into eps at k, and the five sums of LayerStats into acc: for kLanes elements (V = Floats)
// or one (V = float).
template <typename V, typename Acc>
inline void add_layer_stats(size_t k, V rv, V lv, const float* delta, float* eps, Acc& acc) {
  const V ev = rv + lv;
  store(eps + k, ev);
  acc[0] += rv * rv;
  acc[1] += lv * lv;
  acc[2] += ev * ev;
  acc[3] += ev * load<V>(delta + k);
  acc[4] += lv * rv;
}

// r = h − f, f = p (first layer: the input projection), h_below + a p (residual) or a p (chain);
// λ' = λ + η_λ r with Dual; with Stats, the layer's §6 sums while r and λ are in registers. Every
// element's arithmetic is the same with and without Stats (no multiply-adds are fused).
template <ResidualMode Mode, bool Dual, bool Stats>
void residual_pass(size_t K, const float* __restrict h, const float* __restrict below, const float* __restrict p,
                   const float* __restrict lam, float* __restrict rOut, float* __restrict lOut, float a,
                   float etaDual, LayerStats stats) {
  const float* __restrict delta = stats.delta;
  float* __restrict eps = stats.eps;
  // One element (V = float) or kLanes of them (V = Floats) from k; `acc` only with Stats. Captured by
  // value: captured by reference, `a`, `etaDual` and the array pointers were loaded again after every
  // store (a float store may change a float the lambda refers to), and the pass with its sums took
  // 1.8 µs per 64 × 32 layer instead of 1.25 (the other lane-sum bodies here and in kernels.h likewise).
  const auto body = [=](size_t k, auto& acc) {
    using V = Lane<decltype(acc)>;
    const V pv = load<V>(p + k);
    V pred;
    if constexpr (Mode == kFirst) {
      pred = pv;
    } else if constexpr (Mode == kSkip) {
      pred = load<V>(below + k) + a * pv;
    } else {
      pred = a * pv;
    }
    const V rv = load<V>(h + k) - pred;
    store(rOut + k, rv);
    const V lv = load<V>(lam + k);
    if constexpr (Dual) store(lOut + k, lv + etaDual * rv);
    if constexpr (Stats) add_layer_stats(k, rv, lv, delta, eps, acc);
  };
  if constexpr (Stats) {
    lane_sums<5>(K, stats.sums, body);
  } else {
    // No sums: a plain loop, which the compiler vectorises as it likes.
    float none[1];
    for (size_t k = 0; k < K; k++) body(k, none);
  }
}

// The residual pass for a layer's mode, dual step and stats.
template <ResidualMode Mode>
void residual_for(bool dual, bool stats, size_t K, const float* h, const float* below, const float* p,
              const float* lam, float* rOut, float* lOut, float a, float etaDual, LayerStats layer) {
  const auto pass = dual ? (stats ? residual_pass<Mode, true, true> : residual_pass<Mode, true, false>)
                         : (stats ? residual_pass<Mode, false, true> : residual_pass<Mode, false, false>);
  pass(K, h, below, p, lam, rOut, lOut, a, etaDual, layer);
}

// The §6 sums of a layer whose residual pass did not make them (see residual_pass).
inline void layer_stats(size_t K, const float* __restrict r, const float* __restrict lam, LayerStats stats) {
  const float* __restrict delta = stats.delta;
  float* __restrict eps = stats.eps;
  lane_sums<5>(K, stats.sums, [=](size_t k, auto& acc) {
    using V = Lane<decltype(acc)>;
    add_layer_stats(k, load<V>(r + k), load<V>(lam + k), delta, eps, acc);
  });
}
