// Tests of the CUDA kernels (layer_norm.cu, attention.cu) against the CPU kernels
// (layer_norm_api.h, attention_api.h, themselves tested against scalar double
// references), then a throughput table. Needs an sm_90 GPU (H100 / H200).
//
// Every case runs the same random inputs (fixed seeds) through both and compares
// with a NaN-aware max-error check: odd sizes (not multiples of any tile or vector
// width), rows of length 1, empty tensors, in-place calls, misaligned pointers (the
// scalar paths), NaN propagation, masks of every stride pattern, causal (top-left,
// T > S and T < S), grouped-query heads, fully masked rows, float32 and bfloat16 (the
// bfloat16 reference is the CPU float32 kernel on the rounded inputs), forward and
// backward, and for attention both GPU implementations (tensor cores where they
// apply, and the CUDA-core kernels forced on the same inputs).
//
//   usage: cuda_test [--no-bench | --bench-only]
// Exits non-zero when a check fails. Built and run by kernels/gpu_check.sh.
#include <cuda_runtime.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "kernels/attention/attention_api.h"
#include "kernels/attention/attention_cuda.h"
#include "kernels/common/bfloat16.h"
#include "kernels/layer_norm/layer_norm_api.h"
#include "kernels/layer_norm/layer_norm_cuda.h"

namespace kk = keras_kernels;
namespace kc = keras_kernels::cuda;

static int failures = 0;
#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                                   \
    }                                                                               \
  } while (0)

// A CUDA runtime error in the test itself (not in a kernel under test) ends it.
#define CUDA_OK(expr)                                                    \
  do {                                                                   \
    cudaError_t status_ = (expr);                                        \
    if (status_ != cudaSuccess) {                                        \
      std::fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #expr, \
                   cudaGetErrorString(status_));                         \
      std::exit(2);                                                      \
    }                                                                    \
  } while (0)

namespace {

using Vec = std::vector<float>;
using Bytes = std::vector<uint8_t>;

// ---------------------------------------------------------------------------------
// Host data in either dtype, device buffers.

size_t elem_size(kk::DType dt) { return dt == kk::DType::kFloat32 ? 4 : 2; }
const char* dtype_name(kk::DType dt) {
  return dt == kk::DType::kFloat32 ? "float32" : "bfloat16";
}

Bytes encode(const Vec& x, kk::DType dt) {
  Bytes out(x.size() * elem_size(dt));
  if (dt == kk::DType::kFloat32) {
    if (!x.empty()) std::memcpy(out.data(), x.data(), out.size());
  } else {
    for (size_t i = 0; i < x.size(); ++i) {
      const kk::bfloat16 b = kk::generic::to_bfloat16(x[i]);
      std::memcpy(out.data() + 2 * i, &b.bits, 2);
    }
  }
  return out;
}

Vec decode(const Bytes& bytes, kk::DType dt) {
  Vec out(bytes.size() / elem_size(dt));
  if (dt == kk::DType::kFloat32) {
    if (!out.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  } else {
    for (size_t i = 0; i < out.size(); ++i) {
      kk::bfloat16 b;
      std::memcpy(&b.bits, bytes.data() + 2 * i, 2);
      out[i] = kk::generic::to_float(b);
    }
  }
  return out;
}

// x rounded to bfloat16 and back: what a bfloat16 kernel sees.
Vec rounded(const Vec& x) {
  return decode(encode(x, kk::DType::kBFloat16), kk::DType::kBFloat16);
}

class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t bytes) : bytes_(bytes) {
    if (bytes > 0) CUDA_OK(cudaMalloc(&ptr_, bytes));
  }
  DeviceBuffer(DeviceBuffer&& other) noexcept { *this = std::move(other); }
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    std::swap(ptr_, other.ptr_);
    std::swap(bytes_, other.bytes_);
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() {
    if (ptr_ != nullptr) cudaFree(ptr_);
  }
  void* get() const { return ptr_; }
  float* f() const { return static_cast<float*>(ptr_); }
  size_t bytes() const { return bytes_; }

 private:
  void* ptr_ = nullptr;
  size_t bytes_ = 0;
};

template <typename T>
DeviceBuffer upload(const std::vector<T>& host) {
  DeviceBuffer d(host.size() * sizeof(T));
  if (!host.empty()) {
    CUDA_OK(cudaMemcpy(d.get(), host.data(), d.bytes(), cudaMemcpyHostToDevice));
  }
  return d;
}

template <typename T>
std::vector<T> download(const void* device, size_t count) {
  std::vector<T> host(count);
  if (count > 0) {
    CUDA_OK(cudaMemcpy(host.data(), device, count * sizeof(T), cudaMemcpyDeviceToHost));
  }
  return host;
}

// Waits for the GPU and reports an error a kernel left behind.
void sync_or_die(const char* where) {
  cudaError_t status = cudaDeviceSynchronize();
  if (status != cudaSuccess) {
    std::fprintf(stderr, "%s: CUDA error after the kernels: %s\n", where,
                 cudaGetErrorString(status));
    std::exit(2);
  }
}

// ---------------------------------------------------------------------------------
// Comparisons.

// NaN where want is NaN, the same infinity where want is infinite, and elsewhere
// max |got - want| <= tol * max(1, max |want|). Prints the worst element on failure.
bool close(const char* what, const std::string& where, const Vec& got, const Vec& want,
           double tol) {
  if (got.size() != want.size()) {
    std::fprintf(stderr, "  %s %s: %zu values, want %zu\n", where.c_str(), what,
                 got.size(), want.size());
    return false;
  }
  double biggest = 1.0;
  for (float w : want) {
    if (std::isfinite(w))
      biggest = std::max(biggest, std::fabs(static_cast<double>(w)));
  }
  double worst = 0.0;
  size_t worst_at = 0, bad_specials = 0, first_special = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const float w = want[i], g = got[i];
    if (!std::isfinite(w) || !std::isfinite(g)) {
      const bool same = (std::isnan(w) && std::isnan(g)) || (w == g);
      if (!same && bad_specials++ == 0) first_special = i;
      continue;
    }
    const double err = std::fabs(static_cast<double>(g) - w);
    if (err > worst) {
      worst = err;
      worst_at = i;
    }
  }
  const bool ok = bad_specials == 0 && worst <= tol * biggest;
  if (!ok) {
    std::fprintf(stderr,
                 "  %s %s: max error %.3g at %zu (got %.7g want %.7g) vs "
                 "tolerance %.3g; %zu NaN/inf mismatches",
                 where.c_str(), what, worst, worst_at,
                 want.empty() ? 0.0 : got[worst_at],
                 want.empty() ? 0.0 : want[worst_at], tol * biggest, bad_specials);
    if (bad_specials > 0) {
      std::fprintf(stderr, " (first at %zu: got %g want %g)", first_special,
                   got[first_special], want[first_special]);
    }
    std::fprintf(stderr, "\n");
  }
  return ok;
}

// lse: a fully masked row (the masked logit, about -2.4e38) must be one on the GPU
// too; other rows within tol * max(1, |want|) each; NaN where want is NaN.
bool close_lse(const char* what, const std::string& where, const Vec& got,
               const Vec& want, double tol) {
  const double masked = -0.7 * static_cast<double>(FLT_MAX);
  int bad = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const double w = want[i], g = got[i];
    bool ok;
    if (std::isnan(w)) {
      ok = std::isnan(g);
    } else if (std::isinf(w)) {
      ok = g == w;
    } else if (w < 0.5 * masked) {
      ok = g < 0.99 * masked && g > 1.01 * masked;
    } else {
      ok = std::fabs(g - w) <= tol * std::max(1.0, std::fabs(w));
    }
    if (!ok && bad++ == 0) {
      std::fprintf(stderr, "  %s %s: row %zu got %.9g want %.9g\n", where.c_str(), what,
                   i, g, w);
    }
  }
  return bad == 0;
}

Vec random_vec(std::mt19937& rng, int64_t n, float mean = 0.0f, float stddev = 1.0f) {
  std::normal_distribution<float> dist(mean, stddev);
  Vec out(n);
  for (auto& x : out) x = dist(rng);
  return out;
}

bool throws_invalid(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const std::invalid_argument&) {
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------
// Layer norm and RMS norm.

struct NormOutputs {
  Vec y, mean, rstd, dx, dgamma, dbeta;
};

struct NormCase {
  bool center;  // layer norm (else RMS norm)
  kk::DType dtype;
  int64_t rows, cols;
  bool params;     // gamma / beta (scale) given, and their gradients asked for
  int offset = 0;  // elements added to every tensor pointer: misaligned rows
  std::vector<std::pair<int64_t, float>> x_specials;  // (index, value) in x

  std::string name() const {
    return std::string(center ? "layer_norm" : "rms_norm") + " " + dtype_name(dtype) +
           " " + std::to_string(rows) + "x" + std::to_string(cols) +
           (params ? " params" : " no-params") +
           (offset ? " offset " + std::to_string(offset) : std::string());
  }
};

struct NormInputs {
  Vec x, dy, gamma, beta;
};

NormInputs norm_inputs(const NormCase& c) {
  std::mt19937 rng(17 + c.rows * 31 + c.cols * 7 + (c.center ? 1 : 0));
  NormInputs in;
  in.x = random_vec(rng, c.rows * c.cols, 0.0f, 2.0f);
  // A different offset per row, so that the centering matters.
  for (int64_t r = 0; r < c.rows; ++r) {
    for (int64_t j = 0; j < c.cols; ++j) in.x[r * c.cols + j] += 0.5f * (r % 7) - 1.0f;
  }
  for (const auto& [at, value] : c.x_specials) in.x[at] = value;
  in.dy = random_vec(rng, c.rows * c.cols);
  in.gamma = random_vec(rng, c.cols, 1.0f, 0.3f);
  in.beta = random_vec(rng, c.cols, 0.0f, 0.5f);
  return in;
}

constexpr float kNormEpsilon = 1e-5f;

NormOutputs norm_cpu(const NormCase& c, const NormInputs& in) {
  const Bytes x = encode(in.x, c.dtype), dy = encode(in.dy, c.dtype);
  Bytes y(x.size()), dx(x.size());
  NormOutputs out;
  out.mean.assign(c.rows, 0.0f);
  out.rstd.assign(c.rows, 0.0f);
  out.dgamma.assign(c.cols, 0.0f);
  out.dbeta.assign(c.cols, 0.0f);
  const float* gamma = c.params ? in.gamma.data() : nullptr;
  const float* beta = c.params ? in.beta.data() : nullptr;
  if (c.center) {
    kk::layer_norm_forward(c.dtype, x.data(), gamma, beta, y.data(), out.mean.data(),
                           out.rstd.data(), c.rows, c.cols, kNormEpsilon);
    kk::layer_norm_backward(c.dtype, dy.data(), x.data(), gamma, out.mean.data(),
                            out.rstd.data(), dx.data(),
                            c.params ? out.dgamma.data() : nullptr,
                            c.params ? out.dbeta.data() : nullptr, c.rows, c.cols);
  } else {
    kk::rms_norm_forward(c.dtype, x.data(), gamma, y.data(), out.rstd.data(), c.rows,
                         c.cols, kNormEpsilon);
    kk::rms_norm_backward(c.dtype, dy.data(), x.data(), gamma, out.rstd.data(),
                          dx.data(), c.params ? out.dgamma.data() : nullptr, c.rows,
                          c.cols);
  }
  out.y = decode(y, c.dtype);
  out.dx = decode(dx, c.dtype);
  return out;
}

// On the GPU; `in_place`: y written over x and dx over dy.
NormOutputs norm_gpu(const NormCase& c, const NormInputs& in, bool in_place,
                     void* workspace = nullptr) {
  const size_t es = elem_size(c.dtype), n = c.rows * c.cols, pad = c.offset * es;
  const Bytes xh = encode(in.x, c.dtype), dyh = encode(in.dy, c.dtype);
  DeviceBuffer x(n * es + pad), dy(n * es + pad), y(n * es + pad), dx(n * es + pad);
  char* xp = static_cast<char*>(x.get()) + pad;
  char* dyp = static_cast<char*>(dy.get()) + pad;
  char* yp = in_place ? xp : static_cast<char*>(y.get()) + pad;
  char* dxp = in_place ? dyp : static_cast<char*>(dx.get()) + pad;
  if (n > 0) {
    CUDA_OK(cudaMemcpy(xp, xh.data(), n * es, cudaMemcpyHostToDevice));
    CUDA_OK(cudaMemcpy(dyp, dyh.data(), n * es, cudaMemcpyHostToDevice));
  }
  DeviceBuffer gamma = upload(in.gamma), beta = upload(in.beta);
  DeviceBuffer mean(c.rows * 4), rstd(c.rows * 4), dgamma(c.cols * 4),
      dbeta(c.cols * 4);
  const float* g = c.params ? gamma.f() : nullptr;
  const float* b = c.params ? beta.f() : nullptr;
  NormOutputs out;
  // The forward pass reads x, which in place it overwrites: keep a copy for backward.
  DeviceBuffer x_keep(n * es);
  if (n > 0) CUDA_OK(cudaMemcpy(x_keep.get(), xp, n * es, cudaMemcpyDeviceToDevice));
  if (c.center) {
    kc::layer_norm_forward(c.dtype, xp, g, b, yp, mean.f(), rstd.f(), c.rows, c.cols,
                           kNormEpsilon, nullptr);
  } else {
    kc::rms_norm_forward(c.dtype, xp, g, yp, rstd.f(), c.rows, c.cols, kNormEpsilon,
                         nullptr);
  }
  sync_or_die(c.name().c_str());
  out.y = decode(download<uint8_t>(yp, n * es), c.dtype);
  // Backward reads the original x: copied back into the (possibly misaligned) slot.
  if (n > 0) CUDA_OK(cudaMemcpy(xp, x_keep.get(), n * es, cudaMemcpyDeviceToDevice));
  if (c.center) {
    kc::layer_norm_backward(
        c.dtype, dyp, xp, g, mean.f(), rstd.f(), dxp, c.params ? dgamma.f() : nullptr,
        c.params ? dbeta.f() : nullptr, c.rows, c.cols, nullptr, workspace);
  } else {
    kc::rms_norm_backward(c.dtype, dyp, xp, g, rstd.f(), dxp,
                          c.params ? dgamma.f() : nullptr, c.rows, c.cols, nullptr,
                          workspace);
  }
  sync_or_die(c.name().c_str());
  out.dx = decode(download<uint8_t>(dxp, n * es), c.dtype);
  out.mean = download<float>(mean.get(), c.rows);
  out.rstd = download<float>(rstd.get(), c.rows);
  out.dgamma = c.params ? download<float>(dgamma.get(), c.cols) : Vec(c.cols, 0.0f);
  out.dbeta =
      c.params && c.center ? download<float>(dbeta.get(), c.cols) : Vec(c.cols, 0.0f);
  if (!c.center) out.mean.assign(c.rows, 0.0f);  // not an RMS norm output
  return out;
}

bool bits_equal(const Vec& a, const Vec& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

// GPU against CPU for one case: out of place, in place, and the backward pass twice
// more (reproducible bits; a caller-provided workspace gives the same bits).
void run_norm_case(const NormCase& c) {
  const NormInputs in = norm_inputs(c);
  const NormOutputs want = norm_cpu(c, in);
  const NormOutputs got = norm_gpu(c, in, /*in_place=*/false);
  const bool f32 = c.dtype == kk::DType::kFloat32;
  const std::string where = c.name();
  // bfloat16 outputs: both sides round float32 results, so they may differ by one
  // bfloat16 step (2^-8 relative); statistics and parameter sums stay float32.
  const double out_tol = f32 ? 3e-5 : 1.2e-2;
  CHECK(close("y", where, got.y, want.y, out_tol));
  CHECK(close("mean", where, got.mean, want.mean, 1e-5));
  CHECK(close("rstd", where, got.rstd, want.rstd, 2e-5));
  CHECK(close("dx", where, got.dx, want.dx, out_tol));
  CHECK(close("dgamma", where, got.dgamma, want.dgamma, 1e-4));
  CHECK(close("dbeta", where, got.dbeta, want.dbeta, 1e-4));

  const NormOutputs in_place = norm_gpu(c, in, /*in_place=*/true);
  CHECK(bits_equal(in_place.y, got.y));
  CHECK(bits_equal(in_place.dx, got.dx));
  CHECK(bits_equal(in_place.dgamma, got.dgamma));

  const size_t ws_bytes = kc::norm_backward_workspace_bytes(c.rows, c.cols);
  DeviceBuffer ws(ws_bytes);
  const NormOutputs again = norm_gpu(c, in, /*in_place=*/false, ws.get());
  CHECK(bits_equal(again.dgamma, got.dgamma));
  CHECK(bits_equal(again.dbeta, got.dbeta));
  CHECK(bits_equal(again.dx, got.dx));
}

void test_norms() {
  const int64_t shapes[][2] = {
      {1, 1},     {3, 7},      {5, 37},   {64, 64},  {33, 100}, {7, 1000},
      {16, 1024}, {9, 1030},   {4, 4096}, {3, 5000}, {2, 9000}, {2, 20000},
      {600, 256}, {300, 3000}, {0, 16},   {3, 0},
  };
  for (bool center : {true, false}) {
    for (kk::DType dt : {kk::DType::kFloat32, kk::DType::kBFloat16}) {
      for (const auto& s : shapes) {
        for (bool params : {true, false}) {
          NormCase c{center, dt, s[0], s[1], params};
          const int before = failures;
          run_norm_case(c);
          if (failures != before) std::printf("%-50s FAILED\n", c.name().c_str());
        }
      }
      // Rows that are a whole number of vectors but start misaligned: scalar path.
      run_norm_case(NormCase{center, dt, 5, 1024, true, 1});
      run_norm_case(NormCase{center, dt, 3, 256, true, 3});
      // A NaN and an infinity in x: NaN rows (and NaN dgamma where the sums take
      // them in), the other rows untouched.
      const float nan = std::numeric_limits<float>::quiet_NaN();
      const float inf = std::numeric_limits<float>::infinity();
      NormCase special{center, dt, 6, 45, true};
      special.x_specials = {{1 * 45 + 3, nan}, {4 * 45 + 44, inf}};
      run_norm_case(special);
      const NormOutputs got = norm_gpu(special, norm_inputs(special), false);
      for (int64_t j = 0; j < 45; ++j) {
        CHECK(std::isnan(got.y[1 * 45 + j]));
        CHECK(std::isfinite(got.y[2 * 45 + j]));
      }
      CHECK(std::isnan(got.rstd[1]));
      CHECK(std::isfinite(got.rstd[2]));
      NormCase special_wide{center, dt, 4, 2048, true};
      special_wide.x_specials = {{2 * 2048 + 1000, nan}};
      run_norm_case(special_wide);
    }
  }
  // Invalid arguments throw std::invalid_argument, as on the CPU.
  CHECK(throws_invalid([] {
    kc::layer_norm_forward(kk::DType::kFloat32, nullptr, nullptr, nullptr, nullptr,
                           nullptr, nullptr, -1, 4, 1e-5f, nullptr);
  }));
  CHECK(throws_invalid([] {
    kc::rms_norm_forward(kk::DType::kFloat32, nullptr, nullptr, nullptr, nullptr, 2, 4,
                         1e-5f, nullptr);
  }));
  CHECK(throws_invalid([] {
    kc::layer_norm_backward(static_cast<kk::DType>(7), nullptr, nullptr, nullptr,
                            nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0, nullptr);
  }));
  std::printf("%-50s %s\n", "layer norm / rms norm", failures == 0 ? "ok" : "FAILED");
}

// ---------------------------------------------------------------------------------
// Attention.

enum class MaskKind { kNone, kKeyPadding, kFull, kBroadcastTS, kTransposedTS };

struct AttnCase {
  const char* name;
  int64_t B, T, S, N, K, H;
  bool causal;
  float scale;
  MaskKind mask;
};

kk::AttentionShape shape_of(const AttnCase& c) {
  return {c.B, c.T, c.S, c.N, c.K, c.H};
}

int64_t qi(const AttnCase& c, int64_t b, int64_t t, int64_t n) {
  return ((b * c.T + t) * c.N + n) * c.H;
}

struct HostMask {
  std::vector<uint8_t> bytes;
  kk::AttentionMask view;  // strides; data filled per side (host or device)
};

// The same mask patterns as attention_test.cc: nonzero = attend.
HostMask make_mask(const AttnCase& c, std::mt19937& rng) {
  HostMask m;
  std::bernoulli_distribution attend(0.7);
  switch (c.mask) {
    case MaskKind::kNone:
      break;
    case MaskKind::kKeyPadding:  // [B, S]; the last batch has no keys at all
      m.bytes.assign(c.B * c.S, 0);
      for (int64_t b = 0; b < c.B; ++b) {
        const int64_t len = b == c.B - 1 && c.B > 1 ? 0 : c.S - (b * 5) % c.S;
        for (int64_t s = 0; s < len; ++s) m.bytes[b * c.S + s] = 1;
      }
      m.view.stride_b = c.S;
      m.view.stride_s = 1;
      break;
    case MaskKind::kFull:  // [B, N, T, S] random, row (0, 0, 1) fully masked
      m.bytes.resize(c.B * c.N * c.T * c.S);
      for (auto& x : m.bytes) x = attend(rng) ? 1 : 0;
      if (c.T > 1) {
        for (int64_t s = 0; s < c.S; ++s) m.bytes[1 * c.S + s] = 0;
      }
      m.view.stride_b = c.N * c.T * c.S;
      m.view.stride_n = c.T * c.S;
      m.view.stride_t = c.S;
      m.view.stride_s = 1;
      break;
    case MaskKind::kBroadcastTS:  // [T, S] for every batch and head
      m.bytes.resize(c.T * c.S);
      for (auto& x : m.bytes) x = attend(rng) ? 1 : 0;
      m.view.stride_t = c.S;
      m.view.stride_s = 1;
      break;
    case MaskKind::kTransposedTS:  // [S, T] storage: a key stride that is not 1
      m.bytes.resize(c.T * c.S);
      for (auto& x : m.bytes) x = attend(rng) ? 1 : 0;
      m.view.stride_t = 1;
      m.view.stride_s = c.T;
      break;
  }
  return m;
}

struct AttnResult {
  Vec out, lse, dq, dk, dv;
};

struct AttnInputs {
  Vec q, k, v, dout;
};

// The CPU float32 kernels on float inputs (already rounded for a bfloat16 reference).
AttnResult attention_cpu(const AttnCase& c, const HostMask& m, const AttnInputs& in) {
  const kk::AttentionShape shape = shape_of(c);
  kk::AttentionMask mask = m.view;
  mask.data = m.bytes.empty() ? nullptr : m.bytes.data();
  AttnResult r;
  r.out.assign(in.q.size(), 0.0f);
  r.lse.assign(c.B * c.N * c.T, 0.0f);
  r.dq.assign(in.q.size(), 0.0f);
  r.dk.assign(in.k.size(), 0.0f);
  r.dv.assign(in.v.size(), 0.0f);
  kk::attention_forward(kk::DType::kFloat32, in.q.data(), in.k.data(), in.v.data(),
                        mask, c.causal, c.scale, r.out.data(), r.lse.data(), shape);
  kk::attention_backward(kk::DType::kFloat32, in.q.data(), in.k.data(), in.v.data(),
                         r.out.data(), in.dout.data(), r.lse.data(), mask, c.causal,
                         c.scale, r.dq.data(), r.dk.data(), r.dv.data(), shape);
  return r;
}

AttnResult attention_gpu(const AttnCase& c, const HostMask& m, const AttnInputs& in,
                         kk::DType dt, bool explicit_workspace = false) {
  const kk::AttentionShape shape = shape_of(c);
  DeviceBuffer mask_dev = upload(m.bytes);
  kk::AttentionMask mask = m.view;
  mask.data = m.bytes.empty() ? nullptr : static_cast<const uint8_t*>(mask_dev.get());
  DeviceBuffer q = upload(encode(in.q, dt)), k = upload(encode(in.k, dt)),
               v = upload(encode(in.v, dt)), dout = upload(encode(in.dout, dt));
  const size_t es = elem_size(dt);
  DeviceBuffer out(in.q.size() * es), lse(c.B * c.N * c.T * 4), dq(in.q.size() * es),
      dk(in.k.size() * es), dv(in.v.size() * es);
  DeviceBuffer ws(explicit_workspace ? kc::attention_backward_workspace_bytes(shape)
                                     : 0);
  kc::attention_forward(dt, q.get(), k.get(), v.get(), mask, c.causal, c.scale,
                        out.get(), lse.f(), shape, nullptr);
  kc::attention_backward(dt, q.get(), k.get(), v.get(), out.get(), dout.get(), lse.f(),
                         mask, c.causal, c.scale, dq.get(), dk.get(), dv.get(), shape,
                         nullptr, ws.get());
  sync_or_die(c.name);
  AttnResult r;
  r.out = decode(download<uint8_t>(out.get(), in.q.size() * es), dt);
  r.lse = download<float>(lse.get(), c.B * c.N * c.T);
  r.dq = decode(download<uint8_t>(dq.get(), in.q.size() * es), dt);
  r.dk = decode(download<uint8_t>(dk.get(), in.k.size() * es), dt);
  r.dv = decode(download<uint8_t>(dv.get(), in.v.size() * es), dt);
  return r;
}

void compare_attention(const std::string& where, const AttnResult& got,
                       const AttnResult& want, bool f32) {
  // float32: both sides accumulate in float32 (about 1e-6 apart). bfloat16: outputs
  // rounded to bfloat16, and the tensor-core kernels also round P and dS to bfloat16
  // before their products (as FlashAttention does), against a float32 reference.
  const double out_tol = f32 ? 1e-4 : 2e-2;
  const double grad_tol = f32 ? 1e-4 : 4e-2;
  CHECK(close("out", where, got.out, want.out, out_tol));
  CHECK(close_lse("lse", where, got.lse, want.lse, f32 ? 2e-5 : 1e-4));
  CHECK(close("dq", where, got.dq, want.dq, grad_tol));
  CHECK(close("dk", where, got.dk, want.dk, grad_tol));
  CHECK(close("dv", where, got.dv, want.dv, grad_tol));
}

void run_attention_case(const AttnCase& c) {
  std::mt19937 rng(1234 + c.T * 7 + c.S * 13 + c.H);
  const HostMask m = make_mask(c, rng);
  AttnInputs in{random_vec(rng, c.B * c.T * c.N * c.H),
                random_vec(rng, c.B * c.S * c.K * c.H),
                random_vec(rng, c.B * c.S * c.K * c.H),
                {}};
  in.dout = random_vec(rng, in.q.size());
  const AttnInputs in_b{rounded(in.q), rounded(in.k), rounded(in.v), rounded(in.dout)};
  const AttnResult want = attention_cpu(c, m, in);
  const AttnResult want_b = attention_cpu(c, m, in_b);
  const int before = failures;

  compare_attention(std::string(c.name) + " [float32, CUDA cores]",
                    attention_gpu(c, m, in, kk::DType::kFloat32), want, true);
  const bool tc = kc::attention_uses_tensor_cores(kk::DType::kBFloat16, shape_of(c));
  compare_attention(std::string(c.name) +
                        (tc ? " [bfloat16, tensor cores]" : " [bfloat16, CUDA cores]"),
                    attention_gpu(c, m, in, kk::DType::kBFloat16), want_b, false);
  if (tc) {  // the same inputs through the CUDA-core kernels
    kc::set_attention_path(kc::AttentionPath::kCudaCores);
    compare_attention(std::string(c.name) + " [bfloat16, CUDA cores forced]",
                      attention_gpu(c, m, in, kk::DType::kBFloat16), want_b, false);
    kc::set_attention_path(kc::AttentionPath::kAuto);
    // A caller's workspace: dk and dv bit for bit (no atomics), dq within rounding.
    const AttnResult a = attention_gpu(c, m, in, kk::DType::kBFloat16, true);
    const AttnResult b = attention_gpu(c, m, in, kk::DType::kBFloat16, false);
    CHECK(bits_equal(a.out, b.out) && bits_equal(a.dk, b.dk) && bits_equal(a.dv, b.dv));
    CHECK(close("dq (workspace)", c.name, a.dq, b.dq, 1e-2));
  }
  std::printf("%-50s %s%s\n", c.name, failures == before ? "ok" : "FAILED",
              tc ? "  (bf16 on tensor cores)" : "");
}

// A NaN in one query row makes that row's output and lse NaN and no other.
void test_attention_nan() {
  for (int64_t H : {40, 64, 128}) {
    const AttnCase c{"nan", 2, 37, 53, 4, 2, H, true, 0.3f, MaskKind::kNone};
    std::mt19937 rng(7);
    AttnInputs in{random_vec(rng, c.B * c.T * c.N * c.H),
                  random_vec(rng, c.B * c.S * c.K * c.H),
                  random_vec(rng, c.B * c.S * c.K * c.H),
                  {}};
    in.dout = random_vec(rng, in.q.size());
    const int64_t b0 = 1, t0 = 20, n0 = 3;
    in.q[qi(c, b0, t0, n0) + 5] = std::numeric_limits<float>::quiet_NaN();
    for (kk::DType dt : {kk::DType::kFloat32, kk::DType::kBFloat16}) {
      const AttnResult r = attention_gpu(c, HostMask{}, in, dt);
      int bad = 0;
      for (int64_t b = 0; b < c.B; ++b) {
        for (int64_t t = 0; t < c.T; ++t) {
          for (int64_t n = 0; n < c.N; ++n) {
            const bool poisoned = b == b0 && t == t0 && n == n0;
            bad += std::isnan(r.lse[(b * c.N + n) * c.T + t]) != poisoned;
            for (int64_t h = 0; h < c.H; ++h)
              bad += std::isnan(r.out[qi(c, b, t, n) + h]) != poisoned;
          }
        }
      }
      if (bad) {
        std::fprintf(stderr, "  nan H=%lld %s: %d values with the wrong NaN-ness\n",
                     static_cast<long long>(H), dtype_name(dt), bad);
      }
      CHECK(bad == 0);
    }
  }
  std::printf("%-50s %s\n", "attention NaN rows", failures == 0 ? "ok" : "FAILED");
}

void test_attention_edges() {
  const int before = failures;
  // Empty tensors: nothing read or written, no error.
  kc::attention_forward(kk::DType::kFloat32, nullptr, nullptr, nullptr, {}, true, 1.0f,
                        nullptr, nullptr, {0, 5, 7, 4, 2, 8}, nullptr);
  kc::attention_backward(kk::DType::kBFloat16, nullptr, nullptr, nullptr, nullptr,
                         nullptr, nullptr, {}, false, 1.0f, nullptr, nullptr, nullptr,
                         {0, 5, 7, 4, 2, 8}, nullptr);
  sync_or_die("empty");
  // No keys: out = 0, lse = -inf, dq = 0.
  {
    const kk::AttentionShape s{2, 3, 0, 2, 1, 4};
    DeviceBuffer q = upload(Vec(2 * 3 * 2 * 4, 1.0f)), out = upload(Vec(48, 5.0f)),
                 lse = upload(Vec(12, 5.0f)), dq = upload(Vec(48, 5.0f));
    kc::attention_forward(kk::DType::kFloat32, q.get(), nullptr, nullptr, {}, false,
                          1.0f, out.get(), lse.f(), s, nullptr);
    kc::attention_backward(kk::DType::kFloat32, q.get(), nullptr, nullptr, out.get(),
                           q.get(), lse.f(), {}, false, 1.0f, dq.get(), nullptr,
                           nullptr, s, nullptr);
    sync_or_die("no keys");
    for (float x : download<float>(out.get(), 48)) CHECK(x == 0.0f);
    for (float x : download<float>(lse.get(), 12)) CHECK(std::isinf(x) && x < 0);
    for (float x : download<float>(dq.get(), 48)) CHECK(x == 0.0f);
  }
  // No queries: dk = dv = 0.
  {
    const kk::AttentionShape s{1, 0, 3, 2, 2, 4};
    DeviceBuffer k = upload(Vec(24, 1.0f)), dk = upload(Vec(24, 5.0f)),
                 dv = upload(Vec(24, 5.0f));
    kc::attention_backward(kk::DType::kFloat32, nullptr, k.get(), k.get(), nullptr,
                           nullptr, nullptr, {}, true, 1.0f, nullptr, dk.get(),
                           dv.get(), s, nullptr);
    sync_or_die("no queries");
    for (float x : download<float>(dk.get(), 24)) CHECK(x == 0.0f);
    for (float x : download<float>(dv.get(), 24)) CHECK(x == 0.0f);
  }
  // Invalid arguments.
  DeviceBuffer buf(4096);
  auto forward = [&](kk::AttentionShape s, const void* q) {
    return throws_invalid([&] {
      kc::attention_forward(kk::DType::kFloat32, q, buf.get(), buf.get(), {}, false,
                            1.0f, buf.get(), nullptr, s, nullptr);
    });
  };
  CHECK(forward({1, -1, 2, 1, 1, 2}, buf.get()));   // negative size
  CHECK(forward({1, 2, 2, 3, 2, 2}, buf.get()));    // K does not divide N
  CHECK(forward({1, 2, 2, 2, 0, 2}, buf.get()));    // no kv heads
  CHECK(forward({1, 2, 2, 2, 1, 2}, nullptr));      // null q
  CHECK(forward({1, 1, 1, 1, 1, 300}, buf.get()));  // head_dim past 256
  CHECK(!forward({1, 2, 2, 2, 1, 2}, buf.get()));   // a valid call
  sync_or_die("invalid");
  std::printf("%-50s %s\n", "attention empty / invalid",
              failures == before ? "ok" : "FAILED");
}

void test_attention() {
  const AttnCase cases[] = {
      // name, B, T, S, N, K, H, causal, scale, mask (the CPU test's cases first)
      {"odd gqa", 2, 37, 53, 4, 2, 40, false, 0.25f, MaskKind::kNone},
      {"odd gqa causal", 2, 37, 53, 4, 2, 40, true, 0.25f, MaskKind::kNone},
      {"T > S causal", 1, 75, 37, 2, 1, 24, true, 0.4f, MaskKind::kNone},
      {"key padding causal", 3, 37, 53, 2, 2, 40, true, 0.3f, MaskKind::kKeyPadding},
      {"key padding", 3, 70, 130, 4, 1, 16, false, 0.3f, MaskKind::kKeyPadding},
      {"full mask causal", 2, 70, 130, 4, 1, 16, true, 0.5f, MaskKind::kFull},
      {"full mask", 1, 66, 65, 2, 2, 33, false, 1.5f, MaskKind::kFull},
      {"TS mask H=72", 2, 45, 77, 2, 2, 72, false, 0.12f, MaskKind::kBroadcastTS},
      {"strided mask", 1, 29, 70, 2, 1, 20, true, 0.2f, MaskKind::kTransposedTS},
      {"T=S=1 H=1", 2, 1, 1, 3, 1, 1, false, 1.0f, MaskKind::kNone},
      {"T=1 decode", 2, 1, 67, 4, 2, 64, false, 0.125f, MaskKind::kKeyPadding},
      {"S=1", 1, 67, 1, 2, 2, 64, true, 0.125f, MaskKind::kNone},
      {"H=1 mqa", 1, 5, 9, 3, 1, 1, true, 2.0f, MaskKind::kNone},
      {"H=128 causal", 1, 130, 130, 2, 2, 128, true, 0.088f, MaskKind::kNone},
      {"H=64 causal", 1, 200, 200, 2, 2, 64, true, 0.125f, MaskKind::kNone},
      // Tensor-core shapes: several tiles, partial tiles, every mask kind, GQA.
      {"H=64 gqa full mask", 2, 150, 190, 4, 2, 64, false, 0.125f, MaskKind::kFull},
      {"H=64 causal full mask", 1, 140, 140, 2, 1, 64, true, 0.125f, MaskKind::kFull},
      {"H=128 gqa key padding causal", 3, 200, 260, 4, 1, 128, true, 0.09f,
       MaskKind::kKeyPadding},
      {"H=128 T > S", 1, 300, 100, 2, 2, 128, false, 0.09f, MaskKind::kNone},
      {"H=128 T > S causal", 1, 300, 100, 2, 2, 128, true, 0.09f, MaskKind::kNone},
      {"H=64 T < S causal", 1, 70, 300, 2, 2, 64, true, 0.125f, MaskKind::kNone},
      {"H=128 TS mask", 2, 129, 191, 2, 2, 128, false, 0.09f, MaskKind::kBroadcastTS},
      {"H=64 strided mask", 1, 97, 130, 4, 4, 64, true, 0.125f,
       MaskKind::kTransposedTS},
      {"H=128 large logits", 1, 64, 64, 1, 1, 128, false, 1.0f, MaskKind::kNone},
      // CUDA-core head sizes.
      {"H=256 full mask causal", 1, 40, 50, 2, 1, 256, true, 0.06f, MaskKind::kFull},
      {"H=200", 1, 33, 45, 2, 2, 200, false, 0.07f, MaskKind::kNone},
      {"H=96 gqa", 2, 70, 90, 6, 2, 96, true, 0.1f, MaskKind::kNone},
  };
  for (const AttnCase& c : cases) run_attention_case(c);
  test_attention_nan();
  test_attention_edges();
}

// ---------------------------------------------------------------------------------
// Throughput.

__global__ void init_kernel(float* f32, uint16_t* bf16, int64_t n, uint32_t seed) {
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    uint32_t h = static_cast<uint32_t>(i) * 2654435761u ^ seed;
    h ^= h >> 15;
    h *= 2246822519u;
    h ^= h >> 13;
    const float x = (static_cast<float>(h & 0xffffff) / 16777216.0f) * 2.0f - 1.0f;
    if (f32 != nullptr) f32[i] = x;
    if (bf16 != nullptr) bf16[i] = static_cast<uint16_t>(__float_as_uint(x) >> 16);
  }
}

void fill_random(void* p, kk::DType dt, int64_t n, uint32_t seed) {
  if (dt == kk::DType::kFloat32) {
    init_kernel<<<1024, 256>>>(static_cast<float*>(p), nullptr, n, seed);
  } else {
    init_kernel<<<1024, 256>>>(nullptr, static_cast<uint16_t*>(p), n, seed);
  }
  CUDA_OK(cudaGetLastError());
}

// Reads `count` floats and writes one (so that the reads are not optimized away):
// sweeping a buffer larger than the L2 cache (50-60 MB on H100 / H200) evicts what
// the timed kernel would otherwise find there, and leaves no dirty lines behind
// (a memset would, and their write-back would be timed with the next kernel).
__global__ void flush_kernel(const float4* data, int64_t count, float* sink) {
  float sum = 0.0f;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
       i < count; i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const float4 v = data[i];
    sum += v.x + v.y + v.z + v.w;
  }
  if (sum == 12345.0f) *sink = sum;  // practically never: the reads must happen
}

// Best time in ms of `runs` runs after one warm-up; with `flush`, the L2 cache is
// swept before each timed run (outside the timing), so that memory-bound kernels
// are timed from HBM, not from L2.
template <typename Fn>
float best_ms(int runs, Fn fn, DeviceBuffer* flush = nullptr) {
  cudaEvent_t start, stop;
  CUDA_OK(cudaEventCreate(&start));
  CUDA_OK(cudaEventCreate(&stop));
  fn();
  CUDA_OK(cudaDeviceSynchronize());
  float best = 1e30f;
  for (int i = 0; i < runs; ++i) {
    if (flush != nullptr) {
      flush_kernel<<<1024, 256>>>(static_cast<const float4*>(flush->get()),
                                  static_cast<int64_t>(flush->bytes() / 16 - 1),
                                  flush->f() + flush->bytes() / 4 - 1);
    }
    CUDA_OK(cudaEventRecord(start));
    fn();
    CUDA_OK(cudaEventRecord(stop));
    CUDA_OK(cudaEventSynchronize(stop));
    float ms = 0.0f;
    CUDA_OK(cudaEventElapsedTime(&ms, start, stop));
    best = std::min(best, ms);
  }
  CUDA_OK(cudaGetLastError());
  CUDA_OK(cudaEventDestroy(start));
  CUDA_OK(cudaEventDestroy(stop));
  return best;
}

void bench_norms() {
  int device = 0, clock_khz = 0, bus_bits = 0;
  CUDA_OK(cudaGetDevice(&device));
  CUDA_OK(cudaDeviceGetAttribute(&clock_khz, cudaDevAttrMemoryClockRate, device));
  CUDA_OK(cudaDeviceGetAttribute(&bus_bits, cudaDevAttrGlobalMemoryBusWidth, device));
  const double peak = 2.0 * clock_khz * 1e3 * bus_bits / 8.0;  // bytes / s (DDR)
  DeviceBuffer flush(256ull << 20);
  CUDA_OK(cudaMemset(flush.get(), 0, flush.bytes()));
  std::printf(
      "\nnorms: effective GB/s = bytes moved (fwd: x + y; bwd: dy + x + dx) / "
      "time; cold: L2 swept before each run; best of 20\n");
  std::printf(
      "HBM peak from the device attributes: %.0f GB/s; %% copy: of a "
      "device-to-device copy of the same bytes, cold\n",
      peak / 1e9);
  std::printf("%-18s %-11s %-9s %9s %10s %7s %7s %10s\n", "op", "shape", "dtype",
              "ms cold", "GB/s cold", "% peak", "% copy", "GB/s warm");
  const int64_t shapes[][2] = {{4096, 1024}, {16384, 4096}};
  for (const auto& s : shapes) {
    const int64_t rows = s[0], cols = s[1], n = rows * cols;
    for (kk::DType dt : {kk::DType::kFloat32, kk::DType::kBFloat16}) {
      const size_t bytes = n * elem_size(dt);
      DeviceBuffer x(bytes), y(bytes), dy(bytes), dx(bytes), gamma(cols * 4),
          beta(cols * 4), mean(rows * 4), rstd(rows * 4), dgamma(cols * 4),
          dbeta(cols * 4);
      fill_random(x.get(), dt, n, 1);
      fill_random(dy.get(), dt, n, 2);
      fill_random(gamma.get(), kk::DType::kFloat32, cols, 3);
      fill_random(beta.get(), kk::DType::kFloat32, cols, 4);
      DeviceBuffer ws(kc::norm_backward_workspace_bytes(rows, cols));
      double copy_rate = 0.0;
      auto report = [&](const char* op, double moved, auto fn) {
        const float cold = best_ms(20, fn, &flush), warm = best_ms(20, fn);
        const double rate = moved / (cold * 1e-3);
        if (copy_rate == 0.0) copy_rate = rate;  // the copy is reported first
        std::printf("%-18s %5lldx%-5lld %-9s %9.4f %10.1f %6.1f%% %6.1f%% %10.1f\n", op,
                    static_cast<long long>(rows), static_cast<long long>(cols),
                    dtype_name(dt), cold, rate / 1e9, 100.0 * rate / peak,
                    100.0 * rate / copy_rate, moved / (warm * 1e-3) / 1e9);
      };
      // A plain device-to-device copy of the same bytes: the practical ceiling.
      report("copy (ceiling)", 2.0 * bytes, [&] {
        CUDA_OK(cudaMemcpyAsync(y.get(), x.get(), bytes, cudaMemcpyDeviceToDevice));
      });
      report("layer_norm fwd", 2.0 * bytes, [&] {
        kc::layer_norm_forward(dt, x.get(), gamma.f(), beta.f(), y.get(), mean.f(),
                               rstd.f(), rows, cols, 1e-5f, nullptr);
      });
      report("layer_norm bwd", 3.0 * bytes, [&] {
        kc::layer_norm_backward(dt, dy.get(), x.get(), gamma.f(), mean.f(), rstd.f(),
                                dx.get(), dgamma.f(), dbeta.f(), rows, cols, nullptr,
                                ws.get());
      });
      report("rms_norm fwd", 2.0 * bytes, [&] {
        kc::rms_norm_forward(dt, x.get(), gamma.f(), y.get(), rstd.f(), rows, cols,
                             1e-5f, nullptr);
      });
      report("rms_norm bwd", 3.0 * bytes, [&] {
        kc::rms_norm_backward(dt, dy.get(), x.get(), gamma.f(), rstd.f(), dx.get(),
                              dgamma.f(), rows, cols, nullptr, ws.get());
      });
    }
  }
}

void bench_attention() {
  const int64_t B = 4, T = 4096, S = 4096, N = 16, K = 16, H = 128;
  const kk::AttentionShape shape{B, T, S, N, K, H};
  const double flops_full = 4.0 * B * N * T * S * H;
  std::printf(
      "\nattention B=%lld T=S=%lld N=K=%lld H=%lld: TFLOP/s with forward = "
      "4*B*N*T*S*H, backward = 2.5x that, causal = half of each; best of N\n",
      static_cast<long long>(B), static_cast<long long>(T), static_cast<long long>(N),
      static_cast<long long>(H));
  std::printf("%-24s %-9s %-7s %-13s %10s %9s\n", "op", "dtype", "causal", "kernels",
              "ms", "TFLOP/s");
  for (kk::DType dt : {kk::DType::kBFloat16, kk::DType::kFloat32}) {
    const size_t nq = B * T * N * H, nkv = B * S * K * H, es = elem_size(dt);
    DeviceBuffer q(nq * es), k(nkv * es), v(nkv * es), out(nq * es), dout(nq * es),
        dq(nq * es), dk(nkv * es), dv(nkv * es), lse(B * N * T * 4),
        ws(kc::attention_backward_workspace_bytes(shape));
    fill_random(q.get(), dt, nq, 11);
    fill_random(k.get(), dt, nkv, 12);
    fill_random(v.get(), dt, nkv, 13);
    fill_random(dout.get(), dt, nq, 14);
    const bool f32 = dt == kk::DType::kFloat32;
    const char* kernels =
        kc::attention_uses_tensor_cores(dt, shape) ? "tensor cores" : "CUDA cores";
    const float scale = 1.0f / std::sqrt(static_cast<float>(H));
    for (bool causal : {false, true}) {
      const double fwd_flops = flops_full * (causal ? 0.5 : 1.0);
      const float fwd_ms = best_ms(f32 ? 3 : 10, [&] {
        kc::attention_forward(dt, q.get(), k.get(), v.get(), {}, causal, scale,
                              out.get(), lse.f(), shape, nullptr);
      });
      std::printf("%-24s %-9s %-7s %-13s %10.3f %9.1f\n", "attention fwd",
                  dtype_name(dt), causal ? "yes" : "no", kernels, fwd_ms,
                  fwd_flops / (fwd_ms * 1e-3) / 1e12);
      const float bwd_ms = best_ms(f32 ? 2 : 5, [&] {
        kc::attention_backward(dt, q.get(), k.get(), v.get(), out.get(), dout.get(),
                               lse.f(), {}, causal, scale, dq.get(), dk.get(), dv.get(),
                               shape, nullptr, ws.get());
      });
      std::printf("%-24s %-9s %-7s %-13s %10.3f %9.1f\n", "attention bwd",
                  dtype_name(dt), causal ? "yes" : "no", kernels, bwd_ms,
                  2.5 * fwd_flops / (bwd_ms * 1e-3) / 1e12);
      // The outputs of a timed run are finite (random inputs in [-1, 1)).
      const std::vector<uint8_t> sample = download<uint8_t>(out.get(), 4096 * es);
      for (float x : decode(sample, dt)) CHECK(std::isfinite(x));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool tests = true, bench = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--no-bench") {
      bench = false;
    } else if (arg == "--bench-only") {
      tests = false;
    } else {
      std::fprintf(stderr, "usage: %s [--no-bench | --bench-only]\n", argv[0]);
      return 2;
    }
  }
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
    std::fprintf(stderr, "cuda_test: no CUDA device\n");
    return 2;
  }
  cudaDeviceProp prop;
  CUDA_OK(cudaGetDeviceProperties(&prop, 0));
  std::printf("device: %s, compute capability %d.%d, %d SMs, %.1f GiB\n", prop.name,
              prop.major, prop.minor, prop.multiProcessorCount,
              prop.totalGlobalMem / double(1ull << 30));
  if (prop.major != 9) {
    std::fprintf(stderr, "cuda_test: the kernels are built for sm_90 only\n");
    return 2;
  }
  if (tests) {
    test_norms();
    test_attention();
    std::printf("%s\n",
                failures == 0 ? "cuda_test: all checks passed" : "cuda_test: FAILED");
  }
  if (bench) {
    bench_norms();
    bench_attention();
  }
  if (failures != 0) {
    std::printf("cuda_test: %d failed checks\n", failures);
    return 1;
  }
  return 0;
}
