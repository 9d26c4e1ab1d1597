// Throughput of the attention kernel (a plain program, not a test).
//
// Prints, per size, dtype, causal flag and thread count, the best time of several runs
// and GFLOP/s with the dense counts: forward 4*B*T*S*N*H, backward 10*B*T*S*N*H
// (causal runs use the same dense count, so their figure shows the speed-up from
// skipping the masked half). KERAS_KERNEL_ISA=avx2|generic lowers the build.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "kernels/attention/attention_api.h"
#include "kernels/common/bfloat16.h"
#include "kernels/common/isa.h"
#include "kernels/common/parallel.h"

namespace kk = keras_kernels;

namespace {

struct Size {
  int64_t B, T, S, N, K, H;
  kk::DType dtype;
};

template <typename Fn>
double best_seconds(int runs, Fn&& fn) {
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

void bench(const Size& z, int runs) {
  const int64_t nq = z.B * z.T * z.N * z.H, nkv = z.B * z.S * z.K * z.H;
  const size_t elem = z.dtype == kk::DType::kFloat32 ? 4 : 2;
  std::mt19937 rng(3);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  auto filled = [&](int64_t n) {
    std::vector<uint8_t> bytes(n * elem);
    for (int64_t i = 0; i < n; ++i) {
      float x = dist(rng);
      if (z.dtype == kk::DType::kFloat32) {
        reinterpret_cast<float*>(bytes.data())[i] = x;
      } else {
        reinterpret_cast<kk::bfloat16*>(bytes.data())[i] = kk::generic::to_bfloat16(x);
      }
    }
    return bytes;
  };
  std::vector<uint8_t> q = filled(nq), k = filled(nkv), v = filled(nkv),
                       dout = filled(nq);
  std::vector<uint8_t> out(nq * elem), dq(nq * elem), dk(nkv * elem), dv(nkv * elem);
  std::vector<float> lse(z.B * z.N * z.T);
  const kk::AttentionShape shape{z.B, z.T, z.S, z.N, z.K, z.H};
  const float scale = 1.0f / 8.0f;
  const double flops = 4.0 * z.B * z.T * z.S * z.N * z.H;
  for (bool causal : {false, true}) {
    for (int threads : {1, 2}) {
      kk::set_num_threads(threads);
      double fwd = best_seconds(runs, [&] {
        kk::attention_forward(z.dtype, q.data(), k.data(), v.data(), {}, causal, scale,
                              out.data(), lse.data(), shape);
      });
      double bwd = best_seconds(runs, [&] {
        kk::attention_backward(z.dtype, q.data(), k.data(), v.data(), out.data(),
                               dout.data(), lse.data(), {}, causal, scale, dq.data(),
                               dk.data(), dv.data(), shape);
      });
      std::printf(
          "B=%lld T=%lld S=%lld N=%lld K=%lld H=%lld %-8s %-6s %dt  fwd %8.2f ms %6.1f "
          "GFLOP/s  bwd %8.2f ms %6.1f GFLOP/s\n",
          (long long)z.B, (long long)z.T, (long long)z.S, (long long)z.N,
          (long long)z.K, (long long)z.H,
          z.dtype == kk::DType::kFloat32 ? "float32" : "bfloat16",
          causal ? "causal" : "full", threads, fwd * 1e3, flops / fwd * 1e-9, bwd * 1e3,
          2.5 * flops / bwd * 1e-9);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  std::printf("isa: %s, best of %d runs\n", kk::isa_name(kk::cpu_isa()), runs);
  bench({4, 1024, 1024, 8, 8, 64, kk::DType::kFloat32}, runs);
  bench({4, 1024, 1024, 4, 4, 128, kk::DType::kFloat32}, runs);
  bench({4, 1024, 1024, 8, 8, 64, kk::DType::kBFloat16}, runs);
  // The small Transformer block of the benchmarks (bench/), and smaller heads and
  // sequences: milliseconds per call, so more runs for a stable best.
  bench({32, 128, 128, 4, 4, 32, kk::DType::kFloat32}, runs * 8);
  bench({32, 128, 128, 4, 4, 16, kk::DType::kFloat32}, runs * 8);
  bench({32, 64, 64, 4, 4, 32, kk::DType::kFloat32}, runs * 8);
  bench({32, 128, 128, 4, 4, 32, kk::DType::kBFloat16}, runs * 8);
  return 0;
}
