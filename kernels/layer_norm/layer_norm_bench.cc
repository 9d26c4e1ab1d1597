// Throughput of the layer norm / RMS norm kernels (a plain program, not a test).
//
// Prints one line per (op, shape, dtype, ISA build, threads): the best of several
// runs, as effective GB/s = bytes the op must move / time, with forward bytes =
// read x + write y and backward bytes = read dy + read x + write dx (the [cols]
// parameters and [rows] statistics are left out: under 0.1% at these sizes).
//   usage: layer_norm_bench [runs]   (default 20)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "kernels/common/bfloat16.h"
#include "kernels/common/isa.h"
#include "kernels/common/parallel.h"
#include "kernels/layer_norm/layer_norm_api.h"

namespace kk = keras_kernels;

namespace {

struct Shape {
  int64_t rows, cols;
};

// The four entry points of one ISA build.
struct Build {
  kk::Isa isa;
  decltype(&kk::generic::layer_norm_forward) ln_forward;
  decltype(&kk::generic::layer_norm_backward) ln_backward;
  decltype(&kk::generic::rms_norm_forward) rms_forward;
  decltype(&kk::generic::rms_norm_backward) rms_backward;
};

template <typename Fn>
double best_seconds(int runs, Fn fn) {
  fn();  // warm-up: page faults, thread pool start
  double best = 1e30;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

void report(const char* op, Shape s, kk::DType dtype, kk::Isa isa, int threads,
            double bytes, double seconds) {
  std::printf("%-12s %5lldx%-5lld %-8s %-7s threads=%d  %8.3f ms  %6.1f GB/s\n", op,
              static_cast<long long>(s.rows), static_cast<long long>(s.cols),
              dtype == kk::DType::kFloat32 ? "float32" : "bfloat16",
              kk::isa_name(isa), threads, seconds * 1e3, bytes / seconds / 1e9);
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  const Build builds[] = {
      {kk::Isa::kGeneric, kk::generic::layer_norm_forward,
       kk::generic::layer_norm_backward, kk::generic::rms_norm_forward,
       kk::generic::rms_norm_backward},
      {kk::Isa::kAvx2, kk::avx2::layer_norm_forward, kk::avx2::layer_norm_backward,
       kk::avx2::rms_norm_forward, kk::avx2::rms_norm_backward},
      {kk::Isa::kAvx512, kk::avx512::layer_norm_forward,
       kk::avx512::layer_norm_backward, kk::avx512::rms_norm_forward,
       kk::avx512::rms_norm_backward},
  };
  const Shape shapes[] = {{4096, 1024}, {8192, 768}};
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.5f, 2.0f);
  std::printf("cpu_isa: %s\n", kk::isa_name(kk::cpu_isa()));
  for (Shape s : shapes) {
    const int64_t n = s.rows * s.cols;
    // float32 buffers are big enough for bfloat16 too (half the bytes used).
    std::vector<float> x(n), dy(n), y(n), dx(n);
    std::vector<float> gamma(s.cols), beta(s.cols), dgamma(s.cols), dbeta(s.cols);
    std::vector<float> mean(s.rows), rstd(s.rows);
    for (auto& v : x) v = normal(rng);
    for (auto& v : dy) v = normal(rng);
    for (auto& v : gamma) v = normal(rng);
    for (auto& v : beta) v = normal(rng);
    for (kk::DType dtype : {kk::DType::kFloat32, kk::DType::kBFloat16}) {
      std::vector<kk::bfloat16> xb(n), dyb(n);
      const void* xp = x.data();
      const void* dyp = dy.data();
      size_t elem = sizeof(float);
      if (dtype == kk::DType::kBFloat16) {
        for (int64_t i = 0; i < n; ++i) xb[i] = kk::generic::to_bfloat16(x[i]);
        for (int64_t i = 0; i < n; ++i) dyb[i] = kk::generic::to_bfloat16(dy[i]);
        xp = xb.data();
        dyp = dyb.data();
        elem = sizeof(kk::bfloat16);
      }
      const double fwd_bytes = 2.0 * n * elem;
      const double bwd_bytes = 3.0 * n * elem;
      for (const Build& b : builds) {
        if (static_cast<int>(b.isa) > static_cast<int>(kk::cpu_isa())) continue;
        for (int threads : {1, 2}) {
          kk::set_num_threads(threads);
          report("ln_fwd", s, dtype, b.isa, threads, fwd_bytes,
                 best_seconds(runs, [&] {
                   b.ln_forward(dtype, xp, gamma.data(), beta.data(), y.data(),
                                mean.data(), rstd.data(), s.rows, s.cols, 1e-5f);
                 }));
          report("ln_bwd", s, dtype, b.isa, threads, bwd_bytes,
                 best_seconds(runs, [&] {
                   b.ln_backward(dtype, dyp, xp, gamma.data(), mean.data(),
                                 rstd.data(), dx.data(), dgamma.data(), dbeta.data(),
                                 s.rows, s.cols);
                 }));
          report("rms_fwd", s, dtype, b.isa, threads, fwd_bytes,
                 best_seconds(runs, [&] {
                   b.rms_forward(dtype, xp, gamma.data(), y.data(), rstd.data(),
                                 s.rows, s.cols, 1e-5f);
                 }));
          report("rms_bwd", s, dtype, b.isa, threads, bwd_bytes,
                 best_seconds(runs, [&] {
                   b.rms_backward(dtype, dyp, xp, gamma.data(), rstd.data(),
                                  dx.data(), dgamma.data(), s.rows, s.cols);
                 }));
        }
      }
    }
  }
  return 0;
}
