// Tests of the thread pool, ISA detection and bfloat16 rounding.
#include <atomic>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "kernels/common/bfloat16.h"
#include "kernels/common/isa.h"
#include "kernels/common/parallel.h"

namespace kk = keras_kernels;

static int failures = 0;
#define CHECK(cond)                                                  \
  do {                                                               \
    if (!(cond)) {                                                   \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,    \
                   __LINE__, #cond);                                 \
      ++failures;                                                    \
    }                                                                \
  } while (0)

static void test_parallel_for_covers_each_index_once(int threads) {
  kk::set_num_threads(threads);
  for (int64_t n : {0, 1, 7, 1000, 4099}) {
    std::vector<std::atomic<int>> hits(n);
    for (auto& h : hits) h.store(0);
    kk::parallel_for(n, 3, [&](int64_t begin, int64_t end) {
      CHECK(begin < end);
      for (int64_t i = begin; i < end; ++i) hits[i].fetch_add(1);
      // Nested calls run inline and still cover their range.
      std::atomic<int> inner{0};
      kk::parallel_for(5, 1, [&](int64_t b, int64_t e) { inner += int(e - b); });
      CHECK(inner.load() == 5);
    });
    for (int64_t i = 0; i < n; ++i) CHECK(hits[i].load() == 1);
  }
}

static void test_parallel_for_rethrows() {
  kk::set_num_threads(3);
  bool caught = false;
  try {
    kk::parallel_for(100, 1, [](int64_t begin, int64_t) {
      if (begin == 0) throw std::runtime_error("boom");
    });
  } catch (const std::runtime_error&) {
    caught = true;
  }
  CHECK(caught);
  // The pool still works after an exception.
  std::atomic<int64_t> total{0};
  kk::parallel_for(100, 1, [&](int64_t b, int64_t e) { total += e - b; });
  CHECK(total.load() == 100);
}

static void test_bfloat16_rounding() {
  using kk::generic::to_bfloat16;
  using kk::generic::to_float;
  CHECK(to_float(to_bfloat16(1.0f)) == 1.0f);
  CHECK(to_float(to_bfloat16(-2.5f)) == -2.5f);
  // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (1).
  CHECK(to_float(to_bfloat16(1.0f + std::ldexp(1.0f, -8))) == 1.0f);
  CHECK(to_float(to_bfloat16(1.0f + 3 * std::ldexp(1.0f, -8))) ==
        1.0f + std::ldexp(1.0f, -6));
  CHECK(std::isnan(to_float(to_bfloat16(std::nanf("")))));
  CHECK(std::isinf(to_float(to_bfloat16(INFINITY))));
}

int main() {
  test_parallel_for_covers_each_index_once(1);
  test_parallel_for_covers_each_index_once(4);
  test_parallel_for_rethrows();
  test_bfloat16_rounding();
  std::printf("isa: %s\n", kk::isa_name(kk::cpu_isa()));
  if (failures) return 1;
  std::printf("common_test: OK\n");
  return 0;
}
