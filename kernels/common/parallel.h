// A small persistent thread pool for the CPU kernels (no framework headers).
//
// Every binding calls the kernels from whatever thread its engine runs ops on; the
// kernels split their work with `parallel_for`, which runs on this pool. Only one
// `parallel_for` uses the pool at a time: a call made while the pool is busy (another
// engine thread, or a nested call from inside a worker) runs on its caller's thread.
#ifndef KERAS_KERNELS_COMMON_PARALLEL_H_
#define KERAS_KERNELS_COMMON_PARALLEL_H_

#include <cstdint>
#include <functional>

namespace keras_kernels {

// Threads the kernels use: KERAS_KERNEL_NUM_THREADS if set, else OMP_NUM_THREADS if
// set (the tests pin engines to one thread with it), else the machine's cores.
int num_threads();

// Changes the thread count (values below 1 mean 1). The pool is rebuilt lazily.
void set_num_threads(int threads);

// Calls fn(begin, end) on disjoint chunks covering [0, n), each at least `grain` items
// (except possibly the last), on up to num_threads() threads; returns when every
// chunk is done. An exception thrown by fn is rethrown here (the first one).
void parallel_for(int64_t n, int64_t grain,
                  const std::function<void(int64_t, int64_t)>& fn);

}  // namespace keras_kernels

#endif  // KERAS_KERNELS_COMMON_PARALLEL_H_
