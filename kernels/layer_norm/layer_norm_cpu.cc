// One instruction-set build of the layer norm / RMS norm entry points (compiled once
// per ISA, see kernels/kernels.bzl): splits rows over the thread pool and runs the
// row math of layer_norm.h. Arguments are assumed valid (layer_norm_dispatch.cc
// checks them).
#include "kernels/common/isa.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <type_traits>

#include "kernels/common/bfloat16.h"
#include "kernels/common/parallel.h"
#include "kernels/layer_norm/layer_norm.h"
#include "kernels/layer_norm/layer_norm_api.h"

namespace keras_kernels {
namespace KK_ISA {
namespace {

// Fewer elements than this per task cost more in waking a thread than they save.
constexpr int64_t kMinTaskElements = 16384;

// dgamma/dbeta reductions: at most this many per-chunk partial sums...
constexpr int64_t kMaxReductionChunks = 64;
// ...of at least this many rows each, so that partials stay small next to the data.
constexpr int64_t kMinReductionRows = 8;

int64_t row_grain(int64_t cols) {
  return std::max<int64_t>(1, kMinTaskElements / std::max<int64_t>(cols, 1));
}

// Scratch floats per row for the widened bfloat16 rows (float rows need none).
template <typename T>
std::unique_ptr<float[]> row_scratch(int64_t floats) {
  if (std::is_same_v<T, float> || floats == 0) return nullptr;
  return std::unique_ptr<float[]>(new float[floats]);
}

template <typename T, bool kCenter>
void run_forward(const void* x, const float* gamma, const float* beta, void* y,
                 float* mean, float* rstd, int64_t rows, int64_t cols,
                 float epsilon) {
  const T* xt = static_cast<const T*>(x);
  T* yt = static_cast<T*>(y);
  parallel_for(rows, row_grain(cols), [&](int64_t begin, int64_t end) {
    std::unique_ptr<float[]> scratch = row_scratch<T>(cols);
    norm_forward_rows<T, kCenter>(xt, gamma, beta, yt, mean, rstd, begin, end, cols,
                                  epsilon, scratch.get());
  });
}

// Adds the chunks' partial sums ([chunks, cols]), chunk by chunk in index order,
// into out [cols].
void sum_partials(const float* partials, int64_t chunks, int64_t cols, float* out) {
  parallel_for(cols, kMinTaskElements / std::max<int64_t>(chunks, 1),
               [&](int64_t begin, int64_t end) {
                 std::copy(partials + begin, partials + end, out + begin);
                 for (int64_t c = 1; c < chunks; ++c) {
                   const float* part = partials + c * cols;
#pragma omp simd
                   for (int64_t j = begin; j < end; ++j) out[j] += part[j];
                 }
               });
}

template <typename T, bool kCenter>
void run_backward(const void* dy, const void* x, const float* gamma,
                  const float* mean, const float* rstd, void* dx, float* dgamma,
                  float* dbeta, int64_t rows, int64_t cols) {
  const T* dyt = static_cast<const T*>(dy);
  const T* xt = static_cast<const T*>(x);
  T* dxt = static_cast<T*>(dx);
  if (cols == 0) return;  // nothing to write (and mean/rstd may be absent)
  if (dgamma == nullptr && dbeta == nullptr) {
    parallel_for(rows, row_grain(cols), [&](int64_t begin, int64_t end) {
      std::unique_ptr<float[]> scratch = row_scratch<T>(2 * cols);
      norm_backward_rows<T, kCenter>(dyt, xt, gamma, mean, rstd, dxt, nullptr,
                                     nullptr, begin, end, cols, scratch.get());
    });
    return;
  }
  // Each chunk of rows sums its dgamma/dbeta terms into its own partials, added in
  // chunk order at the end. The chunks depend on (rows, cols) only, never on the
  // thread count or on which thread ran what, so the sums are reproducible.
  int64_t chunks = std::min(kMaxReductionChunks, rows / kMinReductionRows);
  chunks = std::min(chunks, rows * cols / kMinTaskElements);
  chunks = std::max<int64_t>(chunks, 1);
  const int64_t chunk_rows = (rows + chunks - 1) / chunks;
  chunks = rows == 0 ? 1 : (rows + chunk_rows - 1) / chunk_rows;
  const int64_t per_chunk = (dgamma != nullptr) + (dbeta != nullptr);
  std::unique_ptr<float[]> partials(new float[chunks * per_chunk * cols]);
  float* dgamma_parts = dgamma != nullptr ? partials.get() : nullptr;
  float* dbeta_parts =
      dbeta != nullptr ? partials.get() + (per_chunk - 1) * chunks * cols : nullptr;
  parallel_for(chunks, 1, [&](int64_t chunk_begin, int64_t chunk_end) {
    std::unique_ptr<float[]> scratch = row_scratch<T>(2 * cols);
    for (int64_t c = chunk_begin; c < chunk_end; ++c) {
      float* dgamma_acc = dgamma_parts ? dgamma_parts + c * cols : nullptr;
      float* dbeta_acc = dbeta_parts ? dbeta_parts + c * cols : nullptr;
      if (dgamma_acc) std::fill(dgamma_acc, dgamma_acc + cols, 0.0f);
      if (dbeta_acc) std::fill(dbeta_acc, dbeta_acc + cols, 0.0f);
      const int64_t begin = c * chunk_rows;
      const int64_t end = std::min(rows, begin + chunk_rows);
      norm_backward_rows<T, kCenter>(dyt, xt, gamma, mean, rstd, dxt, dgamma_acc,
                                     dbeta_acc, begin, end, cols, scratch.get());
    }
  });
  if (dgamma != nullptr) sum_partials(dgamma_parts, chunks, cols, dgamma);
  if (dbeta != nullptr) sum_partials(dbeta_parts, chunks, cols, dbeta);
}

}  // namespace

void layer_norm_forward(DType dtype, const void* x, const float* gamma,
                        const float* beta, void* y, float* mean, float* rstd,
                        int64_t rows, int64_t cols, float epsilon) {
  if (dtype == DType::kFloat32) {
    run_forward<float, true>(x, gamma, beta, y, mean, rstd, rows, cols, epsilon);
  } else {
    run_forward<bfloat16, true>(x, gamma, beta, y, mean, rstd, rows, cols, epsilon);
  }
}

void layer_norm_backward(DType dtype, const void* dy, const void* x,
                         const float* gamma, const float* mean, const float* rstd,
                         void* dx, float* dgamma, float* dbeta, int64_t rows,
                         int64_t cols) {
  if (dtype == DType::kFloat32) {
    run_backward<float, true>(dy, x, gamma, mean, rstd, dx, dgamma, dbeta, rows,
                              cols);
  } else {
    run_backward<bfloat16, true>(dy, x, gamma, mean, rstd, dx, dgamma, dbeta, rows,
                                 cols);
  }
}

void rms_norm_forward(DType dtype, const void* x, const float* scale, void* y,
                      float* rstd, int64_t rows, int64_t cols, float epsilon) {
  if (dtype == DType::kFloat32) {
    run_forward<float, false>(x, scale, nullptr, y, nullptr, rstd, rows, cols,
                              epsilon);
  } else {
    run_forward<bfloat16, false>(x, scale, nullptr, y, nullptr, rstd, rows, cols,
                                 epsilon);
  }
}

void rms_norm_backward(DType dtype, const void* dy, const void* x,
                       const float* scale, const float* rstd, void* dx,
                       float* dscale, int64_t rows, int64_t cols) {
  if (dtype == DType::kFloat32) {
    run_backward<float, false>(dy, x, scale, nullptr, rstd, dx, dscale, nullptr,
                               rows, cols);
  } else {
    run_backward<bfloat16, false>(dy, x, scale, nullptr, rstd, dx, dscale, nullptr,
                                  rows, cols);
  }
}

}  // namespace KK_ISA
}  // namespace keras_kernels
