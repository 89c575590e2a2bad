// A fixed pool of worker threads for `parallel_for`. The items of a phase (the layers) are handed out
// one at a time to whichever thread asks first, the calling thread included: a worker that wakes late
// (a sleeping thread's wake-up took 15–50 µs in a VM here, as long as a whole phase at N = 32) leaves
// its share to the others instead of holding the phase up. No result depends on which thread ran an
// item (each layer's arithmetic is its own and the per-thread scratch is only scratch; sums across
// layers are added in layer order by the caller), so runs are deterministic across thread counts.
// Workers spin briefly before sleeping, because at small widths a phase lasts microseconds.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
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

  // Runs body(i, thread) for i in [0, n); `thread` indexes per-thread scratch. One caller at a time.
  void parallel_for(int n, const std::function<void(int, int)>& body) {
    if (threads_ == 1 || n < 2) {
      for (int i = 0; i < n; i++) body(i, 0);
      return;
    }
    // Phase g uses slot g & 1, so a worker still finishing phase g − 1 never sees this phase's body.
    const uint32_t g = generation_.load(std::memory_order_relaxed) + 1;
    Slot& slot = slots_[g & 1];
    slot.body.store(&body, std::memory_order_relaxed);
    slot.n.store(n, std::memory_order_relaxed);
    done_.store(0, std::memory_order_relaxed);
    ticket_.store(static_cast<uint64_t>(g) << 32, std::memory_order_release);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation_.store(g, std::memory_order_release);
    }
    wake_.notify_all();
    run_items(g, 0);
    while (done_.load(std::memory_order_acquire) != n) std::this_thread::yield();
  }

 private:
  struct Slot {
    std::atomic<const std::function<void(int, int)>*> body{nullptr};
    std::atomic<int> n{0};
  };

  // Claims and runs items of phase g until none is left (or phase g is over).
  void run_items(uint32_t g, int t) {
    const Slot& slot = slots_[g & 1];
    for (;;) {
      uint64_t ticket = ticket_.load(std::memory_order_acquire);
      if (static_cast<uint32_t>(ticket >> 32) != g) return;
      const int i = static_cast<int>(static_cast<uint32_t>(ticket));
      const int n = slot.n.load(std::memory_order_relaxed);
      if (i >= n) return;
      // The claim succeeds only while the ticket is still phase g's, so body and n are phase g's:
      // the phase cannot end before this item is done.
      if (!ticket_.compare_exchange_weak(ticket, ticket + 1, std::memory_order_acq_rel)) continue;
      (*slot.body.load(std::memory_order_relaxed))(i, t);
      done_.fetch_add(1, std::memory_order_release);
    }
  }

  void work(int t) {
    uint32_t seen = 0;
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
      run_items(seen, t);
    }
  }

  const int threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<uint32_t> generation_{0};
  std::atomic<uint64_t> ticket_{0};  // phase << 32 | next item
  std::atomic<int> done_{0};
  Slot slots_[2];
};
