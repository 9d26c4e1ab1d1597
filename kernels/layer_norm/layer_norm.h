// Layer norm and RMS norm math over rows, for every ISA build from one source:
// elementwise passes are `#pragma omp simd` loops; reductions and the bfloat16
// narrowing use GCC/Clang vector types (see Vec), never intrinsics.
//
// RMS norm is layer norm without the centering (mean = 0) and without beta, so one
// template with `kCenter` serves both. Every row is processed whole before the next:
// its first pass brings it from memory into L1 (a 1024-float row is 4 KB) and the
// later passes (variance, output; or the gradient sums, then dx) read it from there.
// Element types: float and bfloat16 (widened to float32 in a per-thread scratch row;
// all arithmetic is float32). No framework headers; row ranges are arguments so that
// callers can split rows over threads.
#ifndef KERAS_KERNELS_LAYER_NORM_LAYER_NORM_H_
#define KERAS_KERNELS_LAYER_NORM_LAYER_NORM_H_

#include "kernels/common/isa.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "kernels/common/bfloat16.h"

namespace keras_kernels {
namespace KK_ISA {
namespace norm_detail {

// The widest float vector of the build being compiled, as a GCC/Clang vector type
// rather than intrinsics, so that one source serves every ISA build: Vec is one zmm
// (AVX-512), ymm (AVX2) or xmm (SSE2, any x86-64) register.
#if defined(__AVX512F__)
constexpr int kWidth = 16;
#elif defined(__AVX__)
constexpr int kWidth = 8;
#else
constexpr int kWidth = 4;
#endif
typedef float Vec __attribute__((vector_size(kWidth * sizeof(float))));

// Independent accumulators per sum: with one, every add waits for the previous one
// (4 cycles), a quarter of what the loads allow. (row_sums adds exactly 4.)
constexpr int kChains = 4;

// kWidth floats from p, at any alignment.
inline Vec load_vec(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// Adds the lanes of v pairwise: a fixed order, so the same bits on every run.
inline float fold_lanes(Vec v) {
  alignas(sizeof(Vec)) float lanes[kWidth];
  std::memcpy(lanes, &v, sizeof(v));
  for (int width = kWidth / 2; width > 0; width /= 2) {
    for (int l = 0; l < width; ++l) lanes[l] += lanes[l + width];
  }
  return lanes[0];
}

// K sums over j in [0, n) at once, into sums[0..K). term(at, acc) adds the K terms
// of index j into acc[0..K), reading an array p at j as at(p): a Vec of kWidth
// values (acc: Vec[K]) in the main loop, a float (acc: float[K]) in the tail. With
// `#pragma omp simd` reductions GCC 12 keeps one accumulator, or several in memory
// (stores and reloads every step), and these sums ran up to 2x slower.
template <int K, typename Term>
inline void row_sums(int64_t n, Term term, float* sums) {
  Vec acc[kChains][K];
  for (int c = 0; c < kChains; ++c) {
    for (int k = 0; k < K; ++k) acc[c][k] = Vec{};
  }
  int64_t j = 0;
  for (; j + kChains * kWidth <= n; j += kChains * kWidth) {
#pragma GCC unroll 4
    for (int c = 0; c < kChains; ++c) {
      const int64_t at_j = j + c * kWidth;
      term([at_j](const float* p) { return load_vec(p + at_j); }, acc[c]);
    }
  }
  for (; j + kWidth <= n; j += kWidth) {
    term([j](const float* p) { return load_vec(p + j); }, acc[0]);
  }
  float tail[K];
  for (int k = 0; k < K; ++k) tail[k] = 0.0f;
  for (; j < n; ++j) term([j](const float* p) { return p[j]; }, tail);
  for (int k = 0; k < K; ++k) {
    const Vec total = (acc[0][k] + acc[1][k]) + (acc[2][k] + acc[3][k]);
    sums[k] = fold_lanes(total) + tail[k];
  }
}

// bfloat16 -> float32 for a row: the 16 bits become the top half of the float.
inline void widen_row(const bfloat16* src, float* dst, int64_t n) {
#pragma omp simd
  for (int64_t j = 0; j < n; ++j) {
    uint32_t bits = static_cast<uint32_t>(src[j].bits) << 16;
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    dst[j] = value;
  }
}

// float32 -> bfloat16 for a row, rounding to nearest even exactly as to_bfloat16()
// does (NaN stays a quiet NaN). Written on whole vectors, choosing on the 32-bit
// values and narrowing last: as a `#pragma omp simd` loop GCC shuffles 16-bit
// halves back and forth and runs up to 1.3x slower.
inline void narrow_row(const float* src, bfloat16* dst, int64_t n) {
  typedef uint32_t Bits __attribute__((vector_size(kWidth * sizeof(uint32_t))));
  typedef uint16_t Half __attribute__((vector_size(kWidth * sizeof(uint16_t))));
  static_assert(sizeof(bfloat16) == sizeof(uint16_t), "bfloat16 is 16 bits");
  int64_t j = 0;
  for (; j + kWidth <= n; j += kWidth) {
    Bits bits;
    std::memcpy(&bits, src + j, sizeof(bits));
    const Bits rounded = bits + 0x7fffu + ((bits >> 16) & 1u);
    const Bits quiet_nan = bits | 0x00400000u;
    const Bits chosen = (bits & 0x7fffffffu) > 0x7f800000u ? quiet_nan : rounded;
    const Half narrowed = __builtin_convertvector(chosen >> 16, Half);
    std::memcpy(dst + j, &narrowed, sizeof(narrowed));
  }
  for (; j < n; ++j) dst[j] = to_bfloat16(src[j]);
}

// y = (x - mean) * rstd * gamma + beta, gamma/beta optional (nullptr: 1 / 0). y may
// alias x (each element is read before it is written).
inline void write_normalized(const float* x, float mean, float rstd,
                             const float* gamma, const float* beta, float* y,
                             int64_t n) {
  if (gamma != nullptr && beta != nullptr) {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j) y[j] = (x[j] - mean) * rstd * gamma[j] + beta[j];
  } else if (gamma != nullptr) {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j) y[j] = (x[j] - mean) * rstd * gamma[j];
  } else if (beta != nullptr) {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j) y[j] = (x[j] - mean) * rstd + beta[j];
  } else {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j) y[j] = (x[j] - mean) * rstd;
  }
}

// The sums of one row's backward pass, with xhat = (x - mean) * rstd and
// g = dy * gamma: sum(g) (layer norm only; else 0) and sum(g * xhat).
template <bool kCenter, bool kGamma>
inline void gradient_sums(const float* dy, const float* x, const float* gamma,
                          float mean, float rstd, int64_t n, float* sum_g,
                          float* sum_g_xhat) {
  auto g_of = [&](auto at) {
    if constexpr (kGamma) {
      return at(dy) * at(gamma);
    } else {
      return at(dy);
    }
  };
  if constexpr (kCenter) {
    float sums[2];
    row_sums<2>(
        n,
        [&](auto at, auto* acc) {
          const auto g = g_of(at);
          acc[0] += g;
          acc[1] += g * ((at(x) - mean) * rstd);
        },
        sums);
    *sum_g = sums[0];
    *sum_g_xhat = sums[1];
  } else {
    *sum_g = 0.0f;
    row_sums<1>(
        n, [&](auto at, auto* acc) { acc[0] += g_of(at) * (at(x) * rstd); },
        sum_g_xhat);
  }
}

// dx = rstd * (g - mean(g) - xhat * mean(g * xhat)); dx may alias dy.
template <bool kGamma>
inline void write_dx(const float* dy, const float* x, const float* gamma, float mean,
                     float rstd, float mean_g, float mean_g_xhat, float* dx,
                     int64_t n) {
#pragma omp simd
  for (int64_t j = 0; j < n; ++j) {
    const float xhat = (x[j] - mean) * rstd;
    const float g = kGamma ? dy[j] * gamma[j] : dy[j];
    dx[j] = rstd * (g - mean_g - xhat * mean_g_xhat);
  }
}

// dgamma += dy * xhat and dbeta += dy over one row (either may be nullptr).
inline void accumulate_param_grads(const float* dy, const float* x, float mean,
                                   float rstd, float* dgamma, float* dbeta,
                                   int64_t n) {
  if (dgamma != nullptr && dbeta != nullptr) {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j) {
      dgamma[j] += dy[j] * ((x[j] - mean) * rstd);
      dbeta[j] += dy[j];
    }
  } else if (dgamma != nullptr) {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j) dgamma[j] += dy[j] * ((x[j] - mean) * rstd);
  } else if (dbeta != nullptr) {
#pragma omp simd
    for (int64_t j = 0; j < n; ++j) dbeta[j] += dy[j];
  }
}

}  // namespace norm_detail

// Normalizes rows [row_begin, row_end) of x [rows, cols] into y. kCenter: layer norm
// (mean, then variance around it: two passes, as the reference composition); else
// RMS norm (mean = 0, beta must be nullptr). mean_out/rstd_out: [rows] or nullptr.
// scratch: `cols` floats when T is bfloat16 (unused for float).
template <typename T, bool kCenter>
void norm_forward_rows(const T* x, const float* gamma, const float* beta, T* y,
                       float* mean_out, float* rstd_out, int64_t row_begin,
                       int64_t row_end, int64_t cols, float epsilon, float* scratch) {
  using namespace norm_detail;
  // An empty row gives 0 / 0 = NaN statistics, like the mean of nothing in NumPy.
  const float count = static_cast<float>(cols);
  for (int64_t r = row_begin; r < row_end; ++r) {
    const float* xf;
    float* yf;
    if constexpr (std::is_same_v<T, float>) {
      xf = x + r * cols;
      yf = y + r * cols;
    } else {
      widen_row(x + r * cols, scratch, cols);
      xf = yf = scratch;
    }
    float mean = 0.0f;
    if constexpr (kCenter) {
      float sum;
      row_sums<1>(cols, [&](auto at, auto* acc) { acc[0] += at(xf); }, &sum);
      mean = sum / count;
    }
    float sum_squares;
    row_sums<1>(
        cols,
        [&](auto at, auto* acc) {
          const auto d = at(xf) - mean;
          acc[0] += d * d;
        },
        &sum_squares);
    const float variance = sum_squares / count;
    const float rstd = 1.0f / std::sqrt(variance + epsilon);
    if (mean_out != nullptr) mean_out[r] = mean;
    if (rstd_out != nullptr) rstd_out[r] = rstd;
    write_normalized(xf, mean, rstd, gamma, beta, yf, cols);
    if constexpr (!std::is_same_v<T, float>) narrow_row(scratch, y + r * cols, cols);
  }
}

// The backward pass of norm_forward_rows over rows [row_begin, row_end): writes
// those rows of dx (dx may alias dy) and adds their dgamma/dbeta terms into
// dgamma_acc/dbeta_acc ([cols]; either may be nullptr; for RMS norm dbeta_acc must
// be nullptr and mean is unused). scratch: 2 * cols floats when T is bfloat16.
template <typename T, bool kCenter>
void norm_backward_rows(const T* dy, const T* x, const float* gamma,
                        const float* mean, const float* rstd, T* dx,
                        float* dgamma_acc, float* dbeta_acc, int64_t row_begin,
                        int64_t row_end, int64_t cols, float* scratch) {
  using namespace norm_detail;
  const float count = static_cast<float>(cols);
  for (int64_t r = row_begin; r < row_end; ++r) {
    const float* dyf;
    const float* xf;
    float* dxf;
    if constexpr (std::is_same_v<T, float>) {
      dyf = dy + r * cols;
      xf = x + r * cols;
      dxf = dx + r * cols;
    } else {
      widen_row(dy + r * cols, scratch, cols);
      widen_row(x + r * cols, scratch + cols, cols);
      dyf = dxf = scratch;
      xf = scratch + cols;
    }
    const float row_mean = kCenter ? mean[r] : 0.0f;
    const float row_rstd = rstd[r];
    float sum_g, sum_g_xhat;
    if (gamma != nullptr) {
      gradient_sums<kCenter, true>(dyf, xf, gamma, row_mean, row_rstd, cols, &sum_g,
                                   &sum_g_xhat);
    } else {
      gradient_sums<kCenter, false>(dyf, xf, gamma, row_mean, row_rstd, cols,
                                    &sum_g, &sum_g_xhat);
    }
    // Before dx: for bfloat16, dx overwrites the widened dy in place.
    accumulate_param_grads(dyf, xf, row_mean, row_rstd, dgamma_acc, dbeta_acc, cols);
    const float mean_g = kCenter ? sum_g / count : 0.0f;
    const float mean_g_xhat = sum_g_xhat / count;
    if (gamma != nullptr) {
      write_dx<true>(dyf, xf, gamma, row_mean, row_rstd, mean_g, mean_g_xhat, dxf,
                     cols);
    } else {
      write_dx<false>(dyf, xf, gamma, row_mean, row_rstd, mean_g, mean_g_xhat, dxf,
                      cols);
    }
    if constexpr (!std::is_same_v<T, float>) narrow_row(scratch, dx + r * cols, cols);
  }
}

}  // namespace KK_ISA
}  // namespace keras_kernels

#endif  // KERAS_KERNELS_LAYER_NORM_LAYER_NORM_H_
