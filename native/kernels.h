// The Node engine's native kernels on tfjs-wasm's heap: the fused PC-ALM step with its dual step
// (spec §4), the §6 metrics' sums, and the engine's products. Field lists (the order of the
// Float64Array each call reads) are published to JavaScript by pcalm_native.cc, so they live here only.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "gemm.h"
#include "passes.h"
#include "pool.h"
#include "productDots.h"

namespace pcalm {

#define FIELD_LIST(X) X(S) X(B) X(N) X(C) X(relu) X(residual) X(dual) X(etaH) X(etaLambda) X(aL) \
  X(H) X(Lambda) X(R) X(e) X(P1) X(Y) X(Wint) X(WintT) X(WL) X(WLT) X(outH) X(outR) X(outE) X(outL) X(Phi) \
  X(withMetrics) X(delta) X(gInt) X(gOut) X(gram) X(xg)
#define METRICS_LIST(X) X(S) X(B) X(N) X(C) X(relu) X(phiValid) X(H) X(Lambda) X(R) X(e) X(delta) \
  X(gInt) X(gOut) X(gram) X(xg) X(Phi)

#define PRODUCT_LIST(X) X(S) X(M) X(K) X(P) X(a) X(b) X(out)

namespace step_field {
#define AS_ENUM(name) name,
enum : int { FIELD_LIST(AS_ENUM) count };  // a_2 … a_{L-1} follow the named fields.
}  // namespace step_field
namespace metrics_field {
enum : int { METRICS_LIST(AS_ENUM) count };
}  // namespace metrics_field
namespace product_field {
enum : int { PRODUCT_LIST(AS_ENUM) count };
#undef AS_ENUM
}  // namespace product_field

#define AS_NAME(name) #name,
const char* kStepFields[] = {FIELD_LIST(AS_NAME)};
const char* kMetricsFields[] = {METRICS_LIST(AS_NAME)};
const char* kProductFields[] = {PRODUCT_LIST(AS_NAME)};
#undef AS_NAME

// Pools are kept for the life of the process (their workers sleep when unused), one per thread count,
// and never destroyed: at exit a destructor would wait forever on the condition its workers sleep on.
std::vector<LayerPool*>& pools = *new std::vector<LayerPool*>();
LayerPool* pool = nullptr;
std::mutex call_mutex;  // one call at a time: the pool and the per-thread scratch are shared

// Per-thread scratch, grown on demand.
struct Scratch {
  std::vector<float> a, b, c, d;
  float* sized(std::vector<float>& v, size_t n) {
    if (v.size() < n) v.resize(n);
    return v.data();
  }
};
std::vector<Scratch> scratch;

// Called with call_mutex held.
void use_pool(int threads) {
  pool = nullptr;
  for (LayerPool* p : pools)
    if (p->threads() == threads) pool = p;
  if (!pool) {
    pool = new LayerPool(threads);
    pools.push_back(pool);
  }
  if (scratch.size() < static_cast<size_t>(threads)) scratch.resize(threads);
}

// The heap, with every region bounds-checked before any arithmetic starts.
struct Heap {
  uint8_t* base;
  size_t bytes;
  float* at(double offset, size_t floats) const {
    if (!(offset >= 0) || std::fmod(offset, 4) != 0 || offset + 4.0 * floats > static_cast<double>(bytes))
      throw std::range_error("a tensor lies outside the wasm heap");
    return reinterpret_cast<float*>(base + static_cast<size_t>(offset));
  }
};

int dimension(double v) {
  if (!(v >= 1 && v <= (1 << 24) && v == std::floor(v))) throw std::range_error("a dimension is not a positive integer");
  return static_cast<int>(v);
}

// What the §6 sums of one state read: the state (r, λ, e, φ(h)) and the batch's BP quantities.
struct MetricsArgs {
  int S, B, N, C;
  size_t K, NN;
  const float *r, *lam, *e, *act, *delta, *gInt, *gOut, *gram, *xg;
};

size_t metrics_length(int S) { return 5 * S + 2 * (S + 1) + 1; }

// Where hidden layer j's sums and ε go: `out` at 5j, ε in the thread's scratch s.d.
LayerStats layer_stats_of(const MetricsArgs& m, int j, Scratch& s, double* out) {
  return LayerStats{m.delta + j * m.K, s.sized(s.d, m.K), out + 5 * j};
}

// Item j < S: hidden layer j's Σr², Σλ², Σε², Σε·δ, Σλ·r (unless `statsDone`: the step's residual
// pass made them, and ε, in the thread's scratch s.d), and ⟨raw, G^BP⟩, ‖raw‖² of the weight matrix
// into it (raw = ε_jᵀ φ(h_{j-1}) unscaled; W_1's from batch Grams); item S: the readout's, and Σe².
// `out` is laid out as metrics_length says: the per-layer five, the per-matrix two, Σe².
void metrics_item(const MetricsArgs& m, int j, Scratch& s, double* out, bool statsDone = false) {
  const int S = m.S, B = m.B, N = m.N, C = m.C;
  const size_t K = m.K;
  double* grads = out + 5 * S;
  if (j == S) {
    product_dots(m.e, m.act + (S - 1) * K, m.gOut, C, B, N, grads + 2 * S);
    double e2[1];
    const float* e = m.e;
    lane_sums<1>(static_cast<size_t>(B) * C, e2, [=](size_t k, auto& acc) {
      using V = Lane<decltype(acc)>;
      const V v = load<V>(e + k);
      acc[0] += v * v;
    });
    out[5 * S + 2 * (S + 1)] = e2[0];
    return;
  }
  const size_t x = j * K;
  const LayerStats stats = layer_stats_of(m, j, s, out);
  if (!statsDone) layer_stats(K, m.r + x, m.lam + x, stats);
  const float* eps = stats.eps;
  if (j == 0) {
    // W_1 (N × 784): ‖ε_1ᵀ x‖² = ⟨ε_1 ε_1ᵀ, x xᵀ⟩ and ⟨ε_1ᵀ x, G^BP⟩ = ⟨ε_1, x G^BPᵀ⟩; ε_1 ε_1ᵀ is
    // (ε_1ᵀ)ᵀ ε_1ᵀ, so product_dots reads ε_1ᵀ.
    float* epsT = s.sized(s.b, K);
    for (int b = 0; b < B; b++)
      for (int n = 0; n < N; n++) epsT[static_cast<size_t>(n) * B + b] = eps[static_cast<size_t>(b) * N + n];
    double square[2], dot[2];
    product_dots(epsT, epsT, m.gram, B, N, B, square);
    dots(eps, m.xg, K, dot);
    grads[0] = dot[0];
    grads[1] = square[0];
    return;
  }
  product_dots(eps, m.act + x - K, m.gInt + (j - 1) * m.NN, N, B, N, grads + 2 * j);
}

// The metrics fields' tensors, bounds-checked; `act` is φ(h) (ReLU) or h (identity).
MetricsArgs metrics_args(const Heap& heap, const double* p, const int* index, int S, int B, int N, int C,
                         const float* r, const float* lam, const float* e, const float* act) {
  const size_t K = static_cast<size_t>(B) * N, NN = static_cast<size_t>(N) * N;
  const int I = S - 1;
  return MetricsArgs{S, B, N, C, K, NN, r, lam, e, act,
                     heap.at(p[index[0]], S * K),
                     I > 0 ? heap.at(p[index[1]], I * NN) : nullptr,
                     heap.at(p[index[2]], static_cast<size_t>(C) * N),
                     heap.at(p[index[3]], static_cast<size_t>(B) * B),
                     heap.at(p[index[4]], K)};
}

// One step; with `withMetrics`, also the §6 sums of the state it makes (h', r', e' with the λ before
// the dual step, as inference.ts's observer sees it) into `sums`, each layer's while its r' is hot.
void run_step(const Heap& heap, const double* p, size_t count, double* sums) {
  using namespace step_field;
  const int S = dimension(p[step_field::S]), B = dimension(p[step_field::B]), N = dimension(p[step_field::N]),
            C = dimension(p[step_field::C]);
  const int I = S - 1;
  if (count != static_cast<size_t>(step_field::count + I)) throw std::range_error("wrong number of step fields");
  const bool isRelu = p[relu] != 0, isResidual = p[residual] != 0, isDual = p[dual] != 0;
  const float eta = static_cast<float>(p[etaH]), etaDual = static_cast<float>(p[etaLambda]);
  const float aLast = static_cast<float>(p[aL]);
  std::vector<float> aInt(I);
  for (int i = 0; i < I; i++) aInt[i] = static_cast<float>(p[step_field::count + i]);
  const size_t K = static_cast<size_t>(B) * N, SK = S * K, NN = static_cast<size_t>(N) * N;
  const float* h = heap.at(p[H], SK);
  const float* lam = heap.at(p[Lambda], SK);
  const float* r = heap.at(p[R], SK);
  const float* e = heap.at(p[step_field::e], static_cast<size_t>(B) * C);
  const float* p1 = heap.at(p[P1], K);
  const float* y = heap.at(p[Y], static_cast<size_t>(B) * C);
  const float* wint = I > 0 ? heap.at(p[Wint], I * NN) : nullptr;
  const float* wintT = I > 0 ? heap.at(p[WintT], I * NN) : nullptr;
  const float* wl = heap.at(p[WL], static_cast<size_t>(C) * N);
  const float* wlt = heap.at(p[WLT], static_cast<size_t>(N) * C);
  float* hOut = heap.at(p[outH], SK);
  float* rOut = heap.at(p[outR], SK);
  float* eOut = heap.at(p[outE], static_cast<size_t>(B) * C);
  float* lOut = isDual ? heap.at(p[outL], SK) : nullptr;
  float* phi = heap.at(p[Phi], SK);
  const int index[] = {delta, gInt, gOut, gram, xg};
  const bool metrics = p[withMetrics] != 0 && sums != nullptr;
  const MetricsArgs m = metrics ? metrics_args(heap, p, index, S, B, N, C, rOut, lam, eOut, phi) : MetricsArgs{};

  // h' = h − η (ε − J_{l+1}ᵀ ε_{l+1}), J_{l+1}ᵀ ε_{l+1} = [ε_{l+1} +] a φ'(h) ⊙ (ε_{l+1} W_{l+1}), and φ(h').
  pool->parallel_for(S, [&](int j, int t) {
    Scratch& s = scratch[t];
    const bool last = j == I;
    float* next = s.sized(s.a, K);
    float* u = s.sized(s.b, K);
    if (last) {
      gemm::nn(e, wl, u, B, C, N);
    } else {
      const size_t x = (j + 1) * K;
      for (size_t k = 0; k < K; k++) next[k] = r[x + k] + lam[x + k];
      gemm::nn(next, wint + j * NN, u, B, N, N);
    }
    const bool skip = !last && isResidual;
    const float a = last ? aLast : aInt[j];
    const size_t x = j * K;
    const auto pass = isRelu ? (skip ? activity_pass<true, true> : activity_pass<true, false>)
                             : (skip ? activity_pass<false, true> : activity_pass<false, false>);
    pass(K, h + x, r + x, lam + x, next, u, hOut + x, phi + x, a, eta);
  });

  // r = h' − f(h'_below) and λ' = λ + η_λ r per layer; the readout's e = y − a_L φ(h'_{L-1}) W_Lᵀ last.
  pool->parallel_for(S + 1, [&](int j, int t) {
    Scratch& s = scratch[t];
    if (j == S) {
      float* yh = s.sized(s.c, static_cast<size_t>(B) * C);
      gemm::nn(phi + I * K, wlt, yh, B, N, C);
      for (int k = 0; k < B * C; k++) eOut[k] = y[k] - aLast * yh[k];
      if (metrics) metrics_item(m, j, s, sums);
      return;
    }
    const size_t x = j * K;
    // With metrics, the residual pass also makes the layer's sums and ε (metrics_item then skips them).
    const LayerStats stats = metrics ? layer_stats_of(m, j, s, sums) : LayerStats{};
    if (j == 0) {
      residual_for<kFirst>(isDual, metrics, K, hOut, nullptr, p1, lam, rOut, lOut, 0.f, etaDual, stats);
      if (metrics) metrics_item(m, j, s, sums, true);
      return;
    }
    float* mixed = s.sized(s.c, K);
    gemm::nn(phi + x - K, wintT + (j - 1) * NN, mixed, B, N, N);
    (isResidual ? residual_for<kSkip> : residual_for<kChain>)(isDual, metrics, K, hOut + x, hOut + x - K, mixed, lam + x,
                                                      rOut + x, lOut ? lOut + x : nullptr, aInt[j - 1], etaDual,
                                                      stats);
    if (metrics) metrics_item(m, j, s, sums, true);
  });
}

// out[s] = a[s] · b[s] for each of S stacked [M, K]·[K, P] products: every product of the engine
// (engine/ops.ts) while the native kernels are on, so that the forward pass, the stock path and the
// fused step multiply with the same routine and a residual that should be exactly 0 is.
void run_product(const Heap& heap, const double* p, size_t count) {
  using namespace product_field;
  if (count != static_cast<size_t>(product_field::count)) throw std::range_error("wrong number of product fields");
  const int S = dimension(p[product_field::S]), M = dimension(p[product_field::M]),
            K = dimension(p[product_field::K]), P = dimension(p[product_field::P]);
  const size_t MK = static_cast<size_t>(M) * K, KP = static_cast<size_t>(K) * P, MP = static_cast<size_t>(M) * P;
  const float* A = heap.at(p[a], S * MK);
  const float* Bm = heap.at(p[b], S * KP);
  float* C = heap.at(p[out], S * MP);
  pool->parallel_for(S, [&](int s, int) { gemm::nn(A + s * MK, Bm + s * KP, C + s * MP, M, K, P); });
}

// The §6 sums of a state the step did not make with metrics (see metrics_item for `out`).
void run_metrics(const Heap& heap, const double* p, size_t count, double* out) {
  using namespace metrics_field;
  if (count != static_cast<size_t>(metrics_field::count)) throw std::range_error("wrong number of metrics fields");
  const int S = dimension(p[metrics_field::S]), B = dimension(p[metrics_field::B]),
            N = dimension(p[metrics_field::N]), C = dimension(p[metrics_field::C]);
  const size_t K = static_cast<size_t>(B) * N, SK = S * K;
  const float* h = heap.at(p[H], SK);
  float* phi = heap.at(p[Phi], SK);
  const bool isRelu = p[relu] != 0;
  // φ(h) for identity is h itself; for ReLU the step's own φ(h') when it made this h.
  if (isRelu && p[phiValid] == 0) {
    pool->parallel_for(S, [&](int j, int) {
      for (size_t k = j * K; k < (j + 1) * K; k++) phi[k] = h[k] < 0 ? 0.f : h[k];
    });
  }
  const int index[] = {metrics_field::delta, gInt, gOut, gram, xg};
  const MetricsArgs m = metrics_args(heap, p, index, S, B, N, C, heap.at(p[R], SK), heap.at(p[Lambda], SK),
                                     heap.at(p[metrics_field::e], static_cast<size_t>(B) * C), isRelu ? phi : h);
  pool->parallel_for(S + 1, [&](int j, int t) { metrics_item(m, j, scratch[t], out); });
}

}  // namespace pcalm
