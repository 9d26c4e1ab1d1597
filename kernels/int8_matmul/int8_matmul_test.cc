// Tests of the int8 product against a scalar int64 reference written here, for every
// ISA build this CPU runs and for the public entry point, with 1 and 3 threads:
// shapes around the block and pair sizes, the int8 extremes, exact bits for any
// thread count, empty shapes and argument errors.
#include <cstdint>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/common/isa.h"
#include "kernels/common/parallel.h"
#include "kernels/int8_matmul/int8_matmul_api.h"

namespace kk = keras_kernels;

static int failures = 0;
static std::string context;

#define CHECK(cond)                                                                  \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s [%s]\n", __FILE__, __LINE__,     \
                   #cond, context.c_str());                                          \
      ++failures;                                                                    \
    }                                                                                \
  } while (0)

namespace {

using Fn = decltype(&kk::int8_matmul);
struct Build {
  const char* name;
  Fn fn;
};

std::vector<Build> builds_this_cpu_runs() {
  std::vector<Build> builds = {{"generic", kk::generic::int8_matmul}};
  if (kk::cpu_isa() >= kk::Isa::kAvx2) builds.push_back({"avx2", kk::avx2::int8_matmul});
  if (kk::cpu_isa() >= kk::Isa::kAvx512) {
    builds.push_back({"avx512", kk::avx512::int8_matmul});
  }
  builds.push_back({"public", kk::int8_matmul});
  return builds;
}

std::vector<int32_t> reference(const std::vector<int8_t>& a, const std::vector<int8_t>& b,
                               int64_t m, int64_t k, int64_t n) {
  std::vector<int32_t> c(m * n);
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t j = 0; j < n; ++j) {
      int64_t sum = 0;
      for (int64_t d = 0; d < k; ++d) sum += int64_t{a[r * k + d]} * b[d * n + j];
      c[r * n + j] = static_cast<int32_t>(sum);
    }
  }
  return c;
}

std::vector<int8_t> random_int8(size_t count, std::mt19937* rng) {
  std::uniform_int_distribution<int> dist(-128, 127);
  std::vector<int8_t> v(count);
  for (auto& x : v) x = static_cast<int8_t>(dist(*rng));
  return v;
}

void test_shapes(const Build& build) {
  std::mt19937 rng(7);
  for (int64_t m : {1, 2, 3, 4, 5, 8, 9, 17}) {
    for (int64_t k : {1, 2, 3, 15, 16, 17, 33, 130}) {
      for (int64_t n : {1, 7, 63, 64, 65, 130, 200}) {
        context = std::string(build.name) + " m=" + std::to_string(m) +
                  " k=" + std::to_string(k) + " n=" + std::to_string(n);
        auto a = random_int8(m * k, &rng), b = random_int8(k * n, &rng);
        std::vector<int32_t> c(m * n, 12345);  // overwritten, not added to
        build.fn(a.data(), b.data(), c.data(), m, k, n);
        CHECK(c == reference(a, b, m, k, n));
      }
    }
  }
}

// -128 * -128 pairs: the largest products, the int16 step's limit.
void test_extremes(const Build& build) {
  context = std::string(build.name) + " extremes";
  const int64_t m = 3, k = 1001, n = 97;
  for (int8_t value : {int8_t{-128}, int8_t{127}}) {
    std::vector<int8_t> a(m * k, value), b(k * n, int8_t{-128});
    std::vector<int32_t> c(m * n);
    build.fn(a.data(), b.data(), c.data(), m, k, n);
    CHECK(c == reference(a, b, m, k, n));
    CHECK(c[0] == static_cast<int32_t>(k * value * -128));
  }
}

void test_large(const Build& build) {
  context = std::string(build.name) + " 2x1024x4096";
  std::mt19937 rng(11);
  const int64_t m = 2, k = 1024, n = 4096;
  auto a = random_int8(m * k, &rng), b = random_int8(k * n, &rng);
  std::vector<int32_t> c(m * n);
  build.fn(a.data(), b.data(), c.data(), m, k, n);
  CHECK(c == reference(a, b, m, k, n));
}

void test_empty(const Build& build) {
  context = std::string(build.name) + " empty";
  std::vector<int32_t> c(6, 99);
  build.fn(nullptr, nullptr, c.data(), 2, 0, 3);  // k = 0: zeros
  CHECK(c == std::vector<int32_t>(6, 0));
  build.fn(nullptr, nullptr, nullptr, 0, 5, 3);  // nothing to write
  build.fn(nullptr, nullptr, nullptr, 4, 5, 0);
}

void test_invalid_arguments() {
  context = "invalid arguments";
  std::vector<int8_t> a(4), b(4);
  std::vector<int32_t> c(4);
  bool threw = false;
  try {
    kk::int8_matmul(a.data(), b.data(), c.data(), -1, 2, 2);
  } catch (const std::invalid_argument& e) {
    threw = std::string(e.what()).find("non-negative") != std::string::npos;
  }
  CHECK(threw);
  threw = false;
  try {
    kk::int8_matmul(a.data(), nullptr, c.data(), 2, 2, 2);
  } catch (const std::invalid_argument& e) {
    threw = std::string(e.what()).find("nullptr") != std::string::npos;
  }
  CHECK(threw);
}

}  // namespace

int main() {
  std::printf("cpu_isa: %s\n", kk::isa_name(kk::cpu_isa()));
  for (const Build& b : builds_this_cpu_runs()) {
    for (int threads : {1, 3}) {
      kk::set_num_threads(threads);
      test_shapes(b);
      test_extremes(b);
      test_large(b);
      test_empty(b);
    }
    std::printf("tested build: %s\n", b.name);
  }
  test_invalid_arguments();
  if (failures) {
    std::fprintf(stderr, "int8_matmul_test: %d failures\n", failures);
    return 1;
  }
  std::printf("int8_matmul_test: OK\n");
  return 0;
}
