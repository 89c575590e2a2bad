// A fixed pool of worker threads for `parallel_for`: layer j of a phase always goes to the same
// thread for a given count, and no result depends on which thread ran it (every layer's arithmetic is
// its own; sums across layers are added in layer order by the caller), so runs are deterministic
// across thread counts. Workers spin briefly before sleeping, because at small widths a phase lasts
// microseconds and a condition-variable wake-up would cost as much as the work.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

class LayerPool {
 public:
  explicit LayerPool(int threads) : threads_(threads < 1 ? 1 : threads) {
    for (int t = 1; t < threads_; t++) {
      // Detached and never destroyed: a joinable std::thread left at process exit would terminate it.
      std::thread([this, t] { work(t); }).detach();
    }
  }

  int threads() const { return threads_; }

  // Runs body(i, thread) for i in [0, n), split in contiguous ranges; `thread` indexes per-thread scratch.
  void parallel_for(int n, const std::function<void(int, int)>& body) {
    if (threads_ == 1 || n < 2) {
      for (int i = 0; i < n; i++) body(i, 0);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      body_ = &body;
      n_ = n;
      pending_.store(threads_ - 1);
      generation_.fetch_add(1);
    }
    wake_.notify_all();
    run_range(0, n);
    while (pending_.load(std::memory_order_acquire) != 0) std::this_thread::yield();
  }

 private:
  void run_range(int t, int n) {
    const int begin = (n * t) / threads_;
    const int end = (n * (t + 1)) / threads_;
    for (int i = begin; i < end; i++) (*body_)(i, t);
  }

  void work(int t) {
    unsigned seen = 0;
    for (;;) {
      // Spin about 50 µs for the next phase, then sleep until woken.
      const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
      while (generation_.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < until) {
      }
      if (generation_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_.load() != seen; });
      }
      seen = generation_.load(std::memory_order_acquire);
      run_range(t, n_);
      pending_.fetch_sub(1, std::memory_order_release);
    }
  }

  const int threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<unsigned> generation_{0};
  std::atomic<int> pending_{0};
  const std::function<void(int, int)>* body_ = nullptr;
  int n_ = 0;
};
