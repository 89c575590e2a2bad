// The Node engine's native module (issue 13): N-API entry points for the kernels of kernels.h. The
// kernels in src/engine/kernels/ call `step`, `metricsSums` and `product` with the heap's buffer and a
// Float64Array of byte offsets and scalars in the order this module publishes (`stepFields`,
// `metricsFields`, `productFields`). The element-wise arithmetic is the wasm passes' (stepPasses.ts),
// in their float32 order; the products go through gemm.h; each phase runs layers in parallel (pool.h).
#include <node_api.h>

#include "kernels.h"

namespace {

using namespace pcalm;
// ---- N-API glue ----

napi_value fail(napi_env env, const char* message) {
  napi_throw_error(env, nullptr, message);
  return nullptr;
}

bool read_heap(napi_env env, napi_value value, Heap* heap) {
  bool is;
  void* data = nullptr;
  size_t bytes = 0;
  if (napi_is_arraybuffer(env, value, &is) == napi_ok && is) {
    if (napi_get_arraybuffer_info(env, value, &data, &bytes) != napi_ok) return false;
  } else if (napi_is_typedarray(env, value, &is) == napi_ok && is) {
    napi_typedarray_type type;
    size_t length;
    napi_value buffer;
    size_t offset;
    if (napi_get_typedarray_info(env, value, &type, &length, &data, &buffer, &offset) != napi_ok ||
        type != napi_uint8_array)
      return false;
    bytes = length;
  } else {
    return false;
  }
  heap->base = static_cast<uint8_t*>(data);
  heap->bytes = bytes;
  return data != nullptr;
}

bool read_fields(napi_env env, napi_value value, const double** fields, size_t* count) {
  bool is;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  void* data;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, count, &data, &buffer, &offset) != napi_ok ||
      type != napi_float64_array)
    return false;
  *fields = static_cast<const double*>(data);
  return true;
}

// The two arguments every kernel call takes: the heap's buffer and its Float64Array of fields.
struct Call {
  Heap heap;
  const double* fields;
  size_t count;
};

// `optional`, when given, receives a third argument or nullptr.
bool read_call(napi_env env, napi_callback_info info, const char* usage, Call* call, napi_value* optional = nullptr) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 2 || !read_heap(env, argv[0], &call->heap) || !read_fields(env, argv[1], &call->fields, &call->count)) {
    fail(env, usage);
    return false;
  }
  if (optional) *optional = argc >= 3 ? argv[2] : nullptr;
  return true;
}

// A Float64Array for the §6 sums of a network of S hidden layers; `sums` points at its data.
napi_value new_sums(napi_env env, double depth, double** sums) {
  if (!(depth >= 1 && depth <= (1 << 20))) {
    fail(env, "S out of range");
    return nullptr;
  }
  const size_t length = metrics_length(static_cast<int>(depth));
  void* data;
  napi_value buffer, result;
  napi_create_arraybuffer(env, length * sizeof(double), &data, &buffer);
  napi_create_typedarray(env, napi_float64_array, length, buffer, 0, &result);
  *sums = static_cast<double*>(data);
  return result;
}

// Runs `kernel` with the call lock held; a refused input becomes a JavaScript error.
template <typename Kernel>
bool run_locked(napi_env env, Kernel kernel) {
  try {
    std::lock_guard<std::mutex> lock(call_mutex);
    kernel();
    return true;
  } catch (const std::exception& error) {
    fail(env, error.what());
    return false;
  }
}

// step(heap: ArrayBuffer | Uint8Array, fields: Float64Array, sums?: Float64Array): with withMetrics,
// the §6 sums, written into `sums` when it is given with the right length (a buffer the caller keeps,
// so that a step allocates nothing), else into a new Float64Array; without, undefined.
napi_value Step(napi_env env, napi_callback_info info) {
  Call c;
  napi_value given_sums;
  if (!read_call(env, info, "step(heap, fields): expected the heap's buffer and a Float64Array", &c, &given_sums))
    return nullptr;
  const bool metrics = c.count > step_field::withMetrics && c.fields[step_field::withMetrics] != 0;
  double* sums = nullptr;
  napi_value result = nullptr;
  if (metrics) {
    const double depth = c.count > step_field::S ? c.fields[step_field::S] : 0;
    const double* given;
    size_t length;
    if (given_sums && read_fields(env, given_sums, &given, &length) && depth >= 1 && depth <= (1 << 20) &&
        length == metrics_length(static_cast<int>(depth))) {
      sums = const_cast<double*>(given);
      result = given_sums;
    } else if (!(result = new_sums(env, depth, &sums))) {
      return nullptr;
    }
  }
  return run_locked(env, [&] { run_step(c.heap, c.fields, c.count, sums); }) ? result : nullptr;
}

// product(heap, fields): void (see run_product)
napi_value Product(napi_env env, napi_callback_info info) {
  Call c;
  if (!read_call(env, info, "product(heap, fields): expected the heap's buffer and a Float64Array", &c))
    return nullptr;
  run_locked(env, [&] { run_product(c.heap, c.fields, c.count); });
  return nullptr;
}

// metricsSums(heap, fields): Float64Array (see run_metrics)
napi_value MetricsSums(napi_env env, napi_callback_info info) {
  Call c;
  if (!read_call(env, info, "metricsSums(heap, fields): expected the heap's buffer and a Float64Array", &c))
    return nullptr;
  if (c.count != static_cast<size_t>(metrics_field::count))
    return fail(env, "metricsSums: wrong number of metrics fields");
  double* sums = nullptr;
  napi_value result = new_sums(env, c.fields[metrics_field::S], &sums);
  if (!result) return nullptr;
  return run_locked(env, [&] { run_metrics(c.heap, c.fields, c.count, sums); }) ? result : nullptr;
}

// setThreads(n): how many threads the layer phases use from now on (1 … the pool's size).
napi_value Threads(napi_env env, napi_callback_info) {
  napi_value n;
  napi_create_int32(env, pool ? pool->threads() : 1, &n);
  return n;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int32_t n = 0;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &n) != napi_ok || n < 1 || n > 256)
    return fail(env, "setThreads(n): n must be an integer in 1 … 256");
  std::lock_guard<std::mutex> lock(call_mutex);
  use_pool(n);
  return nullptr;
}

napi_value Strings(napi_env env, const char* const* names, size_t count) {
  napi_value list;
  napi_create_array_with_length(env, count, &list);
  for (size_t i = 0; i < count; i++) {
    napi_value s;
    napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, list, i, s);
  }
  return list;
}

napi_value Init(napi_env env, napi_value exports) {
  {
    std::lock_guard<std::mutex> lock(call_mutex);
    if (!pool) use_pool(1);
  }
  napi_value fn;
  napi_create_function(env, "step", NAPI_AUTO_LENGTH, Step, nullptr, &fn);
  napi_set_named_property(env, exports, "step", fn);
  napi_create_function(env, "product", NAPI_AUTO_LENGTH, Product, nullptr, &fn);
  napi_set_named_property(env, exports, "product", fn);
  napi_create_function(env, "metricsSums", NAPI_AUTO_LENGTH, MetricsSums, nullptr, &fn);
  napi_set_named_property(env, exports, "metricsSums", fn);
  napi_create_function(env, "setThreads", NAPI_AUTO_LENGTH, SetThreads, nullptr, &fn);
  napi_set_named_property(env, exports, "setThreads", fn);
  napi_create_function(env, "threads", NAPI_AUTO_LENGTH, Threads, nullptr, &fn);
  napi_set_named_property(env, exports, "threads", fn);
  napi_set_named_property(env, exports, "stepFields", Strings(env, kStepFields, step_field::count));
  napi_set_named_property(env, exports, "metricsFields", Strings(env, kMetricsFields, metrics_field::count));
  napi_set_named_property(env, exports, "productFields", Strings(env, kProductFields, product_field::count));
  napi_value products;
  napi_create_string_utf8(env, gemm::name(), NAPI_AUTO_LENGTH, &products);
  napi_set_named_property(env, exports, "products", products);
  return exports;
}

}  // namespace

NAPI_MODULE_INIT() { return Init(env, exports); }
