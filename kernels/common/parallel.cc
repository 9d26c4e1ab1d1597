#include "kernels/common/parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace keras_kernels {
namespace {

int threads_from_env() {
  for (const char* name : {"KERAS_KERNEL_NUM_THREADS", "OMP_NUM_THREADS"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') {
      int parsed = std::atoi(value);
      if (parsed > 0) return parsed;
    }
  }
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

std::atomic<int> g_threads{0};

// One job at a time: workers take chunk indices from `next` until none is left.
class Pool {
 public:
  explicit Pool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  int size() const { return static_cast<int>(threads_.size()); }

  void Run(int64_t chunks, const std::function<void(int64_t)>& chunk) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_ = &chunk;
      chunks_ = chunks;
      next_.store(0);
      pending_ = chunks;
      error_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();
    Drain();  // the caller works too
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void Drain() {
    for (;;) {
      int64_t i = next_.fetch_add(1);
      if (i >= chunks_) return;
      try {
        (*job_)(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!error_) error_ = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mu_);
      if (--pending_ == 0) done_.notify_all();
    }
  }

  void Work() {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        wake_.wait(lock, [&] { return stop_ || (generation_ != seen && job_); });
        if (stop_) return;
        seen = generation_;
      }
      Drain();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const std::function<void(int64_t)>* job_ = nullptr;
  int64_t chunks_ = 0;
  std::atomic<int64_t> next_{0};
  int64_t pending_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

std::mutex g_pool_mu;  // held for the whole of a pooled parallel_for
std::unique_ptr<Pool> g_pool;
thread_local bool t_inside = false;

}  // namespace

int num_threads() {
  int threads = g_threads.load();
  if (threads == 0) {
    threads = threads_from_env();
    g_threads.store(threads);
  }
  return threads;
}

void set_num_threads(int threads) { g_threads.store(std::max(threads, 1)); }

void parallel_for(int64_t n, int64_t grain,
                  const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(grain, 1);
  int64_t most = (n + grain - 1) / grain;
  int threads = num_threads();
  if (threads <= 1 || most <= 1 || t_inside) {
    fn(0, n);
    return;
  }
  std::unique_lock<std::mutex> lock(g_pool_mu, std::try_to_lock);
  if (!lock.owns_lock()) {  // another engine thread holds the pool
    fn(0, n);
    return;
  }
  if (!g_pool || g_pool->size() != threads - 1) {
    g_pool.reset();
    g_pool = std::make_unique<Pool>(threads - 1);
  }
  // A few chunks per thread balance uneven rows without much bookkeeping.
  int64_t chunks = std::min<int64_t>(most, int64_t{threads} * 4);
  int64_t step = (n + chunks - 1) / chunks;
  chunks = (n + step - 1) / step;
  std::function<void(int64_t)> chunk = [&](int64_t i) {
    bool outer = t_inside;
    t_inside = true;
    int64_t begin = i * step;
    fn(begin, std::min(n, begin + step));
    t_inside = outer;
  };
  t_inside = true;
  try {
    g_pool->Run(chunks, chunk);
  } catch (...) {
    t_inside = false;
    throw;
  }
  t_inside = false;
}

}  // namespace keras_kernels
