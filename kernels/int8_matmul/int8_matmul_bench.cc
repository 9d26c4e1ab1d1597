// Time of the int8 product for a few rows (a plain program, not a test): one line per
// (shape, ISA build, threads), the best of several runs, with the bytes of b moved per
// second (b dominates: k * n bytes against (m * k + 4 * m * n) for a and c).
//   usage: int8_matmul_bench [runs]   (default 20)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "kernels/common/isa.h"
#include "kernels/common/parallel.h"
#include "kernels/int8_matmul/int8_matmul_api.h"

namespace kk = keras_kernels;

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 20;
  struct Build {
    kk::Isa isa;
    decltype(&kk::int8_matmul) fn;
  };
  std::vector<Build> builds = {{kk::Isa::kGeneric, kk::generic::int8_matmul}};
  if (kk::cpu_isa() >= kk::Isa::kAvx2) builds.push_back({kk::Isa::kAvx2, kk::avx2::int8_matmul});
  if (kk::cpu_isa() >= kk::Isa::kAvx512) {
    builds.push_back({kk::Isa::kAvx512, kk::avx512::int8_matmul});
  }
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> dist(-127, 127);
  for (int64_t m : {1, 2, 4, 8, 16, 32}) {
    const int64_t k = 4096, n = 4096;
    std::vector<int8_t> a(m * k), b(k * n);
    for (auto& x : a) x = static_cast<int8_t>(dist(rng));
    for (auto& x : b) x = static_cast<int8_t>(dist(rng));
    std::vector<int32_t> c(m * n);
    for (const Build& build : builds) {
      for (int threads : {1, kk::num_threads()}) {
        kk::set_num_threads(threads);
        build.fn(a.data(), b.data(), c.data(), m, k, n);
        double best = 1e30;
        for (int i = 0; i < runs; ++i) {
          auto start = std::chrono::steady_clock::now();
          build.fn(a.data(), b.data(), c.data(), m, k, n);
          std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
          best = std::min(best, took.count());
        }
        std::printf("%3lldx%lldx%lld %-7s threads=%d %8.3f ms %6.1f GB/s of b\n",
                    static_cast<long long>(m), static_cast<long long>(k),
                    static_cast<long long>(n), kk::isa_name(build.isa), threads,
                    best * 1e3, double(k * n) / best / 1e9);
      }
    }
  }
  return 0;
}
